#!/usr/bin/env python3
"""Reads a meson test log. By default prints one closing line, "N passed, N
failed, N skipped". With --failed, prints the names of the failed tests, one
per line, when there are at most MAX_RETRIED (and nothing otherwise): those
are worth one more run alone, since a desktop under the load of three
parallel tests can drop a click, and a latency bound measured beside them
can be missed; more failures than that are not the machine's doing."""
import json
import sys

MAX_RETRIED = 5


def results(path):
    with open(path, encoding="utf-8") as log:
        for line in log:
            entry = json.loads(line)
            # "rapport:ui / ui-forecast": the project and suite, then the name.
            suite, _, name = entry["name"].partition(" / ")
            yield suite.partition(":")[2], name, entry["result"]


def main(argv):
    list_failed = argv[1] == "--failed"
    path = argv[-1]
    passed = failed = skipped = 0
    failures = []
    for suite, name, result in results(path):
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:
            failed += 1
            failures.append((suite, name))
    if list_failed:
        if 0 < len(failures) <= MAX_RETRIED:
            print("\n".join(name for _, name in failures))
        return
    print(f"{passed} passed, {failed} failed, {skipped} skipped")


main(sys.argv)
