/* rapport-choice-factory.h: rows of a drop-down's list that a screen reader can name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkListItemFactory *rapport_choice_factory_new (void);

G_END_DECLS
