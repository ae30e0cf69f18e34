/* rapport-record-page.h: one record to read, by its layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-store.h"

#include "rapport-clock.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_RECORD_PAGE (rapport_record_page_get_type ())
G_DECLARE_FINAL_TYPE (RapportRecordPage, rapport_record_page, RAPPORT, RECORD_PAGE, GtkBox)

GtkWidget *rapport_record_page_new (RapportStore        *store,
                                    const RapportEntity *entity,
                                    JsonObject          *record,
                                    RapportClock        *clock);

G_END_DECLS
