/* rapport-campaign-group.c: a campaign's results and members on its page
 *
 * SPEC.md §7.3. What the campaign brought, from the campaign report for
 * this one campaign (rapport-report-campaign.c): members, responses and
 * the response rate, won deals and amount and the return on investment,
 * per currency of its deals ("—" where no rate converts); its members by
 * status; then its members by name (the name opens the contact), each
 * with a drop-down of the statuses its type offers. A choice goes through
 * the store's set-status, as the command line's does, so the first
 * response is stamped once and an Unsubscribed records that contact's
 * denial. "Add from Segment…" adds a segment's contacts now, leaving out
 * those without e-mail consent, and a toast and a line under the members
 * say how many of each.
 *
 * Everything is read in a worker thread, again whenever a member, a deal,
 * a contact or a consent changes (a teammate's changes after a sync too).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-campaign-group"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-campaign-group.h"
#include "rapport-campaign.h"
#include "rapport-cancellable.h"
#include "rapport-change-monitor.h"
#include "rapport-choice-factory.h"
#include "rapport-json.h"
#include "rapport-labels.h"
#include "rapport-record.h"
#include "rapport-segment-picker.h"
#include "rapport-store-async.h"
#include "rapport-store-campaigns.h"
#include "rapport-store-reports.h"
#include "rapport-store-segments.h"
#include "rapport-window.h"

/* Members shown by name at most; the command line lists them all. */
#define MAX_SHOWN 200
/* The contact's name a read adds to each member. */
#define NAME_MEMBER "rapport-name"

struct _RapportCampaignGroup
{
  GtkBox                parent_instance;

  RapportStore         *store;       /* (owned) */
  JsonObject           *campaign;    /* (owned) */
  RapportChangeMonitor *changes;     /* (owned) */
  gulong                changed_id;
  GCancellable         *loading;     /* (owned) (nullable): the read under way */
  char                 *focus_id;    /* (owned) (nullable): the member whose status has the keyboard */
  char                 *last_added;  /* (owned) (nullable): what the last Add Members did */

  GtkWidget            *results;     /* (nullable): the groups as last read */
  GtkWidget            *by_status;
  GtkWidget            *members;
  GPtrArray            *dropdowns;   /* (owned) (element-type GtkDropDown): in members, in order */
};

G_DEFINE_FINAL_TYPE (RapportCampaignGroup, rapport_campaign_group, GTK_TYPE_BOX)

/* What one read found. */
typedef struct
{
  GPtrArray     *members; /* (owned) (element-type JsonObject): by name */
  RapportReport *report;  /* (owned) */
} Page;

static void
page_free (Page *page)
{
  g_clear_pointer (&page->members, g_ptr_array_unref);
  g_clear_pointer (&page->report, rapport_report_free);
  g_free (page);
}

static const char *
campaign_id (RapportCampaignGroup *self)
{
  return rapport_json_get_string (self->campaign, "id");
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  const char *first = rapport_json_get_string (*(JsonObject **) a, NAME_MEMBER);
  const char *second = rapport_json_get_string (*(JsonObject **) b, NAME_MEMBER);

  return g_utf8_collate (first, second);
}

/* In a worker: the members with their contacts' names, and the report. */
static gpointer
read_page (RapportStore *store,
           gpointer      data,
           GError      **error)
{
  const char *id = data;
  const RapportEntity *contact_entity = rapport_entity_lookup ("contact");
  g_auto(RapportReportFilter) filter = { 0 };
  Page *page = g_new0 (Page, 1);

  if (!(page->members = rapport_store_campaign_members (store, id, error)))
    return page_free (page), NULL;
  for (guint i = 0; i < page->members->len; i++)
    {
      JsonObject *member = page->members->pdata[i];
      g_autoptr(JsonObject) contact =
        rapport_store_get (store, "contact", rapport_json_get_string (member, "contact_id"), NULL);
      g_autofree char *name = contact != NULL ? rapport_record_title (contact_entity, contact)
                                              : g_strdup (_("Deleted Contact"));

      json_object_set_string_member (member, NAME_MEMBER, name);
    }
  g_ptr_array_sort (page->members, compare_names);
  filter.campaign_id = g_strdup (id);
  if (!(page->report = rapport_store_report (store, RAPPORT_REPORT_CAMPAIGN, &filter, error)))
    return page_free (page), NULL;
  return page;
}

