#!/usr/bin/env python3
"""The per-type parts of docs/openapi.yaml, made from the record descriptors.

    openapi_types.py DESCRIBE-ENTITIES OPENAPI.yaml [--write]

DESCRIBE-ENTITIES prints the descriptors (src/core/rapport-entity-table.c) as
JSON. For every record type this makes its tag, its REST paths and its four
schemas (X, XFields, XCreate, XList) and puts them in place of the file's;
everything else in the file is written by hand and kept. Without --write it
is a TAP test that fails when the file differs from what it makes; with
--write (`meson compile -C build update-openapi`) it rewrites the file.
"""

import json
import subprocess
import sys

import yaml

# Paths that are not a record type's REST.
FIXED_PATHS = ["/api/v1/auth/login", "/api/v1/auth/logout", "/api/v1/me", "/api/v1/changes",
               "/api/v1/push", "/api/v1/damaged"]
HEADER = ("# The Rapport server API. tests/server/test_openapi_conformance.py checks the\n"
          "# running server against this file; tests/server/lint-openapi.sh lints it.\n"
          "# The record types' tags, paths and schemas are made from the descriptors by\n"
          "# tests/server/openapi_types.py: `meson compile -C build update-openapi`.\n")
WRITERS = {
    "admin": "Everybody reads; only an admin writes.",
    "manager": "Everybody reads; managers and admins write.",
    "owner": "Everybody reads; a rep changes and deletes only what it owns or what nobody owns.",
    "any": "Everybody reads and writes.",
    "server": "Everybody reads; only the server writes them: a write is 403 for everyone.",
}
ETAG = {"description": "The record's version, quoted: `\"3\"`", "schema": {"type": "string"}}


def article(word):
    return ("an " if word[0] in "aeio" else "a ") + word


def ref(kind, name):
    return {"$ref": f"#/components/{kind}/{name}"}


def responses(*codes):
    names = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound",
             409: "AlreadyExists", 412: "PreconditionFailed", 413: "PayloadTooLarge",
             415: "UnsupportedMediaType", 422: "ValidationFailed"}
    return {str(code): ref("responses", names[code]) for code in codes}


def json_body(schema):
    return {"application/json": {"schema": ref("schemas", schema)}}


