/* rapport-stack-page.h: a page of a GtkStack, told when the stack shows another child
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * RapportStackPageFunc:
 * @page: the page
 * @shown: whether @page is the stack's visible child now
 *
 * Called each time the stack's visible child changes, whichever it is.
 */
typedef void (*RapportStackPageFunc) (GtkWidget *page,
                                      gboolean   shown);

void rapport_stack_page_follow (GtkWidget            *page,
                                RapportStackPageFunc  func);

G_END_DECLS
