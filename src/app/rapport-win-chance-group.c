/* rapport-win-chance-group.c: a deal's win chance on its page, and why
 *
 * "Win Chance 72 %" with a "Why 72 %?" button whose popover gives the
 * engine's reasons (SPEC.md §3.3): up to three for and three against,
 * each a sentence with its counts, or, while the pipeline has too few
 * closed deals, "Not enough history: 12 won / 31 lost" and the stage's
 * probability that stands in. A closed deal says Won 100 % or Lost 0 %.
 * The score is computed in a worker from the local store, as
 * `rapport-cli score` does, again whenever deals change: a sync or an
 * edit may have taught the model something. Values from records (an
 * owner's name, a tag) are plain text, never markup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-win-chance-group"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-change-monitor.h"
#include "rapport-store-score.h"
#include "rapport-win-chance-group.h"

/* Wide enough for a reason in a few lines, narrow enough for a phone. */
#define REASON_WIDTH_CHARS 32
#define MAX_POPOVER_HEIGHT 420

struct _RapportWinChanceGroup
{
  AdwPreferencesGroup   parent_instance;

  RapportStore         *store;      /* (owned) */
  RapportChangeMonitor *changes;    /* (owned) */
  char                 *deal_id;    /* (owned) */
  gulong                changed_id;
  GCancellable         *scoring;    /* (owned) (nullable): the scoring under way */
  gboolean              again;      /* deals changed while it ran */
  AdwActionRow         *row;
  GtkLabel             *value;
  GtkMenuButton        *why;
  GtkBox               *reasons;    /* the popover's */
};

G_DEFINE_FINAL_TYPE (RapportWinChanceGroup, rapport_win_chance_group, ADW_TYPE_PREFERENCES_GROUP)

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static GtkWidget *
reason_label (const char *text,
              const char *style)
{
  /* gtk_label_new() takes text, not markup: a tag "<b>" stays "<b>". */
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (style != NULL)
    {
      /* A heading is short: in its bolder font, 32 characters would
       * widen the popover past what the reasons' height was measured for. */
      gtk_widget_add_css_class (label, style);
      return label;
    }
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  /* One width for all: the popover measures its height for it. */
  gtk_label_set_width_chars (GTK_LABEL (label), REASON_WIDTH_CHARS);
  gtk_label_set_max_width_chars (GTK_LABEL (label), REASON_WIDTH_CHARS);
  return label;
}

static void
add_factors (RapportWinChanceGroup *self,
             RapportScore          *score,
             const char            *heading,
             GPtrArray             *factors)
{
  if (factors->len == 0)
    return;
  gtk_box_append (self->reasons, reason_label (heading, "heading"));
  for (guint i = 0; i < factors->len; i++)
    {
      g_autofree char *text = rapport_score_factor_describe (score, factors->pdata[i]);

      gtk_box_append (self->reasons, reason_label (text, NULL));
    }
}

static void
show_reasons (RapportWinChanceGroup *self,
              RapportScore          *score)
{
  g_autofree char *summary = rapport_score_describe (score);

  clear_box (self->reasons);
  gtk_box_append (self->reasons, reason_label (summary, NULL));
  if (score->kind == RAPPORT_SCORE_FROM_STAGE)
    {
      /* Translators: the engine is off; %d is the deal's stage's probability */
      g_autofree char *stage = g_strdup_printf (_("The chance is the stage’s probability: %d %%"),
                                                rapport_score_get_rounded (score));

      gtk_box_append (self->reasons, reason_label (stage, NULL));
      return;
    }
  /* The headings `rapport-cli score` prints. */
  add_factors (self, score, _("For:"), score->for_factors);
  add_factors (self, score, _("Against:"), score->against_factors);
  if (score->for_factors->len == 0 && score->against_factors->len == 0)
    gtk_box_append (self->reasons, reason_label (_("Nothing about this deal leans either way"), NULL));
}

