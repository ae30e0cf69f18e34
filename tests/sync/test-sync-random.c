/* test-sync-random.c: random work on three clients converges
 *
 * Three clients create, edit and delete contacts and deals and sync in an
 * order drawn from a seeded generator; conflicts are settled at random. At
 * the end every replica equals the server's, no change is left waiting or
 * refused, and every value any replica holds is one that somebody typed.
 * The seeds are fixed, so that every run does the same work and a failure
 * is a fact, not luck: the first is the day this test was written, the
 * others each once led replicas apart. RAPPORT_SYNC_SEED=N runs seed N alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-store-sync.h"
#include "sync-test-server.h"

#define N_CLIENTS 3
#define N_STEPS 400

typedef struct
{
  GRand      *rand;
  TestClient *clients[N_CLIENTS];
  GPtrArray  *ids;        /* every record id ever made, any client */
  GHashTable *typed;      /* "id field value" of every value ever typed */
  guint       serial;
} World;

static const char *entities[] = { "contact", "deal" };

static void
remember (World      *world,
          const char *id,
          const char *field,
          const char *value)
{
  g_hash_table_add (world->typed, g_strdup_printf ("%s %s %s", id, field, value));
}

static void
random_create (World      *world,
               TestClient *client)
{
  const char *entity = entities[g_rand_int_range (world->rand, 0, 2)];
  g_autofree char *value = g_strdup_printf ("r%u", world->serial++);
  g_autofree char *json = NULL;
  g_autofree char *id = NULL;
  const char *field = g_str_equal (entity, "contact") ? "first_name" : "title";

  json = g_strdup_printf ("{\"%s\": \"%s\"}", field, value);
  id = test_client_create (client, entity, json);
  remember (world, id, field, value);
  g_ptr_array_add (world->ids, g_strdup_printf ("%s %s", entity, id));
}

/* Edits a random field of a record this client has, if it has any. */
static void
random_edit (World      *world,
             TestClient *client,
             gboolean    delete)
{
  g_auto(GStrv) pick = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  const char *field;

  if (world->ids->len == 0)
    return;
  pick = g_strsplit (g_ptr_array_index (world->ids,
                                        g_rand_int_range (world->rand, 0, world->ids->len)),
                     " ", 2);
  record = rapport_store_get (client->store, pick[0], pick[1], NULL);
  if (record == NULL)
    return;

  if (delete)
    {
      g_assert_true (rapport_store_delete (client->store, pick[0], pick[1], &error));
      g_assert_no_error (error);
      return;
    }

  if (g_str_equal (pick[0], "contact"))
    field = (const char *[]) { "first_name", "last_name", "title" }[g_rand_int_range (world->rand, 0, 3)];
  else
    field = (const char *[]) { "title", "lost_reason" }[g_rand_int_range (world->rand, 0, 2)];
  value = g_strdup_printf ("r%u", world->serial++);
  json_object_set_string_member (changes, field, value);
  updated = rapport_store_update (client->store, pick[0], pick[1], changes, &error);
  g_assert_no_error (error);
  remember (world, pick[1], field, value);
}

static void
settle_conflicts (World      *world,
                  TestClient *client)
{
  g_autoptr(GPtrArray) conflicts = rapport_store_list_conflicts (client->store, NULL);

  for (guint i = 0; i < conflicts->len; i++)
    {
      JsonObject *conflict = g_ptr_array_index (conflicts, i);
      g_autoptr(GError) error = NULL;
      RapportKeep keep = g_rand_boolean (world->rand) ? RAPPORT_KEEP_MINE : RAPPORT_KEEP_THEIRS;

      g_assert_true (rapport_store_resolve_conflict_keep (client->store,
                                                          json_object_get_string_member (conflict, "id"),
                                                          keep, &error));
      g_assert_no_error (error);
    }
}

/* Every text value a replica holds was typed by someone. */
static void
assert_only_typed_values (World      *world,
                          TestClient *client)
{
  for (guint i = 0; i < world->ids->len; i++)
    {
      g_auto(GStrv) pick = g_strsplit (g_ptr_array_index (world->ids, i), " ", 2);
      g_autoptr(JsonObject) record = rapport_store_get (client->store, pick[0], pick[1], NULL);
      static const char *fields[] = { "first_name", "last_name", "title", "lost_reason" };

      if (record == NULL)
        continue;
      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        {
          const char *value = json_object_get_string_member_with_default (record, fields[f], NULL);
          g_autofree char *key = NULL;

          if (value == NULL)
            continue;
          key = g_strdup_printf ("%s %s %s", pick[1], fields[f], value);
          g_assert_true (g_hash_table_contains (world->typed, key));
        }
    }
}

