"""Throwaway databases of the tests' PostgreSQL cluster.

RAPPORT_TEST_BACKEND=postgresql runs a test on PostgreSQL, in a database of
the cluster at RAPPORT_TEST_POSTGRESQL (started by pg-cluster.sh), one per
server, created empty and dropped at the end."""

import os
import subprocess
import urllib.parse
import uuid

BACKEND = os.environ.get("RAPPORT_TEST_BACKEND", "sqlite")
CLUSTER = os.environ.get("RAPPORT_TEST_POSTGRESQL")
MISSING = "no PostgreSQL cluster (RAPPORT_TEST_POSTGRESQL; build-aux/setup.sh test starts one)"


def wanted_but_missing():
    """Whether the test is to run on PostgreSQL but there is no cluster."""
    return BACKEND == "postgresql" and not CLUSTER


def psql(url, *sql):
    """Runs SQL with psql; returns its rows as tuples of text."""
    args = ["psql", url, "-X", "-q", "-A", "-t", "-F", "\x1f", "-v", "ON_ERROR_STOP=1"]
    for statement in sql:
        args += ["-c", statement]
    result = subprocess.run(args, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise RuntimeError(f"psql: {result.stderr}")
    return [tuple(line.split("\x1f")) for line in result.stdout.splitlines() if line]


def create():
    """A new empty database; returns its URL."""
    name = "rapport_test_" + uuid.uuid4().hex[:16]
    psql(CLUSTER, f"CREATE DATABASE {name}")
    parts = urllib.parse.urlsplit(CLUSTER)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def drop(url):
    name = urllib.parse.urlsplit(url).path.lstrip("/")
    psql(CLUSTER, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
