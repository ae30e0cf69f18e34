/* rapport-query.c: ordered snapshots of big lists, and search
 *
 * A list of a million contacts cannot be sorted in memory or paged with
 * LIMIT/OFFSET (45 ms at offset 500k). Instead a snapshot reads the matching
 * rowids once, in order, through an index (~120 ms for 1M rows), and the list
 * then fetches whatever rows are on screen by position, by rowid (~0.6 ms for
 * 100 rows), wherever the user jumps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-query"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-filter-sql.h"
#include "rapport-query.h"
#include "rapport-query-private.h"
#include "rapport-record.h"
#include "rapport-store-private.h"
#include "rapport-text.h"

struct _RapportQuery
{
  const RapportEntity *entity;
  RapportSort          sort;
  GPtrArray           *filter_fields;  /* (element-type utf8) */
  GPtrArray           *filter_values;  /* (element-type GStrv) (nullable elements): any of */
  char                *search;
  RapportFilter       *filter;         /* (nullable) (owned) */
  char                *filter_text;    /* (nullable): the filter, for the list's cache key */
  char                *user_id;        /* (nullable): "me" in the filter */
};

struct _RapportSnapshot
{
  const RapportEntity *entity;
  GArray              *rowids;     /* (element-type gint64) */
  guint32             *positions;  /* (owned) (nullable) (atomic): 1 + the position of each
                                    * rowid, 0 for none; made by the first search */
  gint64               max_rowid;  /* the length of positions - 1 */
};

/**
 * rapport_query_new:
 * @entity: the record type to list
 *
 * Returns: (transfer full) (nullable): a query for every record of @entity,
 *   sorted by name; %NULL if there is no such record type
 */
RapportQuery *
rapport_query_new (const char *entity)
{
  const RapportEntity *found = rapport_entity_lookup (entity);
  RapportQuery *query;

  if (found == NULL)
    return NULL;

  query = g_new0 (RapportQuery, 1);
  query->entity = found;
  query->sort = RAPPORT_SORT_NAME;
  query->filter_fields = g_ptr_array_new_with_free_func (g_free);
  query->filter_values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  return query;
}

void
rapport_query_free (RapportQuery *query)
{
  g_ptr_array_unref (query->filter_fields);
  g_ptr_array_unref (query->filter_values);
  g_free (query->search);
  rapport_filter_free (query->filter);
  g_free (query->filter_text);
  g_free (query->user_id);
  g_free (query);
}

void
rapport_query_set_sort (RapportQuery *query,
                        RapportSort   sort)
{
  query->sort = sort;
}

/**
 * rapport_query_set_filter:
 * @filter: (transfer full) (nullable): a filter on the query's type
 * @user_id: (nullable): who "me" is in @filter
 *
 * Lists only the records @filter matches, besides the equality filters.
 * Its relative dates ("in last 30 days") are counted from the moment the
 * list is taken, in the local time zone.
 */
void
rapport_query_set_filter (RapportQuery  *query,
                          RapportFilter *filter,
                          const char    *user_id)
{
  g_return_if_fail (filter == NULL || rapport_filter_get_entity (filter) == query->entity);

  rapport_filter_free (query->filter);
  query->filter = filter;
  g_free (query->filter_text);
  query->filter_text = filter != NULL ? rapport_filter_to_text (filter) : NULL;
  g_free (query->user_id);
  query->user_id = g_strdup (user_id);
}

/**
 * rapport_query_add_filter:
 * @field: a field marked RAPPORT_FIELD_FILTER, e.g. "owner_id" or "lifecycle"
 * @value: (nullable): the value rows must have; %NULL for rows without one
 */
void
rapport_query_add_filter (RapportQuery *query,
                          const char   *field,
                          const char   *value)
{
  const char * const values[] = { value, NULL };

  rapport_query_add_filter_any (query, field, value != NULL ? values : NULL);
}

/**
 * rapport_query_add_filter_any:
 * @field: a field marked RAPPORT_FIELD_FILTER
 * @values: (nullable) (array zero-terminated=1): the values rows may have,
 *   e.g. a case's unresolved statuses; %NULL for rows without one
 */