def field_schema(entity, field):
    kind = field["kind"]
    if kind == "tags":
        return ref("schemas", "Tags")
    if kind == "email_list":
        return ref("schemas", "LabeledEmails")
    if kind == "phone_list":
        return ref("schemas", "LabeledPhones")
    schema = {}
    if kind in ("int", "money"):
        schema = {"type": "integer", "minimum": field["min"], "maximum": field["max"]}
    elif kind == "bool":
        schema = {"type": "boolean"}
    elif kind == "enum":
        schema = {"type": "string", "enum": field["choices"]}
    elif kind == "text":
        schema = {"type": "string", "maxLength": field["max"]}
    elif kind == "email":
        schema = {"type": "string", "format": "email", "maxLength": 254}
    elif kind == "phone":
        schema = {"type": "string", "maxLength": 2048,
                  "description": "3 to 20 digits, with + ( ) . - / and spaces"}
    elif kind == "url":
        schema = {"type": "string", "format": "uri",
                  "description": "http or https; a bare host gets https://"}
    elif kind == "date":
        schema = {"type": "string", "format": "date"}
    elif kind == "datetime":
        schema = {"type": "string", "format": "date-time", "description": "Stored as UTC with a Z"}
    elif kind == "currency":
        schema = {"type": "string", "pattern": "^[A-Z]{3}$",
                  "description": "ISO 4217; lower case is accepted and upper-cased"}
    elif kind == "ref":
        schema = {"type": "string", "format": "uuid",
                  "description": f"The id of {article(field['ref'])}"}
    else:
        raise SystemExit(f"openapi_types.py: no schema for the field kind {kind}")
    if kind == "money":
        schema["description"] = f"Minor units of the currency in `{field['currency_field']}`"
    if field["stamped"] and kind != "datetime":
        schema["description"] = ("Set by Rapport when it prices the line from its price list "
                                 "(`Distributors 2026 · Volume · 10 % off`): a snapshot, kept when "
                                 "the list changes later; shown, not typed")
    elif field["stamped"]:
        schema["description"] = ("Set by Rapport when the status reaches it (unless the write says "
                                 "when), cleared when the record is reopened; stored as UTC with a Z")
    if field["derived"]:
        schema["readOnly"] = True
        schema["description"] = ("Worked out by Rapport from the other fields, on every write; "
                                 "setting it is 422 `read_only`")
    if field["number"]:
        schema["readOnly"] = True
        schema["pattern"] = f"^{entity['number_prefix']}-[0-9]{{4}}-[0-9]{{5,}}$"
        schema["description"] = ("Given by the server when the record is created "
                                 f"(`{entity['number_prefix']}-2026-00042`: the year it was created in "
                                 "and a counter per year, never reused, kept when a deleted record is "
                                 "restored); null only until then. Setting it over REST is 422 "
                                 "`read_only`; a pushed value is ignored")
    if field["name"] == entity["parent_field"]:
        schema["description"] += ("; the record this one is a line of: written with it in one push "
                                  "group, deleted with it")
    if field["name"] in (entity["link_pair"] or []):
        schema["description"] += "; one link per pair, deleted with either record, never changed"
    if field["unique"]:
        schema["description"] = (f"No two {entity['table']} share it, case aside: another one's "
                                 "value is 409 `duplicate_value`")
    if not field["required"]:
        schema["nullable"] = True
        # OpenAPI 3.0.3: an enum lists null for null to be valid.
        if "enum" in schema:
            schema["enum"] = schema["enum"] + [None]
    return schema


def make_schemas(entity, cls):
    name = entity["name"]
    fields = {f["name"]: field_schema(entity, f) for f in entity["fields"]
              if not f["derived"] and not f["number"]}
    derived = {f["name"]: field_schema(entity, f) for f in entity["fields"]
               if f["derived"] or f["number"]}
    required = [f["name"] for f in entity["fields"] if f["required"]]
    note = f" {entity['api_note']}" if entity["api_note"] else ""
    edit = {"type": "object", "additionalProperties": False,
            "description": f"The fields of {article(name)} an edit may set; null clears one.{note}",
            "properties": fields}
    create = {"type": "object", "additionalProperties": False,
              "description": f"A new {name}: its fields, and optionally its id.",
              "properties": {"id": {"type": "string", "format": "uuid",
                                    "description": "Optional: the client's id for the new record"},
                             **fields}}
    if entity["link_pair"]:
        create["properties"]["id"]["description"] = (
            "Optional: a link's id is the UUIDv5 of `{name}/{first id}/{second id}`, so that "
            "two clients linking the same pair make one record; any other id is 422")
    if required:
        create["required"] = required
    stored = {"type": "object", "additionalProperties": False,
              "description": f"A stored {name}: the fields every record carries and its own.",
              "required": ["id", "version", "created_at", "updated_at"] + required,
              "properties": {
                  "id": {"type": "string", "format": "uuid",
                         "description": "A UUIDv7, made by whoever created the record"},
                  "version": {"type": "integer", "minimum": 1,
                              "description": "Bumped by every accepted write; the ETag"},
                  "created_at": {"type": "string", "format": "date-time"},
                  "updated_at": {"type": "string", "format": "date-time"},
                  "created_by": {"type": "string", "format": "uuid", "nullable": True,
                                 "description": "A user id; null when made from the command line"},
                  "updated_by": {"type": "string", "format": "uuid", "nullable": True},
                  **fields, **derived}}
    page = {"type": "object", "required": ["records", "next"], "additionalProperties": False,
            "properties": {
                "records": {"type": "array", "items": ref("schemas", cls)},
                "next": {"type": "string", "nullable": True,
                         "description": "Pass as `after` for the next page; null on the last page"}}}
    if entity["write_role"] == "server":
        stored["description"] += note
        return {cls: stored, cls + "List": page}
    return {cls + "Fields": edit, cls + "Create": create, cls: stored, cls + "List": page}


