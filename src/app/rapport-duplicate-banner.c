/* rapport-duplicate-banner.c: "Ana Ribeiro at Northwind already exists", above an editor
 *
 * While a contact or a company is typed, the records it looks like (at
 * least likely, SPEC.md §5.3) are named in a banner that never blocks:
 * Save still saves. Its button lists them with their company and the
 * evidence, and opens one; for a record already saved, "Merge…" merges it
 * with them (rapport-merge-dialog.c). The first Save while it shows asks,
 * in the banner, why they are not the same (optional words, or a preset);
 * the next Save saves ("Create anyway") and keeps a not_duplicate record
 * per pair with that reason, synced, so that neither this banner nor the
 * scan pairs them again and the team can read why. libadwaita 1.2
 * has no AdwBanner (1.3), so this is a revealer styled as one.
 *
 * The search runs on a worker thread a moment after the typing stops, and
 * a newer draft cancels an older search.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-duplicate-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-duplicate-banner.h"
#include "rapport-json.h"
#include "rapport-merge-dialog.h"
#include "rapport-record.h"
#include "rapport-store-duplicates.h"

/* Typing pauses this long before the search runs. */
#define DELAY_MS 300

struct _RapportDuplicateBanner
{
  GtkBox               parent_instance;

  RapportStore        *store;   /* (owned) */
  const RapportEntity *entity;
  GtkWidget           *revealer;
  GtkWidget           *label;
  GtkWidget           *list;    /* the popover's box of buttons */
  GtkWidget           *reason_box;   /* "Not the same?": shown when Save is pressed */
  GtkWidget           *reason_entry;
  gboolean             asked;   /* the reason is asked: the next Save saves */
  JsonObject          *draft;   /* (owned) (nullable): waiting for the delay */
  char                *record_id; /* (owned) (nullable): the record edited, once saved */
  GPtrArray           *found;   /* (owned) (nullable) (element-type RapportDuplicate) */
  guint                delay_id;
  GCancellable        *cancellable; /* (owned) (nullable): the search under way */
};

G_DEFINE_FINAL_TYPE (RapportDuplicateBanner, rapport_duplicate_banner, GTK_TYPE_BOX)

typedef struct
{
  RapportStore        *store;  /* (owned) */
  const RapportEntity *entity;
  JsonObject          *draft;  /* (owned) */
} Search;

static void
search_free (Search *search)
{
  g_object_unref (search->store);
  json_object_unref (search->draft);
  g_free (search);
}

/* Each duplicate with its company's name, for the list. */
static void
find_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  Search *search = data;
  GError *error = NULL;
  GPtrArray *found = rapport_store_find_duplicates (search->store, search->entity->name,
                                                    search->draft, RAPPORT_DUPLICATE_LIKELY,
                                                    &error);

  if (found == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < found->len; i++)
    {
      RapportDuplicate *duplicate = g_ptr_array_index (found, i);
      const char *company_id = rapport_json_get_string (duplicate->record, "company_id");
      g_autoptr(JsonObject) company = NULL;

      if (company_id != NULL &&
          (company = rapport_store_get (search->store, "company", company_id, NULL)) != NULL)
        json_object_set_string_member (duplicate->record, "company_name",
                                       rapport_json_get_string (company, "name"));
    }
  g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

static char *
title_of (RapportDuplicateBanner *self,
          JsonObject             *record)
{
  return rapport_record_title (self->entity, record);
}

static char *
banner_text (RapportDuplicateBanner *self,
             GPtrArray              *found)
{
  RapportDuplicate *first = g_ptr_array_index (found, 0);
  g_autofree char *title = title_of (self, first->record);
  const char *company = rapport_json_get_string (first->record, "company_name");

  if (found->len > 1)
    return g_strdup_printf (ngettext ("%u possible duplicate", "%u possible duplicates",
                                      found->len),
                            found->len);
  if (company != NULL)
    /* TRANSLATORS: "Ana Ribeiro at Northwind Traders already exists" */
    return g_strdup_printf (_("%s at %s already exists"), title, company);
  /* TRANSLATORS: "Northwind Traders already exists" */
  return g_strdup_printf (_("%s already exists"), title);
}

