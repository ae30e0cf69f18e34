/* rapport-sign-in-dialog.h: signing in to a Rapport server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-application.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SIGN_IN_DIALOG (rapport_sign_in_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RapportSignInDialog, rapport_sign_in_dialog, RAPPORT, SIGN_IN_DIALOG, AdwWindow)

RapportSignInDialog *rapport_sign_in_dialog_new (RapportApplication *application);

G_END_DECLS
