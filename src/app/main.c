/* main.c: rapport, the desktop app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "rapport-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RapportApplication) app = NULL;
  const char *localedir = g_getenv ("RAPPORT_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* Tests and uninstalled runs point at the build tree's compiled catalogs. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = rapport_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