def make_paths(entity, cls):
    name, table = entity["name"], entity["table"]
    plural = table[0].upper() + table[1:]
    a_name = article(name)
    collection = {
        "get": {"operationId": f"list{plural}", "tags": [cls], "summary": f"List {table}",
                "description": "Live records ordered by id, a page at a time.",
                "parameters": [ref("parameters", "Limit"), ref("parameters", "After")],
                "responses": {"200": {"description": f"A page of {table}",
                                      "content": json_body(cls + "List")},
                              **responses(400, 401)}},
        "post": {"operationId": f"create{cls}", "tags": [cls], "summary": f"Create {a_name}",
                 "description": "The server sets version 1, the timestamps and the author, and fills "
                 "in enum defaults. An `id` of a deleted record restores it, under the rules of "
                 "editing it (a rep may restore only its own or unowned records, 403 otherwise); an "
                 "`id` of a live record is 409.",
                 "requestBody": {"required": True, "content": json_body(cls + "Create")},
                 "responses": {"201": {"description": "Created",
                                       "headers": {"ETag": ETAG,
                                                   "Location": {"description": "The record's URL path",
                                                                "schema": {"type": "string"}}},
                                       "content": json_body(cls)},
                               **responses(400, 401, 403, 409, 413, 415, 422)}},
    }
    one = {
        "parameters": [ref("parameters", "Id")],
        "get": {"operationId": f"get{cls}", "tags": [cls], "summary": f"Get {a_name}",
                "responses": {"200": {"description": f"The {name}", "headers": {"ETag": ETAG},
                                      "content": json_body(cls)},
                              **responses(400, 401, 404)}},
        "patch": {"operationId": f"update{cls}", "tags": [cls],
                  "summary": f"Change fields of {a_name}",
                  "description": "Sets the fields in the body (null clears one) on the current "
                  "version, or only on the version in If-Match.",
                  "parameters": [ref("parameters", "IfMatch")],
                  "requestBody": {"required": True, "content": json_body(cls + "Fields")},
                  "responses": {"200": {"description": "The changed record", "headers": {"ETag": ETAG},
                                        "content": json_body(cls)},
                                **responses(400, 401, 403, 404, 412, 413, 415, 422)}},
        "delete": {"operationId": f"delete{cls}", "tags": [cls], "summary": f"Delete {a_name}",
                   "description": "Leaves a tombstone in the changes feed; history stays readable.",
                   "parameters": [ref("parameters", "IfMatch")],
                   "responses": {"204": {"description": "Deleted"},
                                 **responses(400, 401, 403, 404, 412)}},
    }
    history = {
        "parameters": [ref("parameters", "Id")],
        "get": {"operationId": f"get{cls}History", "tags": [cls],
                "summary": f"Who changed {a_name}, when, from what to what",
                "responses": {"200": {"description": "Every accepted write, oldest first (also of a "
                                                     "deleted record)",
                                      "content": json_body("History")},
                              **responses(400, 401, 404)}},
    }
    if entity["kept"]:
        one["delete"]["responses"]["409"] = ref("responses", "InUse")
        one["delete"]["responses"] = dict(sorted(one["delete"]["responses"].items()))
    if any(f["unique"] for f in entity["fields"]):
        dup = ref("responses", "Duplicate")
        collection["post"]["responses"]["409"] = dup
        one["patch"]["responses"]["409"] = dup
        one["patch"]["responses"] = dict(sorted(one["patch"]["responses"].items()))
    if entity["approval"]:
        wrong = ref("responses", "WrongState")
        for operation in (collection["post"], one["patch"], one["delete"]):
            operation["responses"]["409"] = wrong
            operation["responses"] = dict(sorted(operation["responses"].items()))
    if entity["decision_trail"]:
        one["delete"]["description"] = "Never deleted: a decision stays on record (409)."
    # Consent is history (rapport-server-consent.c): deleting a denial would
    # give an older grant back. Deleting the contact takes its consents along.
    if entity["name"] == "consent":
        one["delete"]["description"] = ("Never deleted: consent is kept as history (409);"
                                        " deleting its contact deletes its consents.")
        one["delete"]["responses"]["409"] = ref("responses", "WrongState")
    # Written by the server alone: no write is part of the API (each is 403).
    if entity["write_role"] == "server":
        del collection["post"], one["patch"], one["delete"]
    base = f"/api/v1/{table}"
    return {base: collection, base + "/{id}": one, base + "/{id}/history": history}


