/* rapport-server-cli.h: the rapport-server command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses: 0 done, 1 failed, 2 wrong usage. */
int rapport_server_cli_run (int    argc,
                            char **argv);

G_END_DECLS
