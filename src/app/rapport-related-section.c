/* rapport-related-section.c: the records that point at one record
 *
 * A company's people, deals and cases: one group per relation the
 * descriptor derives from REF fields, the latest first, each row opening
 * its record through the window's win.open-record action.
 * The section follows the store: a case a teammate opened for the company
 * shows up after a sync while the company is on screen. The records are
 * read in a worker thread; a newer read, or the section going, cancels
 * the answer of the one before.
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
#include "rapport-store-async.h"

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
  GCancellable        *loading;  /* (owned) (nullable): the read under way */
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

/* What one relation lists: the records of @entity whose @field is the
 * record's id, a company's people. */
typedef struct
{
  const RapportEntity *entity;
  RapportQuery        *query;    /* (owned) */
  guint                n;        /* how many there are */
  GPtrArray           *records;  /* (owned) (nullable): the latest MAX_RELATED */
} Related;

static void
related_free (Related *related)
{
  rapport_query_free (related->query);
  g_clear_pointer (&related->records, g_ptr_array_unref);
  g_free (related);
}

/* In a worker thread: each relation's count and latest records. */
static gpointer
read_related (RapportStore  *store,
              gpointer       data,
              GError       **error)
{
  GPtrArray *relations = data;

  for (guint i = 0; i < relations->len; i++)
    {
      Related *related = g_ptr_array_index (relations, i);
      g_autoptr(RapportSnapshot) snapshot = rapport_store_snapshot (store, related->query, error);

      if (snapshot == NULL)
        return NULL;
      related->n = rapport_snapshot_get_n_rows (snapshot);
      if (!(related->records = rapport_store_fetch (store, snapshot, 0, MAX_RELATED, error)))
        return NULL;
    }
  return g_ptr_array_ref (relations);
}

static GtkWidget *
group_new (Related *related)
{
  GtkWidget *group;

  if (related->n == 0)
    return NULL;
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(related->entity->labels.related));
  if (related->n > MAX_RELATED)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("The latest %u of %u", "The latest %u of %u",
                                                         related->n),
                                               MAX_RELATED, related->n);

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), more);
    }
  for (guint i = 0; i < related->records->len; i++)
    if (g_ptr_array_index (related->records, i) != NULL)
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 rapport_related_section_row_new (related->entity,
                                                                  g_ptr_array_index (related->records, i),
                                                                  NULL));
  return group;
}

static void
related_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RapportRelatedSection *self = user_data;
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  relations = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);
  /* A newer read is under way, or the section is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);
  if (relations == NULL)
    {
      g_warning ("Could not read the related records: %s", error->message);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_box_remove (GTK_BOX (self), child);
  for (guint i = 0; i < relations->len; i++)
    {
      GtkWidget *group = group_new (g_ptr_array_index (relations, i));

      if (group != NULL)
        gtk_box_append (GTK_BOX (self), group);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), gtk_widget_get_first_child (GTK_WIDGET (self)) != NULL);
}

/* Reads the related records in a worker thread, in place of any read under
 * way: a few rows each, but a company may have many. */
static void
fill (RapportRelatedSection *self)
{
  GPtrArray *relations = g_ptr_array_new_with_free_func ((GDestroyNotify) related_free);

  for (guint i = 0; i < self->relations->len; i++)
    {
      RapportRelation *relation = g_ptr_array_index (self->relations, i);
      Related *related;

      /* A document's ordered lines have their own table (rapport-line-items.c). */
      if (relation->entity->position_field != NULL &&
          g_strcmp0 (relation->entity->parent_field, relation->field->name) == 0)
        continue;
      related = g_new0 (Related, 1);
      related->entity = relation->entity;
      related->query = rapport_query_new (relation->entity->name);
      rapport_query_add_filter (related->query, relation->field->name, self->id);
      rapport_query_set_sort (related->query, RAPPORT_SORT_UPDATED);
      g_ptr_array_add (relations, related);
    }
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  self->loading = g_cancellable_new ();
  rapport_store_read_async (self->store, read_related, relations, (GDestroyNotify) g_ptr_array_unref,
                            (GDestroyNotify) g_ptr_array_unref, self->loading, related_read_cb, self);
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

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
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
  /* Shown once there is something to show. */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  fill (self);
  return GTK_WIDGET (self);
}
