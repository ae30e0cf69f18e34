/* rapport-clock.c: the wall clock the pages show times against
 *
 * "Due in 5 minutes", "Overdue", "Today 14:00": what a page says depends
 * on the minute and the day. The clock emits ::minute-changed when the
 * wall clock's minute moves on and ::day-changed when its date does, and
 * notifies :now with both. It wakes at the next whole minute of the wall
 * clock, not after sixty seconds of a timer: a timerfd on CLOCK_REALTIME
 * with TFD_TIMER_CANCEL_ON_SET fires at the minute, right after a resume
 * from suspend (the realtime deadline has passed), and at once when the
 * clock is set. A time-zone change is seen through /etc/localtime, which
 * GLib reads again for each local time. Each wake compares the time with
 * the last one seen, so a late or spurious wake emits only what changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-clock"

#include "config.h"

#include <errno.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib-unix.h>

#include "rapport-clock-private.h"

/* Past the minute, so that a wake never reads 11:59:59.999. */
#define SLACK_MS 20

struct _RapportClock
{
  GObject              parent_instance;

  GDateTime           *now;          /* (owned): the time last seen */
  RapportClockNowFunc  now_func;
  gpointer             now_data;
  int                  timer_fd;     /* -1 without timerfd */
  guint                timer_source; /* the fd's watch or a timeout */
  GFileMonitor        *zone_monitor; /* (owned) (nullable) */
};

G_DEFINE_FINAL_TYPE (RapportClock, rapport_clock, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_MINUTE_CHANGED,
  SIGNAL_DAY_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule (RapportClock *self);

static GDateTime *
read_now (RapportClock *self)
{
  if (self->now_func != NULL)
    return self->now_func (self->now_data);
  return g_date_time_new_now_local ();
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

static gboolean
timer_fd_cb (int           fd,
             GIOCondition  condition,
             gpointer      user_data)
{
  RapportClock *self = user_data;
  guint64 expirations;

  /* ECANCELED says the clock was set; either way it is time to look. */
  if (read (fd, &expirations, sizeof expirations) < 0 && errno != ECANCELED && errno != EAGAIN)
    g_debug ("Reading the clock's timer: %s", g_strerror (errno));
  rapport_clock_check (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  RapportClock *self = user_data;

  self->timer_source = 0;
  rapport_clock_check (self);
  return G_SOURCE_REMOVE;
}

static void
zone_changed_cb (GFileMonitor      *monitor,
                 GFile             *file,
                 GFile             *other_file,
                 GFileMonitorEvent  event,
                 RapportClock      *self)
{
  rapport_clock_check (self);
}

/* Wakes at the next whole minute of the wall clock. */
static void
schedule (RapportClock *self)
{
  gint64 now_us = g_get_real_time ();
  gint64 next_us = (now_us / G_USEC_PER_SEC / 60 + 1) * 60 * G_USEC_PER_SEC + SLACK_MS * 1000;

  if (self->timer_fd >= 0)
    {
      struct itimerspec spec = { 0 };

      spec.it_value.tv_sec = next_us / G_USEC_PER_SEC;
      spec.it_value.tv_nsec = (next_us % G_USEC_PER_SEC) * 1000;
      if (timerfd_settime (self->timer_fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET,
                           &spec, NULL) == 0)
        return;
      g_debug ("Setting the clock's timer: %s", g_strerror (errno));
      g_source_remove (self->timer_source);
      close (self->timer_fd);
      self->timer_fd = -1;
      self->timer_source = 0;
    }
  g_clear_handle_id (&self->timer_source, g_source_remove);
  self->timer_source = g_timeout_add ((next_us - now_us) / 1000, timeout_cb, self);
}

static void
rapport_clock_finalize (GObject *object)
{
  RapportClock *self = (RapportClock *) object;

  g_clear_handle_id (&self->timer_source, g_source_remove);
  if (self->timer_fd >= 0)
    close (self->timer_fd);
  if (self->zone_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->zone_monitor, self);
  g_clear_object (&self->zone_monitor);
  g_clear_pointer (&self->now, g_date_time_unref);

  G_OBJECT_CLASS (rapport_clock_parent_class)->finalize (object);
}

static void
rapport_clock_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RapportClock *self = RAPPORT_CLOCK (object);

  switch (prop_id)
    {
    case PROP_NOW:
      g_value_set_boxed (value, self->now);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_clock_class_init (RapportClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rapport_clock_finalize;
  object_class->get_property = rapport_clock_get_property;

  /**
   * RapportClock:now:
   *
   * The local time, as of the last whole minute (or change of clock or
   * time zone).
   */
  properties[PROP_NOW] =
    g_param_spec_boxed ("now", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RapportClock::minute-changed:
   *
   * The wall clock shows another minute (or hour, or day).
   */
  signals[SIGNAL_MINUTE_CHANGED] =
    g_signal_new ("minute-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * RapportClock::day-changed:
   *
   * The wall clock shows another date: "Today" means another day.
   * Emitted after ::minute-changed.
   */
  signals[SIGNAL_DAY_CHANGED] =
    g_signal_new ("day-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rapport_clock_init (RapportClock *self)
{
  g_autoptr(GFile) localtime = g_file_new_for_path ("/etc/localtime");

  self->now = read_now (self);
  self->timer_fd = timerfd_create (CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
  if (self->timer_fd >= 0)
    self->timer_source = g_unix_fd_add (self->timer_fd, G_IO_IN, timer_fd_cb, self);
  /* A symbolic link that is replaced: watch the link, not its target. */
  self->zone_monitor = g_file_monitor_file (localtime, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (self->zone_monitor != NULL)
    g_signal_connect (self->zone_monitor, "changed", G_CALLBACK (zone_changed_cb), self);
  schedule (self);
}

/**
 * rapport_clock_new:
 *
 * Returns: (transfer full): a clock on the local wall clock
 */
RapportClock *
rapport_clock_new (void)
{
  return g_object_new (RAPPORT_TYPE_CLOCK, NULL);
}

/**
 * rapport_clock_get_now:
 *
 * Returns: (transfer none): the local time as of the last minute the
 *   clock told of
 */
GDateTime *
rapport_clock_get_now (RapportClock *self)
{
  g_return_val_if_fail (RAPPORT_IS_CLOCK (self), NULL);

  return self->now;
}

/**
 * rapport_clock_set_now_func:
 * @now_func: (nullable): reads the time instead of the wall clock
 *
 * For tests: the clock reads its time from @now_func from now on. Call
 * rapport_clock_check() after changing what it returns.
 */
void
rapport_clock_set_now_func (RapportClock        *self,
                            RapportClockNowFunc  now_func,
                            gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_CLOCK (self));

  self->now_func = now_func;
  self->now_data = user_data;
  g_clear_pointer (&self->now, g_date_time_unref);
  self->now = read_now (self);
}

/**
 * rapport_clock_check:
 *
 * Reads the time and tells what changed since it was last read: a minute,
 * a day, or nothing.
 */
void
rapport_clock_check (RapportClock *self)
{
  g_autoptr(GDateTime) before = NULL;
  gboolean new_day;

  g_return_if_fail (RAPPORT_IS_CLOCK (self));

  g_object_ref (self);
  before = g_steal_pointer (&self->now);
  self->now = read_now (self);
  schedule (self);
  if (!same_minute (before, self->now))
    {
      new_day = !same_day (before, self->now);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOW]);
      g_signal_emit (self, signals[SIGNAL_MINUTE_CHANGED], 0);
      if (new_day)
        g_signal_emit (self, signals[SIGNAL_DAY_CHANGED], 0);
    }
  g_object_unref (self);
}
