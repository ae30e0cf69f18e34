#!/usr/bin/env python3
"""The command line: exit statuses, users, and the demo book."""

import datetime
import http.client
import os
import re
import shutil
import ssl
import subprocess
import tempfile

from rapport_server_test import SERVER, Server, Tap, sqlite_only

sqlite_only("it drives the commands on database files; every -pg test runs them on PostgreSQL")

tap = Tap()
directory = tempfile.mkdtemp(prefix="rapport-cli-test-")
database = os.path.join(directory, "cli.db")


def run(*args, input=None):
    return subprocess.run([SERVER, *args], input=input, capture_output=True, text=True, timeout=60)


try:
    usage = [
        (), ("frobnicate",), ("serve",), ("serve", "--database", database, "--port", "70000"),
        ("serve", "--database", database, "--tls-cert", "x.pem"), ("serve", "--database", database, "extra"),
        ("serve", "--database", database, "--bogus"), ("user",), ("user", "add", "x", "--database", database),
        ("user", "add", "x", "--role", "boss", "--password-stdin", "--database", database),
        ("user", "add", "--role", "rep", "--password-stdin", "--database", database),
        ("user", "list", "extra", "--database", database), ("user", "explode", "x", "--database", database),
        ("demo",), ("demo", "--database", database, "extra"),
    ]
    for args in usage:
        result = run(*args)
        tap.ok(result.returncode == 2 and result.stderr.strip() != "",
               f"usage error {' '.join(args) or '(nothing)'}: exit 2 with a message",
               f"{result.returncode} {result.stderr}")
    result = run("user", "add", "short", "--role", "rep", "--password-stdin", "--database", database,
                 input="tiny\n")
    tap.equal(result.returncode, 2, "a too short password is a usage error")
    tap.equal(run("--help").returncode, 0, "--help exits 0")

    result = run("user", "add", "ana", "--role", "manager", "--email", "ana@example.com",
                 "--password-stdin", "--database", database, input="a-long-password\n")
    tap.equal(result.returncode, 0, "user add: exit 0")
    result = run("user", "add", "ana", "--role", "rep", "--password-stdin", "--database", database,
                 input="a-long-password\n")
    tap.ok(result.returncode == 1 and "ana" in result.stderr, "a taken name: exit 1", result.stderr)
    result = run("user", "add", "bad", "--role", "rep", "--email", "not-an-email", "--password-stdin",
                 "--database", database, input="a-long-password\n")
    tap.ok(result.returncode == 1 and result.stderr.strip(), "a bad email: exit 1", result.stderr)
    tap.equal(run("user", "passwd", "ghost", "--password-stdin", "--database", database,
                  input="a-long-password\n").returncode, 1, "passwd of an unknown user: exit 1")
    tap.equal(run("user", "disable", "ghost", "--database", database).returncode, 1,
              "disable of an unknown user: exit 1")
    result = run("user", "list", "--database", database)
    tap.ok(result.returncode == 0 and "ana\tmanager\tana@example.com\tactive\t-\n" in result.stdout,
           "user list", result.stdout)
    # People read a display name; the login stays what one signs in with.
    result = run("user", "add", "wang.fang", "--display-name", "王芳", "--role", "manager",
                 "--password-stdin", "--database", database, input="a-long-password\n")
    tap.equal(result.returncode, 0, "user add --display-name: exit 0")
    result = run("user", "list", "--database", database)
    tap.ok("wang.fang\tmanager\t-\tactive\t王芳\n" in result.stdout,
           "user list shows the display name after the login", result.stdout)
    result = run("user", "add", "long", "--display-name", "x" * 201, "--role", "rep",
                 "--password-stdin", "--database", database, input="a-long-password\n")
    tap.ok(result.returncode == 1 and "long" not in run("user", "list", "--database", database).stdout,
           "a too long display name: exit 1, no user added", result.stderr)
    result = run("user", "passwd", "ana", "--display-name", "Ana", "--password-stdin",
                 "--database", database, input="a-long-password\n")
    tap.ok(result.returncode == 2 and "--display-name" in result.stderr,
           "only user add takes --display-name", result.stderr)
    result = run("serve", "--database", os.path.join(directory, "missing", "x.db"), "--port", "0")
    tap.equal(result.returncode, 1, "serve on an unusable database: exit 1")
    result = run("serve", "--database", database, "--address", "not-an-ip", "--port", "0")
    tap.equal(result.returncode, 1, "serve on a bad address: exit 1")

    # HTTPS with a certificate of our own.
    key, cert = os.path.join(directory, "key.pem"), os.path.join(directory, "cert.pem")
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                           "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert],
                          capture_output=True, timeout=60).returncode == 0 if shutil.which("openssl") else False
    if made:
        process = subprocess.Popen([SERVER, "serve", "--database", database, "--port", "0",
                                    "--tls-cert", cert, "--tls-key", key],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            line = process.stdout.readline()
            match = re.search(r"Listening on https://127\.0\.0\.1:(\d+)", line)
            tap.ok(match is not None, "serve --tls-cert listens on https", line)
            context = ssl.create_default_context(cafile=cert)
            context.check_hostname = False
            connection = http.client.HTTPSConnection("127.0.0.1", int(match.group(1)), context=context, timeout=10)
            connection.request("GET", "/api/v1/me")
            response = connection.getresponse()
            tap.ok(response.status == 401 and b"unauthorized" in response.read(), "an HTTPS request is answered")
            connection.close()
        finally:
            process.terminate()
            process.wait(timeout=10)
            process.stdout.close()
    else:
        print("# openssl is missing: HTTPS not checked")

    # The demo book.
    demo_db = os.path.join(directory, "demo.db")
    result = run("demo", "--database", demo_db)
    tap.equal(result.returncode, 0, "demo: exit 0")
    passwords = dict(re.findall(r"^\s+(\S+)\s+(?:admin|manager|rep)\s+(\S+)$", result.stdout, re.M))
    tap.equal(sorted(passwords), ["admin", "li.na", "lucas.martin", "wang.fang"],
              "demo prints four users with their passwords")
    tap.equal(run("demo", "--database", demo_db).returncode, 1, "a second demo into the same file: exit 1")

    server = Server(users={}, directory=directory)
    server.database = demo_db
    server.stop()
    server.start()
    try:
        for name, password in passwords.items():
            tap.equal(server.login(name, password).status, 200, f"demo user {name} logs in")
        token = server.tokens["lucas.martin"]

        def all_records(table):
            records, after = [], ""
            while True:
                page = server.request("GET", f"{table}?limit=1000&after={after}", token=token).json
                records += page["records"]
                if page["next"] is None:
                    return records
                after = page["next"]

        users = {u["name"]: u.get("display_name") for u in all_records("users")}
        tap.equal(users, {"admin": "IT Administrator", "wang.fang": "Wang Fang",
                          "lucas.martin": "Lucas Martin", "li.na": "Li Na"},
                  "the demo users have display names")
        companies = all_records("companies")
        contacts = all_records("contacts")
        stages = {s["id"]: s for s in all_records("stages")}
        deals = all_records("deals")
        cases = all_records("cases")
        tap.ok(35 <= len(companies) <= 45, f"{len(companies)} companies")
        tap.ok(140 <= len(contacts) <= 160, f"{len(contacts)} contacts")
        tap.equal(sorted((s["position"], s["name"], s["probability"]) for s in stages.values()),
                  [(0, "Lead", 10), (1, "Qualified", 25), (2, "Proposal", 50), (3, "Negotiation", 75),
                   (4, "Won", 100), (5, "Lost", 0)], "the default pipeline's stages and probabilities")
        tap.equal({stages[d["stage_id"]]["name"] for d in deals}, {s["name"] for s in stages.values()},
                  "there are deals in every stage")
        tap.ok(all(d["status"] == stages[d["stage_id"]]["kind"] for d in deals),
               "each deal's status follows its stage")
        tap.ok(all(d["closed_at"] for d in deals if d["status"] != "open"), "closed deals have closed_at")
        tap.equal({d["currency"] for d in deals}, {"CNY", "USD", "EUR"}, "amounts in CNY, USD and EUR")
        tap.equal({c["status"] for c in cases}, {"new", "open", "pending", "resolved", "closed"},
                  "cases in every status")
        activities = all_records("activities")
        tasks = all_records("tasks")
        tap.ok(len(activities) > 0 and len(tasks) > 0, "activities and tasks")
        # Dates lie around the day the book is made: a believable week.
        now = datetime.datetime.now(datetime.timezone.utc)

        def days_away(text):
            return (datetime.datetime.fromisoformat(text.replace("Z", "+00:00")) - now).total_seconds() / 86400

        open_tasks = [days_away(t["due_at"]) for t in tasks if not t.get("done_at")]
        tap.ok(0 < sum(1 for d in open_tasks if d < 0) <= len(open_tasks) // 3,
               "a few open tasks are overdue, most are not", open_tasks)
        tap.ok(any(0 <= d <= 7 for d in open_tasks), "some tasks are due this week", open_tasks)
        tap.ok(all(-91 <= days_away(a["occurred_at"]) < 0 for a in activities),
               "activities happened in the last three months")
        tap.ok(all(days_away(d["expected_close"] + "T00:00:00Z") > 0 for d in deals if d["status"] == "open"),
               "open deals are expected to close in the future")
        names = " ".join(f"{c.get('first_name', '')}{c.get('last_name', '')}" for c in contacts)
        tap.ok(re.search(r"[\u4e00-\u9fff]", names) and re.search(r"[A-Za-z]", names),
               "contact names mix Chinese and Latin")
        tap.ok(any(re.search(r"[\u4e00-\u9fff]", c["name"]) for c in companies) and
               any(re.search(r"München|Lyon|Paris", c.get("address", "")) for c in companies),
               "companies in Chinese and European places")
        # Sales: a catalogue priced by the standard list, and documents in
        # the states a week of work leaves them, all made by the server's rules.
        products = all_records("products")
        tap.ok(len(products) >= 8 and any(not p["active"] for p in products),
               "a catalogue with an archived product", len(products))
        quotes = all_records("quotes")
        orders = all_records("sales_orders")
        tap.ok({"draft", "pending_approval", "sent", "accepted"} <= {q["state"] for q in quotes},
               "quotes drafted, waiting for approval, sent and accepted", [q["state"] for q in quotes])
        tap.ok(all(re.fullmatch(r"Q-\d{4}-\d{5}", q["number"]) and q["total"] > 0 for q in quotes),
               "each quote has the server's number and a total")
        accepted = [q for q in quotes if q["state"] == "accepted"]
        tap.ok(accepted and any(o.get("quote_id") == accepted[0]["id"] for o in orders),
               "the accepted quote made its sales order")
        tap.ok(any(o["state"] == "partially_fulfilled" for o in orders), "an order half delivered",
               [o["state"] for o in orders])
        lines = all_records("quote_lines")
        tap.ok(any("10" in (line.get("price_source") or "") for line in lines),
               "a line priced by a quantity break of the price list")
        requests = all_records("approval_requests")
        tap.equal([(r["status"], r["reasons"]) for r in requests],
                  [("pending", "Line 1 discount 20 % is above the 15 % limit")],
                  "one request waits for a manager, saying why")
        tap.equal(server.request("GET", "changes?limit=1", token=token).status, 200, "the feed serves the demo")
    finally:
        server.stop()
    # In Chinese: the demo book's pipeline and stages are named in the
    # language of whoever made it, and serve tells scripts its URL in
    # --url-file, whatever language its log line is in.
    zh = dict(os.environ, LANGUAGE="zh_CN", LANG="zh_CN.UTF-8", LC_ALL="zh_CN.UTF-8",
              RAPPORT_LOCALEDIR=os.path.join(os.path.dirname(os.path.abspath(SERVER)), "..", "..", "po"))
    zh_db, url_file = os.path.join(directory, "zh.db"), os.path.join(directory, "url")
    result = subprocess.run([SERVER, "demo", "--database", zh_db], env=zh, capture_output=True,
                            text=True, timeout=60)
    tap.equal(result.returncode, 0, "demo in zh_CN: exit 0")
    passwords = dict(re.findall(r"^\s+(\S+)\s+(?:admin|manager|rep)\s+(\S+)$", result.stdout, re.M))
    process = subprocess.Popen([SERVER, "serve", "--database", zh_db, "--port", "0", "--url-file", url_file],
                               env=zh, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        tap.ok("正在监听" in line and "Listening" not in line, "the log line is in Chinese", line)
        url = open(url_file).read() if os.path.exists(url_file) else ""
        tap.ok(re.fullmatch(r"http://127\.0\.0\.1:\d+\n", url), "--url-file holds the URL and a newline",
               url + process.stderr.read() if process.poll() is not None else url)
        if url:
            zh_server = Server(users={}, directory=directory)
            zh_server.stop()
            zh_server.port = int(url.strip().rsplit(":", 1)[1])
            tap.equal(zh_server.login("li.na", passwords.get("li.na", "")).status, 200,
                      "the URL in the file answers")
            token = zh_server.tokens.get("li.na")
            pipelines = zh_server.request("GET", "pipelines", token=token).json["records"]
            stages = zh_server.request("GET", "stages?limit=100", token=token).json["records"]
            tap.equal([p["name"] for p in pipelines], ["销售"], "the pipeline is named in Chinese")
            users = zh_server.request("GET", "users", token=token).json["records"]
            tap.equal(sorted((u["name"], u.get("display_name")) for u in users),
                      [("admin", "IT 管理员"), ("li.na", "李娜"), ("lucas.martin", "卢卡斯·马丁"),
                       ("wang.fang", "王芳")], "the demo users have Chinese display names")
            tap.equal([s["name"] for s in sorted(stages, key=lambda s: s["position"])],
                      ["线索", "需求确认", "方案报价", "商务谈判", "赢单", "输单"],
                      "the stages are named in Chinese")
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
        process.stderr.close()
    result = run("serve", "--database", zh_db, "--port", "0", "--url-file",
                 os.path.join(directory, "missing", "url"))
    tap.ok(result.returncode == 1 and "url" in result.stderr, "an unwritable --url-file: exit 1 with a message",
           result.stderr)
finally:
    shutil.rmtree(directory, ignore_errors=True)
tap.done()
