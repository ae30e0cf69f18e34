"""Shared set-up of Rapport's UI tests: a real rapport-server on loopback,
the real app under Xvfb, driven through AT-SPI with dogtail."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback

os.environ.setdefault('GTK_A11Y', 'atspi')
os.environ['NO_AT_BRIDGE'] = '0'

import gi  # noqa: E402

gi.require_version('Gio', '2.0')
from gi.repository import Gio, GLib  # noqa: E402

# dbus-run-session starts before xvfb-run, so the services the session bus
# starts do not know the display: the AT-SPI registry, which synthesizes key
# presses and pointer moves, would send them nowhere. Tell the bus before
# anything starts the registry.
Gio.bus_get_sync(Gio.BusType.SESSION).call_sync(
    'org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus',
    'UpdateActivationEnvironment',
    GLib.Variant('(a{ss})', ({k: os.environ[k] for k in ('DISPLAY', 'XAUTHORITY')
                              if k in os.environ},)),
    None, Gio.DBusCallFlags.NONE, -1, None)

# dogtail refuses to start unless the desktop says accessibility is on; with
# GSETTINGS_BACKEND=memory that is this process's setting only.
Gio.Settings.new('org.gnome.desktop.interface').set_boolean('toolkit-accessibility', True)

from dogtail import config  # noqa: E402

config.config.searchShowingOnly = False
config.config.defaultDelay = 0.2
config.config.actionDelay = 0.2
config.config.typingDelay = 0.02
config.config.searchCutoffCount = 3
config.config.logDebugToStdOut = False
config.config.logDebugToFile = False

from dogtail import rawinput, tree  # noqa: E402
import pyatspi  # noqa: E402

import atspi_tree  # noqa: E402

BUILD = os.environ.get('RAPPORT_BUILD_DIR',
                       os.path.join(os.path.dirname(__file__), '..', '..', 'build'))
APP = os.path.join(BUILD, 'src', 'app', 'rapport')
SERVER = os.path.join(BUILD, 'src', 'server', 'rapport-server')
CLI = os.path.join(BUILD, 'src', 'cli', 'rapport-cli')
SHOTS = os.path.join(BUILD, 'screenshots')
PASSWORD = 'correct horse battery'
# The sidebar's accessible name, in English and Chinese.
SIDEBAR = ('Sections', '分区')
# The record lists are named after their section.
RECORD_LISTS = ('Contacts', 'Companies', 'Deals', 'Cases', 'Products', 'Quotes', 'Sales Orders',
                'Approval Rules', 'Teams', 'Campaigns', '审批规则', '团队管理', '营销活动',
                '联系人', '公司', '商机', '工单', '产品', '报价单', '销售订单')


STARTED = time.monotonic()


def log(*args):
    print('# %5.1fs' % (time.monotonic() - STARTED), *args, flush=True)


def without_mnemonic(text):
    """@text as a test names it: "_Save" is "Save"; where the language has
    no letters the mnemonic goes after the text, "浏览示例数据(_E)", and GTK
    shows "浏览示例数据(E)": both are "浏览示例数据"."""
    return re.sub(r'\(_?[A-Za-z0-9]\)(?=…|\.\.\.| |$)', '', text).replace('_', '')


def matches(node, role, name):
    """Whether @node is of @role (one or a tuple; None: any) and named
    @name (None: any name)."""
    if role is not None and node.roleName not in (role if isinstance(role, tuple) else (role,)):
        return False
    if name is None:
        return True
    label = node.name or ''
    # "_Save Save", "Resolve 1 _Conflict… Resolve 1 Conflict…",
    # "浏览示例数据(_E) 浏览示例数据(E)"
    return label == name or without_mnemonic(label) in (name, name + ' ' + name)


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


# The apps a test started: a wait ends as soon as one of them is gone.
RUNNING_APPS = []
# How to kill every server and app process, when a test fails.
STARTED_PROCESSES = []


def check_apps_alive():
    """Raises when an app the test started ended on its own: under
    G_DEBUG=fatal-criticals a critical warning aborts it, and the test that
    caused it fails here, not on a time-out further on."""
    for app in RUNNING_APPS:
        code = app.process.poll()
        if code is not None:
            RUNNING_APPS.remove(app)
            raise AssertionError('the app ended on its own (exit status %d%s); see its log above'
                                 % (code, ', a critical warning' if code == -5 else ''))


def wait_for(what, check, timeout=20.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        check_apps_alive()
        try:
            result = check()
            if result:
                return result
        except Exception:  # the tree changes under us while the app works
            pass
        time.sleep(0.2)
    raise AssertionError('timed out waiting for ' + what)


class Server:
    """rapport-server with the demo book, on a fixed port so it can come back."""

    def __init__(self, workdir):
        self.database = os.path.join(workdir, 'server.db')
        self.port = free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        self.process = None
        subprocess.run([SERVER, 'demo', '--database', self.database], check=True,
                       stdout=subprocess.DEVNULL)
        for user in ('wang.fang', 'lucas.martin', 'admin'):
            subprocess.run([SERVER, 'user', 'passwd', user, '--password-stdin',
                            '--database', self.database], input=PASSWORD + '\n',
                           text=True, check=True, stdout=subprocess.DEVNULL)

    def start(self):
        self.process = subprocess.Popen([SERVER, 'serve', '--database', self.database,
                                         '--address', '127.0.0.1', '--port', str(self.port)],
                                        stdout=subprocess.PIPE, text=True)
        STARTED_PROCESSES.append(self.process.kill)
        wait_for('the server', lambda: 'Listening' in self.process.stdout.readline())

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


class Client:
    """A second client: rapport-cli over its own database."""

    def __init__(self, workdir, server, user='lucas.martin'):
        self.env = dict(os.environ, RAPPORT_DATABASE=os.path.join(workdir, 'cli.db'),
                        XDG_DATA_HOME=os.path.join(workdir, 'cli-data'), RAPPORT_NO_KEYRING='1')
        self.run('login', '--server', server.url, '--user', user, '--password-stdin',
                 input=PASSWORD + '\n')

    def run(self, *args, input=None):
        result = subprocess.run([CLI] + list(args), env=self.env, input=input, text=True,
                                capture_output=True)
        if result.returncode != 0:
            raise AssertionError('rapport-cli %s: %s%s' % (' '.join(args), result.stdout,
                                                           result.stderr))
        return result.stdout


class App:
    def __init__(self, workdir, server=None, user='wang.fang', width=1100, height=720,
                 name='app', env=None, command=None, settings=None, stderr=None):
        self.workdir = workdir
        env_extra = env
        config_home = os.path.join(workdir, name + '-config')
        # The keyfile backend lets a test choose the window size the app
        # restores, e.g. 360 px for the narrow layout.
        os.makedirs(os.path.join(config_home, 'glib-2.0', 'settings'), exist_ok=True)
        with open(os.path.join(config_home, 'glib-2.0', 'settings', 'keyfile'), 'w') as f:
            f.write('[io/github/rapportcrm/Rapport]\nwindow-width=%d\nwindow-height=%d\n'
                    % (width, height))
            # More keys, as GVariant text: {'default-currency': "'EUR'"}
            for key, value in (settings or {}).items():
                f.write('%s=%s\n' % (key, value))
        # Only a close button, as GNOME has it: the screenshots look like
        # the desktop's, and the narrow header's title has room.
        os.makedirs(os.path.join(config_home, 'gtk-4.0'), exist_ok=True)
        with open(os.path.join(config_home, 'gtk-4.0', 'settings.ini'), 'w') as f:
            f.write('[Settings]\ngtk-decoration-layout=:close\n')
        env = dict(os.environ,
                   RAPPORT_DATABASE=os.path.join(workdir, name + '.db'),
                   XDG_DATA_HOME=os.path.join(workdir, name + '-data'),
                   XDG_CONFIG_HOME=config_home,
                   RAPPORT_NO_KEYRING='1', GTK_A11Y='atspi', NO_AT_BRIDGE='0',
                   GSETTINGS_BACKEND='keyfile', LC_ALL='C.UTF-8',
                   GSETTINGS_SCHEMA_DIR=os.environ.get('GSETTINGS_SCHEMA_DIR',
                                                       os.path.join(BUILD, 'data')))
        # A critical warning is a bug: it aborts the app (SIGTRAP), and
        # check_apps_alive() fails the test that caused it. So is the main
        # thread waiting for SQLite (a blocking write, an unbounded read).
        env['G_DEBUG'] = 'fatal-criticals'
        # Xvfb has no GPU: GTK's GL renderer would draw through Mesa's
        # llvmpipe, which took more CPU than the app and the tests together
        # (a third of a UI test's run); cairo draws the same widgets for far less.
        env.setdefault('GSK_RENDERER', 'cairo')
        env['RAPPORT_FORBID_BLOCKING'] = '1'
        if server is not None:
            env.update(RAPPORT_SERVER_URL=server.url, RAPPORT_USER=user,
                       RAPPORT_PASSWORD=PASSWORD)
        env.update(env_extra or {})
        # None in @env takes the variable away.
        env = {k: v for k, v in env.items() if v is not None}
        # @command (say build-aux/run-demo.sh) starts the app in a session
        # of its own: quit() ends the script and what it started.
        # @stderr: a file to keep the app's warnings in, for a test to read.
        self.process = subprocess.Popen(command or [APP], env=env, stderr=stderr,
                                        start_new_session=command is not None)
        self.group = command is not None
        RUNNING_APPS.append(self)
        STARTED_PROCESSES.append(lambda: os.killpg(self.process.pid, signal.SIGKILL) if self.group
                                 else self.process.kill())
        self.node = wait_for('the app on the bus',
                             lambda: tree.root.application('rapport'), timeout=30)
        self.window = wait_for('the window', lambda: self.node.child(roleName='frame'))

    def explore_sample(self, label='Explore Sample Data'):
        """Explore Sample Data: the app opens a new window on the sample book."""
        old = self.window
        self.click(label)

        def new_window():
            frames = [f for f in self.node.children if f.roleName == 'frame']
            return [f for f in frames if f != old and 'Sample' in (f.name or '')] or \
                [f for f in frames if f != old]
        self.window = wait_for('the sample book window', lambda: new_window()[0])

    # GTK 4.8 never sets SHOWING, and names a button with a mnemonic
    # "_Save Save": match on the visible label and walk only visible widgets.
    def walk(self, root=None, into_records=False):
        """The visible nodes under @root (default: the window) as read by
        atspi_tree, in depth-first order. The record list's rows are only
        read with @into_records: a long list costs most of a walk."""
        check_apps_alive()
        prune = None if into_records else \
            (lambda node: node.roleName == 'list' and node.name in RECORD_LISTS)
        return atspi_tree.walk(root or self.window, prune)

    def find_all(self, role, name, root=None, into_records=False):
        """Visible nodes of @role named @name (atspi_tree.Found: each
        becomes its pyatspi node when a test does more than read its name)."""
        root = root or self.window
        return [atspi_tree.Found(root, node)
                for node in self.walk(root, into_records) if matches(node, role, name)]

    def find_last(self, role, name, root=None):
        """The last visible node of @role named @name, or None. A toast is
        the last child of the window's overlay, on top of the pages."""
        root = root or self.window
        for node in atspi_tree.last_first(self.walk(root)):
            if matches(node, role, name):
                return atspi_tree.Found(root, node)
        return None

    def click_toast(self, name, timeout=20):
        """Clicks the button @name ("Undo") of the toast on show."""
        log('click the toast\'s', name)

        def try_click():
            node = self.find_last(None, name)
            if node is None:
                return False
            node.doActionNamed('click')
            return True

        wait_for('a toast with ' + repr(name), try_click, timeout)

    def find(self, role, name, timeout=20, root=None):
        return wait_for('%s %r' % (role, name), lambda: (self.find_all(role, name, root) or [None])[0],
                        timeout)

    def button(self, name, **kwargs):
        return self.find(None, name, **kwargs)

    def click(self, name, timeout=20, root=None):
        log('click', name)

        def try_click():
            # A menu button shows as two nodes of one name; the inner one clicks.
            for found in reversed(self.find_all(None, name, root)):
                # The walk's node no longer there (the tree changed, or a
                # loaded app did not answer): find again, never click the
                # next node of that name, which may be another page's.
                try:
                    node = found.accessible()
                except LookupError:
                    return False
                try:
                    node.doActionNamed('click')
                    return True
                except Exception as error:
                    # AT-SPI gives up waiting after 800 ms, but the app still
                    # does the click once it gets to it: clicking another
                    # node of that name would do it twice (a loaded machine
                    # got two New Task dialogs, and Save closed only one).
                    if any(text in str(error) for text in ('Timeout', 'timed out', 'Did not receive a reply')):
                        log('click', name, 'answered late:', error)
                        return True
                    continue
            return False

        wait_for('a clickable ' + repr(name), try_click, timeout)

    def find_anywhere(self, role, name):
        """Visible nodes of @role named @name (None: any name) in every
        window of the app, record lists included: a drop-down's choices
        are in a popover."""
        return [atspi_tree.Found(frame, node) for frame in self.node.children
                for node in atspi_tree.walk(frame) if matches(node, role, name)]

    def choose(self, dropdown, item, position=None):
        """Picks a choice from the drop-down named @dropdown with the
        keyboard: the one named @item, or the first matching @item when it
        is a compiled pattern; @position, when given, is where it is among
        the choices. Returns the name picked."""
        log('choose', getattr(item, 'pattern', item), 'in', dropdown)
        x, y, w, h = self.find(None, dropdown).extents
        rawinput.click(x + w // 2, y + h // 2)

        def picks(name):
            return item.match(name) if hasattr(item, 'match') else name == item

        def choices():
            names = [node.name for node in self.find_anywhere('list item', None) if node.name]
            return names if any(picks(name) for name in names) else None

        names = wait_for(repr(item) + ' among the choices of ' + dropdown, choices)
        if position is None:
            position = next(i for i, name in enumerate(names) if picks(name))
        time.sleep(0.5)
        for key in ('Home',) + ('Down',) * position + ('Return',):
            self.key(key)
            time.sleep(0.2)
        return names[position] if position < len(names) else item

    def search_and_open(self, name):
        """Searches the shown list for @name and opens the one row found."""
        self.click('Search')
        self.type_into('Search', name)

        def found():
            labels = self.list_labels()
            log('list', labels[:4])
            return name in labels[:2]

        wait_for('%s in the list' % name, found)
        lists = [n for n in self.find_all('list', None) if n.name in RECORD_LISTS]
        row = wait_for('its row', lambda: self.find_all('list item', None, root=lists[0],
                                                        into_records=True)[0])
        # GTK 4.8 gives extents in the window's coordinates; the main window
        # sits at the screen's origin.
        x, y, w, h = row.extents
        rawinput.click(x + w // 2, y + h // 2)
        self.wait_label('Details')

    def back_from_tasks(self):
        """Back to the records with the Tasks page's own button: every other
        page (Reports, Team …) has a "Back to Records" too, and GTK 4.8
        keeps the buttons of the pages a stack hides VISIBLE."""
        page = self.find('list', 'Upcoming')
        while not self.find_all(None, 'Back to Records', root=page):
            page = page.parent
        self.click('Back to Records', root=page)

    def entry(self, name, **kwargs):
        return self.find(('text', 'entry'), name, **kwargs)

    def type_into(self, name, text, **kwargs):
        log('type', repr(text), 'into', name)
        entry = self.entry(name, **kwargs)
        entry.text = text

    def wait_closed(self, window, title, timeout=20):
        """Waits for @window (a dialog found before, titled @title) to go.
        Asks the window itself, never the app's list of windows: GTK 4.8
        answers that list with a critical while a window is shown but not
        yet mapped, or half destroyed (gtkatspiroot.c), which stops the app
        under G_DEBUG=fatal-criticals."""
        log('wait for', repr(title), 'to close')
        wait_for(title + ' to close', lambda: not self.is_open(window), timeout)

    @staticmethod
    def is_open(window):
        """Whether @window, found before, is still on screen (GTK 4.8 never
        sets SHOWING; a closed window's accessible is defunct or hidden)."""
        try:
            state = window.getState()
            return not state.contains(pyatspi.STATE_DEFUNCT) and \
                state.contains(pyatspi.STATE_VISIBLE)
        except Exception:  # the accessible went with its window
            return False

    def frame(self, title, timeout=20):
        """Another window of the app, e.g. the Conflicts window."""
        return wait_for('window ' + repr(title),
                        lambda: [f for f in self.node.children if f.name == title][0], timeout)

    def list_labels(self, in_list=None):
        """The titles and second lines of the rows in the shown list, or in
        @in_list (a node found before)."""
        if in_list is not None:
            nodes = self.walk(in_list, into_records=True)
        else:
            nodes = self.walk(into_records=True)
            inside = set()
            for node in nodes:
                if (node.roleName == 'list' and node.name in RECORD_LISTS) or \
                        (node.parent is not None and id(node.parent) in inside):
                    inside.add(id(node))
            nodes = [node for node in nodes if id(node) in inside]
        return [node.name for node in nodes if node.roleName == 'label']

    def wait_in_list(self, text, present=True, timeout=20, in_list=None):
        log('wait for', repr(text), 'in the list' if present else 'to leave the list')
        return wait_for(repr(text) + (' in' if present else ' not in') + ' the list',
                        lambda: (text in self.list_labels(in_list)) == present, timeout)

    def wait_label_containing(self, text, timeout=20):
        log('wait for a label with', repr(text))
        return wait_for('a label with ' + repr(text),
                        lambda: [atspi_tree.Found(self.window, n) for n in self.walk()
                                 if n.roleName == 'label' and text in (n.name or '')],
                        timeout)

    def has_label(self, text):
        return any(matches(node, 'label', text) for node in self.walk())

    def wait_label(self, text, timeout=20):
        log('wait for', repr(text))
        return wait_for('label ' + repr(text), lambda: self.has_label(text), timeout)

    def wait_no_label(self, text, timeout=20):
        log('wait for no', repr(text))
        return wait_for('no label ' + repr(text), lambda: not self.has_label(text), timeout)

    def focus_window(self):
        """Without a window manager X gives the keyboard to the window under
        the pointer: move it there (no click)."""
        x, y, w, h = self.window.extents
        rawinput.absoluteMotion(x + w // 2, y + h - 5)

    def key(self, combo):
        self.focus_window()
        rawinput.keyCombo(combo)

    def type_text(self, text):
        """Types @text (ASCII). The registry types a key sym by remapping a
        spare key code, which GTK under Xvfb ignores: press the key codes of
        the keyboard map instead, with Shift where the map wants it."""
        self.focus_window()
        keymap = rawinput.Gdk.Keymap.get_for_display(rawinput.Gdk.Display.get_default())
        shift = rawinput.keyNameToKeyCode('Shift_L')
        for char in text:
            keyval = rawinput.Gdk.unicode_to_keyval(ord(char))
            found, keys = keymap.get_entries_for_keyval(keyval)
            if not found:
                raise ValueError('no key types %r' % char)
            key = min(keys, key=lambda k: (k.group, k.level))
            if key.level == 1:
                rawinput.registry.generateKeyboardEvent(shift, None, rawinput.KEY_PRESS)
            rawinput.registry.generateKeyboardEvent(key.keycode, None, rawinput.KEY_PRESSRELEASE)
            if key.level == 1:
                rawinput.registry.generateKeyboardEvent(shift, None, rawinput.KEY_RELEASE)
            time.sleep(config.config.typingDelay)

    def screenshot(self, name):
        os.makedirs(SHOTS, exist_ok=True)
        path = os.path.join(SHOTS, name + '.png')
        subprocess.run(['import', '-window', 'root', path], check=True)
        log('screenshot', path)
        return path

    def screenshot_of(self, name, node):
        """A screenshot cut to @node's extents, e.g. one window."""
        path = self.screenshot(name)
        x, y, w, h = node.extents
        # GTK 4.8 gives extents in the window's coordinates, less its
        # frame: crop to the X window of that title when there is one.
        info = subprocess.run(['xwininfo', '-name', node.name or ''], capture_output=True,
                              text=True)
        geometry = dict(re.findall(r'^\s*(Absolute upper-left [XY]|Width|Height):\s*(-?\d+)',
                                   info.stdout, re.M))
        if len(geometry) == 4:
            x, y = int(geometry['Absolute upper-left X']), int(geometry['Absolute upper-left Y'])
            w, h = int(geometry['Width']), int(geometry['Height'])
        subprocess.run(['convert', path, '-crop', '%dx%d+%d+%d' % (w, h, max(x, 0), max(y, 0)),
                        '+repage', path], check=True)
        return path

    def keep_screenshot(self, path, name):
        """Copies a screenshot to data/screenshots when asked to (the
        metainfo and the README show them)."""
        folder = os.environ.get('RAPPORT_UPDATE_SCREENSHOTS')
        if folder:
            shutil.copy(path, os.path.join(folder, name + '.png'))
            log('kept', name)

    def quit(self):
        if self in RUNNING_APPS:
            RUNNING_APPS.remove(self)
        if self.group:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        else:
            self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


BOARD_STAGES = ('Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost')
BOARD_SUMMARY = re.compile(r'^(\d+) deals?\b')


def window_geometry(title):
    """Where the X window @title is on screen: (x, y, width, height)."""
    info = subprocess.run(['xwininfo', '-name', title], capture_output=True, text=True).stdout
    found = dict(re.findall(r'^\s*(Absolute upper-left [XY]|Width|Height):\s*(-?\d+)', info, re.M))
    return (int(found['Absolute upper-left X']), int(found['Absolute upper-left Y']),
            int(found['Width']), int(found['Height']))


def keys_to(title):
    """Without a window manager the keyboard goes to the window under the
    pointer: put it on the window @title."""
    x, y, w, h = wait_for('the window ' + title, lambda: window_geometry(title))
    rawinput.absoluteMotion(x + w // 2, y + 10)


def with_server(body):
    """A test body(workdir, server) on a demo-book server that is stopped
    whatever happens."""
    def test(workdir):
        server = Server(workdir)
        server.start()
        try:
            body(workdir, server)
        finally:
            server.stop()
    return test


def board_summaries(app):
    """The deal board's column summaries, in column order: (count, text)."""
    found = []
    for node in app.find_all('label', None):
        match = BOARD_SUMMARY.match(node.name or '')
        if match:
            found.append((int(match.group(1)), node.name))
    return found


def open_board(app, deals='Deals', board='Board', columns=6):
    """Shows the deal board once the first sync is in; returns the summaries
    once there are @columns (English only: 0 does not wait for them)."""
    wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
    app.key('<Alt>3')
    wait_for('the deal list', lambda: app.find_all('list', deals))
    app.click(board)
    if columns == 0:
        return []
    return wait_for('the board columns',
                    lambda: len(board_summaries(app)) >= columns and board_summaries(app),
                    timeout=20)


class Notifications:
    """The test's own notification server (fake_notifications.py), standing
    in for the desktop's on the session bus: it keeps what the app sends in
    a log, and clicks a notification when asked."""

    def __init__(self, workdir):
        self.log = os.path.join(workdir, 'notifications.log')
        self.process = subprocess.Popen([sys.executable,
                                         os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                      'fake_notifications.py'), self.log])

    def wait_running(self):
        wait_for('the notification server',
                 lambda: name_has_owner('org.freedesktop.Notifications'))

    def sent(self):
        """What the app has sent so far, oldest first."""
        if not os.path.exists(self.log):
            return []
        with open(self.log) as f:
            return [json.loads(line) for line in f if line.strip()]

    def click(self, notification, label=None):
        """Clicks @notification, or its button that reads @label."""
        action = ''
        if label is not None:
            actions = notification['actions']
            action = ' ' + actions[actions.index(label) - 1]
        with open(self.log + '.invoke', 'w') as f:
            f.write(str(notification['id']) + action)

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


def name_has_owner(name):
    bus = Gio.bus_get_sync(Gio.BusType.SESSION)
    reply = bus.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus',
                          'NameHasOwner', GLib.Variant('(s)', (name,)), None,
                          Gio.DBusCallFlags.NONE, -1, None)
    return reply.unpack()[0]


def workdir():
    path = tempfile.mkdtemp(prefix='rapport-ui-')
    return path


def run(test):
    path = workdir()
    try:
        test(path)
    except BaseException:
        # dogtail swallows uncaught exceptions' output: print it ourselves.
        traceback.print_exc()
        sys.stdout.flush()
        sys.stderr.flush()
        # A server left running keeps the test's output open: meson would
        # wait for it until the time-out.
        for kill in STARTED_PROCESSES:
            try:
                kill()
            except OSError:
                pass
        os._exit(1)
    finally:
        if os.environ.get('RAPPORT_KEEP_TEST_DIR') is None:
            shutil.rmtree(path, ignore_errors=True)
    print('ok')
    sys.exit(0)
