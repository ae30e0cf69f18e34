/* rapport-cli.h: the Rapport core from a shell
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RapportCliExit:
 * @RAPPORT_CLI_EXIT_OK: the command did what was asked
 * @RAPPORT_CLI_EXIT_ERROR: it failed; nothing was changed. Also from a sync
 *   that went through while changes remain that could not be sent
 * @RAPPORT_CLI_EXIT_USAGE: the command line is wrong: an unknown command,
 *   option, record type or field, or a missing argument
 * @RAPPORT_CLI_EXIT_CONFLICTS: it worked, but conflicts wait to be resolved
 */
typedef enum
{
  RAPPORT_CLI_EXIT_OK = 0,
  RAPPORT_CLI_EXIT_ERROR = 1,
  RAPPORT_CLI_EXIT_USAGE = 2,
  RAPPORT_CLI_EXIT_CONFLICTS = 3,
} RapportCliExit;

int rapport_cli_run (int    argc,
                     char **argv);

G_END_DECLS
