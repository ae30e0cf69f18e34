/* rapport-record-list-model.c: a store query as a GListModel
 *
 * The model holds a snapshot (the ordered rowids of the query) and fetches
 * rows by position, a page at a time, when the list view asks for them; a
 * million contacts cost a million rowids, not a million records. Items live
 * as long as a row shows them or they are among the recently fetched, and
 * are found again by rowid, so an edit or a sync updates the very item a row
 * is bound to.
 *
 * When the store changes, a new snapshot is taken in a worker thread and
 * only the span that differs is reported as changed, so the list keeps the
 * user's place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-record-list-model"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-json.h"
#include "rapport-labels.h"
#include "rapport-money.h"
#include "rapport-queue-labels.h"
#include "rapport-record.h"
#include "rapport-record-list-model.h"
#include "rapport-scaled.h"
#include "rapport-store-score.h"

#define PAGE_SIZE 100
/* Rows kept alive beyond those on screen: a few pages of scrolling back. */
#define MAX_RECENT 1000

struct _RapportRecordListModel
{
  GObject              parent_instance;

  RapportStore        *store;          /* (owned) */
  const RapportEntity *entity;
  RapportChangeMonitor *changes;       /* (owned): one snapshot per burst of changes */
  gulong               changed_id;

  RapportSnapshot     *snapshot;       /* (owned) (nullable) */
  GHashTable          *items;          /* rowid → (unowned) RapportRecordItem */
  GQueue               recent;         /* (owned) RapportRecordItem, newest first */
  GHashTable          *titles;         /* id → (owned) title of referenced records */

  RapportSort          sort;
  GPtrArray           *filter_fields;  /* (owned) (element-type utf8) */
  GPtrArray           *filter_values;  /* (owned) (element-type GStrv): any of */
  char                *search;         /* (owned) (nullable) */
  char                *filter_json;    /* (owned) (nullable): a RapportFilter's JSON form */

  GCancellable        *cancellable;    /* (owned) (nullable): the snapshot being taken */
  GHashTable          *changed_ids;    /* (owned): ids to re-read when it arrives */
  gboolean             stale;          /* the store changed while it was being taken */
  gboolean             loading;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportRecordListModel, rapport_record_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  RapportStore *store;         /* (owned) */
  char         *entity;        /* (owned) */
  RapportSort   sort;
  GPtrArray    *filter_fields; /* (owned) */
  GPtrArray    *filter_values; /* (owned) (element-type GStrv) */
  char         *search;        /* (owned) (nullable) */
  char         *filter_json;   /* (owned) (nullable) */
  char         *user_id;       /* (owned) (nullable): "me" in the filter */
} SnapshotRequest;

static void
snapshot_request_free (SnapshotRequest *request)
{
  g_object_unref (request->store);
  g_free (request->entity);
  g_ptr_array_unref (request->filter_fields);
  g_ptr_array_unref (request->filter_values);
  g_free (request->search);
  g_free (request->filter_json);
  g_free (request->user_id);
  g_free (request);
}

static GPtrArray *
copy_strvs (GPtrArray *strvs)
{
  GPtrArray *copy = g_ptr_array_new_full (strvs->len, (GDestroyNotify) g_strfreev);

  for (guint i = 0; i < strvs->len; i++)
    g_ptr_array_add (copy, g_strdupv (g_ptr_array_index (strvs, i)));
  return copy;
}

static GPtrArray *
copy_strings (GPtrArray *strings)
{
  GPtrArray *copy = g_ptr_array_new_full (strings->len, g_free);

  for (guint i = 0; i < strings->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (strings, i)));
  return copy;
}

static guint
n_rows (RapportRecordListModel *self)
{
  return self->snapshot != NULL ? rapport_snapshot_get_n_rows (self->snapshot) : 0;
}

/* The store's name for a referenced record, cached: a page of contacts names
 * the same few companies over and over. */
