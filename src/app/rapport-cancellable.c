/* rapport-cancellable.c: one read at a time
 *
 * A widget that reloads what it shows on every change starts a new read
 * before the last one answered: the last one is cancelled, so an older
 * answer never replaces a newer one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-cancellable.h"

/**
 * rapport_cancellable_renew:
 * @cancellable: (inout) (nullable): where a widget keeps its read's cancellable
 *
 * Cancels and drops the cancellable in @cancellable, if any, and puts a new
 * one there.
 *
 * Returns: (transfer none): the new cancellable
 */
GCancellable *
rapport_cancellable_renew (GCancellable **cancellable)
{
  g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  *cancellable = g_cancellable_new ();
  return *cancellable;
}
