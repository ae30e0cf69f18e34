#!/usr/bin/python3
"""A stand-in notification server for the UI tests: owns
org.freedesktop.Notifications on the session bus, appends each Notify call
to a log file as a JSON line, and when a file named <log>.invoke appears,
says the user clicked the notification whose id it holds (ActionInvoked
with the "default" action), as a desktop's notification bubble would.

usage: fake_notifications.py LOG"""

import json
import os
import sys

import gi

gi.require_version('Gio', '2.0')
from gi.repository import Gio, GLib  # noqa: E402

PATH = '/org/freedesktop/Notifications'
NAME = 'org.freedesktop.Notifications'
XML = '''<node>
  <interface name="org.freedesktop.Notifications">
    <method name="Notify">
      <arg type="s" direction="in"/><arg type="u" direction="in"/>
      <arg type="s" direction="in"/><arg type="s" direction="in"/>
      <arg type="s" direction="in"/><arg type="as" direction="in"/>
      <arg type="a{sv}" direction="in"/><arg type="i" direction="in"/>
      <arg type="u" direction="out"/>
    </method>
    <method name="CloseNotification"><arg type="u" direction="in"/></method>
    <method name="GetCapabilities"><arg type="as" direction="out"/></method>
    <method name="GetServerInformation">
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
    </method>
    <signal name="ActionInvoked"><arg type="u"/><arg type="s"/></signal>
    <signal name="NotificationClosed"><arg type="u"/><arg type="u"/></signal>
  </interface>
</node>'''

log_path = sys.argv[1]
next_id = [1]
bus = Gio.bus_get_sync(Gio.BusType.SESSION)


def method_call(connection, sender, path, interface, method, params, invocation):
    if method == 'Notify':
        app, replaces, icon, summary, body, actions, hints, timeout = params.unpack()
        nid = replaces or next_id[0]
        next_id[0] += 1
        with open(log_path, 'a') as f:
            f.write(json.dumps({'id': nid, 'app': app, 'summary': summary, 'body': body,
                                'actions': actions}) + '\n')
        invocation.return_value(GLib.Variant('(u)', (nid,)))
    elif method == 'GetCapabilities':
        invocation.return_value(GLib.Variant('(as)', (['body', 'actions'],)))
    elif method == 'GetServerInformation':
        invocation.return_value(GLib.Variant('(ssss)', ('fake', 'rapport', '1', '1.2')))
    else:
        invocation.return_value(None)


def check_invoke():
    trigger = log_path + '.invoke'
    if os.path.exists(trigger):
        with open(trigger) as f:
            # "ID" clicks the notification, "ID ACTION" one of its buttons.
            nid, _, action = f.read().strip().partition(' ')
        os.unlink(trigger)
        bus.emit_signal(None, PATH, NAME, 'ActionInvoked',
                        GLib.Variant('(us)', (int(nid), action or 'default')))
    return True


info = Gio.DBusNodeInfo.new_for_xml(XML)
bus.register_object(PATH, info.interfaces[0], method_call, None, None)
Gio.bus_own_name_on_connection(bus, NAME, Gio.BusNameOwnerFlags.NONE, None, None)
GLib.timeout_add(100, check_invoke)
GLib.MainLoop().run()