void
rapport_query_add_filter_any (RapportQuery       *query,
                              const char         *field,
                              const char * const *values)
{
  g_ptr_array_add (query->filter_fields, g_strdup (field));
  g_ptr_array_add (query->filter_values, g_strdupv ((char **) values));
}

/**
 * rapport_query_set_search:
 * @text: (nullable): what the user typed in the search bar
 */
void
rapport_query_set_search (RapportQuery *query,
                          const char   *text)
{
  g_free (query->search);
  query->search = g_strdup (text);
}

/* When a row is due: its SLA's next target, else its due time. */
static char *
due_expression (const RapportQueue *queue)
{
  if (queue->clock_field != NULL)
    return g_strdup_printf ("COALESCE (t.%s, t.%s)", queue->clock_field, queue->due_field);
  return g_strdup_printf ("t.%s", queue->due_field);
}

/* Soonest first, then those without a due time; the column holds UTC
 * RFC 3339 text, which sorts as time. */
static char *
query_due_order (RapportQuery *query)
{
  g_autofree char *due = due_expression (query->entity->queue);

  return g_strdup_printf (" ORDER BY %1$s IS NULL, %1$s, t.rowid", due);
}

/* The rank field's last choice first, unset last, then soonest due. */
static char *
query_rank_order (RapportQuery *query)
{
  const RapportQueue *queue = query->entity->queue;
  const RapportField *field = rapport_entity_get_field (query->entity, queue->rank_field);
  GString *order = g_string_new (" ORDER BY CASE t.");
  guint n = g_strv_length ((char **) field->choices);
  g_autofree char *due = NULL;

  /* Choices are identifiers from the descriptor, never user text. */
  g_string_append (order, field->name);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (order, " WHEN '%s' THEN %u", field->choices[n - 1 - i], i);
  due = due_expression (queue);
  g_string_append_printf (order, " ELSE %1$u END, %2$s IS NULL, %2$s, t.rowid", n, due);
  return g_string_free (order, FALSE);
}

static char *
order_by (RapportQuery *query,
          GError      **error)
{
  const RapportField *money;

  switch (query->sort)
    {
    case RAPPORT_SORT_NAME:
      return g_strdup (" ORDER BY t.sort_key, t.rowid");
    case RAPPORT_SORT_UPDATED:
      return g_strdup (" ORDER BY t.updated_at DESC, t.rowid DESC");
    case RAPPORT_SORT_AMOUNT:
      /* By the type's MONEY field. Amounts of different currencies are not
       * comparable as numbers: the currency comes first. */
      money = rapport_entity_get_money_field (query->entity);
      if ((query->entity->sorts & RAPPORT_LIST_SORT_AMOUNT) && money != NULL)
        return g_strdup_printf (" ORDER BY t.%s, t.%s DESC, t.rowid",
                                money->currency_field, money->name);
      break;
    case RAPPORT_SORT_DUE:
      if (query->entity->sorts & RAPPORT_LIST_SORT_DUE)
        return query_due_order (query);
      break;
    case RAPPORT_SORT_RANK:
      if (query->entity->sorts & RAPPORT_LIST_SORT_RANK)
        return query_rank_order (query);
      break;
    case RAPPORT_SORT_SCORE:
      /* Not scored yet (a deal just pulled) last. */
      if (query->entity->sorts & RAPPORT_LIST_SORT_SCORE)
        return g_strdup (" ORDER BY t.score IS NULL, t.score DESC, t.rowid");
      break;
    default:
      break;
    }
  g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID_QUERY,
               _("A list of %s cannot be sorted that way"), query->entity->table);
  return NULL;
}

/* "contact|0|owner_id=…|lifecycle=…": what a list shows before a search. */
static char *
list_key (RapportQuery *query)
{
  GString *key = g_string_new (query->entity->name);

  g_string_append_printf (key, "|%d", query->sort);
  for (guint i = 0; i < query->filter_fields->len; i++)
    {
      char **values = g_ptr_array_index (query->filter_values, i);
      g_autofree char *joined = values ? g_strjoinv (",", values) : NULL;

      g_string_append_printf (key, "|%s%c%s", (char *) g_ptr_array_index (query->filter_fields, i),
                              values ? '=' : '~', values ? joined : "");
    }
  /* A filter's relative dates move with the clock: its list is kept a minute. */
  if (query->filter != NULL)
    g_string_append_printf (key, "|%s|%s|%" G_GINT64_FORMAT, query->filter_text,
                            query->user_id ? query->user_id : "",
                            g_get_real_time () / (60 * G_USEC_PER_SEC));
  return g_string_free (key, FALSE);
}

