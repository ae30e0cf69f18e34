/* rapport-sync-feed.c: reading the changes feed ahead of the writer
 *
 * A first sync is a long run of pages. Waiting for the server and parsing a
 * page in one thread while the previous page is written to SQLite in another
 * makes the run about as long as the slower of the two, not their sum. At
 * most two pages wait, so memory stays bounded however long the feed is.
 * The parser frees the written pages before it parses the next: json-glib's
 * nodes come from GSlice, whose free lists are per thread, so nodes freed
 * in the thread that made them are made again cheaply, where freeing them
 * in any other thread cost a third of the first sync's CPU time.
 *
 * A server that sends a page's cursor in its Rapport-Cursor header lets the
 * reader ask for the next page at once while a parser thread parses this
 * one: the server makes a page while the client parses the one before. The
 * parsed page must say what its header said, or the feed stops with an
 * error. Without the header (an older server), the reader parses each page
 * itself before it asks for the next.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-json.h"
#include "rapport-sync-feed.h"
#include "rapport-sync-http.h"

#define PAGES_AHEAD 2
/* A token of room in the queue. */
#define ROOM GINT_TO_POINTER (1)

typedef struct
{
  JsonNode *answer;  /* (nullable): the page, NULL at the end or on error */
  GError   *error;   /* (nullable) */
} Page;

/* What the reader hands the parser: a page's text and what its headers
 * promise, or a page it parsed itself, or an error, or the end. */
typedef struct
{
  GBytes   *text;    /* (nullable) */
  char     *path;    /* (nullable): what was asked for */
  char     *cursor;  /* (nullable): Rapport-Cursor */
  gboolean  more;
  Page     *page;    /* (nullable): parsed already */
} Raw;

struct _RapportSyncFeed
{
  RapportSync  *sync;         /* (owned) */
  SoupSession  *session;      /* (owned) */
  char         *cursor;       /* (owned): where the reader is */
  guint         page_size;
  GCancellable *cancellable;  /* (owned): the reader's own, cancelled on stop */
  gulong        forward_id;
  GCancellable *outer;        /* (owned) (nullable) */
  GAsyncQueue  *pages;        /* Page*, read ahead */
  GAsyncQueue  *raws;         /* Raw*, from the reader to the parser */
  GThread      *parser;
  GAsyncQueue  *room;         /* a token for each page the reader may fetch */
  GAsyncQueue  *written;      /* JsonNode*: pages for the parser to free */
  GThread      *thread;
  gboolean      finished;     /* the consumer saw the end or an error */
};

static void
page_free (Page *page)
{
  g_clear_pointer (&page->answer, json_node_unref);
  g_clear_error (&page->error);
  g_free (page);
}

static void
raw_free (Raw *raw)
{
  g_clear_pointer (&raw->text, g_bytes_unref);
  g_clear_pointer (&raw->page, page_free);
  g_free (raw->path);
  g_free (raw->cursor);
  g_free (raw);
}

static gboolean
check_page (JsonNode *answer,
            GError  **error)
{
  JsonObject *page = JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;

  if (page == NULL || rapport_json_get_array (page, "changes") == NULL ||
      json_object_get_string_member_with_default (page, "cursor", NULL) == NULL)
    {
      g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_PROTOCOL,
                   _("The server’s answer is missing %s"), "changes");
      return FALSE;
    }
  /* A page that says more follow but brings nothing would loop for ever. */
  if (json_object_get_boolean_member_with_default (page, "more", FALSE) &&
      json_array_get_length (rapport_json_get_array (page, "changes")) == 0)
    {
      g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_PROTOCOL,
                   _("The server’s answer is missing %s"), "changes");
      return FALSE;
    }
  return TRUE;
}

