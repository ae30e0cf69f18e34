/* rapport-section.c: a section of the window's sidebar
 *
 * The record types whose descriptor gives them a place in the sidebar,
 * in that order, as a list model the sidebar is bound to: a type added to
 * the descriptor with a section is in the sidebar, with its icon and its
 * translated name, and no list of sections is kept anywhere else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-section"

#include "config.h"

#include "rapport-labels.h"
#include "rapport-section.h"

struct _RapportSection
{
  GObject              parent_instance;

  const RapportEntity *entity;  /* (unowned): the descriptor is static */
};

G_DEFINE_FINAL_TYPE (RapportSection, rapport_section, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_TITLE,
  PROP_ICON_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rapport_section_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RapportSection *self = RAPPORT_SECTION (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, rapport_section_get_name (self));
      break;

    case PROP_TITLE:
      g_value_set_string (value, rapport_section_get_title (self));
      break;

    case PROP_ICON_NAME:
      g_value_set_string (value, rapport_section_get_icon_name (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_section_class_init (RapportSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = rapport_section_get_property;

  /** RapportSection:name: the record type, "contact" */
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  /** RapportSection:title: the sidebar's label, translated: "Contacts" */
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  /** RapportSection:icon-name: its symbolic icon */
  properties[PROP_ICON_NAME] = g_param_spec_string ("icon-name", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_section_init (RapportSection *self)
{
}

/**
 * rapport_section_list_new:
 *
 * Returns: (transfer full): the sections (#RapportSection), in the
 *   sidebar's order
 */
GListModel *
rapport_section_list_new (void)
{
  GListStore *store = g_list_store_new (RAPPORT_TYPE_SECTION);
  const RapportEntity * const *all;
  guint n_entities;

  all = rapport_entity_all (&n_entities);
  /* The descriptor's order is its own; the sidebar's is by section. */
  for (guint place = 1; place <= n_entities; place++)
    for (guint i = 0; i < n_entities; i++)
      if (all[i]->section == place)
        {
          g_autoptr(RapportSection) section = g_object_new (RAPPORT_TYPE_SECTION, NULL);

          section->entity = all[i];
          g_list_store_append (store, section);
        }
  return G_LIST_MODEL (store);
}

const RapportEntity *
rapport_section_get_entity (RapportSection *self)
{
  g_return_val_if_fail (RAPPORT_IS_SECTION (self), NULL);

  return self->entity;
}

const char *
rapport_section_get_name (RapportSection *self)
{
  g_return_val_if_fail (RAPPORT_IS_SECTION (self), NULL);

  return self->entity->name;
}

const char *
rapport_section_get_title (RapportSection *self)
{
  g_return_val_if_fail (RAPPORT_IS_SECTION (self), NULL);

  return rapport_labels_section (self->entity);
}

const char *
rapport_section_get_icon_name (RapportSection *self)
{
  g_return_val_if_fail (RAPPORT_IS_SECTION (self), NULL);

  return self->entity->icon_name;
}
