/* rapport-deal-card.c: a deal as a card of the board
 *
 * What a sales manager reads on the board without opening the deal: its
 * whole title (wrapped, not cut, up to three lines), its amount, when it is
 * expected to close (with the full year), whose it is (by name), how old
 * it is, and whether it is stale: nothing done on it for its stage's
 * rotten_days. The card follows its item, so a deal changed by a sync is
 * redrawn.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-deal-card"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-deal-card.h"
#include "rapport-json.h"
#include "rapport-labels.h"
#include "rapport-money.h"

struct _RapportDealCard
{
  GtkWidget          parent_instance;

  RapportRecordItem *item;         /* (owned) (nullable) */
  gulong             notify_id;
  GHashTable        *owner_names;  /* (owned): user id → name, the board's */

  GtkWidget         *box;
  GtkLabel          *title;
  GtkLabel          *amount;
  GtkLabel          *details;
  GtkLabel          *stale;
  gint64             stale_days;   /* 0: not stale */
};

G_DEFINE_FINAL_TYPE (RapportDealCard, rapport_deal_card, GTK_TYPE_WIDGET)

/* The expected close date as the locale writes it, always with the year in
 * full: a locale whose short form has two digits gets the ISO form. */
static char *
close_date (const char *value)
{
  g_autofree char *shown = rapport_labels_format_date (value);
  g_autofree char *year = g_strndup (value, 4);

  if (shown == NULL || strstr (shown, year) != NULL)
    return g_steal_pointer (&shown);
  return g_strndup (value, 10);
}

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
update (RapportDealCard *self)
{
  JsonObject *record = self->item != NULL ? rapport_record_item_get_record (self->item) : NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *money = NULL;
  g_autofree char *details = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *label = NULL;
  const char *owner;

  set_label (self->title, self->item != NULL ? rapport_record_item_get_title (self->item) : NULL);
  if (record == NULL)
    {
      set_label (self->amount, NULL);
      set_label (self->details, NULL);
      set_label (self->stale, NULL);
      return;
    }

  if (json_object_has_member (record, "amount") && !json_object_get_null_member (record, "amount"))
    money = rapport_money_format (json_object_get_int_member (record, "amount"),
                                  rapport_json_get_string (record, "currency"));
  set_label (self->amount, money);

  if (rapport_json_get_string (record, "expected_close") != NULL)
    {
      g_autofree char *date = close_date (rapport_json_get_string (record, "expected_close"));

      /* Translators: on a deal card; %s is a date */
      g_ptr_array_add (parts, g_strdup_printf (_("Closes %s"), date));
    }
  owner = rapport_json_get_string (record, "owner_id");
  if (owner != NULL && g_hash_table_lookup (self->owner_names, owner) != NULL)
    g_ptr_array_add (parts, g_strdup (g_hash_table_lookup (self->owner_names, owner)));
  if (rapport_json_get_string (record, "created_at") != NULL)
    g_ptr_array_add (parts, rapport_deal_card_age (rapport_json_get_string (record, "created_at"), now));
  g_ptr_array_add (parts, NULL);
  /* Translators: between the parts of a deal card's last line */
  details = g_strjoinv (_(" · "), (char **) parts->pdata);
  set_label (self->details, details);
  if (self->stale_days > 0)
    /* Translators: on a deal card of the board; the deal's stage says how many days make it stale */
    stale = g_strdup_printf (ngettext ("Stale: no activity for %d day", "Stale: no activity for %d days",
                                       (gulong) self->stale_days),
                             (int) self->stale_days);
  set_label (self->stale, stale);

  /* Screen readers land on the list item around the card. */
  label = g_strjoin (", ", gtk_label_get_label (self->title),
                     money != NULL ? money : "", details, stale != NULL ? stale : "", NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  if (gtk_widget_get_parent (GTK_WIDGET (self)) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (self))),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static GtkLabel *
add_label (RapportDealCard *self,
           const char      *style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_box_append (GTK_BOX (self->box), label);
  return GTK_LABEL (label);
}

static void
rapport_deal_card_dispose (GObject *object)
{
  RapportDealCard *self = (RapportDealCard *) object;

  rapport_deal_card_set_item (self, NULL);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->owner_names, g_hash_table_unref);

  G_OBJECT_CLASS (rapport_deal_card_parent_class)->dispose (object);
}

static void
rapport_deal_card_class_init (RapportDealCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_deal_card_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_deal_card_init (RapportDealCard *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_margin_top (self->box, 6);
  gtk_widget_set_margin_bottom (self->box, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->title = add_label (self, "heading");
  /* Whole titles where there is room; a very long one stops at three lines. */
  gtk_label_set_lines (self->title, 3);
  gtk_label_set_ellipsize (self->title, PANGO_ELLIPSIZE_END);
  self->amount = add_label (self, "numeric");
  self->details = add_label (self, "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->details), "dim-label");
  /* In words, not in colour alone. */
  self->stale = add_label (self, "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->stale), "warning");
  g_signal_connect (self, "notify::parent", G_CALLBACK (update), NULL);
}

/**
 * rapport_deal_card_new:
 * @owner_names: user ids to names, kept up to date by the board
 */
GtkWidget *
rapport_deal_card_new (GHashTable *owner_names)
{
  RapportDealCard *self = g_object_new (RAPPORT_TYPE_DEAL_CARD, NULL);

  self->owner_names = g_hash_table_ref (owner_names);
  return GTK_WIDGET (self);
}

void
rapport_deal_card_set_item (RapportDealCard   *self,
                            RapportRecordItem *item)
{
  g_return_if_fail (RAPPORT_IS_DEAL_CARD (self));

  if (self->item == item)
    return;
  if (self->item != NULL)
    g_clear_signal_handler (&self->notify_id, self->item);
  g_set_object (&self->item, item);
  /* The title is set with the record, after a fetch or a sync. */
  if (item != NULL)
    self->notify_id = g_signal_connect_swapped (item, "notify::title", G_CALLBACK (update), self);
  if (self->owner_names != NULL)
    update (self);
}

/**
 * rapport_deal_card_get_item:
 *
 * Returns: (transfer none) (nullable): the deal the card shows
 */
RapportRecordItem *
rapport_deal_card_get_item (RapportDealCard *self)
{
  g_return_val_if_fail (RAPPORT_IS_DEAL_CARD (self), NULL);

  return self->item;
}

/**
 * rapport_deal_card_set_stale:
 * @rotten_days: the stage's rotten_days when the deal is stale, else 0
 */
void
rapport_deal_card_set_stale (RapportDealCard *self,
                             gint64           rotten_days)
{
  g_return_if_fail (RAPPORT_IS_DEAL_CARD (self));

  if (self->stale_days == rotten_days)
    return;
  self->stale_days = rotten_days;
  if (self->owner_names != NULL)
    update (self);
}

/**
 * rapport_deal_card_age:
 * @created_at: an RFC 3339 time
 *
 * Returns: (transfer full): how long the deal has been open: "New today",
 *   "12 days old"
 */
char *
rapport_deal_card_age (const char *created_at,
                       GDateTime  *now)
{
  g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (created_at, NULL);
  int days;

  if (created == NULL)
    return g_strdup ("");
  days = (int) CLAMP (g_date_time_difference (now, created) / G_TIME_SPAN_DAY, 0, G_MAXINT);
  if (days < 1)
    return g_strdup (_("New today"));
  return g_strdup_printf (ngettext ("%d day old", "%d days old", days), days);
}
