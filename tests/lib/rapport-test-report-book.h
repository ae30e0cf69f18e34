/* rapport-test-report-book.h: a small book whose report numbers are worked out by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-store.h"

G_BEGIN_DECLS

/* The day the book's reports are read on, and its quarter. */
#define RAPPORT_TEST_BOOK_TODAY "2026-06-15"
#define RAPPORT_TEST_BOOK_FROM "2026-04-01"
#define RAPPORT_TEST_BOOK_UNTIL "2026-07-01"
#define RAPPORT_TEST_BOOK_WANG "0190a000-0000-7000-8000-000000000001"
#define RAPPORT_TEST_BOOK_EAST "0190a000-0000-7000-8000-000000000030"
#define RAPPORT_TEST_BOOK_WEST "0190a000-0000-7000-8000-000000000031"

void rapport_test_report_book (RapportStore *store);

G_END_DECLS
