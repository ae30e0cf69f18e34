#!/usr/bin/python3
"""Navigation goes through the window's actions: app.open-record (what a
reminder's button activates, passed on to win.open-record) shows the record
in its own section, from another section or from the Tasks page; a company's
related person opens the same way (the row is win.open-record's); app.open-task
shows the Tasks page; a record type that does not exist changes nothing."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402
from gi.repository import Gio, GLib  # noqa: E402


def app_bus_name(bus):
    reply = bus.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus',
                          'ListNames', None, None, Gio.DBusCallFlags.NONE, -1, None)
    names = [n for n in reply.unpack()[0] if n.startswith('io.github.rapportcrm.Rapport')]
    return names[0] if names else None


def activate(action, parameter):
    """Activates the app's @action with @parameter, as a notification does."""
    bus = Gio.bus_get_sync(Gio.BusType.SESSION)
    name = r.wait_for('the app on the session bus', lambda: app_bus_name(bus))
    bus.call_sync(name, '/' + name.replace('.', '/'), 'org.gtk.Actions', 'Activate',
                  GLib.Variant('(sava{sv})', (action, [parameter], {})), None,
                  Gio.DBusCallFlags.NONE, 10000, None)


def shown_list(app):
    """The section whose list is shown: its list is named after it."""
    names = [n.name for n in app.find_all('list', None) if n.name in r.RECORD_LISTS]
    return names[0] if names else None


def record(cli, entity, search):
    return json.loads(cli.run('--json', 'list', entity, '--search', search))[0]


def test(workdir):
    server = r.Server(workdir)
    server.start()
    app = None
    try:
        cli = r.Client(workdir, server, user='wang.fang')
        cli.run('sync')
        cli.run('add', 'company', '--set', 'name=Wayfinder Logistics')
        company = record(cli, 'company', 'Wayfinder')
        cli.run('add', 'contact', '--set', 'first_name=Nora', '--set', 'last_name=Pathfinder',
                '--set', 'company_id=' + company['id'])
        contact = record(cli, 'contact', 'Pathfinder')
        cli.run('add', 'task', '--set', 'title=Route the shipment')
        task = [t for t in json.loads(cli.run('--json', 'list', 'task'))
                if t['title'] == 'Route the shipment'][0]
        cli.run('sync')

        app = r.App(workdir, server=server)
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        app.focus_window()

        # From the Companies section: the contact, in Contacts.
        app.key('<Alt>2')
        r.wait_for('the companies', lambda: 'Wayfinder Logistics' in app.list_labels())
        activate('open-record', GLib.Variant('(ss)', ('contact', contact['id'])))
        app.wait_label('Nora Pathfinder')
        r.wait_for('the Contacts section', lambda: shown_list(app) == 'Contacts')

        # From the Tasks page: the company, in Companies, and its person
        # opens through the related row.
        app.key('<Alt>5')
        r.wait_for('the Tasks page', lambda: app.window.name.startswith('Tasks'))
        activate('open-record', GLib.Variant('(ss)', ('company', company['id'])))
        r.wait_for('the records', lambda: not app.window.name.startswith('Tasks'))
        r.wait_for('the Companies section', lambda: shown_list(app) == 'Companies')
        app.wait_label('Wayfinder Logistics')
        # The row is activated as a user does it, with a click on its title.
        title = app.find('label', 'Nora Pathfinder')
        x, y, w, h = title.extents
        r.rawinput.click(x + w // 2, y + h // 2)
        r.wait_for('the person, in Contacts', lambda: shown_list(app) == 'Contacts')
        app.wait_label('Nora Pathfinder')

        # A reminder's task: the Tasks page with it.
        activate('open-task', GLib.Variant('s', task['id']))
        r.wait_for('the Tasks page', lambda: app.window.name.startswith('Tasks'))
        app.wait_label('Route the shipment')

        # No such type, no such record: the page stays, the app runs.
        activate('open-record', GLib.Variant('(ss)', ('no-such-type', contact['id'])))
        activate('open-record', GLib.Variant('(ss)', ('contact', '')))
        r.wait_for('the Tasks page still', lambda: app.window.name.startswith('Tasks'))
        app.key('<Alt>1')
        r.wait_for('the contacts', lambda: shown_list(app) == 'Contacts')
        r.check_apps_alive()
    finally:
        if app is not None:
            app.quit()
        server.stop()


r.run(test)
