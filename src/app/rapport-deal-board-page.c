/* rapport-deal-board-page.c: the deal board as a page of the main window
 *
 * The board needs the window's width, so it is a page of the main stack
 * beside the sidebar-list-detail leaflet, with a header of its own. A toggle
 * in the deal list's header, bound to the page's "active", shows it; a List
 * button in its header, or the toggle, goes back to the page it was opened
 * from. In a narrow window ("folded", bound to the window's leaflet) a
 * Back button leads to the sections too, as the list's does, without going
 * through the list. The board itself is made once the window gives the
 * page its context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-deal-board-page"

#include "config.h"

#include <adwaita.h>

#include "rapport-deal-board.h"
#include "rapport-deal-board-page.h"
#include "rapport-stack-page.h"

struct _RapportDealBoardPage
{
  GtkWidget         parent_instance;

  RapportContext   *context;    /* (owned) (nullable): until the window gives it */
  RapportDealBoard *board;      /* (unowned) (nullable): in box, once there is a context */
  char             *return_to;  /* (owned) (nullable): the page shown before the board */
  gboolean          active;
  gboolean          folded;

  GtkWidget        *box;
};

G_DEFINE_FINAL_TYPE (RapportDealBoardPage, rapport_deal_board_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_ACTIVE,
  PROP_FOLDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_context (RapportDealBoardPage *self,
             RapportContext       *context)
{
  if (!rapport_context_set_once (G_OBJECT (self), &self->context, context))
    return;
  self->board = rapport_deal_board_new (rapport_context_get_changes (self->context));
  gtk_widget_set_vexpand (GTK_WIDGET (self->board), TRUE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->board));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

/* The window may switch pages itself (sign-in, welcome, a record opened
 * from a card): "active" says what is shown. */
static void
shown_changed_cb (GtkWidget *widget,
                  gboolean   shown)
{
  RapportDealBoardPage *self = RAPPORT_DEAL_BOARD_PAGE (widget);

  if (self->active == shown)
    return;
  self->active = shown;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  rapport_deal_board_page_set_active (RAPPORT_DEAL_BOARD_PAGE (widget), FALSE);
}

static void
rapport_deal_board_page_dispose (GObject *object)
{
  RapportDealBoardPage *self = (RapportDealBoardPage *) object;

  self->board = NULL;
#if GTK_CHECK_VERSION(4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_DEAL_BOARD_PAGE);
#else
  g_clear_pointer (&self->box, gtk_widget_unparent);
#endif

  G_OBJECT_CLASS (rapport_deal_board_page_parent_class)->dispose (object);
}

static void
rapport_deal_board_page_finalize (GObject *object)
{
  RapportDealBoardPage *self = (RapportDealBoardPage *) object;

  g_clear_object (&self->context);
  g_clear_pointer (&self->return_to, g_free);

  G_OBJECT_CLASS (rapport_deal_board_page_parent_class)->finalize (object);
}

static void
rapport_deal_board_page_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  RapportDealBoardPage *self = RAPPORT_DEAL_BOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_deal_board_page_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  RapportDealBoardPage *self = RAPPORT_DEAL_BOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      set_context (self, g_value_get_object (value));
      break;

    case PROP_ACTIVE:
      rapport_deal_board_page_set_active (self, g_value_get_boolean (value));
      break;

    case PROP_FOLDED:
      rapport_deal_board_page_set_folded (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_deal_board_page_class_init (RapportDealBoardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_deal_board_page_dispose;
  object_class->finalize = rapport_deal_board_page_finalize;
  object_class->get_property = rapport_deal_board_page_get_property;
  object_class->set_property = rapport_deal_board_page_set_property;

  /**
   * RapportDealBoardPage:context:
   *
   * The book's changes, which the board follows; set once, by the window.
   */
  properties[PROP_CONTEXT] = rapport_context_param_spec ();
  /**
   * RapportDealBoardPage:active:
   *
   * Whether the board is the page shown: set, it shows the board (and
   * reads it again), unset, the page it was opened from.
   */
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * RapportDealBoardPage:folded:
   *
   * Whether the window shows one column at a time: the page then has a
   * Back button to the sections.
   */
  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-deal-board-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportDealBoardPage, box);
  gtk_widget_class_install_action (widget_class, "board-page.show-list", NULL, show_list_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_deal_board_page_init (RapportDealBoardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  rapport_stack_page_follow (GTK_WIDGET (self), shown_changed_cb);
}

gboolean
rapport_deal_board_page_get_active (RapportDealBoardPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_DEAL_BOARD_PAGE (self), FALSE);

  return self->active;
}

/**
 * rapport_deal_board_page_set_active:
 * @active: %TRUE to show the board, %FALSE to go back to the page shown
 *   before it
 */
void
rapport_deal_board_page_set_active (RapportDealBoardPage *self,
                                    gboolean              active)
{
  GtkWidget *stack;
  const char *visible;

  g_return_if_fail (RAPPORT_IS_DEAL_BOARD_PAGE (self));

  stack = gtk_widget_get_parent (GTK_WIDGET (self));
  active = !!active;
  if (active == self->active || !GTK_IS_STACK (stack))
    return;
  /* The stack tells shown_changed_cb(), which notifies. */
  if (active)
    {
      visible = gtk_stack_get_visible_child_name (GTK_STACK (stack));
      g_free (self->return_to);
      self->return_to = g_strdup (visible != NULL ? visible : "main");
      gtk_stack_set_visible_child (GTK_STACK (stack), GTK_WIDGET (self));
      if (self->board != NULL)
        rapport_deal_board_reload (self->board);
    }
  else
    gtk_stack_set_visible_child_name (GTK_STACK (stack),
                                      self->return_to != NULL ? self->return_to : "main");
}

gboolean
rapport_deal_board_page_get_folded (RapportDealBoardPage *self)
{
  g_return_val_if_fail (RAPPORT_IS_DEAL_BOARD_PAGE (self), FALSE);

  return self->folded;
}

void
rapport_deal_board_page_set_folded (RapportDealBoardPage *self,
                                    gboolean              folded)
{
  g_return_if_fail (RAPPORT_IS_DEAL_BOARD_PAGE (self));

  folded = !!folded;
  if (folded == self->folded)
    return;
  self->folded = folded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDED]);
}
