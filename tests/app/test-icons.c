/* test-icons.c: the app's icons are found wherever it runs from
 *
 * Run from the build tree, the About window showed a missing-image icon:
 * the application icon was only installed, never in the app's resources.
 * And Deals had a heart, the theme's "favourite" emblem. Now the app's own
 * icons live under its resource base path, which GtkApplication adds to
 * the icon theme, and every section has an icon the theme finds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "rapport-entity.h"

extern GResource *rapport_get_resource (void);

static GtkIconTheme *
app_icon_theme (void)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());

  /* What GtkApplication does at startup for the resource base path the
   * app gives (rapport_application_new). */
  gtk_icon_theme_add_resource_path (theme, "/io/github/rapportcrm/Rapport/icons");
  return theme;
}

static void
test_icons_about (void)
{
  GtkIconTheme *theme = app_icon_theme ();

  /* The About window asks for the icon by the application id. */
  g_assert_true (gtk_icon_theme_has_icon (theme, APP_ID));
}

static void
test_icons_sections (void)
{
  GtkIconTheme *theme = app_icon_theme ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const RapportEntity *entity;

  for (guint i = 1; (entity = rapport_entity_lookup_section (i)) != NULL; i++)
    {
      g_test_message ("%s: %s", entity->name, entity->icon_name);
      g_assert_true (gtk_icon_theme_has_icon (theme, entity->icon_name));
      /* Each section is told apart by its icon in a narrow sidebar. */
      g_assert_false (g_hash_table_contains (seen, entity->icon_name));
      g_hash_table_add (seen, (gpointer) entity->icon_name);
    }
  g_assert_cmpuint (g_hash_table_size (seen), >=, 4);
  /* A deal is money, not a favourite. */
  g_assert_cmpstr (rapport_entity_lookup ("deal")->icon_name, !=, "emblem-favorite-symbolic");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  g_resources_register (rapport_get_resource ());

  g_test_add_func ("/rapport/icons/about", test_icons_about);
  g_test_add_func ("/rapport/icons/sections", test_icons_sections);

  return g_test_run ();
}
