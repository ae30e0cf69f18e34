/* main.c: rapport-server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "rapport-server-cli.h"

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  /* RAPPORT_LOCALEDIR lets tests use the translations compiled in the build tree. */
  bindtextdomain (GETTEXT_PACKAGE,
                  g_getenv ("RAPPORT_LOCALEDIR") ? g_getenv ("RAPPORT_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return rapport_server_cli_run (argc, argv);
}
