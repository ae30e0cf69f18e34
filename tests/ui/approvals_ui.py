"""Shared by the approval UI tests: the server's REST API as a script uses
it, the demo book's approval rule and a rep's quote above its limit, and opening a
record from its section's list."""

import json
import urllib.error
import urllib.request

import rapport_ui as r

QUOTE = 'Office chairs for Huaxin'
CUSTOMER = 'Huaxin Office Supplies'
REASON = 'Line 3 discount 25 % is above the 15 % limit'


class Rest:
    """One user's bearer token on the server's REST API."""

    def __init__(self, server, user):
        self.url = server.url + '/api/v1/'
        answer = self.call('POST', 'auth/login', {'user': user, 'password': r.PASSWORD})
        self.token = answer['token']
        self.user_id = answer['user']['id']

    def call(self, method, path, body=None):
        request = urllib.request.Request(self.url + path, method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={'Content-Type': 'application/json'})
        if getattr(self, 'token', None):
            request.add_header('Authorization', 'Bearer ' + self.token)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise AssertionError('%s %s: %s %s' % (method, path, error.code, error.read()))


def seed(server):
    """The demo book's rule (line discounts above 15 % need a manager) and
    the rep Lucas Martin's quote whose third line is 25 % off. Returns the
    rep's Rest and the quote."""
    admin = Rest(server, 'admin')
    rules = [rule for rule in admin.call('GET', 'approval_rules')['records'] if rule.get('active')]
    assert [(rule.get('max_line_discount_ppm'), rule.get('approver_role')) for rule in rules] == \
        [(150000, 'manager')], rules
    rep = Rest(server, 'lucas.martin')
    company = rep.call('POST', 'companies', {'name': CUSTOMER, 'owner_id': rep.user_id})
    quote = rep.call('POST', 'quotes', {'title': QUOTE, 'currency': 'CNY',
                                        'company_id': company['id'], 'owner_id': rep.user_id})
    for n, discount in enumerate((0, 100000, 250000)):
        rep.call('POST', 'quote_lines', {'quote_id': quote['id'], 'position': 'p%d' % n,
                                         'description': 'Chair %d' % (n + 1), 'qty_milli': 2000,
                                         'unit_price_x100': 1000000, 'discount_ppm': discount})
    return rep, rep.call('GET', 'quotes/' + quote['id'])


# The sections' keys: Alt+5 is Tasks, the sixth section Alt+7.
SECTION_KEYS = {'Quotes': '<Alt>7', 'Sales Orders': '<Alt>8'}


def pending_elsewhere(server):
    """The demo book's own requests still waiting: [(number, title)]."""
    manager = Rest(server, 'wang.fang')
    requests = manager.call('GET', 'approval_requests')['records']
    quotes = [manager.call('GET', 'quotes/' + request['quote_id'])
              for request in requests if request['status'] == 'pending']
    return [(quote['number'], quote['title']) for quote in quotes]


def open_record(app, section, title):
    """Shows @section and opens the record titled @title in the pane."""
    app.key(SECTION_KEYS[section])
    lists = r.wait_for('the list of ' + section,
                       lambda: [n for n in app.find_all('list', section)])
    row = r.wait_for(repr(title) + ' in the list',
                     lambda: app.find_all('label', title, root=lists[0], into_records=True))
    x, y, w, h = row[0].extents
    r.rawinput.click(x + w // 2, y + h // 2)
    app.wait_label('Details')


def sync(app):
    """Sync Now, from the sync status's menu."""
    if not app.find_all(None, 'Sync Now'):
        app.click('Sync Status')
    app.click('Sync Now')


def respond(app, dialog, response):
    """Clicks the button @response of a message dialog: the button itself,
    not its label, which is a node of that name too."""
    r.log('click', response)
    button = r.wait_for('the button ' + repr(response), lambda: [
        n for n in app.find_all(None, response, root=dialog) if n.roleName == 'push button'])[0]
    button.doActionNamed('click')


def click_at(node):
    """A click on @node's middle: list box rows have no click action."""
    x, y, w, h = node.extents
    r.rawinput.click(x + w // 2, y + h // 2)
