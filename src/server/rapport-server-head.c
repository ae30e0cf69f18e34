/* rapport-server-head.c: a strict reader of HTTP/1.x request heads
 *
 * libsoup 3.2 reads request heads leniently (a line without a colon is
 * skipped, "Content-Length: +19" is 19) and has no limit on their size. The
 * server reads each head itself first, with this reader: a request line
 * "METHOD TARGET HTTP/1.x" of visible characters, then "name: value" lines
 * with a token for a name, a Content-Length of digits only (the same in
 * every copy), no Transfer-Encoding (bodies have a length here), and the
 * whole head within RAPPORT_SERVER_MAX_HEAD bytes. Lines end in CRLF or LF;
 * empty lines before the request line are skipped, as RFC 9112 allows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-head"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rapport-server-error.h"
#include "rapport-server-head.h"

#define MAX_LENGTH_DIGITS 18

static gboolean
is_tchar (guchar c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

static gboolean
is_token (const char *text,
          gsize       length)
{
  if (length == 0)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!is_tchar (text[i]))
      return FALSE;
  return TRUE;
}

/* Field values: visible characters, spaces, tabs and non-ASCII bytes. */
static gboolean
is_field_value (const char *text,
                gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      guchar c = text[i];

      if ((c < 0x20 && c != '\t') || c == 0x7f)
        return FALSE;
    }
  return TRUE;
}

/* Printable ASCII with whole percent escapes: libsoup answers a bad escape
 * ("%G0") with a bare 400 of its own, without our JSON error. */
static gboolean
is_target (const char *text,
           gsize       length)
{
  if (length == 0)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if ((guchar) text[i] <= 0x20 || (guchar) text[i] >= 0x7f)
        return FALSE;
      if (text[i] == '%' &&
          (i + 2 >= length || !g_ascii_isxdigit (text[i + 1]) || !g_ascii_isxdigit (text[i + 2])))
        return FALSE;
    }
  return TRUE;
}

/* Is one segment of a path "." or "..", written plainly or escaped? libsoup
 * resolves such segments before routing, so "/contacts/%2e%2e/users" would
 * be served as "/users": they are refused before libsoup sees them. */
static gboolean
is_dot_segment (const char *segment,
                gsize       length)
{
  guint dots = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (segment[i] == '.')
        dots++;
      else if (segment[i] == '%' && i + 2 < length && segment[i + 1] == '2' &&
               g_ascii_tolower (segment[i + 2]) == 'e')
        dots++, i += 2;
      else
        return FALSE;
    }
  return dots == 1 || dots == 2;
}

static gboolean
has_dot_segment (const char *target,
                 gsize       length)
{
  gsize path_length = 0;
  gsize start = 0;

  while (path_length < length && target[path_length] != '?' && target[path_length] != '#')
    path_length++;
  for (gsize i = 0; i <= path_length; i++)
    if (i == path_length || target[i] == '/')
      {
        if (i > start && is_dot_segment (target + start, i - start))
          return TRUE;
        start = i + 1;
      }
  return FALSE;
}