static void fill (RapportCampaignGroup *self);

static GtkWidget *
value_row_new (const char *title,
               const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value != NULL ? value : "—");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  /* A screen reader reads the title and the value together. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  value != NULL ? value : "—", -1);
  return row;
}

static void
add_value (GtkWidget     *group,
           const char    *title,
           RapportReport *report,
           guint          row,
           const char    *column)
{
  g_autofree char *value = rapport_report_format_named_cell (report, row, column);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), value_row_new (title, value));
}

/* A title of a money row, with the currency where the deals have several. */
static char *
money_title (const char *title,
             const char *currency,
             guint       n_currencies)
{
  if (n_currencies < 2 || currency == NULL)
    return g_strdup (title);
  /* Translators: a campaign's figure in one currency of its deals, "Won Amount (EUR)" */
  return g_strdup_printf (_("%s (%s)"), title, currency);
}

static GtkWidget *
results_new (RapportReport *report)
{
  GtkWidget *group = adw_preferences_group_new ();
  guint n_currencies = 0;
  gboolean first = TRUE;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Results"));
  for (guint r = 0; r < report->rows->len; r++)
    if (g_strcmp0 (rapport_json_get_string (report->rows->pdata[r], "group"), "campaign") == 0)
      n_currencies++;
  for (guint r = 0; r < report->rows->len; r++)
    {
      JsonObject *row = report->rows->pdata[r];
      const char *currency = rapport_json_get_string (row, "currency");
      g_autofree char *won = NULL, *amount = NULL, *cost = NULL, *roi = NULL;

      if (g_strcmp0 (rapport_json_get_string (row, "group"), "campaign") != 0)
        continue;
      /* The member figures are the campaign's, the same on each row. */
      if (first)
        {
          add_value (group, _("Members"), report, r, "members");
          add_value (group, _("Responded"), report, r, "responded");
          add_value (group, _("Response Rate"), report, r, "response_rate");
          first = FALSE;
        }
      won = money_title (_("Won Deals"), currency, n_currencies);
      amount = money_title (_("Won Amount"), currency, n_currencies);
      cost = money_title (_("Actual Cost"), currency, n_currencies);
      roi = money_title (_("Return on Investment"), currency, n_currencies);
      add_value (group, won, report, r, "deals_won");
      add_value (group, amount, report, r, "won_amount");
      if (!json_object_get_null_member (row, "actual_cost"))
        add_value (group, cost, report, r, "actual_cost");
      add_value (group, roi, report, r, "roi");
    }
  if (first)
    return NULL;
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Deals count when this campaign is their campaign. "
                                           "The return on investment is in the campaign’s own "
                                           "currency, against its actual cost."));
  return group;
}

static GtkWidget *
by_status_new (RapportCampaignGroup *self,
               RapportReport        *report)
{
  const RapportEntity *member_entity = rapport_entity_lookup ("campaign_member");
  GtkWidget *group = adw_preferences_group_new ();
  const char *type = rapport_json_get_string (self->campaign, "type");
  guint n_statuses, n_rows = 0;
  const RapportMemberStatus *statuses = rapport_campaign_statuses (type, &n_statuses);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Members by Status"));
  /* In the order the type's statuses run, not the report's. */
  for (guint s = 0; s < n_statuses; s++)
    for (guint r = 0; r < report->rows->len; r++)
      {
        JsonObject *row = report->rows->pdata[r];

        if (g_strcmp0 (rapport_json_get_string (row, "group"), "status") == 0 &&
            g_strcmp0 (rapport_json_get_string (row, "status"), statuses[s].value) == 0)
          {
            add_value (group, rapport_labels_field_choice (member_entity, "status", statuses[s].value),
                       report, r, "members");
            n_rows++;
          }
      }
  if (n_rows == 0)
    {
      g_object_ref_sink (group);
      g_object_unref (group);
      return NULL;
    }
  return group;
}