static const char *
lookup_title (RapportRecordListModel *self,
              const char             *entity,
              const char             *id)
{
  const char *title;

  if (id == NULL)
    return NULL;
  title = g_hash_table_lookup (self->titles, id);
  if (title == NULL)
    {
      g_autoptr(JsonObject) record = rapport_store_get (self->store, entity, id, NULL);

      if (record == NULL)
        return NULL;
      title = rapport_record_title (rapport_entity_lookup (entity), record);
      g_hash_table_insert (self->titles, g_strdup (id), (char *) title);
    }
  return title;
}

static void
append_part (GString    *text,
             const char *part)
{
  if (part == NULL || *part == '\0')
    return;
  if (text->len > 0)
    g_string_append (text, " · ");
  g_string_append (text, part);
}

/* The second line of a row: what tells two similar records apart. */
static char *
describe (RapportRecordListModel *self,
          JsonObject             *record)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (record == NULL)
    return NULL;

  for (guint i = 0; self->entity->subtitle_fields[i] != NULL; i++)
    {
      const RapportField *field = rapport_entity_get_field (self->entity,
                                                            self->entity->subtitle_fields[i]);
      JsonNode *node = json_object_get_member (record, field->name);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      switch (field->kind)
        {
        case RAPPORT_FIELD_REF:
          append_part (text, lookup_title (self, field->ref_entity, rapport_json_get_string (record, field->name)));
          break;
        case RAPPORT_FIELD_EMAIL_LIST:
        case RAPPORT_FIELD_PHONE_LIST:
          if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0)
            {
              JsonNode *first = json_array_get_element (json_node_get_array (node), 0);

              if (JSON_NODE_HOLDS_OBJECT (first))
                append_part (text, rapport_json_get_string (json_node_get_object (first), "value"));
            }
          break;
        case RAPPORT_FIELD_MONEY:
          {
            g_autofree char *money = rapport_money_format (
              json_node_get_int (node), rapport_json_get_string (record, field->currency_field));

            append_part (text, money);
          }
          break;
        case RAPPORT_FIELD_ENUM:
          append_part (text, rapport_labels_field_choice (self->entity, field->name,
                                                          rapport_json_get_string (record, field->name)));
          break;
        case RAPPORT_FIELD_DATE:
        case RAPPORT_FIELD_DATETIME:
          {
            g_autofree char *date = rapport_labels_format_date (rapport_json_get_string (record, field->name));

            append_part (text, date);
          }
          break;
        default:
          append_part (text, rapport_json_get_string (record, field->name));
          break;
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The customer a queue's record is for: its contact, else its company. */
static const char *
customer_title (RapportRecordListModel *self,
                JsonObject             *record)
{
  const char * const targets[] = { "contact", "company" };

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      const RapportField *field = rapport_entity_find_ref (self->entity, targets[i], 0);
      const char *title = field != NULL ? lookup_title (self, targets[i], rapport_json_get_string (record, field->name))
                                        : NULL;

      if (title != NULL)
        return title;
    }
  return NULL;
}

/* The kept win chances of the deals @ids (NULL-terminated), as
 * rapport_store_kept_scores() gives them, in one read; %NULL for other
 * record types. */
static GHashTable *
read_scores (RapportRecordListModel *self,
             const char * const     *ids)
{
  g_autoptr(GError) error = NULL;
  GHashTable *scores;

  if (!g_str_equal (self->entity->name, "deal"))
    return NULL;
  if (!(scores = rapport_store_kept_scores (self->store, ids, &error)))
    g_warning ("Could not read the deals' win chances: %s", error->message);
  return scores;
}

/* Puts @record into @item with the lines its row shows; an open deal's
 * with its win chance, from @scores (nullable). */
