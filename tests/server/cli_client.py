"""A real client in the server tests: rapport-cli with its own database,
token file and no keyring. Used by test_pg_migrate.py and test_pg_proxy.py."""

import json
import os
import sqlite3
import subprocess


class Client:
    def __init__(self, cli, home):
        """@cli: the rapport-cli binary; @home: a directory of this client's own."""
        self.cli = cli
        self.database = os.path.join(home, "client.db")
        self.env = dict(os.environ, RAPPORT_NO_KEYRING="1", LC_ALL="C.UTF-8",
                        XDG_CONFIG_HOME=os.path.join(home, "config"),
                        XDG_DATA_HOME=os.path.join(home, "data"))

    def run(self, *args, stdin=None):
        return subprocess.run([self.cli, "--database", self.database, *args], input=stdin,
                              capture_output=True, text=True, env=self.env, timeout=120)

    def sync(self):
        result = self.run("--json", "sync")
        return result.returncode, (json.loads(result.stdout) if result.stdout.strip() else None)

    def cursor(self):
        db = sqlite3.connect(self.database)
        try:
            return int(db.execute("SELECT value FROM sync_state WHERE key = 'cursor'").fetchone()[0])
        finally:
            db.close()
