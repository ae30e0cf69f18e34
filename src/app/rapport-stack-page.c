/* rapport-stack-page.c: a page of a GtkStack, told when the stack shows another child
 *
 * The board, Tasks and Team are declared as pages of the main window's
 * stack in its template, where nobody hands them the stack: each follows
 * the visible child of whatever stack it is put in (to name itself in the
 * window's title, to go back to where it was opened from), and lets go of
 * that stack when it is taken out of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-stack-page"

#include "config.h"

#include "rapport-stack-page.h"

#define FOLLOW_KEY "rapport-stack-page"

typedef struct
{
  RapportStackPageFunc  func;
  GtkWidget            *stack;   /* (unowned) (nullable): the parent followed */
  gulong                handler;
} Follow;

static void
visible_child_cb (GtkStack   *stack,
                  GParamSpec *pspec,
                  GtkWidget  *page)
{
  Follow *follow = g_object_get_data (G_OBJECT (page), FOLLOW_KEY);

  follow->func (page, gtk_stack_get_visible_child (stack) == page);
}

static void
parent_cb (GtkWidget  *page,
           GParamSpec *pspec,
           Follow     *follow)
{
  GtkWidget *parent = gtk_widget_get_parent (page);

  if (parent == follow->stack)
    return;
  /* Unparented while the stack is disposed: it is still there. */
  if (follow->stack != NULL)
    g_clear_signal_handler (&follow->handler, follow->stack);
  follow->stack = NULL;
  if (!GTK_IS_STACK (parent))
    return;
  follow->stack = parent;
  follow->handler = g_signal_connect_object (parent, "notify::visible-child",
                                             G_CALLBACK (visible_child_cb), page, 0);
}

/**
 * rapport_stack_page_follow:
 * @page: a widget that is, or will be, a child of a #GtkStack
 * @func: called when the stack shows another child, with whether it is @page
 *
 * Call it once, from @page's init.
 */
void
rapport_stack_page_follow (GtkWidget            *page,
                           RapportStackPageFunc  func)
{
  Follow *follow;

  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (func != NULL);
  g_return_if_fail (g_object_get_data (G_OBJECT (page), FOLLOW_KEY) == NULL);

  follow = g_new0 (Follow, 1);
  follow->func = func;
  g_object_set_data_full (G_OBJECT (page), FOLLOW_KEY, follow, g_free);
  g_signal_connect (page, "notify::parent", G_CALLBACK (parent_cb), follow);
  parent_cb (page, NULL, follow);
}