static void
show_record (RapportRecordListModel *self,
             RapportRecordItem      *item,
             JsonObject             *record,
             GHashTable             *scores)
{
  /* A won or lost deal keeps 100 or 0: its row says its status. */
  gpointer kept = record != NULL && scores != NULL &&
                      g_strcmp0 (rapport_json_get_string (record, "status"), "open") == 0
                    ? g_hash_table_lookup (scores, rapport_json_get_string (record, "id"))
                    : NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *flags = NULL;
  const char *style = NULL;

  if (record != NULL && self->entity->queue != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      subtitle = rapport_queue_labels_subtitle (self->entity, record,
                                                customer_title (self, record), now);
      flags = rapport_queue_labels_flags (self->entity, record, now, &style);
    }
  else
    subtitle = describe (self, record);
  if (kept != NULL)
    {
      g_autofree char *percent = rapport_scaled_format_percent ((GPOINTER_TO_INT (kept) - 1) * 10000);
      g_autoptr(GString) text = g_string_new (subtitle);

      /* Translators: an open deal's chance to be won, in its list row: "Win chance 72 %" */
      g_autofree char *chance = g_strdup_printf (_("Win chance %s"), percent);

      append_part (text, chance);
      g_free (subtitle);
      subtitle = g_string_free (g_steal_pointer (&text), FALSE);
    }
  rapport_record_item_set_record (item, record, subtitle);
  rapport_record_item_set_flags (item, flags, style);
}

static void
item_finalized_cb (gpointer  data,
                   GObject  *where_the_object_was)
{
  RapportRecordListModel *self = data;
  GHashTableIter iter;
  gpointer value;

  /* The rowid is gone with the item; find the entry by value. Rare enough
   * (an item leaves both the screen and the recent queue) to walk. */
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == (gpointer) where_the_object_was)
      {
        g_hash_table_iter_remove (&iter);
        break;
      }
}

static void
remember (RapportRecordListModel *self,
          RapportRecordItem      *item)
{
  g_queue_push_head (&self->recent, g_object_ref (item));
  while (self->recent.length > MAX_RECENT)
    g_object_unref (g_queue_pop_tail (&self->recent));
}

static void
fetch_page (RapportRecordListModel *self,
            guint                   position)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) scores = NULL;
  guint start = position - position % PAGE_SIZE;

  rows = rapport_store_fetch (self->store, self->snapshot, start, PAGE_SIZE, &error);
  if (rows == NULL)
    {
      g_warning ("Could not read the rows at %u: %s", start, error->message);
      return;
    }
  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) ids = NULL;

    for (guint i = 0; i < rows->len; i++)
      if (rows->pdata[i] != NULL)
        g_strv_builder_add (builder, rapport_json_get_string (rows->pdata[i], "id"));
    ids = g_strv_builder_end (builder);
    scores = read_scores (self, (const char * const *) ids);
  }

  for (guint i = 0; i < rows->len; i++)
    {
      gint64 rowid = rapport_snapshot_get_rowid (self->snapshot, start + i);
      g_autoptr(RapportRecordItem) item = NULL;
      JsonObject *record = g_ptr_array_index (rows, i);

      if (g_hash_table_contains (self->items, &rowid))
        continue;
      item = rapport_record_item_new (self->entity, rowid);
      show_record (self, item, record, scores);
      g_hash_table_insert (self->items, g_memdup2 (&rowid, sizeof rowid), item);
      g_object_weak_ref (G_OBJECT (item), item_finalized_cb, self);
      remember (self, item);
    }
}

static void
set_loading (RapportRecordListModel *self,
             gboolean                loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Re-reads the records a change named, into the items rows are bound to. */
static void
refresh_changed_items (RapportRecordListModel *self)
{
  g_autofree gpointer *ids = NULL; /* borrowed from changed_ids */
  g_autoptr(GHashTable) scores = NULL;
  GHashTableIter iter;
  gpointer value;

  if (g_hash_table_size (self->changed_ids) == 0)
    return;

  ids = g_hash_table_get_keys_as_array (self->changed_ids, NULL);
  scores = read_scores (self, (const char * const *) ids);
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      RapportRecordItem *item = value;
      const char *id = rapport_record_item_get_id (item);
      g_autoptr(JsonObject) record = NULL;

      if (id == NULL || !g_hash_table_contains (self->changed_ids, id))
        continue;
      record = rapport_store_get (self->store, self->entity->name, id, NULL);
      show_record (self, item, record, scores);
      if (record == NULL)
        {
          /* SQLite may give the rowid to the next new record: forget it. */
          g_object_weak_unref (G_OBJECT (item), item_finalized_cb, self);
          g_hash_table_iter_remove (&iter);
        }
    }
  g_hash_table_remove_all (self->changed_ids);
}

