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
 * A team's members are edited here, by whoever may write them (an admin):
 * Add Member… opens the member dialog (rapport-member-dialog.c), each
 * member's remove button deletes it through the window's Undo. A member
 * is shown by the user's name, its role under it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-related-section"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-change-monitor.h"
#include "rapport-cancellable.h"
#include "rapport-json.h"
#include "rapport-labels.h"
#include "rapport-member-dialog.h"
#include "rapport-query.h"
#include "rapport-record.h"
#include "rapport-related-section.h"
#include "rapport-store-async.h"
#include "rapport-team.h"
#include "rapport-window.h"

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
  gboolean             focus_add; /* the keyboard goes to Add once the groups are made again */
};

G_DEFINE_FINAL_TYPE (RapportRelatedSection, rapport_related_section, GTK_TYPE_BOX)

/* @title: what the row and its avatar say */
static GtkWidget *
row_new (const RapportEntity *entity,
         JsonObject          *record,
         const char          *title,
         const char          *subtitle)
{
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

  return row_new (entity, record, title, subtitle);
}

/* What one relation lists: the records of @entity whose @field is the
 * record's id, a company's people. */
typedef struct
{
  const RapportEntity *entity;
  const RapportField  *field;    /* its field naming the record, "company_id" */
  RapportQuery        *query;    /* (owned) */
  guint                n;        /* how many there are */
  GPtrArray           *records;  /* (owned) (nullable): the latest MAX_RELATED */
  /* Children added and removed here (a team's members): */
  const char          *link_field; /* (nullable): the field naming who is added, "user_id" */
  GPtrArray           *titles;   /* (owned) (nullable): of whom each record names */
  GStrv                taken;    /* (owned) (nullable): whom all of them name */
} Related;

static void
related_free (Related *related)
{
  rapport_query_free (related->query);
  g_clear_pointer (&related->records, g_ptr_array_unref);
  g_clear_pointer (&related->titles, g_ptr_array_unref);
  g_clear_pointer (&related->taken, g_strfreev);
  g_free (related);
}

/* The field naming whom a child added here links to (a member's user),
 * or %NULL where the relation is only listed: the children of this record
 * with a compact layout to add them in, when the user may write them. */
static const char *
link_field (const RapportEntity *child,
            const RapportField  *field,
            gboolean             admin)
{
  if (g_strcmp0 (child->parent_field, field->name) != 0 || child->compact == NULL ||
      (child->write_role == RAPPORT_WRITE_ADMIN && !admin))
    return NULL;
  for (guint g = 0; g < child->n_compact; g++)
    for (guint i = 0; child->compact[g].fields[i] != NULL; i++)
      {
        const RapportField *named = rapport_entity_get_field (child, child->compact[g].fields[i]);

        if (named->kind == RAPPORT_FIELD_REF && !g_str_equal (named->name, child->parent_field))
          return named->name;
      }
  return NULL;
}

/* In a worker thread: whom the children of an editable relation name, all
 * of them (not offered again), and the names of those shown. */
static gboolean
read_linked (RapportStore     *store,
             Related          *related,
             RapportSnapshot  *snapshot,
             GError          **error)
{
  const RapportField *field = rapport_entity_get_field (related->entity, related->link_field);
  const RapportEntity *target = rapport_entity_lookup (field->ref_entity);
  g_autoptr(GPtrArray) all = rapport_store_fetch (store, snapshot, 0, related->n, error);
  g_autoptr(GStrvBuilder) taken = g_strv_builder_new ();

  if (all == NULL)
    return FALSE;
  related->titles = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < all->len; i++)
    {
      JsonObject *record = g_ptr_array_index (all, i);
      const char *linked = record != NULL ? rapport_json_get_string (record, field->name) : NULL;
      g_autoptr(JsonObject) other = NULL;

      if (linked != NULL)
        {
          g_strv_builder_add (taken, linked);
          other = rapport_store_get (store, target->name, linked, NULL);
        }
      if (i < MAX_RELATED)
        g_ptr_array_add (related->titles, other != NULL ? rapport_record_title (target, other) : NULL);
    }
  related->taken = g_strv_builder_end (taken);
  return TRUE;
}

/* In a worker thread: each relation's count and latest records. */
static gpointer
read_related (RapportStore  *store,
              gpointer       data,
              GError       **error)
{
  GPtrArray *relations = data;
  g_autofree char *role = rapport_store_get_signed_in_role (store);

  for (guint i = 0; i < relations->len; i++)
    {
      Related *related = g_ptr_array_index (relations, i);
      g_autoptr(RapportSnapshot) snapshot = rapport_store_snapshot (store, related->query, error);

      if (snapshot == NULL)
        return NULL;
      related->link_field = link_field (related->entity, related->field, g_strcmp0 (role, "admin") == 0);
      related->n = rapport_snapshot_get_n_rows (snapshot);
      if (related->link_field != NULL && !read_linked (store, related, snapshot, error))
        return NULL;
      if (!(related->records = rapport_store_fetch (store, snapshot, 0, MAX_RELATED, error)))
        return NULL;
    }
  return g_ptr_array_ref (relations);
}

