/* sync-test-server.h: a real rapport-server for the sync tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-store.h"
#include "rapport-sync.h"

G_BEGIN_DECLS

typedef struct
{
  char        *dir;         /* temporary folder for every database */
  char        *database;    /* the server's database: a file, or a PostgreSQL URL */
  char        *pg_name;     /* (nullable): that PostgreSQL database's name */
  GSubprocess *process;
  char        *url;         /* http://127.0.0.1:PORT */
} TestServer;

#define TEST_PASSWORD "correct horse battery staple"

TestServer  *test_server_new         (void);
void         test_server_start       (TestServer  *server);
TestServer  *test_server_new_managers (void);
void         test_server_start_tls   (TestServer  *server,
                                      const char  *certificate,
                                      const char  *key);
void         test_server_stop        (TestServer  *server);
void         test_server_kill        (TestServer  *server);
void         test_server_restart     (TestServer  *server);
void         test_server_free        (TestServer  *server);
void         test_server_add_user    (TestServer  *server,
                                      const char  *name,
                                      const char  *role);

typedef struct
{
  RapportStore *store;
  RapportSync  *sync;
  char         *path;
} TestClient;

TestClient  *test_client_new         (TestServer  *server,
                                      const char  *name,
                                      const char  *user);
void         test_client_free        (TestClient  *client);
void         test_client_sync        (TestClient  *client);
void         test_client_point_at    (TestClient  *client,
                                      TestServer  *server);

JsonObject  *test_parse_object       (const char  *json);
char        *test_client_create      (TestClient  *client,
                                      const char  *entity,
                                      const char  *json);
void         test_client_update      (TestClient  *client,
                                      const char  *entity,
                                      const char  *id,
                                      const char  *json);
char        *test_client_dump        (TestClient  *client,
                                      const char  *entity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestServer, test_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestClient, test_client_free)

G_END_DECLS
