/* rapport-server-backend.h: what the server needs from a database
 *
 * The routes only call these functions; a backend (SQLite, PostgreSQL) fills
 * in the vtable. All calls happen on one thread; a write is
 * always inside begin()/commit().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "rapport-filter.h"

G_BEGIN_DECLS

#define RAPPORT_BACKEND_ERROR (rapport_backend_error_quark ())

/**
 * RapportBackendError:
 * @RAPPORT_BACKEND_ERROR_FAILED: the database refused or failed
 * @RAPPORT_BACKEND_ERROR_BUSY: another process holds the database, or it is
 *   out of reach for now; try again
 * @RAPPORT_BACKEND_ERROR_EXISTS: a unique key (a user name) is taken
 */
typedef enum
{
  RAPPORT_BACKEND_ERROR_FAILED,
  RAPPORT_BACKEND_ERROR_BUSY,
  RAPPORT_BACKEND_ERROR_EXISTS,
} RapportBackendError;

/* list_records and list_changes stop reading once the rows they hold pass
 * this many bytes, whatever their limit: a page is made of what they return. */
#define RAPPORT_BACKEND_PAGE_BYTES (8 * 1024 * 1024)

/* One row of a table, or of the changes feed. */
typedef struct
{
  char    *entity;  /* "contact" */
  char    *id;
  gint64   version;
  gint64   seq;     /* position in the server-wide change sequence */
  gboolean deleted;
  char    *data;    /* (nullable): the record as JSON text; NULL for a tombstone */
} RapportStoredRecord;

typedef struct _RapportServerBackend RapportServerBackend;

/* One row of a table read whole (read_table): @values[i] is the text of
 * column @names[i], NULL for SQL NULL. Returns FALSE to stop, with @error
 * set if that is a failure. */
typedef gboolean (*RapportBackendRowFunc) (const char * const *names,
                                           const char * const *values,
                                           guint               n_columns,
                                           gpointer            user_data,
                                           GError            **error);