static void
clear_list (RapportDuplicateBanner *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_box_remove (GTK_BOX (self->list), child);
}

/* One button per duplicate: the name, the company, and why. */
static GtkWidget *
make_button (RapportDuplicateBanner *self,
             RapportDuplicate       *duplicate)
{
  const char *company = rapport_json_get_string (duplicate->record, "company_name");
  const char *level = rapport_duplicate_level_label (duplicate->match->level);
  g_autofree char *title = title_of (self, duplicate->record);
  g_autofree char *evidence = rapport_duplicate_match_describe (duplicate->match);
  g_autofree char *details = g_strdup_printf ("%s · %s", level, evidence);
  g_autofree char *name = NULL;
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name_label, *details_label;

  if (company != NULL)
    /* TRANSLATORS: a contact and their company: "Ana Ribeiro, Northwind" */
    name = g_strdup_printf (_("%s, %s"), title, company);
  else
    name = g_strdup (title);
  name_label = gtk_label_new (name);
  details_label = gtk_label_new (details);

  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_label_set_xalign (GTK_LABEL (details_label), 0);
  gtk_label_set_wrap (GTK_LABEL (details_label), TRUE);
  gtk_widget_add_css_class (details_label, "dim-label");
  gtk_widget_add_css_class (details_label, "caption");
  gtk_box_append (GTK_BOX (box), name_label);
  gtk_box_append (GTK_BOX (box), details_label);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, details, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.open-record");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", self->entity->name,
                                    duplicate->id);
  return button;
}

/* At most 5 records are merged at once: this one and 4 it looks like. */
#define MAX_MERGED 5

static void
merge_clicked_cb (GtkButton              *button,
                  RapportDuplicateBanner *self)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GError) error = NULL;
  JsonObject *record = rapport_store_get (self->store, self->entity->name, self->record_id, &error);

  if (record == NULL)
    {
      g_warning ("Could not read the record to merge: %s", error->message);
      return;
    }
  g_ptr_array_add (records, record);
  for (guint i = 0; self->found != NULL && i < self->found->len && records->len < MAX_MERGED; i++)
    {
      RapportDuplicate *duplicate = g_ptr_array_index (self->found, i);
      JsonObject *other = rapport_store_get (self->store, self->entity->name, duplicate->id, NULL);

      if (other != NULL)
        g_ptr_array_add (records, other);
    }
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER)));
  if (records->len > 1)
    rapport_merge_dialog_present (GTK_WIDGET (self), self->store, self->entity, records);
}

static GtkWidget *
make_merge_button (RapportDuplicateBanner *self)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Merge…"));

  gtk_widget_set_tooltip_text (button, _("Merge this record with the ones it looks like"));
  gtk_widget_set_margin_top (button, 6);
  g_signal_connect (button, "clicked", G_CALLBACK (merge_clicked_cb), self);
  return button;
}

static void
hide_reason (RapportDuplicateBanner *self)
{
  self->asked = FALSE;
  gtk_widget_set_visible (self->reason_box, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), "");
}

static void
found_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(RapportDuplicateBanner) self = data;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  found = g_task_propagate_pointer (G_TASK (result), &error);
  if (found == NULL)
    {
      /* No banner is no harm: the user saves as ever. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not look for duplicates: %s", error->message);
      return;
    }
  clear_list (self);
  if (found->len == 0)
    hide_reason (self);
  /* Hidden, it takes no room (nor the editor's spacing). */
  gtk_widget_set_visible (GTK_WIDGET (self), found->len > 0);
  if (found->len == 0)
    {
      gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), FALSE);
      return;
    }
  text = banner_text (self, found);
  gtk_label_set_text (GTK_LABEL (self->label), text);
  for (guint i = 0; i < found->len; i++)
    gtk_box_append (GTK_BOX (self->list), make_button (self, g_ptr_array_index (found, i)));
  if (self->record_id != NULL)
    gtk_box_append (GTK_BOX (self->list), make_merge_button (self));
  g_clear_pointer (&self->found, g_ptr_array_unref);
  self->found = g_steal_pointer (&found);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), TRUE);
}