static void
add_clicked_cb (GtkButton             *button,
                RapportRelatedSection *self)
{
  const RapportEntity *child = g_object_get_data (G_OBJECT (button), "rapport-entity");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  RapportMemberDialog *dialog;

  dialog = rapport_member_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store,
                                      child, self->id,
                                      g_object_get_data (G_OBJECT (button), "rapport-link-field"),
                                      g_object_get_data (G_OBJECT (button), "rapport-taken"));
  /* The groups are made again once the member is stored: back to Add then. */
  self->focus_add = TRUE;
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_clicked_cb (GtkButton             *button,
                   RapportRelatedSection *self)
{
  const RapportEntity *child = g_object_get_data (G_OBJECT (button), "rapport-entity");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  if (!RAPPORT_IS_WINDOW (root))
    return;
  self->focus_add = TRUE;
  /* Undone like any record: the window's toast, the store holding it back meanwhile. */
  rapport_undo_queue_delete (rapport_context_get_undo_queue (rapport_window_get_context (RAPPORT_WINDOW (root))),
                             child->name, g_object_get_data (G_OBJECT (button), "rapport-id"),
                             g_object_get_data (G_OBJECT (button), "rapport-title"));
}

/* A member's row: the user's name, the role under it, and Remove. */
static GtkWidget *
member_row_new (RapportRelatedSection *self,
                Related               *related,
                JsonObject            *record,
                const char            *title)
{
  const RapportEntity *entity = related->entity;
  const RapportField *title_field = rapport_entity_get_field (entity, entity->title_field);
  const char *role = NULL;
  g_autofree char *name = title != NULL ? g_strdup (title) : rapport_record_title (entity, record);
  g_autofree char *remove_name = NULL;
  GtkWidget *row;
  GtkWidget *remove;

  if (title_field != NULL && title_field->kind == RAPPORT_FIELD_ENUM)
    role = rapport_labels_field_choice (entity, title_field->name,
                                        rapport_json_get_string (record, title_field->name));
  row = row_new (entity, record, name, title != NULL ? role : NULL);

  remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  /* Translators: a button's tooltip, %s is who is removed: "Remove Member" */
  remove_name = g_strdup_printf (_("Remove %s"), rapport_labels_field (entity, related->link_field));
  gtk_widget_set_tooltip_text (remove, remove_name);
  g_free (remove_name);
  /* Translators: a button's name for screen readers, %s is the member: "Remove Lucas Martin from the Team" */
  remove_name = g_strdup_printf (_("Remove %s from the Team"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
  g_object_set_data (G_OBJECT (remove), "rapport-entity", (gpointer) entity);
  g_object_set_data_full (G_OBJECT (remove), "rapport-id",
                          g_strdup (rapport_json_get_string (record, "id")), g_free);
  g_object_set_data_full (G_OBJECT (remove), "rapport-title", g_steal_pointer (&name), g_free);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  /* Before the row's arrow. */
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

/* Add Member… in the group's header. */
static GtkWidget *
add_button_new (RapportRelatedSection *self,
                Related               *related)
{
  g_autofree char *label = NULL;
  GtkWidget *button;

  /* Translators: a button that opens the Add Member dialog, %s is "Member" */
  label = g_strdup_printf (_("Add %s…"), rapport_labels_field (related->entity, related->link_field));
  button = gtk_button_new_with_label (label);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "rapport-entity", (gpointer) related->entity);
  g_object_set_data (G_OBJECT (button), "rapport-link-field", (gpointer) related->link_field);
  g_object_set_data_full (G_OBJECT (button), "rapport-taken", g_steal_pointer (&related->taken),
                          (GDestroyNotify) g_strfreev);
  g_signal_connect (button, "clicked", G_CALLBACK (add_clicked_cb), self);
  return button;
}

static GtkWidget *
group_new (RapportRelatedSection *self,
           Related               *related)
{
  GtkWidget *group;

  /* A team with no members yet still offers to add one. */
  if (related->n == 0 && related->link_field == NULL)
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
  else if (related->n == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _(related->entity->labels.none));
  if (related->link_field != NULL)
    adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                             add_button_new (self, related));
  for (guint i = 0; i < related->records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (related->records, i);

      if (record == NULL)
        continue;
      if (related->link_field != NULL)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                   member_row_new (self, related, record,
                                                   i < related->titles->len
                                                     ? g_ptr_array_index (related->titles, i) : NULL));
      else
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                   rapport_related_section_row_new (related->entity, record, NULL));
    }
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
      Related *related = g_ptr_array_index (relations, i);
      GtkWidget *group = group_new (self, related);

      if (group == NULL)
        continue;
      gtk_box_append (GTK_BOX (self), group);
      if (self->focus_add && related->link_field != NULL)
        {
          self->focus_add = FALSE;
          gtk_widget_grab_focus (adw_preferences_group_get_header_suffix (ADW_PREFERENCES_GROUP (group)));
        }
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
      related->field = relation->field;
      related->query = rapport_query_new (relation->entity->name);
      rapport_query_add_filter (related->query, relation->field->name, self->id);
      rapport_query_set_sort (related->query, RAPPORT_SORT_UPDATED);
      g_ptr_array_add (relations, related);
    }
  rapport_cancellable_renew (&self->loading);
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
