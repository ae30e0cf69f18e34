/* rapport-cli-export.c: export a list of records
 *
 * rapport-cli export TYPE [--search TEXT] [--filter F=V] [--where FILTER] [--format csv|vcard3|vcard4]
 * [--excel] [-o FILE] writes the list as `list` would show it, in Rapport's
 * own CSV layout (ids included, so that importing it again updates the
 * records) or as vCards, to FILE or to standard output.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixoutputstream.h>

#include "rapport-cli-private.h"
#include "rapport-export.h"

gboolean
rapport_cli_export (RapportCli *cli,
                    char      **args,
                    GError    **error)
{
  /* clang-format off */
  static const char * const formats[] = { "csv", "vcard3", "vcard4", NULL };
  g_autofree char *format = NULL, *search = NULL, *output = NULL, *sort_name = NULL, *where = NULL;
  g_auto(GStrv) filters = NULL;
  gboolean excel = FALSE;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("csv (default), vcard3 or vcard4 (contacts)"), N_("FORMAT") },
    { "excel", 0, 0, G_OPTION_ARG_NONE, &excel, N_("CSV for Excel: a byte order mark, and “;” where the locale writes decimals with a comma"), NULL },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only records with words starting with these"), N_("TEXT") },
    { "filter", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &filters, N_("Only records whose FIELD has VALUE; FIELD= for those without"), N_("FIELD=VALUE") },
    { "where", 'w', 0, G_OPTION_ARG_STRING, &where, N_("Only records the filter matches, e.g. “lifecycle = customer and created_at in last 30 days”"), N_("FILTER") },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort_name, N_("Sort by name, updated (newest first) or amount (by currency, largest first)"), N_("ORDER") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };
  /* clang-format on */
  RapportExportOptions options = { RAPPORT_EXPORT_CSV, FALSE };
  g_autoptr(RapportQuery) query = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GFile) file = NULL;
  const RapportEntity *entity;
  RapportStore *store;
  guint written = 0;

  if (!rapport_cli_parse (cli, &args, _("TYPE"), _("Export a list of records as CSV or vCard."),
                          entries, 1, 1, error) ||
      !(entity = rapport_cli_lookup_entity (args[1], error)))
    return FALSE;
  if (format != NULL)
    {
      guint i;

      for (i = 0; formats[i] != NULL && g_strcmp0 (format, formats[i]) != 0; i++)
        ;
      if (formats[i] == NULL)
        {
          rapport_cli_set_usage_error (error, _("%s must be one of: %s"), "--format",
                                       "csv, vcard3, vcard4");
          return FALSE;
        }
      options.format = (RapportExportFormat) i;
    }
  options.for_excel = excel;
  if (!(store = rapport_cli_get_store (cli, error)) ||
      !(query = rapport_cli_build_query (entity, sort_name, filters, where, search, store, error)))
    return FALSE;

  /* A file is written whole or not at all: a failed export leaves no half file. */
  if (output != NULL)
    {
      file = g_file_new_for_commandline_arg (output);
      out = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                             NULL, error));
      if (out == NULL)
        return FALSE;
    }
  else
    out = g_unix_output_stream_new (1, FALSE);

  if (!rapport_export_write (store, query, &options, out, NULL, NULL, NULL, &written, error))
    {
      if (output != NULL)
        {
          g_autoptr(GCancellable) abandon = g_cancellable_new ();

          g_cancellable_cancel (abandon);
          g_output_stream_close (out, abandon, NULL);
        }
      return FALSE;
    }
  if (!g_output_stream_close (out, NULL, error))
    return FALSE;
  if (output != NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      if (cli->json)
        {
          g_autoptr(JsonObject) root = json_object_new ();

          json_object_set_int_member (root, "written", written);
          json_object_set_string_member (root, "file", name);
          rapport_cli_print_object (root);
        }
      else
        g_printerr (ngettext ("%u record written to “%s”.\n", "%u records written to “%s”.\n", written),
                    written, name);
    }
  return TRUE;
}
