#!/usr/bin/env python3
"""Checks that the built desktop files all carry the build's application id:
the .desktop file's icon, the D-Bus service's name (the .desktop file is
D-Bus activatable, so both must match its file name) and the metainfo's id
and launchable.

Usage: test-app-ids.py APP-ID DESKTOP-FILE METAINFO-FILE DBUS-SERVICE-FILE
"""

import configparser
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path


def read_ini(path, section):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser[section]


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    app_id = sys.argv[1]
    desktop_path, metainfo_path, service_path = (Path(p) for p in sys.argv[2:])
    problems = []

    if desktop_path.name != app_id + ".desktop":
        problems.append(f"the desktop file is named {desktop_path.name}")
    desktop = read_ini(desktop_path, "Desktop Entry")
    if desktop.get("Icon") != app_id:
        problems.append(f"desktop Icon is {desktop.get('Icon')!r}")
    if desktop.get("DBusActivatable") != "true":
        problems.append("the desktop file is not DBusActivatable")
    for category in ("Office", "ContactManagement"):
        if category not in desktop.get("Categories", "").split(";"):
            problems.append(f"desktop Categories lack {category}")

    service = read_ini(service_path, "D-BUS Service")
    if service.get("Name") != app_id:
        problems.append(f"D-Bus service Name is {service.get('Name')!r}")
    if not service.get("Exec", "").endswith("/rapport --gapplication-service"):
        problems.append(f"D-Bus service Exec is {service.get('Exec')!r}")

    component = ElementTree.parse(metainfo_path).getroot()
    if component.findtext("id") != app_id:
        problems.append(f"metainfo id is {component.findtext('id')!r}")
    launchable = component.find("launchable[@type='desktop-id']")
    if launchable is None or launchable.text != app_id + ".desktop":
        problems.append("metainfo launchable does not name the desktop file")
    if component.find("releases/release[@version]") is None:
        problems.append("metainfo has no release")

    for problem in problems:
        print(problem)
    if not problems:
        print(f"{app_id}: desktop file, D-Bus service and metainfo agree")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
