/* rapport-cancellable.h: one read at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GCancellable *rapport_cancellable_renew (GCancellable **cancellable);

G_END_DECLS
