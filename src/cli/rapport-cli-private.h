/* rapport-cli-private.h: what the parts of rapport-cli share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-cli.h"
#include "rapport-query.h"
#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_CLI_ERROR (rapport_cli_error_quark ())

/**
 * RapportCliError:
 * @RAPPORT_CLI_ERROR_USAGE: the command line is wrong (exit status 2)
 * @RAPPORT_CLI_ERROR_NOT_SIGNED_IN: the database has no server or token yet
 * @RAPPORT_CLI_ERROR_FORBIDDEN: the signed-in user's role may not do it
 */
typedef enum {
  RAPPORT_CLI_ERROR_USAGE,
  RAPPORT_CLI_ERROR_NOT_SIGNED_IN,
  RAPPORT_CLI_ERROR_FORBIDDEN,
} RapportCliError;

GQuark rapport_cli_error_quark (void);

typedef struct
{
  char         *database;          /* (owned) (nullable): --database */
  gboolean      json;              /* --json: one JSON document on stdout */
  RapportStore *store;             /* (owned) (nullable): opened on first use */
  gboolean      conflicts_remain;  /* set by a command: exit status 3 */
  gboolean      changes_failed;    /* set by sync (changes not sent) and import (rows
                                    * refused): exit status 1 */
} RapportCli;

typedef gboolean (*RapportCliCommandFunc) (RapportCli *cli,
                                           char      **args,
                                           GError    **error);

/* rapport-cli.c */
RapportStore        *rapport_cli_get_store     (RapportCli          *cli,
                                                GError             **error);
gboolean             rapport_cli_parse         (RapportCli          *cli,
                                                char              ***args,
                                                const char          *parameters,
                                                const char          *summary,
                                                const GOptionEntry  *entries,
                                                guint                min_args,
                                                guint                max_args,
                                                GError             **error);
const RapportEntity *rapport_cli_lookup_entity (const char          *name,
                                                GError             **error);
char                *rapport_cli_list_types    (gboolean             searched);
void                 rapport_cli_set_usage_error (GError           **error,
                                                  const char        *format,
                                                  ...) G_GNUC_PRINTF (2, 3);

/* rapport-cli-records.c */
gboolean rapport_cli_add     (RapportCli *cli, char **args, GError **error);
gboolean rapport_cli_update  (RapportCli *cli, char **args, GError **error);
gboolean rapport_cli_delete  (RapportCli *cli, char **args, GError **error);
gboolean rapport_cli_get     (RapportCli *cli, char **args, GError **error);
gboolean rapport_cli_list    (RapportCli *cli, char **args, GError **error);
gboolean rapport_cli_search  (RapportCli *cli, char **args, GError **error);
RapportQuery *rapport_cli_build_query (const RapportEntity *entity,
                                       const char          *sort_name,
                                       char               **filters,
                                       const char          *where,
                                       const char          *search,
                                       RapportStore        *store,
                                       GError             **error);

/* rapport-cli-segments.c */
gboolean rapport_cli_segment (RapportCli *cli, char **args, GError **error);
JsonObject *rapport_cli_find_named   (RapportStore *store,
                                      const char   *entity,
                                      const char   *name,
                                      GError      **error);
JsonObject *rapport_cli_find_segment (RapportStore *store,
                                      const char   *name,
                                      GError      **error);

/* rapport-cli-campaigns.c */
gboolean rapport_cli_campaign (RapportCli *cli, char **args, GError **error);

/* rapport-cli-rules.c */
gboolean rapport_cli_rules (RapportCli *cli, char **args, GError **error);

/* rapport-cli-approvals.c */
gboolean rapport_cli_create_document (RapportCli *cli, char **args, GError **error);
gboolean rapport_cli_submit          (RapportCli *cli, char **args, GError **error);
gboolean rapport_cli_approve         (RapportCli *cli, char **args, GError **error);
gboolean rapport_cli_reject          (RapportCli *cli, char **args, GError **error);
gboolean rapport_cli_override        (RapportCli *cli, char **args, GError **error);
gboolean rapport_cli_recall          (RapportCli *cli, char **args, GError **error);
gboolean rapport_cli_revise          (RapportCli *cli, char **args, GError **error);
gboolean rapport_cli_amend           (RapportCli *cli, char **args, GError **error);

/* rapport-cli-import.c */
gboolean rapport_cli_import (RapportCli *cli, char **args, GError **error);
/* rapport-cli-reports.c */
gboolean rapport_cli_report   (RapportCli *cli, char **args, GError **error);

/* rapport-cli-score.c */
gboolean rapport_cli_score    (RapportCli *cli, char **args, GError **error);

/* rapport-cli-duplicates.c */
gboolean rapport_cli_duplicates (RapportCli *cli, char **args, GError **error);

/* rapport-cli-merge.c */
gboolean rapport_cli_merge   (RapportCli *cli, char **args, GError **error);
gboolean rapport_cli_unmerge (RapportCli *cli, char **args, GError **error);

/* rapport-cli-export.c */
gboolean rapport_cli_export (RapportCli *cli, char **args, GError **error);

/* rapport-cli-sync.c */
gboolean rapport_cli_login     (RapportCli *cli, char **args, GError **error);
gboolean rapport_cli_logout    (RapportCli *cli, char **args, GError **error);
gboolean rapport_cli_sync      (RapportCli *cli, char **args, GError **error);
gboolean rapport_cli_status    (RapportCli *cli, char **args, GError **error);
gboolean rapport_cli_conflicts (RapportCli *cli, char **args, GError **error);
gboolean rapport_cli_resolve   (RapportCli *cli, char **args, GError **error);

/* rapport-cli-failed.c */
gboolean   rapport_cli_failed  (RapportCli *cli, char **args, GError **error);
gboolean   rapport_cli_retry   (RapportCli *cli, char **args, GError **error);
gboolean   rapport_cli_discard (RapportCli *cli, char **args, GError **error);
char      *rapport_cli_format_failed_change   (JsonObject *change);
JsonArray *rapport_cli_failed_changes_to_json (GPtrArray  *failed);

/* rapport-cli-values.c */
gboolean rapport_cli_parse_assignment (const RapportEntity *entity,
                                       const char          *assignment,
                                       JsonObject          *values,
                                       GError             **error);
gboolean rapport_cli_split_assignment (const char          *assignment,
                                       char               **name_out,
                                       char               **value_out,
                                       GError             **error);
char    *rapport_cli_format_value     (JsonNode            *node);

/* rapport-cli-output.c */
void     rapport_cli_print_json       (JsonNode            *node);
void     rapport_cli_print_object     (JsonObject          *object);
void     rapport_cli_print_pairs      (GPtrArray           *pairs);
void     rapport_cli_print_record     (const RapportEntity *entity,
                                       JsonObject          *record);
void     rapport_cli_print_error      (RapportCli          *cli,
                                       const GError        *error);
int      rapport_cli_exit_status      (const GError        *error);
void     rapport_cli_show_progress    (guint                done,
                                       guint                total);
void     rapport_cli_end_progress     (void);

G_END_DECLS