static void
apply_snapshot (RapportRecordListModel *self,
                RapportSnapshot        *snapshot)
{
  guint old_n = n_rows (self);
  guint new_n = rapport_snapshot_get_n_rows (snapshot);
  guint shorter = MIN (old_n, new_n);
  guint prefix = 0, suffix = 0;

  /* Only the span between the common head and tail changed. */
  while (prefix < shorter &&
         rapport_snapshot_get_rowid (self->snapshot, prefix) ==
         rapport_snapshot_get_rowid (snapshot, prefix))
    prefix++;
  while (suffix < shorter - prefix &&
         rapport_snapshot_get_rowid (self->snapshot, old_n - 1 - suffix) ==
         rapport_snapshot_get_rowid (snapshot, new_n - 1 - suffix))
    suffix++;

  g_clear_pointer (&self->snapshot, rapport_snapshot_unref);
  self->snapshot = rapport_snapshot_ref (snapshot);

  refresh_changed_items (self);
  if (old_n - prefix - suffix > 0 || new_n - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                old_n - prefix - suffix, new_n - prefix - suffix);
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
take_snapshot_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  SnapshotRequest *request = task_data;
  g_autoptr(RapportQuery) query = rapport_query_new (request->entity);
  RapportSnapshot *snapshot;
  GError *error = NULL;

  rapport_query_set_sort (query, request->sort);
  for (guint i = 0; i < request->filter_fields->len; i++)
    rapport_query_add_filter_any (query, g_ptr_array_index (request->filter_fields, i),
                                  g_ptr_array_index (request->filter_values, i));
  rapport_query_set_search (query, request->search);
  if (request->filter_json != NULL)
    {
      const RapportEntity *entity = rapport_entity_lookup (request->entity);
      RapportFilter *filter = rapport_filter_from_json_text (entity, request->filter_json, &error);

      if (filter == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      rapport_query_set_filter (query, filter, request->user_id);
    }

  if (g_task_return_error_if_cancelled (task))
    return;
  snapshot = rapport_store_snapshot (request->store, query, &error);
  if (snapshot == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, snapshot, (GDestroyNotify) rapport_snapshot_unref);
}

static void reload (RapportRecordListModel *self);

static void
snapshot_taken_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  RapportRecordListModel *self = RAPPORT_RECORD_LIST_MODEL (object);
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  snapshot = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  if (snapshot != NULL)
    apply_snapshot (self, snapshot);
  else
    g_warning ("Could not list %s: %s", self->entity->table, error->message);
  if (self->stale)
    {
      reload (self);
      return;
    }
  set_loading (self, FALSE);
}

static void
reload (RapportRecordListModel *self)
{
  g_autoptr(GTask) task = NULL;
  SnapshotRequest *request;

  /* A newer question makes the older answer worthless. */
  self->stale = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  request = g_new0 (SnapshotRequest, 1);
  request->store = g_object_ref (self->store);
  request->entity = g_strdup (self->entity->name);
  request->sort = self->sort;
  request->filter_fields = copy_strings (self->filter_fields);
  request->filter_values = copy_strvs (self->filter_values);
  request->search = g_strdup (self->search);
  request->filter_json = g_strdup (self->filter_json);
  request->user_id = g_strdup (rapport_store_get_user_id (self->store));

  set_loading (self, TRUE);
  task = g_task_new (self, self->cancellable, snapshot_taken_cb, NULL);
  g_task_set_source_tag (task, reload);
  g_task_set_task_data (task, request, (GDestroyNotify) snapshot_request_free);
  g_task_run_in_thread (task, take_snapshot_thread);
}

