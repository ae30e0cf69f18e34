/* rapport-consent-group.c: a contact's e-mail marketing consent on its page
 *
 * SPEC.md §7.3. The status in force, in words, with when and how it was
 * captured: "Denied on 7 December 2026 — unsubscribed from Spring Fair
 * 2026". Unsubscribe from Marketing records a denial for this contact
 * alone, after a confirmation: a consent record is history that is never
 * deleted, so the window's Undo (which delays a deletion) does not fit,
 * and only a new grant with its proof could reverse it. The app offers no
 * grant: a grant needs proof (a signed form, a ticked box), which comes
 * from where it was captured (an import, the server's API).
 *
 * Read in a worker thread, again whenever a consent or a campaign member
 * changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-consent-group"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-cancellable.h"
#include "rapport-change-monitor.h"
#include "rapport-consent-group.h"
#include "rapport-dates.h"
#include "rapport-json.h"
#include "rapport-query.h"
#include "rapport-record.h"
#include "rapport-store-async.h"
#include "rapport-store-consent.h"

/* Where the app's own unsubscribe says it was captured. */
#define SOURCE_APP "app"

struct _RapportConsentGroup
{
  AdwPreferencesGroup   parent_instance;

  RapportStore         *store;       /* (owned) */
  char                 *contact_id;  /* (owned) */
  char                 *name;        /* (owned): the contact's, for the question */
  RapportChangeMonitor *changes;     /* (owned) */
  gulong                changed_id;
  GCancellable         *loading;     /* (owned) (nullable): the read under way */

  GtkWidget            *row;
  GtkWidget            *unsubscribe;
};

G_DEFINE_FINAL_TYPE (RapportConsentGroup, rapport_consent_group, ADW_TYPE_PREFERENCES_GROUP)

/* What a read found. */
typedef struct
{
  JsonArray  *consents;  /* (owned) */
  JsonObject *latest;    /* (unowned) (nullable): in consents */
  char       *campaign;  /* (owned) (nullable): the campaign unsubscribed from */
} Read;

static void
read_free (Read *read)
{
  g_clear_pointer (&read->consents, json_array_unref);
  g_free (read->campaign);
  g_free (read);
}

/* The campaign whose member moved to Unsubscribed at @when: the move
 * recorded @consent with that time (rapport_campaign_unsubscribe_consent()). */
static char *
campaign_of (RapportStore *store,
             const char   *contact_id,
             const char   *when)
{
  g_autoptr(RapportQuery) query = rapport_query_new ("campaign_member");
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) members = NULL;

  rapport_query_add_filter (query, "contact_id", contact_id);
  if (!(snapshot = rapport_store_snapshot (store, query, NULL)) ||
      !(members = rapport_store_fetch (store, snapshot, 0, rapport_snapshot_get_n_rows (snapshot),
                                       NULL)))
    return NULL;
  for (guint i = 0; i < members->len; i++)
    {
      JsonObject *member = members->pdata[i];
      g_autoptr(JsonObject) campaign = NULL;

      if (member == NULL || g_strcmp0 (rapport_json_get_string (member, "status"), "unsubscribed") ||
          g_strcmp0 (rapport_json_get_string (member, "last_status_at"), when) != 0)
        continue;
      campaign = rapport_store_get (store, "campaign",
                                    rapport_json_get_string (member, "campaign_id"), NULL);
      if (campaign != NULL)
        return g_strdup (rapport_json_get_string (campaign, "name"));
    }
  return NULL;
}

static gpointer
read_consent (RapportStore *store,
              gpointer      data,
              GError      **error)
{
  const char *contact_id = data;
  Read *read = g_new0 (Read, 1);

  if (!(read->consents = rapport_store_consents (store, contact_id, error)))
    return read_free (read), NULL;
  read->latest = rapport_consent_latest (read->consents, "email", "marketing");
  if (read->latest != NULL &&
      g_strcmp0 (rapport_json_get_string (read->latest, "source"), "campaign") == 0)
    read->campaign = campaign_of (store, contact_id,
                                  rapport_json_get_string (read->latest, "captured_at"));
  return read;
}

/* How the consent was captured, in words; NULL when nothing says. */
static char *
how (JsonObject *consent,
     const char *campaign)
{
  const char *source = rapport_json_get_string (consent, "source");
  const char *proof = rapport_json_get_string (consent, "proof");

  if (g_strcmp0 (source, "campaign") == 0 && campaign != NULL)
    /* Translators: how a consent was denied, "unsubscribed from Spring Fair 2026" */
    return g_strdup_printf (_("unsubscribed from %s"), campaign);
  if (g_strcmp0 (source, SOURCE_APP) == 0)
    return g_strdup (_("unsubscribed in Rapport"));
  if (g_strcmp0 (source, "web_form") == 0)
    return g_strdup (_("on a web form"));
  if (g_strcmp0 (source, "import") == 0)
    return g_strdup (_("imported from a file"));
  if (g_strcmp0 (source, "migrated") == 0)
    return g_strdup (_("from the former “Agreed to Emails” field"));
  /* Someone else's words (an API's source or proof), as they are. */
  return g_strdup (proof != NULL ? proof : source);
}