/* Does the comma-separated @value hold the token @token? */
static gboolean
list_has_token (const char *value,
                const char *token)
{
  g_auto(GStrv) items = g_strsplit (value, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    if (g_ascii_strcasecmp (g_strstrip (items[i]), token) == 0)
      return TRUE;
  return FALSE;
}

static RapportServerHeadStatus
bad (GError             **error,
     RapportServerError   code,
     const char          *field,
     const char          *message)
{
  rapport_server_set_error (error, code, field, "%s", message);
  return RAPPORT_SERVER_HEAD_BAD;
}

static RapportServerHeadStatus
parse_request_line (const char         *line,
                    gsize               length,
                    RapportServerHead  *head,
                    GError            **error)
{
  const char *first = memchr (line, ' ', length);
  const char *second = first != NULL ? memchr (first + 1, ' ', line + length - first - 1) : NULL;
  const char *version;
  gsize version_length;

  if (second == NULL || !is_token (line, first - line) ||
      !is_target (first + 1, second - first - 1))
    goto fail;
  if (has_dot_segment (first + 1, second - first - 1))
    return bad (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, NULL,
                _("The path holds a “.” or “..” part"));
  version = second + 1;
  version_length = line + length - version;
  if (version_length == 8 && memcmp (version, "HTTP/1.1", 8) == 0)
    head->keep_alive = TRUE;
  else if (version_length == 8 && memcmp (version, "HTTP/1.0", 8) == 0)
    head->keep_alive = FALSE;
  else
    goto fail;
  return RAPPORT_SERVER_HEAD_COMPLETE;

fail:
  return bad (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, NULL,
              _("The request line must read “METHOD /path HTTP/1.1”"));
}

static RapportServerHeadStatus
parse_header (const char         *line,
              gsize               length,
              gboolean           *has_length,
              RapportServerHead  *head,
              GError            **error)
{
  const char *colon = memchr (line, ':', length);
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  guint64 number;

  if (line[0] == ' ' || line[0] == '\t')
    return bad (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, NULL,
                _("A header line may not begin with a space (folded headers are not accepted)"));
  if (colon == NULL)
    return bad (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, NULL,
                _("Every header line must read “Name: value”; one has no colon"));
  if (!is_token (line, colon - line))
    return bad (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, NULL,
                _("A header name may only hold letters, digits and punctuation such as “-”, without spaces"));
  if (!is_field_value (colon + 1, line + length - colon - 1))
    return bad (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, NULL,
                _("A header value holds a control character"));

  name = g_strndup (line, colon - line);
  value = g_strstrip (g_strndup (colon + 1, line + length - colon - 1));
  if (g_ascii_strcasecmp (name, "Content-Length") == 0)
    {
      if (value[0] == '\0' || strlen (value) > MAX_LENGTH_DIGITS ||
          strspn (value, "0123456789") != strlen (value))
        return bad (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, "Content-Length",
                    _("“Content-Length” must be a whole number of bytes, in digits only"));
      number = g_ascii_strtoull (value, NULL, 10);
      if (*has_length && number != head->content_length)
        return bad (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, "Content-Length",
                    _("The request has two different “Content-Length” headers"));
      *has_length = TRUE;
      head->content_length = number;
    }
  else if (g_ascii_strcasecmp (name, "Transfer-Encoding") == 0)
    return bad (error, RAPPORT_SERVER_ERROR_LENGTH_REQUIRED, NULL,
                _("Send a Content-Length, not a chunked body"));
  else if (g_ascii_strcasecmp (name, "Connection") == 0)
    {
      if (list_has_token (value, "close"))
        head->keep_alive = FALSE;
    }
  return RAPPORT_SERVER_HEAD_COMPLETE;
}

static gsize
skip_empty_lines (GByteArray *buffer)
{
  gsize start = 0;

  while (start < buffer->len)
    {
      if (buffer->data[start] == '\n')
        start++;
      else if (buffer->data[start] == '\r' && start + 1 < buffer->len && buffer->data[start + 1] == '\n')
        start += 2;
      else
        break;
    }
  return start;
}

/**
 * rapport_server_head_parse:
 * @buffer: what the client has sent so far; empty lines before the request
 *   line are removed from it
 * @head: (out caller-allocates): the head, once complete
 *
 * Returns: whether @buffer begins with a complete and valid head, needs more
 *   bytes, or is no valid head (@error says why: 400, 411, 414 or 431)
 */
RapportServerHeadStatus
rapport_server_head_parse (GByteArray        *buffer,
                           RapportServerHead *head,
                           GError           **error)
{
  const char *data;
  gsize position = 0;
  guint n_lines = 0;
  gboolean has_length = FALSE;

  g_byte_array_remove_range (buffer, 0, skip_empty_lines (buffer));
  data = (const char *) buffer->data;
  memset (head, 0, sizeof *head);

  while (TRUE)
    {
      const char *end = memchr (data + position, '\n', buffer->len - position);
      gsize length;
      RapportServerHeadStatus status;

      if (end == NULL)
        {
          if (n_lines == 0 && buffer->len > RAPPORT_SERVER_MAX_REQUEST_LINE)
            goto line_too_long;
          if (buffer->len > RAPPORT_SERVER_MAX_HEAD)
            goto head_too_large;
          return RAPPORT_SERVER_HEAD_INCOMPLETE;
        }
      length = end - (data + position);
      if (length > 0 && data[position + length - 1] == '\r')
        length--;
      if (memchr (data + position, '\r', length) != NULL || memchr (data + position, '\0', length) != NULL)
        return bad (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, NULL,
                    _("The request head holds a stray carriage return or a NUL byte"));

      if (n_lines == 0 && length > RAPPORT_SERVER_MAX_REQUEST_LINE)
        goto line_too_long;
      if ((gsize) (end - data) + 1 > RAPPORT_SERVER_MAX_HEAD)
        goto head_too_large;

      if (n_lines == 0)
        status = parse_request_line (data + position, length, head, error);
      else if (length == 0)
        {
          head->length = end - data + 1;
          return RAPPORT_SERVER_HEAD_COMPLETE;
        }
      else if (n_lines > RAPPORT_SERVER_MAX_HEADER_LINES)
        goto head_too_large;
      else
        status = parse_header (data + position, length, &has_length, head, error);
      if (status != RAPPORT_SERVER_HEAD_COMPLETE)
        return status;
      n_lines++;
      position = end - data + 1;
    }

line_too_long:
  rapport_server_set_error (error, RAPPORT_SERVER_ERROR_URI_TOO_LONG, NULL,
                            ngettext ("The request line is longer than %u byte",
                                      "The request line is longer than %u bytes",
                                      RAPPORT_SERVER_MAX_REQUEST_LINE),
                            RAPPORT_SERVER_MAX_REQUEST_LINE);
  return RAPPORT_SERVER_HEAD_BAD;

head_too_large:
  rapport_server_set_error (error, RAPPORT_SERVER_ERROR_HEADERS_TOO_LARGE, NULL,
                            ngettext ("The request headers are larger than %u byte or more than %u lines",
                                      "The request headers are larger than %u bytes or more than %u lines",
                                      RAPPORT_SERVER_MAX_HEAD),
                            RAPPORT_SERVER_MAX_HEAD, RAPPORT_SERVER_MAX_HEADER_LINES);
  return RAPPORT_SERVER_HEAD_BAD;
}