/* Once per burst of commits: the pages of a sync come as one snapshot
 * (every 250 ms while it goes on), not one per page. */
static void
store_changed_cb (RapportChangeMonitor *changes,
                  const char           *entity,
                  const char * const   *ids,
                  RapportRecordListModel *self)
{
  if (strcmp (entity, self->entity->name) != 0)
    {
      /* A renamed company or stage shows in our rows' second lines. */
      g_hash_table_remove_all (self->titles);
      /* A filter may ask about related records (company.industry, has
       * deal): those may have made a record enter or leave. */
      if (self->filter_json == NULL)
        return;
    }

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    g_hash_table_add (self->changed_ids, g_strdup (ids[i]));
  /* The snapshot being taken still answers the question: shown first, so
   * that a long sync shows progress even where a snapshot takes longer
   * than a burst, then taken again. */
  if (self->cancellable != NULL)
    self->stale = TRUE;
  else
    reload (self);
}

static GType
rapport_record_list_model_get_item_type (GListModel *model)
{
  return RAPPORT_TYPE_RECORD_ITEM;
}

static guint
rapport_record_list_model_get_n_items (GListModel *model)
{
  return n_rows (RAPPORT_RECORD_LIST_MODEL (model));
}

static gpointer
rapport_record_list_model_get_item (GListModel *model,
                                    guint       position)
{
  RapportRecordListModel *self = RAPPORT_RECORD_LIST_MODEL (model);
  RapportRecordItem *item;
  gint64 rowid;

  if (position >= n_rows (self))
    return NULL;

  rowid = rapport_snapshot_get_rowid (self->snapshot, position);
  if (!(item = g_hash_table_lookup (self->items, &rowid)))
    {
      fetch_page (self, position);
      item = g_hash_table_lookup (self->items, &rowid);
    }
  return item != NULL ? g_object_ref (item) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = rapport_record_list_model_get_item_type;
  iface->get_n_items = rapport_record_list_model_get_n_items;
  iface->get_item = rapport_record_list_model_get_item;
}

static void
rapport_record_list_model_dispose (GObject *object)
{
  RapportRecordListModel *self = (RapportRecordListModel *) object;
  GHashTableIter iter;
  gpointer value;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_signal_handler (&self->changed_id, self->changes);
  g_clear_object (&self->changes);

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_object_weak_unref (value, item_finalized_cb, self);
  g_hash_table_remove_all (self->items);
  g_queue_clear_full (&self->recent, g_object_unref);

  G_OBJECT_CLASS (rapport_record_list_model_parent_class)->dispose (object);
}

static void
rapport_record_list_model_finalize (GObject *object)
{
  RapportRecordListModel *self = (RapportRecordListModel *) object;

  g_clear_pointer (&self->snapshot, rapport_snapshot_unref);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->titles, g_hash_table_unref);
  g_clear_pointer (&self->changed_ids, g_hash_table_unref);
  g_clear_pointer (&self->filter_fields, g_ptr_array_unref);
  g_clear_pointer (&self->filter_values, g_ptr_array_unref);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->filter_json, g_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rapport_record_list_model_parent_class)->finalize (object);
}