typedef struct
{
  GMutex      lock;
  GHashTable *lists;  /* list_key -> CachedList */
} ListCache;

typedef struct
{
  guint64          generation;
  RapportSnapshot *snapshot;
} CachedList;

#define MAX_CACHED_LISTS 8

static void
cached_list_free (CachedList *cached)
{
  rapport_snapshot_unref (cached->snapshot);
  g_free (cached);
}

static void
list_cache_free (ListCache *cache)
{
  g_hash_table_unref (cache->lists);
  g_mutex_clear (&cache->lock);
  g_free (cache);
}

static ListCache *
get_list_cache (RapportStore *store)
{
  static GMutex creation;
  ListCache *cache;

  g_mutex_lock (&creation);
  cache = g_object_get_data (G_OBJECT (store), "rapport-list-cache");
  if (cache == NULL)
    {
      cache = g_new0 (ListCache, 1);
      g_mutex_init (&cache->lock);
      cache->lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) cached_list_free);
      g_object_set_data_full (G_OBJECT (store), "rapport-list-cache", cache,
                              (GDestroyNotify) list_cache_free);
    }
  g_mutex_unlock (&creation);
  return cache;
}

/* " AND (…)": the query's filter, with its values in @params. */
static gboolean
append_filter (RapportQuery *query,
               GString      *sql,
               GPtrArray    *params,
               GError      **error)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  RapportFilterContext context = { now, zone, query->user_id };

  g_string_append (sql, " AND ");
  return rapport_filter_to_sql (query->filter, &rapport_filter_store_dialect, &context, "t", sql,
                                params, error);
}

/* The rowids of every record the filters match, in order. */
static RapportSnapshot *
select_list (RapportStore *store,
             RapportQuery *query,
             guint64      *generation,
             GError      **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autofree char *order = NULL;
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  RapportStoreConnection *reader;
  sqlite3_stmt *stmt;
  int rc, index = 1;

  if (!(order = order_by (query, error)))
    return NULL;

  g_string_append_printf (sql, "SELECT t.rowid FROM %s AS t WHERE 1", query->entity->table);
  for (guint i = 0; i < query->filter_fields->len; i++)
    {
      const char *name = g_ptr_array_index (query->filter_fields, i);
      const RapportField *field = rapport_entity_get_field (query->entity, name);
      char **values = g_ptr_array_index (query->filter_values, i);

      if (field == NULL || !(field->flags & RAPPORT_FIELD_FILTER))
        {
          g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID_QUERY,
                       _("A list of %s cannot be filtered by “%s”"), query->entity->table, name);
          return NULL;
        }

      if (values == NULL)
        g_string_append_printf (sql, " AND t.%s IS NULL", field->name);
      else
        {
          g_string_append_printf (sql, " AND t.%s IN (", field->name);
          for (guint j = 0; values[j] != NULL; j++)
            g_string_append (sql, j > 0 ? ", ?" : "?");
          g_string_append (sql, ")");
        }
    }
  if (query->filter != NULL && !append_filter (query, sql, params, error))
    return NULL;
  g_string_append (sql, order);

  snapshot = g_atomic_rc_box_new0 (RapportSnapshot);
  snapshot->entity = query->entity;
  snapshot->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));

  *generation = rapport_store_get_generation (store);
  if (!(reader = rapport_store_begin_read (store, error)))
    return NULL;
  stmt = rapport_store_connection_prepare (reader, sql->str, error);
  if (stmt == NULL)
    {
      rapport_store_end_read (store, reader);
      return NULL;
    }
  for (guint i = 0; i < query->filter_values->len; i++)
    {
      char **values = g_ptr_array_index (query->filter_values, i);

      for (guint j = 0; values != NULL && values[j] != NULL; j++)
        sqlite3_bind_text (stmt, index++, values[j], -1, SQLITE_TRANSIENT);
    }
  rapport_filter_bind (stmt, params, index);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (snapshot->rowids, rowid);
    }
  if (rc != SQLITE_DONE)
    rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
  sqlite3_reset (stmt);
  rapport_store_end_read (store, reader);

  if (rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&snapshot);
}

