/* rapport-window-filter.c: the window's list filtered by the Filter… window or a segment
 *
 * Filter… (win.edit-filter) opens the filter editor on the shown list's
 * filter; Apply filters the list and shows the filter in words above it,
 * with Clear (win.clear-filter) and Save as Segment… (win.save-segment).
 * The sidebar's Segments open their records here the same way. A filter
 * lasts until it is cleared or its section is chosen again in the
 * sidebar, as a report's drill-down does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-window-filter"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-filter-editor.h"
#include "rapport-filter-labels.h"
#include "rapport-labels.h"
#include "rapport-json.h"
#include "rapport-plain-text.h"
#include "rapport-segment-list.h"
#include "rapport-segment-name-dialog.h"
#include "rapport-window-private.h"

static void
show_filter_bar (RapportWindow *self,
                 Section       *section)
{
  g_autoptr(JsonNode) filter = NULL;
  g_autofree char *words = NULL;
  g_autofree char *text = NULL;

  if (section->filter_json != NULL)
    filter = json_from_string (section->filter_json, NULL);
  if (filter != NULL)
    {
      words = rapport_filter_labels_describe (section->entity, filter);
      /* Translators: above a list narrowed by a filter: "Filtered: Lifecycle is Customer" */
      text = g_strdup_printf (_("Filtered: %s"), words);
    }
  gtk_label_set_label (self->filter_bar_label, text != NULL ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->filter_bar_label), text);
  gtk_revealer_set_reveal_child (self->filter_bar, text != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_bar), text != NULL);
  adw_window_title_set_subtitle (self->list_title, section->segment_name);
}

/**
 * _rapport_window_set_list_filter:
 * @json: (nullable): a filter on @section's type in its JSON form
 * @segment_id: (nullable): the segment it is, if it is one
 * @segment_name: (nullable): the segment's name, the list's subtitle
 */
void
_rapport_window_set_list_filter (RapportWindow *self,
                                 Section       *section,
                                 const char    *json,
                                 const char    *segment_id,
                                 const char    *segment_name)
{
  g_autoptr(GError) error = NULL;

  if (section->model != NULL &&
      !rapport_record_list_model_set_filter_json (section->model, json, &error))
    {
      /* A segment synced from a newer version may name what this one lacks. */
      g_warning ("Could not filter %s: %s", section->entity->table, error->message);
      json = segment_id = segment_name = NULL;
      rapport_record_list_model_set_filter_json (section->model, NULL, NULL);
    }
  g_free (section->filter_json);
  section->filter_json = g_strdup (json);
  g_free (section->segment_id);
  section->segment_id = g_strdup (segment_id);
  g_free (section->segment_name);
  section->segment_name = g_strdup (segment_name);
  if (section == self->section)
    show_filter_bar (self, section);
}

static void
filter_applied_cb (RapportFilterEditor *editor,
                   const char          *json,
                   RapportWindow       *self)
{
  /* Edited here, the filter is no longer the segment's. */
  _rapport_window_set_list_filter (self, self->section, json, NULL, NULL);
}

static void
edit_filter_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);
  RapportFilterEditor *editor;

  if (self->section == NULL)
    return;
  editor = rapport_filter_editor_new (GTK_WINDOW (self), rapport_context_get_store (self->context),
                                      self->section->entity, self->section->filter_json);
  g_signal_connect_object (editor, "apply", G_CALLBACK (filter_applied_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
clear_filter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);

  if (self->section != NULL)
    _rapport_window_set_list_filter (self, self->section, NULL, NULL, NULL);
}

typedef struct
{
  RapportWindow *self;    /* (owned) */
  char          *entity;  /* (owned) */
  char          *json;    /* (owned) */
} Saving;

static void
saving_free (Saving *saving)
{
  g_object_unref (saving->self);
  g_free (saving->entity);
  g_free (saving->json);
  g_free (saving);
}