typedef struct
{
  void     (*free)            (RapportServerBackend *self);
  gboolean (*begin)           (RapportServerBackend *self,
                               GError              **error);
  gboolean (*commit)          (RapportServerBackend *self,
                               GError              **error);
  void     (*rollback)        (RapportServerBackend *self);
  /* *out is NULL when the record never existed */
  gboolean (*get_record)      (RapportServerBackend *self,
                               const char           *entity,
                               const char           *id,
                               RapportStoredRecord **out,
                               GError              **error);
  /* data NULL writes a tombstone; the record gets the next sequence number;
   * @parent_id: (nullable): what list_children() finds it under */
  gboolean (*put_record)      (RapportServerBackend *self,
                               const char           *entity,
                               const char           *id,
                               gint64                version,
                               const char           *data,
                               const char           *parent_id,
                               gint64               *out_seq,
                               GError              **error);
  /* live records of @entity with id > @after, by id; fills @out */
  gboolean (*list_records)    (RapportServerBackend *self,
                               const char           *entity,
                               const char           *after,
                               guint                 limit,
                               GPtrArray            *out,
                               GError              **error);
  /* live records of @entity put under @parent_id with id > @after, by id */
  gboolean (*list_children)   (RapportServerBackend *self,
                               const char           *entity,
                               const char           *parent_id,
                               const char           *after,
                               guint                 limit,
                               GPtrArray            *out,
                               GError              **error);
  /* how many live records of @entity have @value in their text field
   * @field (the lines of a product) */
  gboolean (*count_referring) (RapportServerBackend *self,
                               const char           *entity,
                               const char           *field,
                               const char           *value,
                               gint64               *out_count,
                               GError              **error);
  /* live records of @entity whose text field @field is @value, with id >
   * @after, by id: what points at a record (a merge moves them) */
  gboolean (*list_referring)  (RapportServerBackend *self,
                               const char           *entity,
                               const char           *field,
                               const char           *value,
                               const char           *after,
                               guint                 limit,
                               GPtrArray            *out,
                               GError              **error);
  /* for each of @values (a JSON array of texts) that the @field of live
   * records of @entity holds, the latest of their @time_field up to
   * @upto, into @out (value → time, both owned): in one pass, what last
   * touched each of many records */
  gboolean (*latest_referring) (RapportServerBackend *self,
                                const char           *entity,
                                const char           *field,
                                const char           *values,
                                const char           *time_field,
                                const char           *upto,
                                GHashTable           *out,
                                GError              **error);
  /* ids of the live records of @filter's type that it matches, by id
   * (the filter language's SQL, rapport-filter-sql.c) */
  gboolean (*filter_records)  (RapportServerBackend       *self,
                               const RapportFilter        *filter,
                               const RapportFilterContext *context,
                               GPtrArray                  *out_ids,
                               GError                    **error);
  /* which of @n_filters filters of one type the live record @id of that
   * type matches, into @out_matches: automation rules' conditions, on the
   * record a write just stored, in one query */
  gboolean (*filters_match)   (RapportServerBackend        *self,
                               RapportFilter * const       *filters,
                               guint                        n_filters,
                               const RapportFilterContext  *context,
                               const char                  *id,
                               gboolean                    *out_matches,
                               GError                     **error);
  /* records and tombstones with seq > @since, by seq */
  gboolean (*list_changes)    (RapportServerBackend *self,
                               gint64                since,
                               guint                 limit,
                               GPtrArray            *out,
                               GError              **error);
  /* how many records and tombstones have seq > @since: what a feed still
   * has to send after that cursor */
  gboolean (*count_changes)   (RapportServerBackend *self,
                               gint64                since,
                               guint64              *out_count,
                               GError              **error);
  gboolean (*add_history)     (RapportServerBackend *self,
                               const char           *entity,
                               const char           *id,
                               gint64                version,
                               const char           *entry,
                               GError              **error);
  /* JSON texts of the entries, oldest first */
  gboolean (*list_history)    (RapportServerBackend *self,
                               const char           *entity,
                               const char           *id,
                               GPtrArray            *out,
                               GError              **error);
  /* *out_entry is NULL when there is no entry for @version */
  gboolean (*get_history)     (RapportServerBackend *self,
                               const char           *entity,
                               const char           *id,
                               gint64                version,
                               char                **out_entry,
                               GError              **error);
  /* *out_result is NULL when @op_id was never seen from @user_id */
  gboolean (*get_op_result)   (RapportServerBackend *self,
                               const char           *user_id,
                               const char           *op_id,
                               char                **out_result,
                               GError              **error);
  gboolean (*put_op_result)   (RapportServerBackend *self,
                               const char           *user_id,
                               const char           *op_id,
                               const char           *result,
                               GError              **error);
  /* deletes up to @limit op results stored before @before (Unix time):
   * call again while it deletes @limit */
  gboolean (*prune_op_results) (RapportServerBackend *self,
                                gint64                before,
                                guint                 limit,
                                guint                *out_deleted,
                                GError              **error);
  /* Failed logins, kept in the database so that every process on it
   * counts them together (rapport-server-auth.c). @key names what is
   * limited ("name:…", "address:…"); times are Unix µs. Each call is a
   * transaction of its own: never inside begin()/commit().
   * Counts one failure of @key: one more in its window if that began
   * after @now - @window, else the first of a window beginning at @now.
   * Windows that ended are forgotten. */
  gboolean (*add_login_failure)  (RapportServerBackend *self,
                                  const char           *key,
                                  gint64                now,
                                  gint64                window,
                                  GError              **error);
  /* the failures of @key's window if it began after @now - @window, and
   * when it began; 0 and @now without one */
  gboolean (*get_login_failures) (RapportServerBackend *self,
                                  const char           *key,
                                  gint64                now,
                                  gint64                window,
                                  guint                *out_failures,
                                  gint64               *out_window_start,
                                  GError              **error);
  /* forgets @key's failures: a right password */
  gboolean (*clear_login_failures) (RapportServerBackend *self,
                                    const char           *key,
                                    GError              **error);
  /* *out_user_id is NULL when nobody has that name */
  gboolean (*get_credentials) (RapportServerBackend *self,
                               const char           *name,
                               char                **out_user_id,
                               char                **out_hash,
                               GError              **error);
  gboolean (*list_credentials) (RapportServerBackend *self,
                                GPtrArray            *out_user_ids,
                                GError              **error);
  /* @hash NULL keeps the old password (a rename) */
  gboolean (*set_credentials) (RapportServerBackend *self,
                               const char           *user_id,
                               const char           *name,
                               const char           *hash,
                               GError              **error);
  gboolean (*add_token)       (RapportServerBackend *self,
                               const char           *token_hash,
                               const char           *user_id,
                               gint64                expires_at,
                               GError              **error);
  /* *out_user_id is NULL when the token is unknown */
  gboolean (*lookup_token)    (RapportServerBackend *self,
                               const char           *token_hash,
                               char                **out_user_id,
                               char                **out_stored_hash,
                               gint64               *out_expires_at,
                               GError              **error);
  /* by token, or every token of a user */
  gboolean (*delete_tokens)   (RapportServerBackend *self,
                               const char           *token_hash,
                               const char           *user_id,
                               GError              **error);
  /* a live record whose text cannot be read; *out_new is FALSE when it was
   * already noted. Writing the record clears the note. */
  gboolean (*note_damaged)    (RapportServerBackend *self,
                               const char           *entity,
                               const char           *id,
                               gint64                seq,
                               const char           *found_at,
                               gboolean             *out_new,
                               GError              **error);
  /* fills @out with JsonObjects {entity, id, seq, found_at} */
  gboolean (*list_damaged)    (RapportServerBackend *self,
                               GPtrArray            *out,
                               GError              **error);
  /* the database's id and its current epoch (see docs/openapi.yaml, ServerIdentity) */
  void     (*get_identity)    (RapportServerBackend *self,
                               const char          **out_id,
                               const char          **out_epoch);
  /* starts a new epoch: after a restore, clients re-send what it lacks */
  gboolean (*new_epoch)       (RapportServerBackend *self,
                               GError              **error);
  /* the next number of @entity's counter for @year, from 1; never the same
   * twice, also after a delete (rapport-server-numbers.c) */
  gboolean (*next_number)     (RapportServerBackend *self,
                               const char           *entity,
                               int                   year,
                               gint64               *out_number,
                               GError              **error);
  /* what the server notes about its own database; *out_value NULL if unset */
  gboolean (*get_meta)        (RapportServerBackend *self,
                               const char           *key,
                               char                **out_value,
                               GError              **error);
  gboolean (*set_meta)        (RapportServerBackend *self,
                               const char           *key,
                               const char           *value,
                               GError              **error);
  /* how many live cases of @queue_id are assigned to @assignee_id with a
   * status among @statuses (NULL-terminated), counted up to @up_to (0: no
   * limit): an agent's load in a queue, read on every case a queue
   * assigns, so it must not read the cases */
  gboolean (*count_queue_load) (RapportServerBackend *self,
                                const char           *queue_id,
                                const char           *assignee_id,
                                const char * const   *statuses,
                                gint64                up_to,
                                gint64               *out_count,
                                GError              **error);
  /* Copying a whole database (rapport-server-migrate.c), table by table
   * and column by column, whatever the tables hold. The names of the
   * database's tables, sorted: */
  gboolean (*list_tables)     (RapportServerBackend *self,
                               GPtrArray            *out_names,
                               GError              **error);
  /* every row of @table, ordered by @order_by (a list of its columns),
   * all columns as text; inside the open transaction if there is one */
  gboolean (*read_table)      (RapportServerBackend  *self,
                               const char            *table,
                               const char            *order_by,
                               RapportBackendRowFunc  func,
                               gpointer               user_data,
                               GError               **error);
  /* (optional): NULL in a backend nothing is copied into. Inside a
   * transaction: deletes every row of @table ... */
  gboolean (*empty_table)     (RapportServerBackend *self,
                               const char           *table,
                               GError              **error);
  /* ... and adds @rows, each an array of @n_columns texts (NULL for SQL
   * NULL) for @columns */
  gboolean (*write_rows)      (RapportServerBackend *self,
                               const char           *table,
                               const char * const   *columns,
                               guint                 n_columns,
                               GPtrArray            *rows,
                               GError              **error);
} RapportServerBackendVTable;

