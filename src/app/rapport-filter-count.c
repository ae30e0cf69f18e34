/* rapport-filter-count.c: how many records a filter matches, counted as it is edited
 *
 * "12 contacts match" under the filter editor. Counting a filter over a
 * large book takes a snapshot of the matching rows (milliseconds to tens
 * of them), so it runs in a worker; a change to the filter waits for the
 * typing to pause, cancels the count under way and starts another, so the
 * number shown is always that of the filter on screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-filter-count"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-filter-count.h"
#include "rapport-query.h"
#include "rapport-store-async.h"

/* Long enough for a word being typed, short enough to feel live. */
#define DEBOUNCE_MS 250

struct _RapportFilterCount
{
  GtkBox               parent_instance;

  RapportStore        *store;        /* (owned) */
  const RapportEntity *entity;
  char                *json;         /* (owned) (nullable): the filter to count */
  guint                debounce_id;
  GCancellable        *cancellable;  /* (owned) (nullable): the count under way */
  GtkLabel            *label;
  GtkSpinner          *spinner;
};

G_DEFINE_FINAL_TYPE (RapportFilterCount, rapport_filter_count, GTK_TYPE_BOX)

typedef struct
{
  char *entity;   /* (owned) */
  char *json;     /* (owned) (nullable) */
  char *user_id;  /* (owned) (nullable) */
} CountRequest;

static void
count_request_free (CountRequest *request)
{
  g_free (request->entity);
  g_free (request->json);
  g_free (request->user_id);
  g_free (request);
}

/* In a worker: the number of rows of the filter's snapshot. */
static gpointer
count_rows (RapportStore *store,
            gpointer      data,
            GError      **error)
{
  CountRequest *request = data;
  g_autoptr(RapportQuery) query = rapport_query_new (request->entity);
  g_autoptr(RapportSnapshot) snapshot = NULL;
  guint *n;

  if (request->json != NULL)
    {
      RapportFilter *filter =
        rapport_filter_from_json_text (rapport_entity_lookup (request->entity), request->json, error);

      if (filter == NULL)
        return NULL;
      rapport_query_set_filter (query, filter, request->user_id);
    }
  if (!(snapshot = rapport_store_snapshot (store, query, error)))
    return NULL;
  n = g_new (guint, 1);
  *n = rapport_snapshot_get_n_rows (snapshot);
  return n;
}

/**
 * rapport_filter_count_async:
 * @json: (nullable): a filter on @entity in its JSON form; %NULL for all
 *
 * Counts the records @json matches, in a worker.
 */
void
rapport_filter_count_async (RapportStore        *store,
                            const RapportEntity *entity,
                            const char          *json,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  CountRequest *request = g_new0 (CountRequest, 1);

  request->entity = g_strdup (entity->name);
  request->json = g_strdup (json);
  request->user_id = g_strdup (rapport_store_get_user_id (store));
  rapport_store_read_async (store, count_rows, request, (GDestroyNotify) count_request_free, g_free,
                            cancellable, callback, user_data);
}

gboolean
rapport_filter_count_finish (RapportStore *store,
                             GAsyncResult *result,
                             guint        *n,
                             GError      **error)
{
  g_autofree guint *counted = rapport_store_read_finish (store, result, error);

  if (counted == NULL)
    return FALSE;
  *n = *counted;
  return TRUE;
}

/**
 * rapport_filter_count_describe:
 *
 * Returns: (transfer full): "12 contacts match"
 */
char *
rapport_filter_count_describe (const RapportEntity *entity,
                               guint                n)
{
  if (strcmp (entity->name, "contact") == 0)
    return g_strdup_printf (ngettext ("%u contact matches", "%u contacts match", n), n);
  if (strcmp (entity->name, "company") == 0)
    return g_strdup_printf (ngettext ("%u company matches", "%u companies match", n), n);
  if (strcmp (entity->name, "deal") == 0)
    return g_strdup_printf (ngettext ("%u deal matches", "%u deals match", n), n);
  if (strcmp (entity->name, "case") == 0)
    return g_strdup_printf (ngettext ("%u case matches", "%u cases match", n), n);
  return g_strdup_printf (ngettext ("%u record matches", "%u records match", n), n);
}

static void
counted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RapportFilterCount) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n = 0;

  if (!rapport_filter_count_finish (RAPPORT_STORE (object), result, &n, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Could not count the filter’s records: %s", error->message);
    }
  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->spinner);
  text = error == NULL ? rapport_filter_count_describe (self->entity, n) : g_strdup ("");
  gtk_label_set_label (self->label, text);
}

static gboolean
count_cb (gpointer data)
{
  RapportFilterCount *self = data;

  self->debounce_id = 0;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  rapport_filter_count_async (self->store, self->entity, self->json, self->cancellable, counted_cb,
                              g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
rapport_filter_count_dispose (GObject *object)
{
  RapportFilterCount *self = RAPPORT_FILTER_COUNT (object);

  g_clear_handle_id (&self->debounce_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->json, g_free);
  G_OBJECT_CLASS (rapport_filter_count_parent_class)->dispose (object);
}

static void
rapport_filter_count_class_init (RapportFilterCountClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_filter_count_dispose;
}

static void
rapport_filter_count_init (RapportFilterCount *self)
{
  gtk_box_set_spacing (GTK_BOX (self), 6);
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->label, 0);
  gtk_label_set_wrap (self->label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "heading");
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->label));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->spinner));
}

GtkWidget *
rapport_filter_count_new (RapportStore        *store,
                          const RapportEntity *entity)
{
  RapportFilterCount *self = g_object_new (RAPPORT_TYPE_FILTER_COUNT, NULL);

  self->store = g_object_ref (store);
  self->entity = entity;
  return GTK_WIDGET (self);
}

/**
 * rapport_filter_count_set_filter:
 * @json: (nullable): the filter being edited, in its JSON form
 *
 * Counts its records once the user pauses.
 */
void
rapport_filter_count_set_filter (RapportFilterCount *self,
                                 const char         *json)
{
  g_return_if_fail (RAPPORT_IS_FILTER_COUNT (self));

  g_free (self->json);
  self->json = g_strdup (json);
  gtk_spinner_start (self->spinner);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  self->debounce_id = g_timeout_add (DEBOUNCE_MS, count_cb, self);
}
