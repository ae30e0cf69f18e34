/* rapport-record-item.c: one record in a list model
 *
 * A list row binds to an item; when a sync or an edit changes the record,
 * the model updates the item in place and the row follows its properties,
 * so nothing on screen jumps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-record-item"

#include "config.h"

#include "rapport-record.h"
#include "rapport-record-item.h"

struct _RapportRecordItem
{
  GObject              parent_instance;

  const RapportEntity *entity;
  gint64               rowid;
  JsonObject          *record;    /* (owned) (nullable): NULL once deleted */
  char                *title;     /* (owned) */
  char                *subtitle;  /* (owned) */
  char                *flags;     /* (owned): a queue row's third line, "Overdue · Urgent" */
  char                *flags_style; /* (owned): its style class, "error", "warning" or "" */
};

G_DEFINE_FINAL_TYPE (RapportRecordItem, rapport_record_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_FLAGS,
  PROP_FLAGS_STYLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rapport_record_item_finalize (GObject *object)
{
  RapportRecordItem *self = (RapportRecordItem *) object;

  g_clear_pointer (&self->record, json_object_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->flags, g_free);
  g_clear_pointer (&self->flags_style, g_free);

  G_OBJECT_CLASS (rapport_record_item_parent_class)->finalize (object);
}

static void
rapport_record_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RapportRecordItem *self = RAPPORT_RECORD_ITEM (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_FLAGS:
      g_value_set_string (value, self->flags);
      break;
    case PROP_FLAGS_STYLE:
      g_value_set_string (value, self->flags_style);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_record_item_class_init (RapportRecordItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rapport_record_item_finalize;
  object_class->get_property = rapport_record_item_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FLAGS] =
    g_param_spec_string ("flags", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FLAGS_STYLE] =
    g_param_spec_string ("flags-style", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_record_item_init (RapportRecordItem *self)
{
  self->title = g_strdup ("");
  self->subtitle = g_strdup ("");
  self->flags = g_strdup ("");
  self->flags_style = g_strdup ("");
}

RapportRecordItem *
rapport_record_item_new (const RapportEntity *entity,
                         gint64               rowid)
{
  RapportRecordItem *self = g_object_new (RAPPORT_TYPE_RECORD_ITEM, NULL);

  self->entity = entity;
  self->rowid = rowid;
  return self;
}

const RapportEntity *
rapport_record_item_get_entity (RapportRecordItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_RECORD_ITEM (self), NULL);

  return self->entity;
}

gint64
rapport_record_item_get_rowid (RapportRecordItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_RECORD_ITEM (self), 0);

  return self->rowid;
}

/**
 * rapport_record_item_get_record:
 *
 * Returns: (transfer none) (nullable): the record, %NULL if it was deleted
 */
JsonObject *
rapport_record_item_get_record (RapportRecordItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_RECORD_ITEM (self), NULL);

  return self->record;
}

const char *
rapport_record_item_get_id (RapportRecordItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_RECORD_ITEM (self), NULL);

  if (self->record == NULL)
    return NULL;
  return json_object_get_string_member_with_default (self->record, "id", NULL);
}

const char *
rapport_record_item_get_title (RapportRecordItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_RECORD_ITEM (self), NULL);

  return self->title;
}

const char *
rapport_record_item_get_subtitle (RapportRecordItem *self)
{
  g_return_val_if_fail (RAPPORT_IS_RECORD_ITEM (self), NULL);

  return self->subtitle;
}

static void
set_string (RapportRecordItem *self,
            char             **field,
            const char        *value,
            guint              prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/**
 * rapport_record_item_set_record:
 * @record: (nullable): the record as stored now; %NULL when it was deleted
 * @subtitle: (nullable): the row's second line
 */
void
rapport_record_item_set_record (RapportRecordItem *self,
                                JsonObject        *record,
                                const char        *subtitle)
{
  g_autofree char *title = NULL;

  g_return_if_fail (RAPPORT_IS_RECORD_ITEM (self));

  if (record != NULL)
    json_object_ref (record);
  g_clear_pointer (&self->record, json_object_unref);
  self->record = record;

  title = record != NULL ? rapport_record_title (self->entity, record) : g_strdup ("");
  set_string (self, &self->title, title, PROP_TITLE);
  set_string (self, &self->subtitle, subtitle ? subtitle : "", PROP_SUBTITLE);
}

/**
 * rapport_record_item_set_flags:
 * @flags: (nullable): what needs attention and when it is due, in words
 * @style: (nullable): the style class that colours them: "error", "warning"
 */
void
rapport_record_item_set_flags (RapportRecordItem *self,
                               const char        *flags,
                               const char        *style)
{
  g_return_if_fail (RAPPORT_IS_RECORD_ITEM (self));

  set_string (self, &self->flags_style, style ? style : "", PROP_FLAGS_STYLE);
  set_string (self, &self->flags, flags ? flags : "", PROP_FLAGS);
}
