/* rapport-document-actions.h: what can be done next with a quote or an order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_DOCUMENT_ACTIONS (rapport_document_actions_get_type ())
G_DECLARE_FINAL_TYPE (RapportDocumentActions, rapport_document_actions, RAPPORT, DOCUMENT_ACTIONS,
                      GtkBox)

GtkWidget *rapport_document_actions_new (RapportStore        *store,
                                         const RapportEntity *entity,
                                         const char          *id);

G_END_DECLS