/* Like g_assert_cmpstr, but shows only the first records that differ. */
static void
assert_same_lines (const char *mine,
                   const char *theirs)
{
  g_auto(GStrv) a = g_strsplit (mine, "\n", -1);
  g_auto(GStrv) b = g_strsplit (theirs, "\n", -1);

  for (guint i = 0; a[i] != NULL || b[i] != NULL; i++)
    {
      if (a[i] == NULL || b[i] == NULL || !g_str_equal (a[i], b[i]))
        g_error ("Replica differs from the server:\n  replica: %s\n  server:  %s",
                 a[i] ? a[i] : "(nothing)", b[i] ? b[i] : "(nothing)");
      if (a[i] == NULL || b[i] == NULL)
        break;
    }
}

static void
test_random_convergence (gconstpointer data)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(TestClient) observer = NULL;
  World world = { 0 };
  static const char *users[N_CLIENTS] = { "mei", "tom", "ana" };
  guint32 seed = GPOINTER_TO_UINT (data);

  g_test_message ("seed %u (RAPPORT_SYNC_SEED=%u replays it)", seed, seed);
  world.rand = g_rand_new_with_seed (seed);
  world.ids = g_ptr_array_new_with_free_func (g_free);
  world.typed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < N_CLIENTS; i++)
    test_server_add_user (server, users[i], "manager");
  test_server_add_user (server, "observer", "manager");
  test_server_start (server);
  for (guint i = 0; i < N_CLIENTS; i++)
    world.clients[i] = test_client_new (server, users[i], users[i]);

  for (guint step = 0; step < N_STEPS; step++)
    {
      TestClient *client = world.clients[g_rand_int_range (world.rand, 0, N_CLIENTS)];
      guint action = g_rand_int_range (world.rand, 0, 100);

      if (action < 20)
        random_create (&world, client);
      else if (action < 70)
        random_edit (&world, client, FALSE);
      else if (action < 75)
        random_edit (&world, client, TRUE);
      else if (action < 95)
        test_client_sync (client);
      else
        settle_conflicts (&world, client);
    }

  /* Quiesce: settle and sync until nothing is left anywhere. A settlement
   * can clash again with another client's, so this takes a few rounds. */
  for (guint round = 0;; round++)
    {
      guint open = 0;

      for (guint i = 0; i < N_CLIENTS; i++)
        {
          settle_conflicts (&world, world.clients[i]);
          test_client_sync (world.clients[i]);
        }
      for (guint i = 0; i < N_CLIENTS; i++)
        {
          test_client_sync (world.clients[i]);
          open += rapport_store_count_conflicts (world.clients[i]->store) +
                  rapport_store_count_pending (world.clients[i]->store);
        }
      if (open == 0)
        break;
      g_assert_cmpuint (round, <, 10);
    }

  observer = test_client_new (server, "observer", "observer");
  test_client_sync (observer);
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      TestClient *client = world.clients[i];

      g_assert_cmpuint (rapport_store_count_pending (client->store), ==, 0);
      g_assert_cmpuint (rapport_store_count_failed (client->store), ==, 0);
      g_assert_cmpuint (rapport_store_count_conflicts (client->store), ==, 0);
      for (guint e = 0; e < G_N_ELEMENTS (entities); e++)
        {
          g_autofree char *mine = test_client_dump (client, entities[e]);
          g_autofree char *server_view = test_client_dump (observer, entities[e]);

          assert_same_lines (mine, server_view);
        }
      assert_only_typed_values (&world, client);
    }
  g_test_message ("%u records made, %u values typed, %" G_GINT64_FORMAT " contacts and %"
                  G_GINT64_FORMAT " deals at the end", world.ids->len,
                  g_hash_table_size (world.typed),
                  rapport_store_count (observer->store, "contact", NULL),
                  rapport_store_count (observer->store, "deal", NULL));

  for (guint i = 0; i < N_CLIENTS; i++)
    test_client_free (world.clients[i]);
  g_ptr_array_unref (world.ids);
  g_hash_table_unref (world.typed);
  g_rand_free (world.rand);
}

int
main (int   argc,
      char *argv[])
{
  static const guint32 seeds[] = { 20261125, 1509446317, 515735, 491978, 658277 };
  const char *chosen = g_getenv ("RAPPORT_SYNC_SEED");

  g_test_init (&argc, &argv, NULL);

  if (chosen != NULL)
    {
      guint32 seed = (guint32) g_ascii_strtoull (chosen, NULL, 10);
      g_autofree char *path = g_strdup_printf ("/rapport/sync/random-convergence/%u", seed);

      g_test_add_data_func (path, GUINT_TO_POINTER (seed), test_random_convergence);
    }
  else
    for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
      {
        g_autofree char *path = g_strdup_printf ("/rapport/sync/random-convergence/%u", seeds[i]);

        g_test_add_data_func (path, GUINT_TO_POINTER (seeds[i]), test_random_convergence);
      }

  return g_test_run ();
}