static void
rapport_record_list_model_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  RapportRecordListModel *self = RAPPORT_RECORD_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, n_rows (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_record_list_model_class_init (RapportRecordListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_record_list_model_dispose;
  object_class->finalize = rapport_record_list_model_finalize;
  object_class->get_property = rapport_record_list_model_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_record_list_model_init (RapportRecordListModel *self)
{
  self->items = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->changed_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->filter_fields = g_ptr_array_new_with_free_func (g_free);
  self->filter_values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_queue_init (&self->recent);
}

/**
 * rapport_record_list_model_new:
 * @changes: the changes of the store to list
 * @entity: "contact", "company", "deal" or "case"
 *
 * Returns: (transfer full): a model of every record of @entity, by name;
 *   it fills in once its first snapshot has been taken
 */
RapportRecordListModel *
rapport_record_list_model_new (RapportChangeMonitor *changes,
                               const char           *entity)
{
  RapportRecordListModel *self;

  g_return_val_if_fail (RAPPORT_IS_CHANGE_MONITOR (changes), NULL);
  g_return_val_if_fail (rapport_entity_lookup (entity) != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_RECORD_LIST_MODEL, NULL);
  self->changes = g_object_ref (changes);
  self->store = g_object_ref (rapport_change_monitor_get_store (changes));
  self->entity = rapport_entity_lookup (entity);
  self->changed_id = g_signal_connect (changes, "changed", G_CALLBACK (store_changed_cb), self);
  reload (self);
  return self;
}

const RapportEntity *
rapport_record_list_model_get_entity (RapportRecordListModel *self)
{
  g_return_val_if_fail (RAPPORT_IS_RECORD_LIST_MODEL (self), NULL);

  return self->entity;
}

gboolean
rapport_record_list_model_get_loading (RapportRecordListModel *self)
{
  g_return_val_if_fail (RAPPORT_IS_RECORD_LIST_MODEL (self), FALSE);

  return self->loading;
}

void
rapport_record_list_model_set_sort (RapportRecordListModel *self,
                                    RapportSort             sort)
{
  g_return_if_fail (RAPPORT_IS_RECORD_LIST_MODEL (self));

  if (self->sort == sort)
    return;
  self->sort = sort;
  reload (self);
}

/**
 * rapport_record_list_model_set_filter:
 * @value: (nullable): the value rows must have; %NULL drops the filter
 */
void
rapport_record_list_model_set_filter (RapportRecordListModel *self,
                                      const char             *field,
                                      const char             *value)
{
  const char * const values[] = { value, NULL };

  rapport_record_list_model_set_filter_any (self, field, value != NULL ? values : NULL);
}

/**
 * rapport_record_list_model_set_filter_any:
 * @values: (nullable) (array zero-terminated=1): the values rows may have,
 *   e.g. a case's unresolved statuses; %NULL drops the filter
 */
void
rapport_record_list_model_set_filter_any (RapportRecordListModel *self,
                                          const char             *field,
                                          const char * const     *values)
{
  g_return_if_fail (RAPPORT_IS_RECORD_LIST_MODEL (self));

  for (guint i = 0; i < self->filter_fields->len; i++)
    if (strcmp (g_ptr_array_index (self->filter_fields, i), field) == 0)
      {
        const char * const *old = g_ptr_array_index (self->filter_values, i);

        if (values != NULL && g_strv_equal (old, values))
          return;
        g_ptr_array_remove_index (self->filter_fields, i);
        g_ptr_array_remove_index (self->filter_values, i);
        break;
      }
  if (values != NULL)
    {
      g_ptr_array_add (self->filter_fields, g_strdup (field));
      g_ptr_array_add (self->filter_values, g_strdupv ((char **) values));
    }
  reload (self);
}

void
rapport_record_list_model_set_search (RapportRecordListModel *self,
                                      const char             *text)
{
  g_return_if_fail (RAPPORT_IS_RECORD_LIST_MODEL (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (self->search, text) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (text);
  reload (self);
}

/**
 * rapport_record_list_model_is_filtered:
 *
 * Returns: whether a search or a filter hides some records, so that an
 *   empty list means "no results" rather than "nothing yet"
 */
gboolean
rapport_record_list_model_is_filtered (RapportRecordListModel *self)
{
  g_return_val_if_fail (RAPPORT_IS_RECORD_LIST_MODEL (self), FALSE);

  return self->search != NULL || self->filter_fields->len > 0 || self->filter_json != NULL;
}

/**
 * rapport_record_list_model_set_filter_json:
 * @json: (nullable): a filter on the model's type in its JSON form, as
 *   rapport_filter_to_json() writes it; %NULL shows every record again
 *
 * Lists only the records the filter matches, besides the other filters,
 * sorted and searched as before, and follows the store as before.
 *
 * Returns: whether the filter is one of the model's type; if not, the
 *   list is left as it was and @error names what is wrong
 */
gboolean
rapport_record_list_model_set_filter_json (RapportRecordListModel *self,
                                           const char             *json,
                                           GError                **error)
{
  g_autoptr(RapportFilter) filter = NULL;

  g_return_val_if_fail (RAPPORT_IS_RECORD_LIST_MODEL (self), FALSE);

  if (json != NULL && (filter = rapport_filter_from_json_text (self->entity, json, error)) == NULL)
    return FALSE;
  if (g_strcmp0 (self->filter_json, json) == 0)
    return TRUE;
  g_free (self->filter_json);
  self->filter_json = g_strdup (json);
  reload (self);
  return TRUE;
}

/**
 * rapport_record_list_model_get_filter_json:
 *
 * Returns: (nullable): the filter set with
 *   rapport_record_list_model_set_filter_json()
 */
const char *
rapport_record_list_model_get_filter_json (RapportRecordListModel *self)
{
  g_return_val_if_fail (RAPPORT_IS_RECORD_LIST_MODEL (self), NULL);

  return self->filter_json;
}

/* The rowid of a fetched row, or -1. */
static gint64
find_rowid (RapportRecordListModel *self,
            const char             *id)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_strcmp0 (rapport_record_item_get_id (value), id) == 0)
      return rapport_record_item_get_rowid (value);
  return -1;
}

/**
 * rapport_record_list_model_find:
 *
 * Returns: the position of the record with @id among the rows fetched so
 *   far, or %GTK_INVALID_LIST_POSITION (G_MAXUINT)
 */
guint
rapport_record_list_model_find (RapportRecordListModel *self,
                                const char             *id)
{
  guint n;
  gint64 rowid;

  g_return_val_if_fail (RAPPORT_IS_RECORD_LIST_MODEL (self), G_MAXUINT);

  n = n_rows (self);
  if ((rowid = find_rowid (self, id)) < 0)
    return G_MAXUINT;
  for (guint i = 0; i < n; i++)
    if (rapport_snapshot_get_rowid (self->snapshot, i) == rowid)
      return i;
  return G_MAXUINT;
}

/**
 * rapport_record_list_model_lookup_title:
 *
 * Returns: (transfer full) (nullable): the title of a referenced record
 */
char *
rapport_record_list_model_lookup_title (RapportRecordListModel *self,
                                        const char             *entity,
                                        const char             *id)
{
  g_return_val_if_fail (RAPPORT_IS_RECORD_LIST_MODEL (self), NULL);

  return g_strdup (lookup_title (self, entity, id));
}

/**
 * rapport_record_list_model_dup_query:
 *
 * Returns: (transfer full): the list's query as it is now (type, filters,
 *   search, sort), for what works on the list as the user sees it: export
 */
RapportQuery *
rapport_record_list_model_dup_query (RapportRecordListModel *self)
{
  RapportQuery *query;

  g_return_val_if_fail (RAPPORT_IS_RECORD_LIST_MODEL (self), NULL);

  query = rapport_query_new (self->entity->name);
  rapport_query_set_sort (query, self->sort);
  for (guint i = 0; i < self->filter_fields->len; i++)
    rapport_query_add_filter_any (query, g_ptr_array_index (self->filter_fields, i),
                                  g_ptr_array_index (self->filter_values, i));
  rapport_query_set_search (query, self->search);
  if (self->filter_json != NULL)
    rapport_query_set_filter (query, rapport_filter_from_json_text (self->entity, self->filter_json, NULL),
                              rapport_store_get_user_id (self->store));
  return query;
}
