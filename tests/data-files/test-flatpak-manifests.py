#!/usr/bin/env python3
"""Checks the Flatpak manifests: valid JSON, the right application id, runtime
and command, exactly the permissions a network application needs, and only the
client built (libsodium, which the server needs, is not in the GNOME runtime),
and the libraries the client needs that the runtime lacks (EVCard's
libebook-contacts, from evolution-data-server, which needs libical) built
before it from pinned sources.

Usage: test-flatpak-manifests.py FLATPAK-DIR
"""

import json
import sys
from pathlib import Path

APP_ID = "io.github.rapportcrm.Rapport"
RUNTIMES = {"runtime": "org.gnome.Platform", "sdk": "org.gnome.Sdk"}
MIN_RUNTIME_VERSION = 50
FINISH_ARGS = [
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
]


def check(manifest_path, app_id, development):
    """Returns a list of problems found in one manifest."""
    problems = []

    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [f"cannot be read as JSON: {error}"]

    if manifest.get("id") != app_id:
        problems.append(f"id is {manifest.get('id')!r}, expected {app_id!r}")
    for key, expected in RUNTIMES.items():
        if manifest.get(key) != expected:
            problems.append(f"{key} is {manifest.get(key)!r}, expected {expected!r}")
    version = str(manifest.get("runtime-version", ""))
    if not version.isdigit() or int(version) < MIN_RUNTIME_VERSION:
        problems.append(f"runtime-version is {version!r}, expected {MIN_RUNTIME_VERSION} or newer")
    if manifest.get("command") != "rapport":
        problems.append(f"command is {manifest.get('command')!r}, expected 'rapport'")

    finish_args = manifest.get("finish-args", [])
    if sorted(finish_args) != sorted(FINISH_ARGS) or len(finish_args) != len(FINISH_ARGS):
        extra = sorted(set(finish_args) - set(FINISH_ARGS))
        missing = sorted(set(FINISH_ARGS) - set(finish_args))
        problems.append(f"finish-args differ: extra {extra}, missing {missing}, got {finish_args}")

    modules = manifest.get("modules", [])
    rapport = [m for m in modules if isinstance(m, dict) and m.get("name") == "rapport"]
    if len(rapport) != 1:
        return problems + ["no single module named 'rapport'"]
    module = rapport[0]
    options = module.get("config-opts", [])
    if module.get("buildsystem") != "meson":
        problems.append("the rapport module is not built with meson")
    if "-Dserver=false" not in options:
        problems.append("the rapport module builds the server (-Dserver=false is missing)")
    if development != ("-Ddevelopment=true" in options):
        problems.append(f"-Ddevelopment=true should be {'present' if development else 'absent'}")
    if not any(s.get("type") == "dir" and s.get("path") == ".." for s in module.get("sources", [])):
        problems.append("the rapport module is not built from the local checkout")

    # The GNOME runtime has no evolution-data-server: the importer's vCard
    # reader (libebook-contacts) is built first, libical before it.
    names = [m.get("name") for m in modules if isinstance(m, dict)]
    for needed in ("libical", "evolution-data-server"):
        if needed not in names or names.index(needed) > names.index("rapport"):
            problems.append(f"no module {needed!r} before the rapport module")
    if names.count("libical") == 1 and names.count("evolution-data-server") == 1 and \
            names.index("libical") > names.index("evolution-data-server"):
        problems.append("libical must be built before evolution-data-server")
    for dependency in (m for m in modules if isinstance(m, dict) and m.get("name") != "rapport"):
        for source in dependency.get("sources", []):
            if source.get("type") == "git" and not (source.get("tag") and source.get("commit")):
                problems.append(f"module {dependency.get('name')!r}: a git source without tag and commit")

    cleanup = manifest.get("cleanup", [])
    for pattern in ("/include", "*.a"):
        if pattern not in cleanup:
            problems.append(f"cleanup lacks {pattern!r}")

    return problems


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    flatpak_dir = Path(sys.argv[1])
    failed = False

    for app_id, development in ((APP_ID, False), (APP_ID + ".Devel", True)):
        path = flatpak_dir / f"{app_id}.json"
        problems = check(path, app_id, development)
        for problem in problems:
            print(f"{path.name}: {problem}")
        if problems:
            failed = True
        else:
            print(f"{path.name}: ok")

    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