def merged(spec, entities):
    """@spec with its per-type parts replaced by those made from @entities,
    each type's where the first of its old parts was, new types last."""
    classes = [e["name"][0].upper() + e["name"][1:] for e in entities]
    made = [(make_paths(e, c), make_schemas(e, c)) for e, c in zip(entities, classes)]
    out = dict(spec)

    fixed_tags = [t for t in spec["tags"] if t["name"] not in classes and t["name"] in ("Auth", "Sync")]
    out["tags"] = fixed_tags + [{"name": c, "description": f"Plain REST on {e['table']}. "
                                 + WRITERS[e["write_role"]]} for e, c in zip(entities, classes)]

    paths = {p: v for p, v in spec["paths"].items() if p in FIXED_PATHS}
    for type_paths, _ in made:
        paths.update(type_paths)
    out["paths"] = paths

    old = spec["components"]["schemas"]
    owner = {}
    for i, (_, schemas) in enumerate(made):
        for key in schemas:
            owner[key] = i
    schemas, placed = {}, set()
    for key, value in old.items():
        if key in owner:
            if owner[key] not in placed:
                placed.add(owner[key])
                schemas.update(made[owner[key]][1])
        elif not any(key == c + s for c in classes for s in ("", "Fields", "Create", "List")):
            schemas[key] = value
    for i, (_, type_schemas) in enumerate(made):
        if i not in placed:
            schemas.update(type_schemas)
    # What names every type at once: a record of any type, a change's and
    # an op's entity.
    names = [e["name"] for e in entities]
    schemas["Record"] = dict(schemas["Record"], anyOf=[ref("schemas", c) for c in classes])
    for key in ("Change", "Op"):
        if key in schemas:
            entity = schemas[key]["properties"]["entity"]
            schemas[key]["properties"]["entity"] = dict(entity, enum=names)
    out["components"] = dict(spec["components"], schemas=schemas)
    return out


class Dumper(yaml.SafeDumper):
    """Writes a shared part (the ETag header) out in full each time, as a
    reader of the file expects, never as a YAML alias."""

    def ignore_aliases(self, data):
        return True


def dump(spec):
    return HEADER + yaml.dump(spec, Dumper=Dumper, sort_keys=False, width=100, allow_unicode=True)


def main():
    describe, path = sys.argv[1], sys.argv[2]
    entities = json.loads(subprocess.run([describe], check=True, capture_output=True,
                                         text=True).stdout)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    made = dump(merged(yaml.safe_load(text), entities))
    if "--write" in sys.argv:
        with open(path, "w", encoding="utf-8") as f:
            f.write(made)
        return
    print("1..1")
    if made == text:
        print("ok 1 docs/openapi.yaml is what the record descriptors make")
        return
    import difflib
    for line in list(difflib.unified_diff(text.splitlines(), made.splitlines(), "docs/openapi.yaml",
                                          "made from the descriptors", lineterm=""))[:80]:
        print("# " + line)
    print("not ok 1 docs/openapi.yaml differs from the record descriptors: run "
          "`meson compile -C build update-openapi`")


if __name__ == "__main__":
    main()
