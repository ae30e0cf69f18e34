/* rapport-related-section.c: the records that point at one record
 *
 * A company's people, deals and cases: one group per relation the
 * descriptor derives from REF fields, the latest first, each row opening
 * its record through the window's win.open-record action.
 * The section follows the store: a case a teammate opened for the company
 * shows up after a sync while the company is on screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-related-section"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-change-monitor.h"
#include "rapport-query.h"
#include "rapport-record.h"
#include "rapport-related-section.h"

#define MAX_RELATED 20

struct _RapportRelatedSection
{
  GtkBox               parent_instance;

  RapportStore        *store;    /* (owned) */
  const RapportEntity *entity;
  char                *id;       /* (owned) */
  GPtrArray           *relations; /* (owned) (element-type RapportRelation) */
  RapportChangeMonitor *changes;  /* (owned) */
  gulong               changed_id;
};

G_DEFINE_FINAL_TYPE (RapportRelatedSection, rapport_related_section, GTK_TYPE_BOX)

/**
 * rapport_related_section_row_new:
 * @subtitle: (nullable): how it is related, "Company"
 *
 * Returns: (transfer floating): a row that opens @record
 */
GtkWidget *
rapport_related_section_row_new (const RapportEntity *entity,
                                 JsonObject          *record,
                                 const char          *subtitle)
{
  g_autofree char *title = rapport_record_title (entity, record);
  GtkWidget *row = adw_action_row_new ();

  /* Names are the user's text: "Bergmann & Söhne" is no markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), adw_avatar_new (32, title, TRUE));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-record");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "(ss)", entity->name,
                                    json_object_get_string_member (record, "id"));
  return row;
}

/* The records of @entity whose @field is @id: a company's people. */
static GtkWidget *
group_new (RapportStore        *store,
           const RapportEntity *entity,
           const char          *field,
           const char          *id)
{
  g_autoptr(RapportQuery) query = rapport_query_new (entity->name);
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) records = NULL;
  GtkWidget *group;
  guint n;

  rapport_query_add_filter (query, field, id);
  rapport_query_set_sort (query, RAPPORT_SORT_UPDATED);
  /* Indexed by the filtered field: a few rows, quick enough to stay here. */
  snapshot = rapport_store_snapshot (store, query, NULL);
  if (snapshot == NULL || (n = rapport_snapshot_get_n_rows (snapshot)) == 0)
    return NULL;
  records = rapport_store_fetch (store, snapshot, 0, MAX_RELATED, NULL);
  if (records == NULL)
    return NULL;

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(entity->labels.related));
  if (n > MAX_RELATED)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("The latest %u of %u", "The latest %u of %u", n),
                                               MAX_RELATED, n);

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), more);
    }
  for (guint i = 0; i < records->len; i++)
    if (g_ptr_array_index (records, i) != NULL)
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 rapport_related_section_row_new (entity, g_ptr_array_index (records, i),
                                                                  NULL));
  return group;
}

static void
fill (RapportRelatedSection *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_box_remove (GTK_BOX (self), child);
  for (guint i = 0; i < self->relations->len; i++)
    {
      RapportRelation *relation = g_ptr_array_index (self->relations, i);
      GtkWidget *group = group_new (self->store, relation->entity, relation->field->name, self->id);

      if (group != NULL)
        gtk_box_append (GTK_BOX (self), group);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), gtk_widget_get_first_child (GTK_WIDGET (self)) != NULL);
}

static void
changed_cb (RapportChangeMonitor  *changes,
            const char            *entity,
            const char * const    *ids,
            RapportRelatedSection *self)
{
  for (guint i = 0; i < self->relations->len; i++)
    {
      RapportRelation *relation = g_ptr_array_index (self->relations, i);

      if (g_str_equal (relation->entity->name, entity))
        {
          fill (self);
          return;
        }
    }
}

static void
rapport_related_section_dispose (GObject *object)
{
  RapportRelatedSection *self = RAPPORT_RELATED_SECTION (object);

  if (self->changes != NULL)
    g_clear_signal_handler (&self->changed_id, self->changes);
  g_clear_object (&self->changes);
  g_clear_pointer (&self->relations, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->id, g_free);

  G_OBJECT_CLASS (rapport_related_section_parent_class)->dispose (object);
}

static void
rapport_related_section_class_init (RapportRelatedSectionClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_related_section_dispose;
}

static void
rapport_related_section_init (RapportRelatedSection *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 24);
}

GtkWidget *
rapport_related_section_new (RapportStore        *store,
                             const RapportEntity *entity,
                             const char          *id)
{
  RapportRelatedSection *self = g_object_new (RAPPORT_TYPE_RELATED_SECTION, NULL);

  self->store = g_object_ref (store);
  self->entity = entity;
  self->id = g_strdup (id);
  self->relations = rapport_entity_relations (entity, RAPPORT_FIELD_RELATED);
  self->changes = g_object_ref (rapport_change_monitor_get_for_store (store));
  self->changed_id = g_signal_connect (self->changes, "changed", G_CALLBACK (changed_cb), self);
  fill (self);
  return GTK_WIDGET (self);
}
