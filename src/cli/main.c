/* main.c: rapport-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "rapport-cli.h"

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  /* RAPPORT_LOCALEDIR lets tests use the translations compiled in the build tree. */
  bindtextdomain (GETTEXT_PACKAGE,
                  g_getenv ("RAPPORT_LOCALEDIR") ? g_getenv ("RAPPORT_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return rapport_cli_run (argc, argv);
}
