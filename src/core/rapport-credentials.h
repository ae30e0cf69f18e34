/* rapport-credentials.h: where the sign-in token is kept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RAPPORT_CREDENTIALS_ERROR (rapport_credentials_error_quark ())

/**
 * RapportCredentialsError:
 * @RAPPORT_CREDENTIALS_ERROR_DAMAGED: the token file is not what Rapport wrote
 */
typedef enum
{
  RAPPORT_CREDENTIALS_ERROR_DAMAGED,
} RapportCredentialsError;

/**
 * RapportCredentialsPlace:
 * @RAPPORT_CREDENTIALS_PLACE_NONE: no token is kept
 * @RAPPORT_CREDENTIALS_PLACE_KEYRING: the user's keyring (Secret Service)
 * @RAPPORT_CREDENTIALS_PLACE_FILE: a file only the user can read, because no
 *   keyring was available; rapport_credentials_get_file() says which
 */
typedef enum
{
  RAPPORT_CREDENTIALS_PLACE_NONE,
  RAPPORT_CREDENTIALS_PLACE_KEYRING,
  RAPPORT_CREDENTIALS_PLACE_FILE,
} RapportCredentialsPlace;

GQuark    rapport_credentials_error_quark (void);
char     *rapport_credentials_get_file    (void);
gboolean  rapport_credentials_save        (const char               *server,
                                           const char               *user,
                                           const char               *token,
                                           RapportCredentialsPlace  *place_out,
                                           GError                  **error);
char     *rapport_credentials_lookup      (const char               *server,
                                           const char               *user,
                                           RapportCredentialsPlace  *place_out,
                                           GError                  **error);
gboolean  rapport_credentials_forget      (const char               *server,
                                           const char               *user,
                                           GError                  **error);

G_END_DECLS
