#!/usr/bin/env python3
"""Where a benchmark run is bound: the CPU that groups of processes used
until UNTIL, and how long their threads waited for a core that others
held (Linux schedstat), in % of one core; and how busy the whole machine
was, in % of one core too (200 % is all of a 2-core machine).

Usage: cpu_share.py UNTIL NAME=PID,PID… …     (UNTIL: Unix time, when to stop)
Prints one line: "server 80% (+12% waiting), postgres 30% (+5% waiting), machine 190%"."""

import glob
import os
import sys
import time


def snapshot(pids):
    """For each live process of @pids: the CPU ticks all its threads used,
    those that ended too (/proc/PID/stat), and the nanoseconds each of its
    live threads waited runnable (schedstat, per thread: an ended thread's
    waits are lost)."""
    found = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # the process ended
            continue
        if fields[0] == "Z":
            continue
        waits = {}
        for path in glob.glob(f"/proc/{pid}/task/*/schedstat"):
            try:
                with open(path) as stat:
                    waits[path] = int(stat.read().split()[1])
            except OSError:
                continue
        found[pid] = (int(fields[11]) + int(fields[12]), waits)  # utime + stime
    return found


def share(before, after, ticks_per_second, elapsed):
    """CPU and waiting of the processes live at both ends, in % of a core."""
    ticks = waited = 0
    for pid, (ticks1, waits1) in after.items():
        if pid in before:
            ticks0, waits0 = before[pid]
            ticks += ticks1 - ticks0
            waited += sum(wait - waits0.get(path, 0) for path, wait in waits1.items())
    return 100 * ticks / ticks_per_second / elapsed, 100 * waited / 1e9 / elapsed


def machine_busy_ticks():
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    # user, nice, system, irq, softirq, steal; not idle and iowait
    return fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7]


def main():
    until = float(sys.argv[1])
    groups = []
    for argument in sys.argv[2:]:
        name, _, pids = argument.partition("=")
        groups.append((name, [pid for pid in pids.split(",") if pid]))
    ticks_per_second = os.sysconf("SC_CLK_TCK")
    before = [snapshot(pids) for _, pids in groups]
    busy_before, started = machine_busy_ticks(), time.monotonic()
    time.sleep(max(0.5, until - time.time()))
    after = [snapshot(pids) for _, pids in groups]
    busy_after, elapsed = machine_busy_ticks(), time.monotonic() - started

    parts = []
    for (name, _), at_start, at_end in zip(groups, before, after):
        ran, waited = share(at_start, at_end, ticks_per_second, elapsed)
        parts.append(f"{name} {ran:.0f}% (+{waited:.0f}% waiting)")
    busy = 100 * (busy_after - busy_before) / ticks_per_second / elapsed
    parts.append(f"machine {busy:.0f}%")
    print(", ".join(parts))


main()
