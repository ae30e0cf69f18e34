#!/usr/bin/python3
"""The sync indicator counts what a pull brings and what waits to be sent:
a first sync of a book with 3,000 more contacts reads "Receiving 500 of
3,1xx" as it goes, numbers grouped as the locale groups them; edits made
while the server is away read "2 changes waiting"."""

import http.client
import http.server
import json
import os
import re
import sys
import threading
import time
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

RECEIVING = re.compile(r'Receiving ([\d,]+) of ([\d,]+)')


def new_id():
    raw = bytearray(uuid.uuid4().bytes)
    raw[0:6] = int(time.time() * 1000).to_bytes(6, 'big')
    raw[6] = 0x70 | (raw[6] & 0x0F)
    raw[8] = 0x80 | (raw[8] & 0x3F)
    return str(uuid.UUID(bytes=bytes(raw)))


def call(url, path, body, token=None):
    request = urllib.request.Request(url + '/api/v1/' + path, data=json.dumps(body).encode(),
                                     headers={'Content-Type': 'application/json'})
    if token:
        request.add_header('Authorization', 'Bearer ' + token)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def add_contacts(server, count):
    token = call(server.url, 'auth/login', {'user': 'admin', 'password': r.PASSWORD})['token']
    for start in range(0, count, 500):
        ops = [{'op_id': new_id(), 'entity': 'contact', 'id': new_id(), 'op': 'create',
                'base_version': 0,
                'changes': {'first_name': {'base': None, 'new': 'Bulk %d' % n}}}
               for n in range(start, min(count, start + 500))]
        call(server.url, 'push', {'ops': ops}, token)


class SlowProxy:
    """Forwards to the server on loopback, each page of the changes feed a
    second late, so that a pull of a few thousand records takes long enough
    to be seen."""

    def __init__(self, server):
        target_port = server.port

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def forward(self):
                length = int(self.headers.get('Content-Length') or 0)
                body = self.rfile.read(length) if length else None
                if self.path.startswith('/api/v1/changes'):
                    time.sleep(1.0)
                connection = http.client.HTTPConnection('127.0.0.1', target_port, timeout=30)
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ('host', 'connection')}
                connection.request(self.command, self.path, body=body, headers=headers)
                answer = connection.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in ('content-length', 'connection', 'transfer-encoding'):
                        self.send_header(key, value)
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                connection.close()

            do_GET = do_POST = do_PATCH = do_DELETE = forward

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.url = 'http://127.0.0.1:%d' % self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()


def number(text):
    return int(text.replace(',', ''))


def indicator_says(app):
    return app.button('Sync Status').description or ''


def test(workdir, server):
    add_contacts(server, 3000)
    proxy = SlowProxy(server)
    app = r.App(workdir, server=proxy, env={'LC_ALL': 'en_US.UTF-8'})
    try:
        seen = r.wait_for('the Receiving line', lambda: RECEIVING.search(indicator_says(app)),
                          timeout=60)
        r.log('the indicator said', seen.group(0))
        done, total = number(seen.group(1)), number(seen.group(2))
        assert 0 < done < total, seen.group(0)
        assert total >= 3000, seen.group(0)
        assert ',' in seen.group(2), 'not grouped: ' + seen.group(0)
        app.click('Sync Status')
        r.time.sleep(0.5)
        app.screenshot('receiving')
        app.key('Escape')
        r.wait_for('the first sync to end', lambda: 'Up to date' in indicator_says(app),
                   timeout=60)

        # Away from the server, two new contacts wait to be sent.
        proxy.stop()
        server.stop()
        for name in ('Waiting One', 'Waiting Two'):
            app.click('New')
            app.type_into('First Name', name)
            app.click('Save')
            app.wait_label_containing(name)
        r.wait_for('"2 changes waiting"', lambda: '2 changes waiting' in indicator_says(app),
                   timeout=30)
    finally:
        app.quit()


if __name__ == '__main__':
    r.run(r.with_server(test))
