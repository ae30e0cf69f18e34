/* rapport-rfm.c: recency, frequency and monetary scores of customers
 *
 * SPEC.md §4.3. Each customer with a purchase in the window gets three
 * scores from 1 to 5: R from the days since its last purchase (5 the most
 * recent), F from how many purchases, M from their amount. With at least
 * RAPPORT_RFM_MIN_FOR_QUINTILES such customers each score is the quintile
 * of the customer's rank, as SQL's NTILE(5) would give it, except that
 * equal values share their average rank and so one score: NTILE alone
 * would put two customers who bought the same on either side of a
 * border. With fewer, R and F use fixed thresholds (R within 30, 90, 180
 * or 365 days; F 1, 2, 3–4, 5–9, 10 or more). M is always the quintile
 * among the customers who buy in the same currency: amounts in two
 * currencies are not compared, there being no rates to convert them. A
 * customer with no purchase in the window is left out of the ranking and
 * is "no_purchase".
 *
 * The scores name a segment by the first row of a table of bounds whose
 * three ranges hold them (the bounds of the R package rfm's default
 * segments); no row: "others". The rows go from the narrowest: in the
 * package's order, potential loyalist's ranges would take every new and
 * promising customer, and loyal's every champion. Reports list the
 * segments in rapport_rfm_segment_codes()' order, the best first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-rfm"

#include "config.h"

#include <stdlib.h>

#include "rapport-rfm.h"

typedef struct
{
  const char *code;
  guint8      r_low, r_high, f_low, f_high, m_low, m_high;
} SegmentBounds;

/* clang-format off */
static const SegmentBounds segments[] = {
  { "champions",          4, 5, 4, 5, 4, 5 },
  { "new_customers",      4, 5, 1, 1, 1, 1 },
  { "promising",          3, 4, 1, 1, 1, 1 },
  { "cant_lose_them",     1, 1, 4, 5, 4, 5 },
  { "loyal_customers",    2, 5, 3, 5, 3, 5 },
  { "potential_loyalist", 3, 5, 1, 3, 1, 3 },
  { "need_attention",     2, 3, 2, 3, 2, 3 },
  { "at_risk",            1, 2, 2, 5, 2, 5 },
  { "about_to_sleep",     2, 3, 1, 2, 1, 2 },
  { "lost_customers",     1, 2, 1, 2, 1, 2 },
};
static const char * const segment_codes[] = {
  "champions", "loyal_customers", "potential_loyalist", "new_customers", "promising",
  "need_attention", "about_to_sleep", "at_risk", "cant_lose_them", "lost_customers", "others", "no_purchase",
  NULL,
};
/* clang-format on */

/* The segments in the order reports list them. */
const char * const *
rapport_rfm_segment_codes (void)
{
  return segment_codes;
}

const char *
rapport_rfm_segment (guint8 r,
                     guint8 f,
                     guint8 m)
{
  if (r == 0)
    return "no_purchase";
  for (guint i = 0; i < G_N_ELEMENTS (segments); i++)
    if (r >= segments[i].r_low && r <= segments[i].r_high && f >= segments[i].f_low &&
        f <= segments[i].f_high && m >= segments[i].m_low && m <= segments[i].m_high)
      return segments[i].code;
  return "others";
}

guint8
rapport_rfm_fixed_recency (gint64 days)
{
  if (days <= 30)
    return 5;
  if (days <= 90)
    return 4;
  if (days <= 180)
    return 3;
  if (days <= 365)
    return 2;
  return 1;
}

guint8
rapport_rfm_fixed_frequency (guint purchases)
{
  if (purchases >= 10)
    return 5;
  if (purchases >= 5)
    return 4;
  if (purchases >= 3)
    return 3;
  return purchases == 2 ? 2 : 1;
}

typedef struct
{
  RapportRfmCustomer *customer;
  gint64              key;   /* larger is better */
} Ranked;

static int
by_key (gconstpointer a,
        gconstpointer b)
{
  gint64 x = ((const Ranked *) a)->key;
  gint64 y = ((const Ranked *) b)->key;

  return x < y ? -1 : x > y;
}

static int
by_currency (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 (((const Ranked *) a)->customer->currency, ((const Ranked *) b)->customer->currency);
}

/* Sets @which (an offset of r, f or m) of each customer to the quintile of
 * its rank by key, equal keys sharing their average rank. */
static void
score_quintiles (Ranked *ranked,
                 guint   n,
                 gsize   which)
{
  qsort (ranked, n, sizeof (Ranked), by_key);
  for (guint first = 0; first < n;)
    {
      guint last = first;
      guint8 score;

      while (last + 1 < n && ranked[last + 1].key == ranked[first].key)
        last++;
      /* The group holds the 1-based ranks first + 1 … last + 1. The middle
       * of their average's slot, as a share of all, says the fifth it is
       * in: ceil (((first + last + 1) / 2) / n × 5), in whole numbers. It
       * is NTILE(5) for distinct values, and 3 for one customer or for
       * all alike. */
      score = (guint8) CLAMP (((guint64) (first + last + 1) * 5 + 2 * n - 1) / (2 * (guint64) n), 1, 5);
      for (guint i = first; i <= last; i++)
        G_STRUCT_MEMBER (guint8, ranked[i].customer, which) = score;
      first = last + 1;
    }
}

/**
 * rapport_rfm_score:
 * @customers: (array length=n_customers): their recency, frequency and
 *   monetary value; r, f, m and segment are set
 *
 * Scores every customer and names its segment.
 */
void
rapport_rfm_score (RapportRfmCustomer *customers,
                   guint               n_customers)
{
  g_autofree Ranked *ranked = g_new (Ranked, MAX (n_customers, 1));
  guint n = 0;

  for (guint i = 0; i < n_customers; i++)
    {
      customers[i].r = customers[i].f = customers[i].m = 0;
      if (customers[i].recency_days >= 0 && customers[i].frequency > 0)
        ranked[n++].customer = &customers[i];
    }

  if (n >= RAPPORT_RFM_MIN_FOR_QUINTILES)
    {
      /* Fewer days since is better. */
      for (guint i = 0; i < n; i++)
        ranked[i].key = -ranked[i].customer->recency_days;
      score_quintiles (ranked, n, G_STRUCT_OFFSET (RapportRfmCustomer, r));
      for (guint i = 0; i < n; i++)
        ranked[i].key = ranked[i].customer->frequency;
      score_quintiles (ranked, n, G_STRUCT_OFFSET (RapportRfmCustomer, f));
    }
  else
    for (guint i = 0; i < n; i++)
      {
        ranked[i].customer->r = rapport_rfm_fixed_recency (ranked[i].customer->recency_days);
        ranked[i].customer->f = rapport_rfm_fixed_frequency (ranked[i].customer->frequency);
      }
  qsort (ranked, n, sizeof (Ranked), by_currency);
  for (guint first = 0, last; first < n; first = last)
    {
      for (last = first; last < n && g_strcmp0 (ranked[last].customer->currency,
                                                 ranked[first].customer->currency) == 0;
           last++)
        ranked[last].key = ranked[last].customer->monetary;
      score_quintiles (ranked + first, last - first, G_STRUCT_OFFSET (RapportRfmCustomer, m));
    }

  for (guint i = 0; i < n_customers; i++)
    customers[i].segment = rapport_rfm_segment (customers[i].r, customers[i].f, customers[i].m);
}