static void
preset_clicked_cb (GtkButton              *button,
                   RapportDuplicateBanner *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), gtk_button_get_label (button));
  gtk_widget_grab_focus (self->reason_entry);
  gtk_editable_set_position (GTK_EDITABLE (self->reason_entry), -1);
}

/* Why two records that look alike are not one: words of the user's own,
 * or one of the usual reasons for the type. */
static GtkWidget *
make_reason_box (RapportDuplicateBanner *self)
{
  /* clang-format off */
  static const char * const contact_presets[] = {
    N_("Different person, same name"), N_("Shared phone or email"), NULL
  };
  static const char * const company_presets[] = {
    N_("Different company, same name"), N_("Another branch or subsidiary"), NULL
  };
  /* clang-format on */
  const char * const *presets = g_str_equal (self->entity->name, "company") ? company_presets
                                                                           : contact_presets;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *question = gtk_label_new (_("Not the same? Say why for your team, then save again."));
  GtkWidget *choices = gtk_flow_box_new ();
  GtkWidget *save = gtk_button_new_with_mnemonic (_("Save _Anyway"));

  gtk_label_set_wrap (GTK_LABEL (question), TRUE);
  gtk_label_set_xalign (GTK_LABEL (question), 0);
  gtk_box_append (GTK_BOX (box), question);

  self->reason_entry = gtk_entry_new ();
  gtk_entry_set_max_length (GTK_ENTRY (self->reason_entry), 300);
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->reason_entry), _("Reason (optional)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reason_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Why They Are Not Duplicates"), -1);
  g_signal_connect_swapped (self->reason_entry, "activate", G_CALLBACK (gtk_widget_activate), save);
  gtk_box_append (GTK_BOX (box), self->reason_entry);

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (choices), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (choices), 2);
  for (guint i = 0; presets[i] != NULL; i++)
    {
      GtkWidget *preset = gtk_button_new_with_label (_(presets[i]));

      gtk_widget_set_halign (preset, GTK_ALIGN_START);
      gtk_widget_set_tooltip_text (preset, _("Use this reason"));
      g_signal_connect (preset, "clicked", G_CALLBACK (preset_clicked_cb), self);
      gtk_flow_box_append (GTK_FLOW_BOX (choices), preset);
    }
  gtk_box_append (GTK_BOX (box), choices);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (save), "detail.save");
  gtk_widget_set_halign (save, GTK_ALIGN_END);
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_box_append (GTK_BOX (box), save);
  gtk_widget_set_visible (box, FALSE);
  return box;
}

static void
marked_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) mark = rapport_store_create_finish (RAPPORT_STORE (object), result, &error);

  /* The record is saved; only the banner may come back. */
  if (mark == NULL)
    g_warning ("Could not keep a reason: %s", error->message);
}

static gboolean
search_cb (gpointer data)
{
  RapportDuplicateBanner *self = data;
  g_autoptr(GTask) task = NULL;
  Search *search;

  self->delay_id = 0;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  search = g_new0 (Search, 1);
  search->store = g_object_ref (self->store);
  search->entity = self->entity;
  search->draft = g_steal_pointer (&self->draft);
  task = g_task_new (NULL, self->cancellable, found_cb, g_object_ref (self));
  g_task_set_source_tag (task, search_cb);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, search, (GDestroyNotify) search_free);
  g_task_run_in_thread (task, find_thread);
  return G_SOURCE_REMOVE;
}

static void
rapport_duplicate_banner_dispose (GObject *object)
{
  RapportDuplicateBanner *self = RAPPORT_DUPLICATE_BANNER (object);

  g_clear_handle_id (&self->delay_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->draft, json_object_unref);
  g_clear_pointer (&self->record_id, g_free);
  g_clear_pointer (&self->found, g_ptr_array_unref);

  G_OBJECT_CLASS (rapport_duplicate_banner_parent_class)->dispose (object);
}

static void
rapport_duplicate_banner_class_init (RapportDuplicateBannerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_duplicate_banner_dispose;
}

