/* rapport-clock.c: the wall clock's minutes and days, as signals
 *
 * Views that say "in 5 minutes", "Overdue" or "Today" follow the wall
 * clock rather than ticking on timers of their own. The clock wakes at
 * each minute of the wall clock with a timerfd on CLOCK_REALTIME, which
 * fires on resume when a suspend slept through its time and is cancelled
 * (so we look again) when the time is set; a change of time zone
 * (/etc/localtime) makes it look again too. Each look compares the minute
 * and the day with the last ones: a jump of three days is one
 * "day-changed", a clock set back a day is one as well.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-clock"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "rapport-clock-private.h"

struct _RapportClock
{
  GObject              parent_instance;

  RapportClockNowFunc  now;
  gpointer             now_data;
  GTimeZone           *zone;         /* (owned): read again when it changes */
  GDateTime           *last;         /* (owned): when we last looked */
  int                  timer_fd;     /* -1 without timerfd or with a test's source */
  guint                timer_source;
  GFileMonitor        *zone_monitor; /* (owned) (nullable) */
};

G_DEFINE_FINAL_TYPE (RapportClock, rapport_clock, G_TYPE_OBJECT)

enum {
  SIGNAL_MINUTE_CHANGED,
  SIGNAL_DAY_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GDateTime *
now_in_zone (gpointer user_data)
{
  RapportClock *self = user_data;

  return g_date_time_new_now (self->zone);
}

static gboolean
same_day (GDateTime *a,
          GDateTime *b)
{
  return g_date_time_get_year (a) == g_date_time_get_year (b) &&
         g_date_time_get_day_of_year (a) == g_date_time_get_day_of_year (b);
}

static gboolean
same_minute (GDateTime *a,
             GDateTime *b)
{
  return same_day (a, b) && g_date_time_get_hour (a) == g_date_time_get_hour (b) &&
         g_date_time_get_minute (a) == g_date_time_get_minute (b);
}

static void arm (RapportClock *self);

static gboolean
timer_cb (int          fd,
          GIOCondition condition,
          gpointer     user_data)
{
  RapportClock *self = user_data;
  guint64 expirations;

  /* ECANCELED: the time was set; either way, look now. */
  if (read (fd, &expirations, sizeof expirations) < 0 && errno != ECANCELED && errno != EAGAIN)
    g_warning ("Could not read the clock's timer: %s", g_strerror (errno));
  rapport_clock_check (self);
  arm (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
minute_timeout_cb (gpointer user_data)
{
  RapportClock *self = user_data;

  self->timer_source = 0;
  rapport_clock_check (self);
  arm (self);
  return G_SOURCE_REMOVE;
}

/* Wakes at the next minute of the wall clock. */
static void
arm (RapportClock *self)
{
  gint64 now_us = g_get_real_time ();
  gint64 next_s = now_us / G_USEC_PER_SEC / 60 * 60 + 60;

  if (self->timer_fd >= 0)
    {
      struct itimerspec spec = { .it_value = { .tv_sec = next_s, .tv_nsec = 0 } };

      if (timerfd_settime (self->timer_fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET,
                           &spec, NULL) == 0)
        return;
      g_warning ("Could not set the clock's timer: %s", g_strerror (errno));
      g_clear_handle_id (&self->timer_source, g_source_remove);
      close (self->timer_fd);
      self->timer_fd = -1;
    }
  /* Without timerfd: monotonic time, which a suspend may stretch. */
  if (self->timer_source == 0)
    self->timer_source = g_timeout_add ((next_s * G_USEC_PER_SEC - now_us) / 1000 + 1,
                                        minute_timeout_cb, self);
}

static void
zone_changed_cb (GFileMonitor      *monitor,
                 GFile             *file,
                 GFile             *other,
                 GFileMonitorEvent  event,
                 RapportClock      *self)
{
  if (event != G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT && event != G_FILE_MONITOR_EVENT_CREATED &&
      event != G_FILE_MONITOR_EVENT_DELETED)
    return;
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = g_time_zone_new_identifier (NULL);
  if (self->zone == NULL)
    self->zone = g_time_zone_new_local ();
  rapport_clock_check (self);
}

static void
rapport_clock_dispose (GObject *object)
{
  RapportClock *self = (RapportClock *) object;

  g_clear_handle_id (&self->timer_source, g_source_remove);
  if (self->timer_fd >= 0)
    close (self->timer_fd);
  self->timer_fd = -1;
  if (self->zone_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->zone_monitor, self);
  g_clear_object (&self->zone_monitor);

  G_OBJECT_CLASS (rapport_clock_parent_class)->dispose (object);
}

static void
rapport_clock_finalize (GObject *object)
{
  RapportClock *self = (RapportClock *) object;

  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->last, g_date_time_unref);

  G_OBJECT_CLASS (rapport_clock_parent_class)->finalize (object);
}

static void
rapport_clock_class_init (RapportClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_clock_dispose;
  object_class->finalize = rapport_clock_finalize;

  /**
   * RapportClock::minute-changed:
   *
   * The wall clock shows another minute (or was set, or the time zone
   * changed): relative times ("in 5 minutes") are written again.
   */
  signals[SIGNAL_MINUTE_CHANGED] =
    g_signal_new ("minute-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * RapportClock::day-changed:
   *
   * Another day, forward or back: "Today", "Overdue" and the like are
   * sorted again. Emitted before the minute-changed of the same look.
   */
  signals[SIGNAL_DAY_CHANGED] =
    g_signal_new ("day-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rapport_clock_init (RapportClock *self)
{
  self->timer_fd = -1;
  self->zone = g_time_zone_new_local ();
  self->now = now_in_zone;
  self->now_data = self;
}

/**
 * rapport_clock_new:
 *
 * Returns: (transfer full): a clock of the local wall time
 */
RapportClock *
rapport_clock_new (void)
{
  RapportClock *self = g_object_new (RAPPORT_TYPE_CLOCK, NULL);
  g_autoptr(GFile) zone_file = g_file_new_for_path ("/etc/localtime");

  self->last = rapport_clock_dup_now (self);
  self->timer_fd = timerfd_create (CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
  if (self->timer_fd >= 0)
    self->timer_source = g_unix_fd_add (self->timer_fd, G_IO_IN, timer_cb, self);
  arm (self);
  self->zone_monitor = g_file_monitor_file (zone_file, G_FILE_MONITOR_WATCH_HARD_LINKS, NULL, NULL);
  if (self->zone_monitor != NULL)
    g_signal_connect (self->zone_monitor, "changed", G_CALLBACK (zone_changed_cb), self);
  return self;
}

/**
 * rapport_clock_new_with_source:
 * @now: gives the local time whenever the clock looks
 *
 * Returns: (transfer full): a clock that looks only when told to
 *   (rapport_clock_check()): for tests
 */
RapportClock *
rapport_clock_new_with_source (RapportClockNowFunc now,
                               gpointer            user_data)
{
  RapportClock *self;

  g_return_val_if_fail (now != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_CLOCK, NULL);
  self->now = now;
  self->now_data = user_data;
  self->last = rapport_clock_dup_now (self);
  return self;
}

/**
 * rapport_clock_dup_now:
 *
 * Returns: (transfer full): the local time now, as the clock sees it
 */
GDateTime *
rapport_clock_dup_now (RapportClock *self)
{
  g_return_val_if_fail (RAPPORT_IS_CLOCK (self), NULL);

  return self->now (self->now_data);
}

/**
 * rapport_clock_check:
 *
 * Looks at the time, and says so if the minute or the day is another than
 * at the last look.
 */
void
rapport_clock_check (RapportClock *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) last = NULL;

  g_return_if_fail (RAPPORT_IS_CLOCK (self));

  now = rapport_clock_dup_now (self);
  if (same_minute (now, self->last))
    return;
  last = g_steal_pointer (&self->last);
  self->last = g_date_time_ref (now);
  if (!same_day (now, last))
    g_signal_emit (self, signals[SIGNAL_DAY_CHANGED], 0);
  g_signal_emit (self, signals[SIGNAL_MINUTE_CHANGED], 0);
}