/* What a status move wrote, or why not. */
typedef struct
{
  char *member_id;
  char *status;
} Move;

static void
move_free (Move *move)
{
  g_free (move->member_id);
  g_free (move->status);
  g_free (move);
}

static gpointer
set_status (RapportStore *store,
            gpointer      data,
            GError      **error)
{
  Move *move = data;

  return rapport_store_campaign_set_status (store, move->member_id, move->status, error);
}

static void
show_error (GtkWidget  *widget,
            const char *heading,
            const char *message)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
status_set_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RapportCampaignGroup) self = user_data;
  g_autoptr(JsonObject) member = NULL;
  g_autoptr(GError) error = NULL;

  member = rapport_store_write_finish (RAPPORT_STORE (object), result, &error);
  if (member != NULL || self->store == NULL)
    return;
  show_error (GTK_WIDGET (self), _("Could Not Change the Member’s Status"), error->message);
  /* The drop-down goes back to what is stored. */
  fill (self);
}

static void
status_chosen_cb (GtkDropDown          *dropdown,
                  GParamSpec           *pspec,
                  RapportCampaignGroup *self)
{
  const char * const *values = g_object_get_data (G_OBJECT (dropdown), "rapport-values");
  const char *stored = g_object_get_data (G_OBJECT (dropdown), "rapport-stored");
  guint chosen = gtk_drop_down_get_selected (dropdown);
  Move *move;

  if (chosen == GTK_INVALID_LIST_POSITION || g_strcmp0 (values[chosen], stored) == 0)
    return;
  move = g_new0 (Move, 1);
  move->member_id = g_strdup (g_object_get_data (G_OBJECT (dropdown), "rapport-member"));
  move->status = g_strdup (values[chosen]);
  g_free (self->focus_id);
  self->focus_id = g_strdup (move->member_id);
  rapport_store_write_async (self->store, set_status, move, (GDestroyNotify) move_free,
                             (GDestroyNotify) json_object_unref, NULL, status_set_cb,
                             g_object_ref (self));
}

