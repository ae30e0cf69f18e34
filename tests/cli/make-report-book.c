/* make-report-book.c: writes the hand-built report book into a database
 *
 * Usage: make-report-book PATH. The book is
 * tests/lib/rapport-test-report-book.c; test-cli-report.py reads its
 * reports through rapport-cli and checks the numbers test-report.c checks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-test-report-book.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    {
      g_printerr ("Usage: %s PATH\n", argv[0]);
      return 2;
    }
  if (!(store = rapport_store_open (argv[1], &error)))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  rapport_test_report_book (store);
  rapport_store_wait_for_writes (store);
  return 0;
}
