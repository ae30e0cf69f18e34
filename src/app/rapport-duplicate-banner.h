/* rapport-duplicate-banner.h: "Ana Ribeiro at Northwind already exists", above an editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_DUPLICATE_BANNER (rapport_duplicate_banner_get_type ())
G_DECLARE_FINAL_TYPE (RapportDuplicateBanner, rapport_duplicate_banner, RAPPORT, DUPLICATE_BANNER,
                      GtkBox)

GtkWidget *rapport_duplicate_banner_new   (RapportStore           *store,
                                           const RapportEntity    *entity);
void       rapport_duplicate_banner_check (RapportDuplicateBanner *self,
                                           JsonObject             *draft);
gboolean   rapport_duplicate_banner_ask_reason (RapportDuplicateBanner *self);
void       rapport_duplicate_banner_saved (RapportDuplicateBanner *self,
                                           const char             *id);

G_END_DECLS
