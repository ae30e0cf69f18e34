/* test-section.c: the sidebar's sections come from the descriptor
 *
 * Every record type the descriptor places in the sidebar is in the list
 * model, once, in its place, with its icon and its name; types without a
 * place (tasks, activities) are not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-section.h"

static void
test_descriptor_order (void)
{
  g_autoptr(GListModel) sections = rapport_section_list_new ();
  const RapportEntity * const *all;
  guint n_entities, n_placed = 0;

  all = rapport_entity_all (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    if (all[i]->section > 0)
      n_placed++;
  g_assert_cmpuint (n_placed, >=, 4);
  g_assert_cmpuint (g_list_model_get_n_items (sections), ==, n_placed);
  g_assert_true (g_list_model_get_item_type (sections) == RAPPORT_TYPE_SECTION);

  for (guint n = 0; n < n_placed; n++)
    {
      g_autoptr(RapportSection) section = g_list_model_get_item (sections, n);
      g_autofree char *title = NULL;
      g_autofree char *icon_name = NULL;

      /* Alt+1 … in the sidebar's order. */
      g_assert_true (rapport_section_get_entity (section) == rapport_entity_lookup_section (n + 1));
      g_object_get (section, "title", &title, "icon-name", &icon_name, NULL);
      g_assert_cmpstr (title, !=, "");
      g_assert_nonnull (title);
      g_assert_true (g_str_has_suffix (icon_name, "-symbolic"));
      g_assert_cmpstr (rapport_section_get_name (section), !=, "task");
      g_assert_cmpstr (rapport_section_get_name (section), !=, "activity");
    }
  {
    g_autoptr(RapportSection) first = g_list_model_get_item (sections, 0);

    g_assert_cmpstr (rapport_section_get_name (first), ==, "contact");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/section/descriptor-order", test_descriptor_order);

  return g_test_run ();
}