/* The cursor and "more" a page's headers promise, if the server sends them. */
static char *
promised_cursor (SoupMessageHeaders *headers,
                 gboolean           *more)
{
  const char *cursor = soup_message_headers_get_one (headers, "Rapport-Cursor");
  const char *more_text = soup_message_headers_get_one (headers, "Rapport-More");
  guint64 value;

  if (cursor == NULL || more_text == NULL ||
      !g_ascii_string_to_unsigned (cursor, 10, 0, G_MAXINT64, &value, NULL) ||
      !(g_str_equal (more_text, "true") || g_str_equal (more_text, "false")))
    return NULL;
  *more = g_str_equal (more_text, "true");
  return g_strdup (cursor);
}

static Page *
parse_page (GBytes *text)
{
  Page *page = g_new0 (Page, 1);

  page->answer = rapport_sync_http_parse (text, &page->error);
  if (page->answer != NULL && !check_page (page->answer, &page->error))
    g_clear_pointer (&page->answer, json_node_unref);
  return page;
}

static gpointer
read_ahead (gpointer data)
{
  RapportSyncFeed *self = data;

  /* Each token is room for one more page. */
  while (g_async_queue_pop (self->room) != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (self->cursor, NULL, FALSE);
      g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%s&limit=%u", escaped,
                                               self->page_size);
      g_autoptr(SoupMessageHeaders) headers = NULL;
      g_autoptr(GError) error = NULL;
      Raw *raw = g_new0 (Raw, 1);
      gboolean more;

      if (g_cancellable_is_cancelled (self->cancellable))
        {
          g_free (raw);
          break;
        }

      raw->text = rapport_sync_request_text (self->sync, self->session, path, &headers,
                                             self->cancellable, &error);
      if (raw->text != NULL)
        raw->cursor = promised_cursor (headers, &raw->more);
      raw->path = g_strdup (path);
      if (raw->text == NULL || raw->cursor == NULL)
        {
          /* No promise to go on: this page is parsed before the next. */
          raw->page = raw->text ? parse_page (raw->text) : g_new0 (Page, 1);
          if (raw->text == NULL)
            raw->page->error = g_steal_pointer (&error);
          g_clear_pointer (&raw->text, g_bytes_unref);
          if (raw->page->answer == NULL)
            {
              g_async_queue_push (self->raws, raw);
              break;
            }
          raw->cursor = g_strdup (json_object_get_string_member (
            json_node_get_object (raw->page->answer), "cursor"));
          raw->more = json_object_get_boolean_member_with_default (
            json_node_get_object (raw->page->answer), "more", FALSE);
        }

      g_free (self->cursor);
      self->cursor = g_strdup (raw->cursor);
      more = raw->more;
      g_async_queue_push (self->raws, raw);
      if (!more)
        {
          /* A raw without text or page marks the end. */
          g_async_queue_push (self->raws, g_new0 (Raw, 1));
          break;
        }
    }
  return NULL;
}

/* Turns what the reader hands over into pages, in order, until the end or
 * the first error. */
static gpointer
parse_ahead (gpointer data)
{
  RapportSyncFeed *self = data;

  for (;;)
    {
      Raw *raw = g_async_queue_pop (self->raws);
      Page *page;
      gboolean last;

      for (JsonNode *written; (written = g_async_queue_try_pop (self->written)) != NULL;)
        json_node_unref (written);
      if (raw->page != NULL)
        page = g_steal_pointer (&raw->page);
      else if (raw->text != NULL)
        {
          page = parse_page (raw->text);
          /* A page that could not be read is asked for again, with the
           * retries of any other request. */
          if (page->answer == NULL && !g_cancellable_is_cancelled (self->cancellable))
            {
              g_clear_error (&page->error);
              page->answer = rapport_sync_request (self->sync, self->session, "GET", raw->path,
                                                   NULL, self->cancellable, &page->error);
              if (page->answer != NULL && !check_page (page->answer, &page->error))
                g_clear_pointer (&page->answer, json_node_unref);
            }
          if (page->answer != NULL)
            {
              JsonObject *object = json_node_get_object (page->answer);

              if (g_strcmp0 (json_object_get_string_member (object, "cursor"), raw->cursor) != 0 ||
                  json_object_get_boolean_member_with_default (object, "more", FALSE) != raw->more)
                {
                  g_clear_pointer (&page->answer, json_node_unref);
                  g_set_error (&page->error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_PROTOCOL,
                               _("The server’s answer is missing %s"), "Rapport-Cursor");
                }
            }
        }
      else
        page = g_new0 (Page, 1);  /* the end */

      last = page->answer == NULL;
      raw_free (raw);
      g_async_queue_push (self->pages, page);
      if (last)
        return NULL;
    }
}