/* Where @status is among @dropdown's values. */
static guint
position_of (GtkDropDown *dropdown,
             const char  *status)
{
  const char * const *values = g_object_get_data (G_OBJECT (dropdown), "rapport-values");

  for (guint i = 0; values[i] != NULL; i++)
    if (g_strcmp0 (values[i], status) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/* The drop-down of @member's statuses: its type's, and the one it has if
 * its type no longer offers it. */
static GtkWidget *
status_dropdown_new (RapportCampaignGroup *self,
                     JsonObject           *member)
{
  const RapportEntity *member_entity = rapport_entity_lookup ("campaign_member");
  const char *type = rapport_json_get_string (self->campaign, "type");
  const char *status = rapport_json_get_string (member, "status");
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = rapport_choice_factory_new ();
  g_autofree char *name = NULL;
  guint n_statuses, selected = GTK_INVALID_LIST_POSITION;
  const RapportMemberStatus *statuses = rapport_campaign_statuses (type, &n_statuses);
  GtkWidget *dropdown;

  for (guint s = 0; s < n_statuses; s++)
    {
      if (g_strcmp0 (statuses[s].value, status) == 0)
        selected = s;
      g_strv_builder_add (values, statuses[s].value);
      gtk_string_list_append (labels,
                              rapport_labels_field_choice (member_entity, "status", statuses[s].value));
    }
  if (selected == GTK_INVALID_LIST_POSITION && status != NULL)
    {
      selected = n_statuses;
      g_strv_builder_add (values, status);
      gtk_string_list_append (labels, rapport_labels_field_choice (member_entity, "status", status));
    }
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
  /* Choices a screen reader (and a UI test) can name. */
  gtk_drop_down_set_factory (GTK_DROP_DOWN (dropdown), factory);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  /* Translators: the drop-down of a campaign member's status, "Status of Ana Ribeiro" */
  name = g_strdup_printf (_("Status of %s"), rapport_json_get_string (member, NAME_MEMBER));
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_set_tooltip_text (dropdown, name);
  g_object_set_data_full (G_OBJECT (dropdown), "rapport-values", g_strv_builder_end (values),
                          (GDestroyNotify) g_strfreev);
  g_object_set_data_full (G_OBJECT (dropdown), "rapport-stored", g_strdup (status), g_free);
  g_object_set_data_full (G_OBJECT (dropdown), "rapport-member",
                          g_strdup (rapport_json_get_string (member, "id")), g_free);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (status_chosen_cb), self);
  return dropdown;
}

/* What adding from a segment does, in two steps: its members are read in
 * a worker, then added on the writer thread. */
typedef struct
{
  RapportCampaignGroup *self;        /* (owned) */
  char                 *campaign_id;
  char                 *added_from;  /* "segment:ID" */
  GStrv                 contact_ids; /* (nullable): once read */
  RapportMembersAdded   added;
} Adding;

static void
adding_free (Adding *adding)
{
  g_clear_object (&adding->self);
  g_free (adding->campaign_id);
  g_free (adding->added_from);
  g_strfreev (adding->contact_ids);
  g_free (adding);
}

static gpointer
add_members (RapportStore *store,
             gpointer      data,
             GError      **error)
{
  Adding *adding = data;

  if (!rapport_store_campaign_add_members (store, adding->campaign_id, adding->contact_ids,
                                           adding->added_from, &adding->added, error))
    return NULL;
  return adding;
}

static void
members_added_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Adding *adding = user_data;
  g_autoptr(GError) error = NULL;
  RapportCampaignGroup *self = adding->self;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *added = NULL, *left_out = NULL, *already = NULL, *text = NULL;

  if (rapport_store_write_finish (RAPPORT_STORE (object), result, &error) == NULL)
    {
      show_error (GTK_WIDGET (self), _("Could Not Add Members"), error->message);
      adding_free (adding);
      return;
    }
  added = g_strdup_printf (ngettext ("%u added", "%u added", adding->added.added),
                           adding->added.added);
  left_out = g_strdup_printf (ngettext ("%u left out: no e-mail consent",
                                        "%u left out: no e-mail consent", adding->added.no_consent),
                              adding->added.no_consent);
  /* Translators: what adding a segment to a campaign did, "18 added, 3 left out: no e-mail consent" */
  text = g_strdup_printf (_("%s, %s"), added, left_out);
  if (adding->added.already > 0)
    {
      g_autofree char *both = g_steal_pointer (&text);

      already = g_strdup_printf (ngettext ("%u a member already", "%u members already",
                                           adding->added.already),
                                 adding->added.already);
      text = g_strdup_printf (_("%s, %s"), both, already);
    }
  if (RAPPORT_IS_WINDOW (root))
    {
      AdwToast *toast = adw_toast_new (text);

      adw_toast_set_timeout (toast, 10);
      rapport_window_add_toast (RAPPORT_WINDOW (root), toast);
    }
  /* And under the members, while the page is shown. */
  g_free (self->last_added);
  self->last_added = g_steal_pointer (&text);
  if (self->members != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->members), self->last_added);
  adding_free (adding);
}

static gpointer
read_segment_ids (RapportStore *store,
                  gpointer      data,
                  GError      **error)
{
  JsonObject *segment = data;

  return rapport_store_segment_ids (store, segment, error);
}

static void
segment_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Adding *adding = user_data;
  g_autoptr(GError) error = NULL;

  adding->contact_ids = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);
  if (adding->contact_ids == NULL)
    {
      show_error (GTK_WIDGET (adding->self), _("Could Not Add Members"), error->message);
      adding_free (adding);
      return;
    }
  rapport_store_write_async (RAPPORT_STORE (object), add_members, adding, NULL, NULL, NULL,
                             members_added_cb, adding);
}

