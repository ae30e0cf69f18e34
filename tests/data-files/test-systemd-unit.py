#!/usr/bin/env python3
"""Checks a rapport-server systemd unit with systemd's own tools: that it
parses and its ExecStart runs the server's serve command (systemd-analyze
verify, on a copy that points at the rapport-server just built), and that its
hardening keeps the exposure low (systemd-analyze security, offline). The
template unit (rapport-server@.service, one process a port on PostgreSQL) is
checked as an instance, rapport-server@8751.service.

Usage: test-systemd-unit.py SYSTEMD-ANALYZE UNIT-FILE RAPPORT-SERVER
"""

import re
import subprocess
import sys
import tempfile
from pathlib import Path

# systemd-analyze prints the exposure from 0.0 to 10.0 but takes the threshold
# times ten; 20 means "2.0 OK" or better.
EXPOSURE_THRESHOLD = 20
REQUIRED = {
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "PrivateTmp": "yes",
    "NoNewPrivileges": "yes",
    "User": "rapport",
}
# The SQLite unit keeps its file; the template's processes read one setting.
REQUIRED_SINGLE = {"StateDirectory": "rapport"}
REQUIRED_TEMPLATE = {"EnvironmentFile": "/etc/rapport/server.env"}


def run(command):
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    output = (result.stdout + result.stderr).strip()
    return result.returncode, output


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    analyze, unit_path = sys.argv[1], Path(sys.argv[2])
    server = str(Path(sys.argv[3]).resolve())
    text = unit_path.read_text(encoding="utf-8")
    problems = []

    settings = dict(re.findall(r"^(\w+)=(.*)$", text, re.MULTILINE))
    template = unit_path.name.endswith("@.service")
    for key, value in {**REQUIRED, **(REQUIRED_TEMPLATE if template else REQUIRED_SINGLE)}.items():
        if settings.get(key) != value:
            problems.append(f"{key} is {settings.get(key)!r}, expected {value!r}")
    exec_start = settings.get("ExecStart", "").split()
    if exec_start[1:3] != ["serve", "--database"] or not exec_start[0].endswith("/rapport-server"):
        problems.append(f"ExecStart does not run rapport-server serve: {exec_start}")
    if template and "--port %i" not in " ".join(exec_start):
        problems.append(f"the template does not listen on its instance's port: {exec_start}")

    with tempfile.TemporaryDirectory() as directory:
        name = unit_path.name.replace("@.service", "@8751.service")
        copy = Path(directory) / name
        copy.write_text(text.replace(exec_start[0], server, 1), encoding="utf-8")

        status, output = run([analyze, "verify", str(copy)])
        if status != 0 or output:
            problems.append(f"systemd-analyze verify: status {status}\n{output}")

        status, output = run([analyze, "security", "--offline=yes", "--no-pager",
                              f"--threshold={EXPOSURE_THRESHOLD}", str(copy)])
        summary = [line for line in output.splitlines() if "Overall exposure" in line]
        print("\n".join(summary) or output)
        if status != 0:
            problems.append(f"exposure above {EXPOSURE_THRESHOLD / 10}:\n{output}")

    for problem in problems:
        print(problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
