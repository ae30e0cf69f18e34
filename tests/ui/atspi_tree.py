"""Reads an app's accessible tree a level at a time.

pyatspi asks for a node's state, role, name and each child one D-Bus call
after another, so finding a button walked ~400 nodes in 1.4 s on a loaded
machine, and every wait polls with such walks. Here the calls of a whole
level are sent at once and their answers read as they come: the same walk
takes 0.23 s. What a test acts on is still a pyatspi node: accessible()
fetches it along the path found."""

import time

import gi

gi.require_version('Atspi', '2.0')
from gi.repository import Atspi, Gio, GLib  # noqa: E402

ACCESSIBLE = 'org.a11y.atspi.Accessible'
PROPERTIES = 'org.freedesktop.DBus.Properties'
_connection = None
_role_names = {}


def connection():
    """The accessibility bus, which the session bus tells the address of."""
    global _connection
    if _connection is None:
        session = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        address = session.call_sync('org.a11y.Bus', '/org/a11y/bus', 'org.a11y.Bus', 'GetAddress',
                                    None, GLib.VariantType('(s)'), Gio.DBusCallFlags.NONE, -1,
                                    None).unpack()[0]
        _connection = Gio.DBusConnection.new_for_address_sync(
            address, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT |
            Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)
    return _connection


def role_name(role):
    """pyatspi's name of a role number ("push button"), not the toolkit's."""
    if role not in _role_names:
        _role_names[role] = Atspi.role_get_name(Atspi.Role(role))
    return _role_names[role]


class Node:
    """One accessible as read in a walk: named as pyatspi names them, so
    that rapport_ui.matches() takes either."""
    __slots__ = ('bus_name', 'path', 'parent', 'index', 'states', 'roleName', 'name',
                 'child_paths', 'children')

    def __init__(self, bus_name, path, parent, index):
        self.bus_name, self.path, self.parent, self.index = bus_name, path, parent, index
        self.states, self.roleName, self.name, self.child_paths = 0, None, None, ()
        self.children = []

    @property
    def visible(self):
        return bool(self.states & (1 << Atspi.StateType.VISIBLE))


def _read(node, done):
    """Asks for @node's state, role, children and name; done(node, what, answer) gets
    each answer (None when the node went away meanwhile)."""
    questions = (
        ('states', 'GetState', None),
        ('roleName', 'GetRole', None),
        ('child_paths', 'GetChildren', None),
    )
    bus = connection()

    def answered(conn, result, what):
        try:
            value = conn.call_finish(result).unpack()[0]
        except GLib.Error:
            value = None
        done(node, what, value)

    for what, method, args in questions:
        bus.call(node.bus_name, node.path, ACCESSIBLE, method, args, None,
                 Gio.DBusCallFlags.NONE, -1, None, answered, what)
    bus.call(node.bus_name, node.path, PROPERTIES, 'Get', GLib.Variant('(ss)', (ACCESSIBLE, 'Name')),
             None, Gio.DBusCallFlags.NONE, -1, None, answered, 'name')


def walk(root, prune=None):
    """The visible nodes under @root (a pyatspi node), @root first, in the
    order a depth-first walk meets them. The children of an invisible node,
    and of a node for which @prune(node) is true, are not read."""
    context = GLib.MainContext.default()
    if isinstance(root, Found):
        top = Node(root._node.bus_name, root.path, None, 0)
    else:
        top = Node(root.app.bus_name, root.path, None, 0)
    level = [top]
    while level:
        waiting = [4 * len(level)]

        def done(node, what, value):
            waiting[0] -= 1
            if value is None:
                return
            if what == 'states':
                value = value[0] | (value[1] << 32) if len(value) > 1 else value[0]
            elif what == 'roleName':
                value = role_name(value)
            setattr(node, what, value)

        for node in level:
            _read(node, done)
        while waiting[0] > 0:
            context.iteration(True)
        next_level = []
        for node in level:
            if not node.visible:
                continue
            if node.parent is not None:
                node.parent.children.append(node)
            if prune is not None and prune(node):
                continue
            next_level.extend(Node(bus_name, path, node, index)
                              for index, (bus_name, path) in enumerate(node.child_paths or ()))
        level = next_level
    return _in_walk_order(top) if top.visible else []


def _in_walk_order(top, last_first=False):
    ordered, stack = [], [top]
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(node.children if last_first else reversed(node.children))
    return ordered


def subtree(node):
    """@node and the visible nodes under it, in walk order."""
    return _in_walk_order(node)


def last_first(nodes):
    """@nodes, as walk() gave them, in the order of a walk that takes the
    last child first but still meets a node before its children: a button
    before its label."""
    return _in_walk_order(nodes[0], last_first=True) if nodes else []


def accessible(root, node):
    """The pyatspi node of @node, found from @root (the pyatspi node the
    walk started at) along the walk's path; None when the tree changed."""
    chain = []
    while node.parent is not None:
        chain.append(node)
        node = node.parent
    current = root
    for step in reversed(chain):
        current = _child(current, step)
        if current is None:
            return None
    return current


def _child(parent, node):
    """@parent's pyatspi child that is @node. GTK 4.8 shows pyatspi a
    stack's pages as a level of their own, which GetChildren skips: a child
    not at its index is looked for among its siblings and their children."""
    try:
        child = parent.getChildAtIndex(node.index)
        if child is not None and child.path == node.path:
            return child
        children = [child for child in parent.children if child is not None]
    except Exception:  # the app did not answer in time
        return None
    for child in children:
        if child.path == node.path:
            return child
    try:
        for child in children:
            for grandchild in child.children:
                if grandchild is not None and grandchild.path == node.path:
                    return grandchild
    except Exception:
        pass
    return None


class Found:
    """A node a walk found, standing in for its pyatspi node: its name and
    role come from the walk; anything else fetches the pyatspi node first
    (most finds only look at names)."""

    def __init__(self, root, node):
        object.__setattr__(self, '_root', root)
        object.__setattr__(self, '_node', node)
        object.__setattr__(self, '_accessible', None)

    name = property(lambda self: self._node.name)
    roleName = property(lambda self: self._node.roleName)
    path = property(lambda self: self._node.path)

    def accessible(self):
        if self._accessible is None:
            found = accessible(self._root, self._node) or self._found_again()
            if found is None:
                raise LookupError('%s %r went away' % (self.roleName, self.name))
            object.__setattr__(self, '_accessible', found)
        return self._accessible

    def _found_again(self):
        """A list that a sync rebuilt between the walk and the use shows the
        same row under new paths: the one visible node of this role and name
        stands in for it. None when there is none, or more than one."""
        for attempt in range(3):
            same = [node for node in walk(self._root)
                    if node.roleName == self.roleName and node.name == self.name]
            if len(same) > 1:
                return None
            found = accessible(self._root, same[0]) if same else None
            if found is not None:
                return found
            time.sleep(0.2)
        return None

    def __getattr__(self, attribute):
        return getattr(self.accessible(), attribute)

    def __setattr__(self, attribute, value):
        setattr(self.accessible(), attribute, value)

    def __eq__(self, other):
        return getattr(other, 'path', None) == self.path

    def __hash__(self):
        return hash(self.path)

    def __repr__(self):
        return '[%s | %s]' % (self.roleName, self.name)