static void
show_score (RapportWinChanceGroup *self,
            RapportScore          *score)
{
  int percent = rapport_score_get_rounded (score);
  g_autofree char *value = NULL;
  g_autofree char *why = NULL;
  g_autofree char *accessible = NULL;

  switch (score->kind)
    {
    case RAPPORT_SCORE_WON:
      /* Translators: a closed deal's win chance, "Won 100 %" */
      value = g_strdup_printf (_("Won %d %%"), percent);
      break;
    case RAPPORT_SCORE_LOST:
      /* Translators: a closed deal's win chance, "Lost 0 %" */
      value = g_strdup_printf (_("Lost %d %%"), percent);
      break;
    case RAPPORT_SCORE_LEARNED:
    case RAPPORT_SCORE_FROM_STAGE:
    default:
      /* Translators: a deal's win chance, "72 %" */
      value = g_strdup_printf (_("%d %%"), percent);
      break;
    }
  gtk_label_set_label (self->value, value);
  /* Translators: read out as "Win Chance: 72 %" */
  accessible = g_strdup_printf (_("Win Chance: %s"), value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);

  /* A closed deal is not scored: nothing to explain. */
  gtk_widget_set_visible (GTK_WIDGET (self->why), score->kind != RAPPORT_SCORE_WON &&
                                                  score->kind != RAPPORT_SCORE_LOST);
  /* Translators: the button that shows the reasons for a win chance of 72 % */
  why = g_strdup_printf (_("Why %d %%?"), percent);
  gtk_menu_button_set_label (self->why, why);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->why), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  why, -1);
  show_reasons (self, score);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

static void score_deal (RapportWinChanceGroup *self);

static void
scored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RapportWinChanceGroup) self = user_data;
  g_autoptr(RapportScore) score = NULL;
  g_autoptr(GError) error = NULL;

  score = rapport_store_score_deal_finish (RAPPORT_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->scoring);
  if (self->again)
    {
      /* What it learned from is already older than the store. */
      score_deal (self);
      return;
    }
  /* The deal is gone (its page goes too), or the store cannot be read:
   * no number rather than a wrong one. */
  if (score == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  show_score (self, score);
}

/* One scoring at a time: a sync that writes deals for a minute would
 * otherwise train a model at each of its bursts. */
static void
score_deal (RapportWinChanceGroup *self)
{
  if (self->scoring != NULL)
    {
      self->again = TRUE;
      return;
    }
  self->again = FALSE;
  self->scoring = g_cancellable_new ();
  rapport_store_score_deal_async (self->store, self->deal_id, self->scoring, scored_cb,
                                  g_object_ref (self));
}

/* Any deal: the model learns from all of the pipeline's closed deals. */
static void
deals_changed_cb (RapportChangeMonitor  *changes,
                  const char            *entity,
                  const char * const    *ids,
                  RapportWinChanceGroup *self)
{
  score_deal (self);
}

static void
rapport_win_chance_group_dispose (GObject *object)
{
  RapportWinChanceGroup *self = RAPPORT_WIN_CHANCE_GROUP (object);

  if (self->scoring != NULL)
    g_cancellable_cancel (self->scoring);
  g_clear_object (&self->scoring);
  if (self->changes != NULL)
    g_clear_signal_handler (&self->changed_id, self->changes);
  g_clear_object (&self->changes);
  g_clear_object (&self->store);
  g_clear_pointer (&self->deal_id, g_free);

  G_OBJECT_CLASS (rapport_win_chance_group_parent_class)->dispose (object);
}

static void
rapport_win_chance_group_class_init (RapportWinChanceGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_win_chance_group_dispose;
}

static void
rapport_win_chance_group_init (RapportWinChanceGroup *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *scroller;

  self->row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->row), _("Win Chance"));
  self->value = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->value), "numeric");
  adw_action_row_add_suffix (self->row, GTK_WIDGET (self->value));

  self->why = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->why), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->why), _("The reasons for this win chance"));
  self->reasons = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  gtk_widget_set_margin_top (GTK_WIDGET (self->reasons), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->reasons), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self->reasons), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->reasons), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reasons), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reasons for the Win Chance"), -1);
  /* Seven reasons of three lines fit a laptop's screen; a phone scrolls. */
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), MAX_POPOVER_HEIGHT);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->reasons));
  gtk_popover_set_child (GTK_POPOVER (popover), scroller);
  /* The button ends the row: the popover opens leftwards, inside a phone's window. */
  gtk_widget_set_halign (popover, GTK_ALIGN_END);
  gtk_menu_button_set_popover (self->why, popover);
  adw_action_row_add_suffix (self->row, GTK_WIDGET (self->why));

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->row));
  /* Shown once there is a number to show. */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * rapport_win_chance_group_new:
 * @deal_id: the deal whose chance it shows
 *
 * Returns: (transfer floating): the group, shown once the deal is scored
 */
GtkWidget *
rapport_win_chance_group_new (RapportStore *store,
                              const char   *deal_id)
{
  RapportWinChanceGroup *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (deal_id != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_WIN_CHANCE_GROUP, NULL);
  self->store = g_object_ref (store);
  self->deal_id = g_strdup (deal_id);
  self->changes = g_object_ref (rapport_change_monitor_get_for_store (store));
  self->changed_id = g_signal_connect (self->changes, "changed::deal",
                                       G_CALLBACK (deals_changed_cb), self);
  score_deal (self);
  return GTK_WIDGET (self);
}