/* "Denied on 7 December 2026 — unsubscribed from Spring Fair 2026" */
static char *
describe (JsonObject *consent,
          const char *campaign)
{
  const char *status = rapport_json_get_string (consent, "status");
  const char *captured = rapport_json_get_string (consent, "captured_at");
  g_autoptr(GDateTime) utc = captured != NULL ? g_date_time_new_from_iso8601 (captured, NULL) : NULL;
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  g_autofree char *day = NULL;
  g_autofree char *said = NULL;
  g_autofree char *way = how (consent, campaign);

  if (local != NULL)
    day = rapport_dates_format_day (g_date_time_get_year (local), g_date_time_get_month (local),
                                    g_date_time_get_day_of_month (local));
  if (g_strcmp0 (status, "granted") == 0)
    /* Translators: "Granted on 5 January 2026" */
    said = g_strdup_printf (_("Granted on %s"), day != NULL ? day : "—");
  else if (g_strcmp0 (status, "denied") == 0)
    /* Translators: "Denied on 7 December 2026" */
    said = g_strdup_printf (_("Denied on %s"), day != NULL ? day : "—");
  else
    /* Translators: "Unknown since 7 December 2026" */
    said = g_strdup_printf (_("Unknown since %s"), day != NULL ? day : "—");
  if (way == NULL || *way == '\0')
    return g_steal_pointer (&said);
  /* Translators: a consent's status and date, then how it was captured */
  return g_strdup_printf (_("%s — %s"), said, way);
}

static void
consent_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RapportConsentGroup *self = user_data;
  g_autoptr(GError) error = NULL;
  Read *read = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);
  g_autofree char *text = NULL;
  gboolean denied;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);
  if (read == NULL)
    {
      g_warning ("Could not read the contact’s consent: %s", error->message);
      return;
    }
  text = read->latest != NULL ? describe (read->latest, read->campaign)
                              : g_strdup (_("Not known: no consent recorded"));
  denied = read->latest != NULL &&
           g_strcmp0 (rapport_json_get_string (read->latest, "status"), "denied") == 0;
  /* The words come partly from users (a campaign's name): never markup. */
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->row), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text, -1);
  gtk_widget_set_visible (self->unsubscribe, !denied);
  read_free (read);
}

static void
fill (RapportConsentGroup *self)
{
  rapport_cancellable_renew (&self->loading);
  rapport_store_read_async (self->store, read_consent, g_strdup (self->contact_id), g_free,
                            (GDestroyNotify) read_free, self->loading, consent_read_cb, self);
}

static gpointer
record_denial (RapportStore *store,
               gpointer      data,
               GError      **error)
{
  return rapport_store_record_consent (store, data, "marketing", RAPPORT_CONSENT_DENIED, SOURCE_APP,
                                       NULL, error);
}

static void
denial_recorded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RapportConsentGroup) self = user_data;
  g_autoptr(JsonObject) consent = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root;
  GtkWidget *failed;

  if ((consent = rapport_store_write_finish (RAPPORT_STORE (object), result, &error)) != NULL)
    return;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  failed = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Could Not Unsubscribe"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (failed), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (failed));
}

static void
confirm_cb (AdwMessageDialog    *dialog,
            const char          *response,
            RapportConsentGroup *self)
{
  if (g_strcmp0 (response, "unsubscribe") != 0 || self->store == NULL)
    return;
  rapport_store_write_async (self->store, record_denial, g_strdup (self->contact_id), g_free,
                             (GDestroyNotify) json_object_unref, NULL, denial_recorded_cb,
                             g_object_ref (self));
}

static void
unsubscribe_clicked_cb (RapportConsentGroup *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Unsubscribe from Marketing?"), NULL);
  /* Its window's name for a screen reader's list of windows. */
  gtk_window_set_title (GTK_WINDOW (dialog), _("Unsubscribe from Marketing?"));
  /* Translators: the contact's name, who will get no marketing e-mail */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s will be left out of every campaign’s e-mails from now on. "
                                    "Only a new consent with its proof can undo this, and Rapport "
                                    "does not record those."),
                                  self->name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "unsubscribe", _("_Unsubscribe"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "unsubscribe",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
changed_cb (RapportChangeMonitor *changes,
            const char           *entity,
            const char * const   *ids,
            RapportConsentGroup  *self)
{
  if (g_str_equal (entity, "consent") || g_str_equal (entity, "campaign_member"))
    fill (self);
}

static void
rapport_consent_group_dispose (GObject *object)
{
  RapportConsentGroup *self = RAPPORT_CONSENT_GROUP (object);

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  if (self->changes != NULL)
    g_clear_signal_handler (&self->changed_id, self->changes);
  g_clear_object (&self->changes);
  g_clear_object (&self->store);
  g_clear_pointer (&self->contact_id, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (rapport_consent_group_parent_class)->dispose (object);
}

static void
rapport_consent_group_class_init (RapportConsentGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_consent_group_dispose;
}

static void
rapport_consent_group_init (RapportConsentGroup *self)
{
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Consent Status"));
  self->row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->row), _("Marketing E-mails"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->row), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->row);

  self->unsubscribe = gtk_button_new_with_mnemonic (_("_Unsubscribe from Marketing"));
  gtk_widget_set_valign (self->unsubscribe, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->unsubscribe, FALSE);
  g_signal_connect_swapped (self->unsubscribe, "clicked", G_CALLBACK (unsubscribe_clicked_cb), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self), self->unsubscribe);
}

/**
 * rapport_consent_group_new:
 * @contact: the contact shown
 *
 * Returns: (transfer floating): its e-mail marketing consent, read now and
 *   again as it changes
 */
GtkWidget *
rapport_consent_group_new (RapportStore *store,
                           JsonObject   *contact)
{
  RapportConsentGroup *self = g_object_new (RAPPORT_TYPE_CONSENT_GROUP, NULL);

  self->store = g_object_ref (store);
  self->contact_id = g_strdup (rapport_json_get_string (contact, "id"));
  self->name = rapport_record_title (rapport_entity_lookup ("contact"), contact);
  self->changes = g_object_ref (rapport_change_monitor_get_for_store (store));
  self->changed_id = g_signal_connect (self->changes, "changed", G_CALLBACK (changed_cb), self);
  fill (self);
  return GTK_WIDGET (self);
}