static void
rapport_duplicate_banner_init (RapportDuplicateBanner *self)
{
  GtkWidget *banner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();

  self->revealer = gtk_revealer_new ();
  self->label = gtk_label_new (NULL);
  self->list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_widget_add_css_class (banner, "duplicate-banner");
  gtk_label_set_wrap (GTK_LABEL (self->label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_widget_set_hexpand (self->label, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (banner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Possible duplicates"), -1);

  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), _("_Show"));
  gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (button), TRUE);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Show the records this one looks like"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Show Possible Duplicates"), -1);
  gtk_popover_set_child (GTK_POPOVER (popover), self->list);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);

  gtk_box_append (GTK_BOX (bar), self->label);
  gtk_box_append (GTK_BOX (bar), button);
  gtk_box_append (GTK_BOX (banner), bar);
  gtk_revealer_set_child (GTK_REVEALER (self->revealer), banner);
  gtk_box_append (GTK_BOX (self), self->revealer);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * rapport_duplicate_banner_new:
 * @entity: contact or company
 */
GtkWidget *
rapport_duplicate_banner_new (RapportStore        *store,
                              const RapportEntity *entity)
{
  RapportDuplicateBanner *self = g_object_new (RAPPORT_TYPE_DUPLICATE_BANNER, NULL);

  self->store = g_object_ref (store);
  self->entity = entity;
  self->reason_box = make_reason_box (self);
  gtk_box_append (GTK_BOX (gtk_revealer_get_child (GTK_REVEALER (self->revealer))), self->reason_box);
  return GTK_WIDGET (self);
}

/**
 * rapport_duplicate_banner_check:
 * @draft: the values typed so far; an "id" for a record being edited
 *
 * Looks for records like @draft once the typing pauses.
 */
void
rapport_duplicate_banner_check (RapportDuplicateBanner *self,
                                JsonObject             *draft)
{
  g_return_if_fail (RAPPORT_IS_DUPLICATE_BANNER (self));

  g_clear_pointer (&self->draft, json_object_unref);
  self->draft = json_object_ref (draft);
  g_free (self->record_id);
  self->record_id = g_strdup (rapport_json_get_string (draft, "id"));
  g_clear_handle_id (&self->delay_id, g_source_remove);
  self->delay_id = g_timeout_add (DELAY_MS, search_cb, self);
}

/**
 * rapport_duplicate_banner_ask_reason:
 *
 * Called by Save. While the banner names records like this one, the
 * first Save asks why they are not the same, under the banner, and is no
 * save; the next one saves.
 *
 * Returns: %TRUE when the record is to be saved now
 */
gboolean
rapport_duplicate_banner_ask_reason (RapportDuplicateBanner *self)
{
  g_return_val_if_fail (RAPPORT_IS_DUPLICATE_BANNER (self), TRUE);

  if (self->asked || self->found == NULL || self->found->len == 0 ||
      !gtk_revealer_get_reveal_child (GTK_REVEALER (self->revealer)))
    return TRUE;
  self->asked = TRUE;
  gtk_widget_set_visible (self->reason_box, TRUE);
  gtk_widget_grab_focus (self->reason_entry);
  return FALSE;
}

/**
 * rapport_duplicate_banner_saved:
 * @id: the record just saved
 *
 * Saved anyway after the reason was asked: each record the banner named is
 * marked as not a duplicate of @id, with the reason given.
 */
void
rapport_duplicate_banner_saved (RapportDuplicateBanner *self,
                                const char             *id)
{
  g_autofree char *reason = NULL;

  g_return_if_fail (RAPPORT_IS_DUPLICATE_BANNER (self));

  if (!self->asked || self->found == NULL)
    return;
  reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));
  for (guint i = 0; i < self->found->len; i++)
    {
      RapportDuplicate *duplicate = g_ptr_array_index (self->found, i);
      g_autoptr(JsonObject) mark = json_object_new ();

      json_object_set_string_member (mark, "object", self->entity->name);
      json_object_set_string_member (mark, "record_id", id);
      json_object_set_string_member (mark, "other_id", duplicate->id);
      if (*reason != '\0')
        json_object_set_string_member (mark, "reason", reason);
      rapport_store_create_async (self->store, "not_duplicate", mark, NULL, marked_cb, NULL);
    }
  hide_reason (self);
}