static void
segment_picked_cb (JsonObject *segment,
                   gpointer    user_data)
{
  RapportCampaignGroup *self = user_data;
  Adding *adding = g_new0 (Adding, 1);

  adding->self = g_object_ref (self);
  adding->campaign_id = g_strdup (campaign_id (self));
  adding->added_from = g_strconcat ("segment:", rapport_json_get_string (segment, "id"), NULL);
  rapport_store_read_async (self->store, read_segment_ids, json_object_ref (segment),
                            (GDestroyNotify) json_object_unref, (GDestroyNotify) g_strfreev, NULL,
                            segment_read_cb, adding);
}

static void
add_clicked_cb (GtkButton            *button,
                RapportCampaignGroup *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  rapport_segment_picker_present (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store,
                                  "contact", _("Add Members from Segment"), segment_picked_cb,
                                  g_object_ref (self), g_object_unref);
}

static GtkWidget *
members_new (RapportCampaignGroup *self,
             GPtrArray            *members,
             GtkWidget           **focus)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *add = gtk_button_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (C_("campaign members", "Add…"));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Campaign Members"));
  g_ptr_array_set_size (self->dropdowns, 0);
  /* Short, so that the title is not cut beside it in a phone-width
   * window; its tooltip and its name say all (a box, not an
   * AdwButtonContent, which would name the button after its label). */
  gtk_box_append (GTK_BOX (content), gtk_image_new_from_icon_name ("list-add-symbolic"));
  gtk_box_append (GTK_BOX (content), label);
  gtk_button_set_child (GTK_BUTTON (add), content);
  gtk_widget_set_tooltip_text (add, _("Add from Segment…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Add from Segment…"), -1);
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  g_signal_connect (add, "clicked", G_CALLBACK (add_clicked_cb), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);
  if (self->last_added != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), self->last_added);
  else if (members->len == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("No members yet. Contacts without consent to "
                                             "marketing e-mails are left out when they are added."));
  else if (members->len > MAX_SHOWN)
    {
      g_autofree char *shown = g_strdup_printf (
        ngettext ("The first %u of %u members by name; rapport-cli campaign members lists them all.",
                  "The first %u of %u members by name; rapport-cli campaign members lists them all.",
                  members->len),
        MAX_SHOWN, members->len);

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), shown);
    }
  for (guint i = 0; i < members->len && i < MAX_SHOWN; i++)
    {
      JsonObject *member = members->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *dropdown = status_dropdown_new (self, member);

      /* A contact's name is the user's text, never markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     rapport_json_get_string (member, NAME_MEMBER));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), dropdown);
      g_ptr_array_add (self->dropdowns, dropdown);
      /* The name opens the contact's page: their consent, their deals. */
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-record");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "(ss)", "contact",
                                        rapport_json_get_string (member, "contact_id"));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      if (g_strcmp0 (self->focus_id, rapport_json_get_string (member, "id")) == 0)
        *focus = dropdown;
    }
  return group;
}

/* Whether the members shown are @members, the same ones in the same
 * order: then only their statuses are brought up to date, and the
 * keyboard stays where it is. */
static gboolean
same_members (RapportCampaignGroup *self,
              GPtrArray            *members)
{
  if (self->members == NULL || self->dropdowns->len != MIN (members->len, MAX_SHOWN))
    return FALSE;
  for (guint i = 0; i < self->dropdowns->len; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (self->dropdowns->pdata[i]), "rapport-member"),
                   rapport_json_get_string (members->pdata[i], "id")) != 0)
      return FALSE;
  return TRUE;
}

static void
update_statuses (RapportCampaignGroup *self,
                 GPtrArray            *members)
{
  for (guint i = 0; i < self->dropdowns->len; i++)
    {
      GtkDropDown *dropdown = self->dropdowns->pdata[i];
      const char *status = rapport_json_get_string (members->pdata[i], "status");
      guint position = position_of (dropdown, status);

      g_object_set_data_full (G_OBJECT (dropdown), "rapport-stored", g_strdup (status), g_free);
      if (position != GTK_INVALID_LIST_POSITION && gtk_drop_down_get_selected (dropdown) != position)
        {
          g_signal_handlers_block_by_func (dropdown, status_chosen_cb, self);
          gtk_drop_down_set_selected (dropdown, position);
          g_signal_handlers_unblock_by_func (dropdown, status_chosen_cb, self);
        }
    }
}

