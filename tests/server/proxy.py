"""nginx in front of several rapport-server processes, as the README sets it
up ("Several processes on PostgreSQL"), for the tests and the benchmark:
its configuration, pid file, logs and temporary files in a directory of
its own, listening on a free loopback port, run by whoever runs the test.

    python3 proxy.py PORT...   serves them until SIGTERM, printing its port
                               and nginx's pid (PROXY_WORKERS: its workers)
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from rapport_server_test import HttpClient

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
MISSING = "nginx is not installed (Debian package nginx)"

# The README's settings, but for limit_req on logins: the tests sign in many
# clients from one address at once. The access log names the process that
# answered each request, for tests that must see both answer.
CONFIG = """\
daemon off;
worker_processes {workers};
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    log_format upstream '$request_method $uri $status $upstream_addr';
    access_log {access_log};
    client_body_temp_path {directory}/client_body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;

    upstream rapport {{
        least_conn;
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 8m;
        location / {{
            proxy_pass http://rapport;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_read_timeout 120s;
        }}
    }}
}}
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Proxy(HttpClient):
    """nginx on a free port, sharing requests between @ports; stop() ends it."""

    def __init__(self, ports, workers=1, access_log=True):
        super().__init__(free_port())
        if NGINX is None:
            raise RuntimeError(MISSING)
        self.ports = list(ports)
        self.directory = tempfile.mkdtemp(prefix="rapport-nginx-")
        # Run as root, nginx's workers are nobody: they write temporary files here.
        os.chmod(self.directory, 0o755)
        self.access_log = os.path.join(self.directory, "access.log")
        config = os.path.join(self.directory, "nginx.conf")
        with open(config, "w") as out:
            out.write(CONFIG.format(
                workers=workers, directory=self.directory, port=self.port,
                access_log=f"{self.access_log} upstream" if access_log else "off",
                servers="\n".join(f"        server 127.0.0.1:{port};" for port in self.ports)))
        # -e: nginx opens its error log before it reads the configuration.
        self.process = subprocess.Popen([NGINX, "-p", self.directory, "-c", config,
                                         "-e", os.path.join(self.directory, "error.log")],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx did not start: {self.errors()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"nginx does not listen on {self.port}: {self.errors()}")
                time.sleep(0.05)

    def errors(self):
        try:
            with open(os.path.join(self.directory, "error.log"), errors="replace") as log:
                return log.read()[-2000:]
        except OSError:
            return ""

    def upstreams(self):
        """(method, path, status, port) of each request nginx passed on, in order;
        several ports for one request when nginx tried another after an error."""
        entries = []
        with open(self.access_log) as log:
            for line in log:
                method, path, status, addresses = line.split(" ", 3)
                ports = [int(address.rsplit(":", 1)[1])
                         for address in addresses.replace(",", " ").split() if ":" in address]
                entries.append((method, path, int(status), ports))
        return entries

    def stop(self):
        if self.process is None:
            return
        # SIGQUIT: nginx finishes what it is serving, then exits.
        self.process.send_signal(signal.SIGQUIT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
        shutil.rmtree(self.directory, ignore_errors=True)


if __name__ == "__main__":
    proxy = Proxy([int(port) for port in sys.argv[1:]],
                  workers=os.environ.get("PROXY_WORKERS", "1"), access_log=False)
    print(proxy.port, proxy.process.pid, flush=True)
    try:
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        proxy.process.wait()
    finally:
        proxy.stop()