/* The list as it stands, from the cache while nothing was written since. */
static RapportSnapshot *
get_list (RapportStore *store,
          RapportQuery *query,
          GError      **error)
{
  ListCache *cache = get_list_cache (store);
  g_autofree char *key = list_key (query);
  CachedList *cached;
  RapportSnapshot *snapshot;
  guint64 generation, now;

  now = rapport_store_get_generation (store);

  g_mutex_lock (&cache->lock);
  cached = g_hash_table_lookup (cache->lists, key);
  snapshot = cached != NULL && cached->generation == now ? rapport_snapshot_ref (cached->snapshot)
                                                         : NULL;
  g_mutex_unlock (&cache->lock);
  if (snapshot != NULL)
    return snapshot;

  snapshot = select_list (store, query, &generation, error);
  if (snapshot == NULL)
    return NULL;

  g_mutex_lock (&cache->lock);
  if (g_hash_table_size (cache->lists) >= MAX_CACHED_LISTS)
    g_hash_table_remove_all (cache->lists);
  cached = g_new0 (CachedList, 1);
  cached->generation = generation;
  cached->snapshot = rapport_snapshot_ref (snapshot);
  g_hash_table_replace (cache->lists, g_steal_pointer (&key), cached);
  g_mutex_unlock (&cache->lock);
  return snapshot;
}

/* Where each rowid of @list stands in it, made once per list and kept with
 * it: a search then marks the positions of its matches and reads them in
 * order, a pass over a bit per row instead of over every row's rowid. */
static const guint32 *
get_positions (RapportSnapshot *list)
{
  guint32 *positions = g_atomic_pointer_get (&list->positions);
  gint64 max_rowid = 0;

  if (positions != NULL)
    return positions;

  for (guint i = 0; i < list->rowids->len; i++)
    max_rowid = MAX (max_rowid, g_array_index (list->rowids, gint64, i));
  /* Rows many times fewer than rowids (most deleted) would make the map
   * big for nothing. */
  if (max_rowid > 4 * (gint64) list->rowids->len + 4096 || list->rowids->len >= G_MAXUINT32)
    return NULL;

  positions = g_new0 (guint32, max_rowid + 1);
  for (guint i = 0; i < list->rowids->len; i++)
    positions[g_array_index (list->rowids, gint64, i)] = i + 1;
  list->max_rowid = max_rowid;
  if (!g_atomic_pointer_compare_and_exchange (&list->positions, NULL, positions))
    g_free (positions);
  return g_atomic_pointer_get (&list->positions);
}

/* Marks each full-text match of @match: its position in the list in @bits
 * when there is a map of positions, else its rowid in @set. */
static gboolean
mark_matches (RapportStore    *store,
              RapportSnapshot *list,
              const guint32   *positions,
              const char      *match,
              guint64         *bits,
              GHashTable      *set,
              GError         **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT rowid FROM %s_fts WHERE %s_fts MATCH ?",
                                          list->entity->table, list->entity->table);
  RapportStoreConnection *reader;
  sqlite3_stmt *stmt;
  int rc;

  if (!(reader = rapport_store_begin_read (store, error)))
    return FALSE;
  stmt = rapport_store_connection_prepare (reader, sql, error);
  if (stmt == NULL)
    {
      rapport_store_end_read (store, reader);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      guint32 position;

      if (positions == NULL)
        {
          gint64 *key = g_new (gint64, 1);

          *key = rowid;
          g_hash_table_add (set, key);
        }
      /* A match the list leaves out (filtered, or written since) has none. */
      else if (rowid >= 0 && rowid <= list->max_rowid && (position = positions[rowid]) != 0)
        {
          position--;
          bits[position / 64] |= G_GUINT64_CONSTANT (1) << (position % 64);
        }
    }
  if (rc != SQLITE_DONE)
    rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
  sqlite3_reset (stmt);
  rapport_store_end_read (store, reader);
  return rc == SQLITE_DONE;
}