struct _RapportServerBackend
{
  const RapportServerBackendVTable *vtable;
  /* "entity/id" of the documents whose lines the open transaction wrote:
   * rapport-server-documents.c totals each once before the commit */
  GHashTable                       *stale_documents;
  /* ids of the quotes accepted in the open transaction: each makes its
   * order before the commit (rapport-server-lifecycle.c) */
  GPtrArray                        *accepted_quotes;
  /* how deep the write being applied is in a cascade of automation
   * rules: 0 for a user's, n + 1 for one made by a rule that a write of
   * depth n fired (rapport-server-automation.c) */
  guint                             automation_depth;
  /* (nullable): rule id → the rule as last read, parsed, with its
   * conditions: reparsed only when its stored text changes */
  GHashTable                       *automation_rules;
};

GQuark                rapport_backend_error_quark     (void);
RapportServerBackend *rapport_server_backend_open     (const char *database,
                                                       GError    **error);
gboolean              rapport_server_backend_is_postgresql (const char *database);
RapportServerBackend *rapport_server_backend_sqlite_open (const char *path,
                                                          GError    **error);
RapportServerBackend *rapport_server_backend_postgresql_open (const char *url,
                                                              GError    **error);
void                  rapport_server_backend_free     (RapportServerBackend *self);
void                  rapport_stored_record_free      (RapportStoredRecord  *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportServerBackend, rapport_server_backend_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportStoredRecord, rapport_stored_record_free)

G_END_DECLS
