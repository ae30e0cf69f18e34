/* rapport-welcome-page.c: what a first run shows
 *
 * Three ways in: connect to the team's server, work offline, or look
 * around a sample book. The buttons trigger the window's actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-welcome-page"

#include "config.h"

#include <adwaita.h>

#include "rapport-welcome-page.h"

struct _RapportWelcomePage
{
  GtkWidget  parent_instance;

  GtkWidget *box;
};

G_DEFINE_FINAL_TYPE (RapportWelcomePage, rapport_welcome_page, GTK_TYPE_WIDGET)

static void
rapport_welcome_page_dispose (GObject *object)
{
  RapportWelcomePage *self = (RapportWelcomePage *) object;

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (rapport_welcome_page_parent_class)->dispose (object);
}

static void
rapport_welcome_page_class_init (RapportWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_welcome_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportWelcomePage, box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_welcome_page_init (RapportWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