/* Keeps the rows of @list that the full-text query matches, in the list's
 * order: the matches' positions marked in a bitmap as SQLite finds them and
 * read in order, instead of sorting hundreds of thousands of matches again
 * for every keystroke. */
static RapportSnapshot *
filter_list (RapportStore    *store,
             RapportSnapshot *list,
             const char      *match,
             GError         **error)
{
  g_autoptr(RapportSnapshot) filtered = NULL;
  g_autoptr(GHashTable) set = NULL;
  g_autofree guint64 *bits = NULL;
  const guint32 *positions = get_positions (list);
  guint n_words = list->rowids->len / 64 + 1;
  guint n_matches = 0;

  /* A list with too sparse rowids for a map keeps what matches row by row. */
  if (positions != NULL)
    bits = g_new0 (guint64, n_words);
  else
    set = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (!mark_matches (store, list, positions, match, bits, set, error))
    return NULL;

  filtered = g_atomic_rc_box_new0 (RapportSnapshot);
  filtered->entity = list->entity;
  if (positions == NULL)
    filtered->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  else
    {
      for (guint w = 0; w < n_words; w++)
        n_matches += __builtin_popcountll (bits[w]);
      filtered->rowids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_matches);
    }
  if (positions == NULL)
    {
      for (guint i = 0; i < list->rowids->len; i++)
        if (g_hash_table_contains (set, &g_array_index (list->rowids, gint64, i)))
          g_array_append_val (filtered->rowids, g_array_index (list->rowids, gint64, i));
      return g_steal_pointer (&filtered);
    }

  /* Written in place rather than appended one by one: a keystroke may
   * keep hundreds of thousands of rows. */
  {
    const gint64 *from = (const gint64 *) (gpointer) list->rowids->data;
    gint64 *to;
    guint n = 0;

    g_array_set_size (filtered->rowids, n_matches);
    to = (gint64 *) (gpointer) filtered->rowids->data;
    for (guint w = 0; w < n_words; w++)
      for (guint64 word = bits[w]; word != 0; word &= word - 1)
        to[n++] = from[w * 64 + __builtin_ctzll (word)];
    g_assert (n == n_matches);
  }
  return g_steal_pointer (&filtered);
}

/* @snapshot without the records deleted while Undo is offered
 * (rapport-store-withheld.c); a copy, as @snapshot may be a cached list. */
static RapportSnapshot *
leave_out_withheld (RapportStore    *store,
                    RapportSnapshot *snapshot)
{
  g_autoptr(GHashTable) withheld = rapport_store_withheld_rowids (store, snapshot->entity);
  RapportSnapshot *kept;

  if (withheld == NULL)
    return snapshot;
  kept = g_atomic_rc_box_new0 (RapportSnapshot);
  kept->entity = snapshot->entity;
  kept->rowids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), snapshot->rowids->len);
  for (guint i = 0; i < snapshot->rowids->len; i++)
    if (!g_hash_table_contains (withheld, &g_array_index (snapshot->rowids, gint64, i)))
      g_array_append_val (kept->rowids, g_array_index (snapshot->rowids, gint64, i));
  rapport_snapshot_unref (snapshot);
  return kept;
}

/**
 * rapport_store_snapshot:
 *
 * Reads the rowids of every record the query matches, in order. The snapshot
 * does not change when records do: on a #RapportStore::changed signal the list
 * takes a new one. The list without its search is kept until the next write,
 * so that searching it as the user types costs only the search.
 * An unbounded read: the app takes it in a worker thread
 * (rapport_store_writer_check_read()).
 *
 * Returns: (transfer full): the snapshot, or %NULL with @error set
 */