static void
forward_cancel_cb (GCancellable *outer,
                   gpointer      data)
{
  g_cancellable_cancel (data);
}

/**
 * rapport_sync_feed_start:
 * @cursor: where the last sync stopped
 *
 * Starts reading pages of the changes feed in a thread of its own.
 */
RapportSyncFeed *
rapport_sync_feed_start (RapportSync  *sync,
                         SoupSession  *session,
                         const char   *cursor,
                         guint         page_size,
                         GCancellable *cancellable)
{
  RapportSyncFeed *self = g_new0 (RapportSyncFeed, 1);

  self->sync = g_object_ref (sync);
  self->session = g_object_ref (session);
  self->cursor = g_strdup (cursor);
  self->page_size = page_size;
  self->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      self->outer = g_object_ref (cancellable);
      self->forward_id = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb),
                                                g_object_ref (self->cancellable), g_object_unref);
    }
  self->pages = g_async_queue_new_full ((GDestroyNotify) page_free);
  self->raws = g_async_queue_new_full ((GDestroyNotify) raw_free);
  self->room = g_async_queue_new ();
  for (guint i = 0; i < PAGES_AHEAD; i++)
    g_async_queue_push (self->room, ROOM);
  self->written = g_async_queue_new_full ((GDestroyNotify) json_node_unref);
  self->thread = g_thread_new ("rapport-sync-feed", read_ahead, self);
  self->parser = g_thread_new ("rapport-sync-parse", parse_ahead, self);
  return self;
}

/**
 * rapport_sync_feed_next:
 *
 * Waits for the next page.
 *
 * Returns: (transfer full) (nullable): the page (`{changes, cursor, more}`),
 *   or %NULL at the end of the feed (without @error) or on a failure
 */
JsonNode *
rapport_sync_feed_next (RapportSync     *sync,
                        RapportSyncFeed *self,
                        GError         **error)
{
  Page *page;
  JsonNode *answer;

  if (self->finished)
    return NULL;

  page = g_async_queue_pop (self->pages);
  if (page->error != NULL)
    g_propagate_error (error, g_steal_pointer (&page->error));
  answer = g_steal_pointer (&page->answer);
  if (answer == NULL)
    self->finished = TRUE;
  page_free (page);
  return answer;
}

/**
 * rapport_sync_feed_done:
 * @page: (transfer full): a page from rapport_sync_feed_next() that was written
 *
 * Hands a page back: the parser frees it, and the reader may fetch another.
 */
void
rapport_sync_feed_done (RapportSyncFeed *self,
                        JsonNode        *page)
{
  if (page != NULL)
    g_async_queue_push (self->written, page);
  g_async_queue_push (self->room, ROOM);
}

/**
 * rapport_sync_feed_stop:
 *
 * Stops reading, waits for the reader thread and frees what it read.
 */
void
rapport_sync_feed_stop (RapportSyncFeed *self)
{
  g_cancellable_cancel (self->cancellable);
  /* Wake the reader if it waits for room. */
  g_async_queue_push (self->room, ROOM);
  g_thread_join (self->thread);
  /* Wakes the parser if it waits for the reader. */
  g_async_queue_push (self->raws, g_new0 (Raw, 1));
  g_thread_join (self->parser);

  if (self->outer != NULL)
    g_cancellable_disconnect (self->outer, self->forward_id);
  g_clear_object (&self->outer);
  g_async_queue_unref (self->pages);
  g_async_queue_unref (self->raws);
  g_async_queue_unref (self->room);
  g_async_queue_unref (self->written);
  g_object_unref (self->cancellable);
  g_object_unref (self->session);
  g_object_unref (self->sync);
  g_free (self->cursor);
  g_free (self);
}
