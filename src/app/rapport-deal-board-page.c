/* rapport-deal-board-page.c: the deal board as a page of the main window
 *
 * The board needs the window's width, so it is a page of the main stack
 * beside the sidebar-list-detail leaflet, with a header of its own. A toggle
 * in the deal list's header shows it; a List button in its header, or the
 * toggle, goes back. In a narrow window a Back button leads to the sections
 * too, as the list's does, without going through the list.
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
  GtkStack         *main_stack;  /* (unowned): the window's, which owns this */
  RapportDealBoard *board;       /* (unowned) */
  GtkWidget        *button;      /* (unowned): the toggle in the deal list's header */
  char             *return_to;   /* (owned): the page shown before the board */
  gboolean          syncing;
} BoardPage;

static void
board_page_free (gpointer data)
{
  BoardPage *page = data;

  g_free (page->return_to);
  g_free (page);
}

static void
set_buttons_active (BoardPage *page,
                    gboolean   active)
{
  page->syncing = TRUE;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (page->button), active);
  page->syncing = FALSE;
}

static void
toggled_cb (GtkToggleButton *button,
            BoardPage       *page)
{
  gboolean show = gtk_toggle_button_get_active (button);
  const char *visible = gtk_stack_get_visible_child_name (page->main_stack);

  if (page->syncing)
    return;
  set_buttons_active (page, show);
  if (show && g_strcmp0 (visible, BOARD_PAGE) != 0)
    {
      g_free (page->return_to);
      page->return_to = g_strdup (visible ? visible : "main");
      gtk_stack_set_visible_child_name (page->main_stack, BOARD_PAGE);
      rapport_deal_board_reload (page->board);
    }
  else if (!show && g_strcmp0 (visible, BOARD_PAGE) == 0)
    gtk_stack_set_visible_child_name (page->main_stack, page->return_to ? page->return_to : "main");
}

/* The window may switch pages itself (sign-in, welcome): keep the toggle true. */
static void
visible_child_cb (GtkStack   *stack,
                  GParamSpec *pspec,
                  BoardPage  *page)
{
  set_buttons_active (page, g_strcmp0 (gtk_stack_get_visible_child_name (stack), BOARD_PAGE) == 0);
}

static void
list_clicked_cb (GtkButton *button,
                 BoardPage *page)
{
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (page->button), FALSE);
}

static GtkWidget *
list_button (BoardPage *page)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("view-list-symbolic");

  gtk_widget_set_tooltip_text (button, _("Show Deals as a List"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("List"), -1);
  g_signal_connect (button, "clicked", G_CALLBACK (list_clicked_cb), page);
  return button;
}

/* Shown only where the window is one column at a time: wide, the sections
 * are beside the list that List goes back to. */
static GtkWidget *
back_button (AdwLeaflet *leaflet)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("go-previous-symbolic");

  gtk_widget_set_tooltip_text (button, _("Back to Sections"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Back to Sections"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-sidebar");
  g_object_bind_property (leaflet, "folded", button, "visible", G_BINDING_SYNC_CREATE);
  return button;
}

static GtkWidget *
toggle_button (BoardPage *page)
{
  GtkWidget *button = gtk_toggle_button_new ();

  gtk_button_set_icon_name (GTK_BUTTON (button), "view-grid-symbolic");
  gtk_widget_set_tooltip_text (button, _("Show Deals as a Board"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Board"), -1);
  g_signal_connect (button, "toggled", G_CALLBACK (toggled_cb), page);
  return button;
}

/**
 * rapport_deal_board_page_install:
 * @window: the main window
 * @main_stack: the window's stack of pages
 * @leaflet: the window's sections, list and record: folded, the board has
 *   a Back button to the sections (win.show-sidebar)
 *
 * Adds the board page to @main_stack.
 *
 * Returns: (transfer none): a toggle button for the deal list's header
 */
GtkWidget *
rapport_deal_board_page_install (GtkWindow    *window,
                                 GtkStack     *main_stack,
                                 AdwLeaflet   *leaflet,
                                 RapportChangeMonitor *changes)
{
  BoardPage *page = g_new0 (BoardPage, 1);
  GtkWidget *box, *header, *title;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);

  page->main_stack = main_stack;
  page->board = rapport_deal_board_new (changes);
  page->button = toggle_button (page);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  title = adw_window_title_new (_("Deals"), _("Board"));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), back_button (leaflet));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), list_button (page));
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (GTK_WIDGET (page->board), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (page->board));
  gtk_stack_add_named (main_stack, box, BOARD_PAGE);

  /* Freed when the stack is finalized, after its signal handlers and the
   * buttons inside it are gone. */
  g_object_set_data_full (G_OBJECT (main_stack), "rapport-board-page", page, board_page_free);
  g_signal_connect (main_stack, "notify::visible-child-name", G_CALLBACK (visible_child_cb), page);

  return page->button;
}