RapportSnapshot *
rapport_store_snapshot (RapportStore *store,
                        RapportQuery *query,
                        GError      **error)
{
  g_autofree char *match = NULL;
  g_autoptr(RapportSnapshot) list = NULL;
  RapportSnapshot *filtered;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  rapport_store_writer_check_read ("rapport_store_snapshot()");

  if (query->search != NULL && (match = rapport_text_fts_query (query->search)) != NULL &&
      !query->entity->searchable)
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID_QUERY,
                   _("A list of %s cannot be searched"), query->entity->table);
      return NULL;
    }

  list = get_list (store, query, error);
  if (list == NULL)
    return NULL;
  if (match == NULL)
    return leave_out_withheld (store, g_steal_pointer (&list));
  filtered = filter_list (store, list, match, error);
  return filtered != NULL ? leave_out_withheld (store, filtered) : NULL;
}

RapportSnapshot *
rapport_snapshot_ref (RapportSnapshot *snapshot)
{
  return g_atomic_rc_box_acquire (snapshot);
}

static void
snapshot_clear (RapportSnapshot *snapshot)
{
  g_free (snapshot->positions);
  g_array_unref (snapshot->rowids);
}

void
rapport_snapshot_unref (RapportSnapshot *snapshot)
{
  g_atomic_rc_box_release_full (snapshot, (GDestroyNotify) snapshot_clear);
}

guint
rapport_snapshot_get_n_rows (RapportSnapshot *snapshot)
{
  return snapshot->rowids->len;
}

const RapportEntity *
rapport_snapshot_get_entity (RapportSnapshot *snapshot)
{
  return snapshot->entity;
}

gint64
rapport_snapshot_get_rowid (RapportSnapshot *snapshot,
                            guint            position)
{
  g_return_val_if_fail (position < snapshot->rowids->len, 0);

  return g_array_index (snapshot->rowids, gint64, position);
}

static void
unref_record (gpointer record)
{
  if (record != NULL)
    json_object_unref (record);
}

/**
 * rapport_store_fetch:
 * @position: the first row wanted
 * @n_rows: how many rows; fewer are returned at the end of the list
 *
 * Fetches the records at these positions of the snapshot. A record deleted
 * since the snapshot was taken is a %NULL element, so positions stay put
 * until the list takes a new snapshot.
 *
 * Returns: (transfer full) (element-type JsonObject): the records
 */
GPtrArray *
rapport_store_fetch (RapportStore    *store,
                     RapportSnapshot *snapshot,
                     guint            position,
                     guint            n_rows,
                     GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (unref_record);
  RapportStoreConnection *reader;
  gboolean own_transaction;
  sqlite3 *db;
  guint end;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (snapshot != NULL, NULL);

  end = MIN ((guint64) position + n_rows, snapshot->rowids->len);

  if (!(reader = rapport_store_begin_read (store, error)))
    return NULL;
  db = rapport_store_connection_get_db (reader);
  /* One read transaction for the page rather than one per row: each takes
   * and drops the WAL's read lock. */
  own_transaction = sqlite3_get_autocommit (db) && end - MIN (position, end) > 1 &&
                    sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
  for (guint i = position; i < end; i++)
    {
      JsonObject *record;

      record = rapport_store_connection_read_rowid (reader, snapshot->entity,
                                                    g_array_index (snapshot->rowids, gint64, i),
                                                    error);
      if (record == NULL && error != NULL && *error != NULL)
        {
          if (own_transaction)
            sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
          rapport_store_end_read (store, reader);
          return NULL;
        }
      g_ptr_array_add (rows, record);
    }
  if (own_transaction)
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  rapport_store_end_read (store, reader);

  return g_steal_pointer (&rows);
}

void
rapport_search_hit_free (RapportSearchHit *hit)
{
  g_free (hit->id);
  g_free (hit->title);
  g_free (hit);
}

/**
 * rapport_store_search:
 * @text: what the user typed
 * @limit: how many hits at most for each record type
 *
 * Finds contacts, companies, deals and cases whose words start with the
 * typed words, newest first. Results are not ranked: FTS5's rank ordering
 * costs up to 400 ms on a million rows, too slow to follow typing.
 *
 * Returns: (transfer full) (element-type RapportSearchHit): the hits, contacts
 *   first, then companies, deals and cases
 */
