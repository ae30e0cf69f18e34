/* rapport-deal-board-page.c: the deal board as a page of the main window
 *
 * The board needs the window's width, so it is a page of the main stack
 * beside the sidebar-list-detail leaflet, with a header of its own. The
 * stateful action win.deal-board switches between the two; toggle buttons in
 * both headers show and change its state, so the user switches between list
 * and board with the same button.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-deal-board-page"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-deal-board.h"
#include "rapport-deal-board-page.h"

#define BOARD_PAGE "board"

typedef struct
{
  GtkStack         *main_stack;  /* (unowned): outlives the action, both the window's */
  RapportDealBoard *board;       /* (unowned) */
  char             *return_to;   /* (owned): the page shown before the board */
} BoardPage;

static void
board_page_free (BoardPage *page)
{
  g_free (page->return_to);
  g_free (page);
}

static void
change_state_cb (GSimpleAction *action,
                 GVariant      *state,
                 BoardPage     *page)
{
  gboolean show = g_variant_get_boolean (state);
  const char *visible = gtk_stack_get_visible_child_name (page->main_stack);

  if (show && g_strcmp0 (visible, BOARD_PAGE) != 0)
    {
      g_free (page->return_to);
      page->return_to = g_strdup (visible ? visible : "main");
      rapport_deal_board_reload (page->board);
      gtk_stack_set_visible_child_name (page->main_stack, BOARD_PAGE);
    }
  else if (!show && g_strcmp0 (visible, BOARD_PAGE) == 0)
    gtk_stack_set_visible_child_name (page->main_stack, page->return_to ? page->return_to : "main");
  g_simple_action_set_state (action, state);
}

/* The window may switch pages itself (sign-in, welcome): keep the state true. */
static void
visible_child_cb (GtkStack      *stack,
                  GParamSpec    *pspec,
                  GSimpleAction *action)
{
  gboolean shown = g_strcmp0 (gtk_stack_get_visible_child_name (stack), BOARD_PAGE) == 0;

  g_simple_action_set_state (action, g_variant_new_boolean (shown));
}

static GtkWidget *
toggle_button (void)
{
  GtkWidget *button = gtk_toggle_button_new ();

  gtk_button_set_icon_name (GTK_BUTTON (button), "view-grid-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.deal-board");
  gtk_widget_set_tooltip_text (button, _("Show Deals as a Board"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Board"), -1);
  return button;
}

/**
 * rapport_deal_board_page_install:
 * @window: the main window, a #GActionMap
 * @main_stack: the window's stack of pages
 *
 * Adds the board page to @main_stack and the win.deal-board action to
 * @window.
 *
 * Returns: (transfer none): a toggle button for the deal list's header
 */
GtkWidget *
rapport_deal_board_page_install (GtkWindow    *window,
                                 GtkStack     *main_stack,
                                 RapportStore *store)
{
  g_autoptr(GSimpleAction) action = NULL;
  BoardPage *page = g_new0 (BoardPage, 1);
  GtkWidget *box, *header, *title;

  g_return_val_if_fail (G_IS_ACTION_MAP (window), NULL);

  page->main_stack = main_stack;
  page->board = rapport_deal_board_new (store);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  title = adw_window_title_new (_("Deals"), _("Board"));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), toggle_button ());
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (GTK_WIDGET (page->board), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (page->board));
  gtk_stack_add_named (main_stack, box, BOARD_PAGE);

  action = g_simple_action_new_stateful ("deal-board", NULL, g_variant_new_boolean (FALSE));
  g_signal_connect_data (action, "change-state", G_CALLBACK (change_state_cb), page,
                         NULL, 0);
  g_object_set_data_full (G_OBJECT (action), "rapport-board-page", page,
                          (GDestroyNotify) board_page_free);
  g_signal_connect_object (main_stack, "notify::visible-child-name",
                           G_CALLBACK (visible_child_cb), action, 0);
  g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (action));

  return toggle_button ();
}
