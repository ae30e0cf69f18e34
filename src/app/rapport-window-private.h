/* rapport-window-private.h: what the window's files share
 *
 * rapport-window.c builds the window and keeps its list in step;
 * rapport-window-actions.c holds its actions (win.open-record,
 * win.show-task, win.show-section, …), through which pages, rows,
 * notifications and keys navigate; rapport-window-select.c the list's
 * selection mode.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-context.h"
#include "rapport-detail-view.h"
#include "rapport-record-list-model.h"
#include "rapport-sync-indicator.h"
#include "rapport-tasks-page.h"
#include "rapport-welcome-page.h"
#include "rapport-window.h"

G_BEGIN_DECLS

/* The sidebar has the record types whose descriptor gives them a section. */
#define MAX_SECTIONS 16

/* A filter drop-down: "any" first, then the field's choices. */
#define MAX_FILTERS 4

typedef struct
{
  const RapportEntity    *entity;
  RapportRecordListModel *model;       /* (owned) (nullable): made when first shown */
  GtkSingleSelection     *selection;   /* (owned) (nullable) */
  GtkMultiSelection      *picks;       /* (owned) (nullable): selection mode's, made when first used */
  const char             *scope_field; /* (nullable): "owner_id" or "assignee_id" */
  const char             *filters[MAX_FILTERS];
  RapportSort             sorts[6];    /* the orders offered */
  const char             *sort_labels[7]; /* N_(): theirs, NULL-terminated */
  guint                   scope;       /* 0 = everyone's, 1 = mine, 2… = queue_ids[scope - 2] */
  char                  **queue_ids;   /* (owned) (nullable): a queued type's switcher: the
                                        * queues the user works, in its order */
  GPtrArray              *queues;      /* (owned) (nullable): those queues as last read */
  gboolean                queues_fresh; /* just read: build the switcher without reading */
  guint                   filter_choice[MAX_FILTERS];
  const char             *drill_field; /* (nullable) interned: a report's bar's filter ("stage_id") */
  guint                   sort;
  char                   *filter_json; /* (owned) (nullable): of the Filter… window or a segment */
  char                   *segment_id;  /* (owned) (nullable): the segment shown, if one is */
  char                   *segment_name; /* (owned) (nullable): its name */
} Section;

struct _RapportWindow
{
  AdwApplicationWindow  parent_instance;

  RapportApplication   *application;  /* (unowned) */
  RapportContext       *context;      /* (owned): the book's store, sync, settings, clock */
  GCancellable         *cancellable;  /* (owned): cancelled when the window closes */
  GListModel           *section_list; /* (owned): of RapportSection, the sidebar's */
  Section               sections[MAX_SECTIONS]; /* what each shows, in section_list's order */
  guint                 n_sections;
  gboolean              admin;        /* the signed-in user is: admins' sections are shown */
  Section              *section;      /* (unowned): the one shown */
  gboolean              building_filters;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  RapportWelcomePage   *welcome_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar_pane;
  AdwHeaderBar         *sidebar_header;
  AdwWindowTitle       *sidebar_title;
  GtkRevealer          *sample_banner;
  GtkListBox           *sidebar_list;
  GtkWidget            *list_pane;
  AdwHeaderBar         *list_header;
  AdwWindowTitle       *list_title;
  GtkWidget            *list_back_button;
  GtkWidget            *filter_button;     /* Filter…, in the header of a wide window */
  GtkWidget            *filter_row_button; /* … beside the quick filters of a narrow one */
  GtkToggleButton      *search_button;
  RapportSyncIndicator *sync_indicator;
  GtkMenuButton        *primary_menu_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkBox               *filter_box;
  GtkLabel             *filter_summary;  /* narrow: the filters in effect */
  GtkBox               *filter_menu_box; /* narrow: the same drop-downs, in a menu */
  GtkStack             *list_stack;
  GtkListView          *list_view;
  GtkListItemFactory   *row_factory;   /* (owned): the list's rows */
  GtkListItemFactory   *pick_factory;  /* (owned): the same with a check box, in selection mode */
  GtkToggleButton      *select_button; /* shown where records can be merged */
  GtkActionBar         *select_bar;    /* under the list in selection mode */
  GtkLabel             *select_count;
  GtkWidget            *merge_button;
  gboolean              list_to_top;   /* a new order or filter: show its first rows */
  AdwStatusPage        *empty_page;
  RapportDetailView    *detail_view;
  GtkWidget            *board_button;  /* in list_header: shown for deals */
  RapportTasksPage     *tasks_page;    /* in main_stack */
  GtkRevealer          *filter_bar;    /* above the list: the filter in words */
  GtkLabel             *filter_bar_label;
  GtkBox               *segments_box;  /* in the sidebar, under the sections */
  GtkWidget            *segment_list;  /* (nullable): in segments_box, made with the context */
};

Section *_rapport_window_find_section        (RapportWindow  *self,
                                              const char     *entity);
void     _rapport_window_show_section        (RapportWindow  *self,
                                              const char     *entity);
void     _rapport_window_show_main           (RapportWindow  *self);
void     _rapport_window_show_deals          (RapportWindow  *self,
                                              const char     *field,
                                              const char     *value,
                                              const char     *label);
void     _rapport_window_class_actions_init  (GtkWidgetClass *widget_class);
void     _rapport_window_class_filter_init   (GtkWidgetClass *widget_class);
void     _rapport_window_set_list_filter     (RapportWindow  *self,
                                              Section        *section,
                                              const char     *json,
                                              const char     *segment_id,
                                              const char     *segment_name);
void     _rapport_window_add_segments        (RapportWindow  *self);
void     _rapport_window_class_select_init   (GtkWidgetClass *widget_class);
void     _rapport_window_select_init         (RapportWindow  *self);
void     _rapport_window_update_selecting    (RapportWindow  *self);
gboolean _rapport_window_is_selecting        (RapportWindow  *self);
void     _rapport_window_pick_clicked        (RapportWindow  *self,
                                              GtkWidget      *picked);
void     _rapport_window_toggle_pick         (RapportWindow  *self,
                                              guint           position);

G_END_DECLS