GPtrArray *
rapport_store_search (RapportStore *store,
                      const char   *text,
                      guint         limit,
                      GError      **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_search_hit_free);
  g_autofree char *match = rapport_text_fts_query (text);
  guint n_searched;
  const RapportEntity * const *searched = rapport_entity_searched (&n_searched);
  RapportStoreConnection *reader;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  if (match == NULL)
    return g_steal_pointer (&hits);

  if (!(reader = rapport_store_begin_read (store, error)))
    return NULL;
  for (guint i = 0; i < n_searched; i++)
    {
      const RapportEntity *entity = searched[i];
      g_autofree char *sql = g_strdup_printf ("SELECT rowid FROM %s_fts WHERE %s_fts MATCH ?"
                                              " ORDER BY rowid DESC LIMIT ?",
                                              entity->table, entity->table);
      g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
      sqlite3_stmt *stmt = rapport_store_connection_prepare (reader, sql, error);
      int rc;

      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 2, limit);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 rowid = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (rowids, rowid);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
          goto fail;
        }

      for (guint j = 0; j < rowids->len; j++)
        {
          g_autoptr(JsonObject) record = NULL;
          RapportSearchHit *hit;

          record = rapport_store_connection_read_rowid (reader, entity,
                                                        g_array_index (rowids, gint64, j), error);
          if (record == NULL)
            {
              if (error != NULL && *error != NULL)
                goto fail;
              continue;
            }
          hit = g_new0 (RapportSearchHit, 1);
          hit->entity = entity;
          hit->id = g_strdup (json_object_get_string_member (record, "id"));
          hit->title = rapport_record_title (entity, record);
          g_ptr_array_add (hits, hit);
        }
    }
  rapport_store_end_read (store, reader);
  return g_steal_pointer (&hits);

fail:
  rapport_store_end_read (store, reader);
  return NULL;
}

/**
 * rapport_store_snapshot_sql:
 * @entity: the record type whose rowids @sql selects
 * @sql: a statement whose first column is the rowid of @entity's table, in
 *   list order
 * @params: (array length=n_params) (nullable): text bound to ?1, ?2, …; a
 *   %NULL element binds SQL NULL
 *
 * Takes a snapshot for the lists whose order or filter RapportQuery cannot
 * express: timelines and task buckets. An unbounded read, like
 * rapport_store_snapshot().
 *
 * Returns: (transfer full): the snapshot, or %NULL with @error set
 */
RapportSnapshot *
rapport_store_snapshot_sql (RapportStore        *store,
                            const RapportEntity *entity,
                            const char          *sql,
                            const char * const  *params,
                            guint                n_params,
                            GError             **error)
{
  g_autoptr(RapportSnapshot) snapshot = NULL;
  RapportStoreConnection *reader;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL && sql != NULL, NULL);
  rapport_store_writer_check_read ("rapport_store_snapshot_sql()");

  snapshot = g_atomic_rc_box_new0 (RapportSnapshot);
  snapshot->entity = entity;
  snapshot->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!(reader = rapport_store_begin_read (store, error)))
    return NULL;
  stmt = rapport_store_connection_prepare (reader, sql, error);
  if (stmt == NULL)
    {
      rapport_store_end_read (store, reader);
      return NULL;
    }
  for (guint i = 0; i < n_params; i++)
    {
      if (params[i] != NULL)
        sqlite3_bind_text (stmt, i + 1, params[i], -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null (stmt, i + 1);
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (snapshot->rowids, rowid);
    }
  if (rc != SQLITE_DONE)
    rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
  sqlite3_reset (stmt);
  rapport_store_end_read (store, reader);

  if (rc != SQLITE_DONE)
    return NULL;
  return leave_out_withheld (store, g_steal_pointer (&snapshot));
}

/* Every row of @snapshot that still exists: a row deleted between the
 * snapshot and the fetch, a NULL element of rapport_store_fetch(), is left
 * out. */
GPtrArray *
rapport_store_fetch_all (RapportStore    *store,
                         RapportSnapshot *snapshot,
                         GError         **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  rows = rapport_store_fetch (store, snapshot, 0, rapport_snapshot_get_n_rows (snapshot), error);
  if (rows == NULL)
    return NULL;
  for (guint i = rows->len; i > 0; i--)
    if (g_ptr_array_index (rows, i - 1) == NULL)
      g_ptr_array_remove_index (rows, i - 1);
  return g_steal_pointer (&rows);
}
