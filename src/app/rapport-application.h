/* rapport-application.h: the Rapport application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-context.h"
#include "rapport-store.h"
#include "rapport-sync.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_APPLICATION (rapport_application_get_type ())
G_DECLARE_FINAL_TYPE (RapportApplication, rapport_application, RAPPORT, APPLICATION, AdwApplication)

RapportApplication *rapport_application_new            (void);
RapportContext     *rapport_application_get_context    (RapportApplication  *self);
RapportStore       *rapport_application_get_store      (RapportApplication  *self);
RapportSync        *rapport_application_get_sync       (RapportApplication  *self);
RapportChangeMonitor *rapport_application_get_change_monitor (RapportApplication *self);
GSettings          *rapport_application_get_settings   (RapportApplication  *self);
gboolean            rapport_application_is_signed_in   (RapportApplication  *self);
gboolean            rapport_application_get_sample     (RapportApplication  *self);
char               *rapport_application_dup_user_name  (RapportApplication  *self);
gboolean            rapport_application_sign_out       (RapportApplication  *self,
                                                        gboolean             remove_records,
                                                        GError             **error);
gboolean            rapport_application_set_sample     (RapportApplication  *self,
                                                        gboolean             sample,
                                                        GError             **error);
void                rapport_application_schedule_sync  (RapportApplication  *self,
                                                        guint                delay_ms);
void                rapport_application_sign_in_async  (RapportApplication  *self,
                                                        const char          *url,
                                                        const char          *user,
                                                        const char          *password,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean            rapport_application_sign_in_finish (RapportApplication  *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
