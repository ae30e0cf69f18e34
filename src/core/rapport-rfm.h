/* rapport-rfm.h: recency, frequency and monetary scores of customers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Below this many customers with a purchase in the window, R and F are
 * scored on fixed thresholds: quintiles of a few say little. */
#define RAPPORT_RFM_MIN_FOR_QUINTILES 50

typedef struct
{
  gint64      recency_days; /* since the last purchase in the window; -1: none in it */
  guint       frequency;    /* purchases in the window */
  gint64      monetary;     /* their amount, minor units of @currency */
  const char *currency;     /* (nullable): M is ranked among customers of one currency */
  guint8      r, f, m;      /* 1–5, 5 best; 0 for a customer with no purchase in the window */
  const char *segment;      /* a code: "champions" … "others", or "no_purchase" */
} RapportRfmCustomer;

void                rapport_rfm_score (RapportRfmCustomer *customers,
                                       guint               n_customers);
guint8              rapport_rfm_fixed_recency (gint64 days);
guint8              rapport_rfm_fixed_frequency (guint purchases);
const char         *rapport_rfm_segment (guint8 r,
                                         guint8 f,
                                         guint8 m);
const char * const *rapport_rfm_segment_codes (void);

G_END_DECLS