static void
replace (RapportCampaignGroup *self,
         GtkWidget           **slot,
         GtkWidget            *group,
         GtkWidget            *after)
{
  if (*slot != NULL)
    gtk_box_remove (GTK_BOX (self), *slot);
  *slot = group;
  if (group != NULL)
    gtk_box_insert_child_after (GTK_BOX (self), group, after);
}

static void
page_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  RapportCampaignGroup *self = user_data;
  g_autoptr(GError) error = NULL;
  Page *page = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);
  GtkWidget *focus = NULL;

  /* A newer read is under way, or the page is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);
  if (page == NULL)
    {
      g_warning ("Could not read the campaign’s members: %s", error->message);
      return;
    }
  replace (self, &self->results, results_new (page->report), NULL);
  replace (self, &self->by_status, by_status_new (self, page->report), self->results);
  if (same_members (self, page->members))
    {
      /* Kept in place: results and by_status went before it. */
      update_statuses (self, page->members);
      gtk_box_reorder_child_after (GTK_BOX (self), self->members,
                                   self->by_status != NULL ? self->by_status : self->results);
    }
  else
    replace (self, &self->members, members_new (self, page->members, &focus),
             self->by_status != NULL ? self->by_status : self->results);
  /* The keyboard stays on the status just chosen. */
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
  g_clear_pointer (&self->focus_id, g_free);
  page_free (page);
}

static void
fill (RapportCampaignGroup *self)
{
  rapport_cancellable_renew (&self->loading);
  rapport_store_read_async (self->store, read_page, g_strdup (campaign_id (self)), g_free,
                            (GDestroyNotify) page_free, self->loading, page_read_cb, self);
}

static void
changed_cb (RapportChangeMonitor *changes,
            const char           *entity,
            const char * const   *ids,
            RapportCampaignGroup *self)
{
  static const char * const followed[] = { "campaign_member", "deal", "contact", "consent", NULL };

  if (g_strv_contains (followed, entity))
    fill (self);
}

static void
rapport_campaign_group_dispose (GObject *object)
{
  RapportCampaignGroup *self = RAPPORT_CAMPAIGN_GROUP (object);

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  if (self->changes != NULL)
    g_clear_signal_handler (&self->changed_id, self->changes);
  g_clear_object (&self->changes);
  g_clear_object (&self->store);
  g_clear_pointer (&self->campaign, json_object_unref);
  g_clear_pointer (&self->focus_id, g_free);
  g_clear_pointer (&self->last_added, g_free);
  g_clear_pointer (&self->dropdowns, g_ptr_array_unref);

  G_OBJECT_CLASS (rapport_campaign_group_parent_class)->dispose (object);
}

static void
rapport_campaign_group_class_init (RapportCampaignGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_campaign_group_dispose;
}

static void
rapport_campaign_group_init (RapportCampaignGroup *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 24);
  self->dropdowns = g_ptr_array_new ();
}

/**
 * rapport_campaign_group_new:
 * @campaign: the campaign shown
 *
 * Returns: (transfer floating): its results and members, read now and
 *   again as they change
 */
GtkWidget *
rapport_campaign_group_new (RapportStore *store,
                            JsonObject   *campaign)
{
  RapportCampaignGroup *self = g_object_new (RAPPORT_TYPE_CAMPAIGN_GROUP, NULL);

  self->store = g_object_ref (store);
  self->campaign = json_object_ref (campaign);
  self->changes = g_object_ref (rapport_change_monitor_get_for_store (store));
  self->changed_id = g_signal_connect (self->changes, "changed", G_CALLBACK (changed_cb), self);
  fill (self);
  return GTK_WIDGET (self);
}