static void
segment_created_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RapportWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) segment = rapport_store_create_finish (RAPPORT_STORE (object), result, &error);
  Section *section;

  if (segment == NULL)
    {
      rapport_window_add_toast (self, rapport_toast_new_plain (error->message));
      return;
    }
  section = _rapport_window_find_section (self, rapport_json_get_string (segment, "object"));
  /* The list still shows what was saved: it is the segment now. */
  if (section != NULL && g_strcmp0 (section->filter_json, rapport_json_get_string (segment, "filter")) == 0)
    _rapport_window_set_list_filter (self, section, rapport_json_get_string (segment, "filter"),
                                     rapport_json_get_string (segment, "id"),
                                     rapport_json_get_string (segment, "name"));
}

static void
name_chosen_cb (const char *name,
                gpointer    user_data)
{
  Saving *saving = user_data;
  RapportStore *store = rapport_context_get_store (saving->self->context);
  g_autoptr(JsonObject) fields = json_object_new ();

  json_object_set_string_member (fields, "name", name);
  json_object_set_string_member (fields, "object", saving->entity);
  json_object_set_string_member (fields, "filter", saving->json);
  json_object_set_boolean_member (fields, "pinned", FALSE);
  if (rapport_store_get_user_id (store) != NULL)
    json_object_set_string_member (fields, "owner_id", rapport_store_get_user_id (store));
  rapport_store_create_async (store, "segment", fields, saving->self->cancellable, segment_created_cb,
                              g_object_ref (saving->self));
}

static void
save_segment_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);
  Saving *saving;
  g_auto(GStrv) names = NULL;

  if (self->section == NULL || self->section->filter_json == NULL)
    return;
  names = self->segment_list != NULL ?
          rapport_segment_list_dup_names (RAPPORT_SEGMENT_LIST (self->segment_list)) : NULL;
  saving = g_new0 (Saving, 1);
  saving->self = g_object_ref (self);
  saving->entity = g_strdup (self->section->entity->name);
  saving->json = g_strdup (self->section->filter_json);
  rapport_segment_name_dialog_present (GTK_WINDOW (self), _("Save as Segment"), _("_Save"), NULL,
                                       (const char * const *) names, name_chosen_cb, saving,
                                       (GDestroyNotify) saving_free);
}

static void
segment_open_cb (RapportWindow *self,
                 const char    *id,
                 const char    *object,
                 const char    *json,
                 const char    *name)
{
  Section *section = _rapport_window_find_section (self, object);

  if (section == NULL)
    return;
  gtk_stack_set_visible_child_name (self->main_stack, "main");
  _rapport_window_show_section (self, object);
  _rapport_window_set_list_filter (self, section, json, id, name);
  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
}

/* A segment shown was renamed or deleted meanwhile: the list keeps its
 * filter, under the segment's new name or, once gone, as a filter of its own. */
static void
segments_refreshed_cb (RapportWindow *self)
{
  for (guint i = 0; i < self->n_sections; i++)
    {
      Section *section = &self->sections[i];
      const char *name;
      g_autofree char *json = NULL, *id = NULL;

      if (section->segment_id == NULL)
        continue;
      name = rapport_segment_list_get_name (RAPPORT_SEGMENT_LIST (self->segment_list),
                                            section->segment_id);
      /* Deleted with Undo offered: it may come back as it was. */
      if (g_strcmp0 (name, section->segment_name) == 0 ||
          (name == NULL && rapport_undo_queue_has (rapport_context_get_undo_queue (self->context),
                                                   section->segment_id)))
        continue;
      json = g_strdup (section->filter_json);
      id = name != NULL ? g_strdup (section->segment_id) : NULL;
      _rapport_window_set_list_filter (self, section, json, id, name);
    }
}

/**
 * _rapport_window_add_segments:
 *
 * Puts the user's segments under the sections, once the window has its
 * context.
 */
void
_rapport_window_add_segments (RapportWindow *self)
{
  self->segment_list = rapport_segment_list_new (self->context);
  g_signal_connect_object (self->segment_list, "open", G_CALLBACK (segment_open_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->segment_list, "refreshed", G_CALLBACK (segments_refreshed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (self->segments_box, self->segment_list);
}

void
_rapport_window_class_filter_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, filter_bar_label);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, segments_box);
  gtk_widget_class_install_action (widget_class, "win.edit-filter", NULL, edit_filter_action);
  gtk_widget_class_install_action (widget_class, "win.clear-filter", NULL, clear_filter_action);
  gtk_widget_class_install_action (widget_class, "win.save-segment", NULL, save_segment_action);
}
