/* rapport-item-about.h: the record a task or an activity is about
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-store.h"

G_BEGIN_DECLS

typedef struct
{
  const RapportEntity *entity;
  char                *id;          /* (owned) */
  char                *description; /* (owned): "Deal: 200 licences" */
  char                *open_label;  /* (owned): "Open 200 licences" */
} RapportItemAbout;

void       rapport_item_about_clear (RapportItemAbout    *about);
gboolean   rapport_item_about_find  (RapportStore        *store,
                                     const RapportEntity *entity,
                                     JsonObject          *item,
                                     RapportItemAbout    *about);
GtkWidget *rapport_item_about_add   (RapportStore        *store,
                                     const RapportEntity *entity,
                                     JsonObject          *item,
                                     GString             *subtitle);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RapportItemAbout, rapport_item_about_clear)

G_END_DECLS
