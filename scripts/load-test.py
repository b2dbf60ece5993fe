#!/usr/bin/env python3
"""Load test of `jixiao serve` on loopback, on SQLite and on PostgreSQL:
- a burst: N units save at once (each unit its saves one after another); throughput, p50/p99;
- an open-loop run: saves offered at a fixed rate (--rate per second for --duration seconds),
  whatever the answers, each latency counted from the moment it was due; p50/p99;
- a kill -9 during the saves, after which every acknowledged revision must be there and none
  half-written.

  python3 scripts/load-test.py [--release] [--units 1000] [--saves 2] [--concurrency 1000]
                               [--rate 50 --duration 60] [--backend both|sqlite|postgres]

The server is `jixiao-bench serve` (jixiao serve --demo with the load test's units), from the
debug build, or the release build with --release (the README's figures).

Traffic goes only to 127.0.0.1; every loop is bounded in count and time. PostgreSQL: DATABASE_URL
if set, else a throw-away cluster started as user postgres (as .ci/run does; needs root).
Standard library only. Build first: swift build --product jixiao-bench (with -c release for --release).
"""
import argparse, hashlib, http.client, json, os, re, shutil, signal, socket, ssl, statistics, subprocess, sys, tempfile, threading, time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = open(os.path.join(ROOT, "examples/lianjiang-zonggonghui-2021.yaml"), encoding="utf-8").read()
LOAD_PASSWORD = "load-test-password"
DEADLINE = time.time() + 1800  # the whole run stops by itself within 30 minutes


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


class Session:
    """One browser's cookies (the session's, the device's) and CSRF token, over its own keep-alive
    connection; with `tls`, HTTPS to a proxy whose certificate is the test's own (not verified)."""

    def __init__(self, port, tls=False):
        self.port, self.tls, self.cookies, self.csrf, self.conn = port, tls, {}, None, None
        self.retry_after = None  # the last answer's Retry-After, in seconds

    def request(self, method, path, body=None, timeout=300, retry=True):
        if time.time() > DEADLINE:
            raise RuntimeError("time limit")
        # A kept-alive connection that the other end closed while idle (a proxy reloading, its
        # keep-alive timeout) fails at once: the request is sent again on a new one, as browsers do.
        reused = self.conn is not None
        if self.conn is None:
            self.conn = (http.client.HTTPSConnection("127.0.0.1", self.port, timeout=timeout, context=ssl._create_unverified_context())
                         if self.tls else http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout))
        headers = {"Content-Type": "application/json"}
        if self.cookies: headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.csrf: headers["X-CSRF-Token"] = self.csrf
        try:
            self.conn.request(method, path, body=json.dumps(body).encode() if body is not None else None, headers=headers)
            r = self.conn.getresponse(); data = r.read()
        except (ConnectionResetError, BrokenPipeError, ssl.SSLEOFError):
            self.conn.close(); self.conn = None
            if reused and retry: return self.request(method, path, body, timeout, retry=False)
            raise
        except Exception:
            self.conn.close(); self.conn = None; raise
        for name, value in r.getheaders():
            if name.lower() == "set-cookie":
                key, _, cookie = value.split(";")[0].partition("=")
                self.cookies[key] = cookie
        self.retry_after = r.getheader("Retry-After")
        return r.status, (json.loads(data) if data and r.getheader("Content-Type", "").startswith("application/json") else data)

    def login(self, username, password):
        # A burst of logins fills the password-hashing queue: the server answers 429 with
        # Retry-After, and a client waits and tries again, as a browser's user would.
        for _ in range(20):
            status, body = self.request("POST", "/api/v1/session", {"username": username, "password": password})
            if status != 429: break
            time.sleep(float(self.retry_after or 1))
        if status != 200: raise RuntimeError(f"login {username}: {status} {body}")
        self.csrf = body["csrfToken"]


class Server:
    def __init__(self, data, port, env, units, build):
        self.data, self.port, self.env, self.units, self.build, self.proc = data, port, env, units, build, None

    def start(self):
        binary = os.path.join(ROOT, f".build/{self.build}/jixiao-bench")
        self.proc = subprocess.Popen([binary, "serve", "--data", self.data, "--port", str(self.port),
                                      "--load-test-units", str(self.units)], cwd=ROOT, env=self.env,
                                     stdout=subprocess.PIPE, stderr=open(self.data + ".log", "a"), text=True)
        logins = {}
        for line in self.proc.stdout:
            m = re.match(r"\s+\S+?(?:（.*）)?：(\w+) / (\S+)", line)
            if m: logins[m.group(1)] = m.group(2)
            if line.startswith("http://"): break
        threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()
        for _ in range(200):
            try: socket.create_connection(("127.0.0.1", self.port), timeout=1).close(); return logins
            except OSError: time.sleep(0.1)
        raise RuntimeError("server did not start")

    def kill9(self):
        os.kill(self.proc.pid, signal.SIGKILL); self.proc.wait()

    def terminate(self):
        """SIGTERM, as systemd stops a service: the exit code once it has finished what it was doing."""
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=60)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try: self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired: self.proc.kill(); self.proc.wait()


def prepare(port, units, concurrency, tls=False):
    """Logs every load unit in and finds its submission."""
    def one(i):
        s = Session(port, tls); s.login(f"load{i:04d}", LOAD_PASSWORD)
        status, rows = s.request("GET", "/api/v1/submissions")
        assert status == 200 and len(rows) == 1, (status, rows)
        UNIT_NAMES[rows[0]["id"]] = rows[0]["unitName"]
        BASES[rows[0]["id"]] = rows[0]["revision"]
        return s, rows[0]["id"]
    with ThreadPoolExecutor(concurrency) as pool:
        return list(pool.map(one, range(1, units + 1)))


UNIT_NAMES = {}  # submission ID → its unit's name: the server stores only a unit's own evaluation


def save_text(sid, k):
    return f"# 压测 {sid} 第 {k} 次保存\n" + EXAMPLE.replace("廉江市总工会", UNIT_NAMES[sid])


# Every save names the revision it was made from (a stale one is refused with 409): each unit's
# current revision, read with its submission before the saves (as a clerk's open page holds it), then
# taken from each acknowledged save.
BASES, BASES_LOCK = {}, threading.Lock()


def saved_body(sid, text):
    with BASES_LOCK: base = BASES[sid]
    return {"format": "yaml", "text": text, "baseRevision": base}


def acknowledge(sid, status, body):
    if status == 201:
        with BASES_LOCK: BASES[sid] = body["revision"]


def load(port, sessions, saves, concurrency):
    latencies, errors, lock = [], [], threading.Lock()
    def work(item):
        session, sid = item  # one unit's saves, one after another, on its own session
        for k in range(saves):
            text = save_text(sid, k)
            payload = saved_body(sid, text)
            t0 = time.perf_counter()
            status, body = session.request("PUT", f"/api/v1/submissions/{sid}/evaluation", payload)
            dt = time.perf_counter() - t0
            acknowledge(sid, status, body)
            with lock:
                if status == 201: latencies.append(dt)
                else: errors.append(status)
    t0 = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool: list(pool.map(work, sessions))
    wall = time.perf_counter() - t0
    return latencies, errors, wall


def open_loop(sessions, rate, duration, first):
    """Offers `rate` saves a second for `duration` seconds, round the units, whatever the answers."""
    latencies, errors, lock = [], [], threading.Lock()
    count = int(rate * duration)
    t0 = time.perf_counter() + 0.5
    # A unit's saves go one after another, as one clerk's do: the next one, when due, waits for the
    # one before and is based on its revision (a worker may pick a unit's next save while another
    # worker still waits for that unit's answer; a base read then would be stale: 409). The wait
    # counts in its latency, which is measured from when it was due.
    unit_locks = {sid: threading.Lock() for _, sid in sessions}
    def one(i):
        session, sid = sessions[i % len(sessions)]
        due = t0 + i / rate
        text = save_text(sid, first + i // len(sessions))
        delay = due - time.perf_counter()
        if delay > 0: time.sleep(delay)
        with unit_locks[sid]:
            payload = saved_body(sid, text)
            try:
                status, body = session.request("PUT", f"/api/v1/submissions/{sid}/evaluation", payload)
            except Exception as e:
                status, body = str(e), None
            dt = time.perf_counter() - due
            acknowledge(sid, status, body)
        with lock:
            if status == 201: latencies.append(dt)
            else: errors.append(status)
    # Enough workers that a slow answer never delays the next save's start: open loop.
    with ThreadPoolExecutor(min(len(sessions), max(64, int(rate * 10)))) as pool:
        list(pool.map(one, range(count)))
    return latencies, errors, time.perf_counter() - t0


def quantile(latencies, p):
    """The p-quantile of sorted latencies (seconds), in milliseconds."""
    return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")


def report(label, latencies, errors, wall):
    latencies.sort()
    q = lambda p: quantile(latencies, p)
    print(f"{label}：成功 {len(latencies)}，失败 {len(errors)}{' ' + str(sorted(set(map(str, errors)))) if errors else ''}；"
          f"{len(latencies) / wall:.1f} 次/秒；p50 {q(0.50):.0f} 毫秒，p99 {q(0.99):.0f} 毫秒", flush=True)


def save_until(sessions, stop, acknowledged, refused, first=100, timeout=10):
    """Each unit (a worker each) saves again and again, each save on its last acknowledged
    revision, until `stop` is set. Appends each acknowledged save to `acknowledged` as (submission,
    revision, SHA-256 the server gave, SHA-256 of the text sent) while it runs, and every other
    answer (status or error) to `refused`; after one, the unit reads its current revision again
    (a save whose answer was lost may have been stored), as a clerk reloads the page."""
    lock = threading.Lock()
    def work(item):
        session, sid = item
        k = first
        while not stop.is_set() and time.time() < DEADLINE:
            text = save_text(sid, k); k += 1
            try:
                status, body = session.request("PUT", f"/api/v1/submissions/{sid}/evaluation", saved_body(sid, text), timeout=timeout)
            except Exception as e:
                status, body = type(e).__name__, None
            acknowledge(sid, status, body)
            with lock:
                if status == 201: acknowledged.append((sid, body["revision"], body["sha256"], hashlib.sha256(text.encode()).hexdigest()))
                else: refused.append(status)
            if status != 201:
                time.sleep(0.05)
                try:
                    current, detail = session.request("GET", f"/api/v1/submissions/{sid}", timeout=timeout)
                    if current == 200:
                        with BASES_LOCK: BASES[sid] = detail["revision"]
                except Exception:
                    pass
    with ThreadPoolExecutor(len(sessions)) as pool: list(pool.map(work, sessions))


def check_acknowledged(admin, acknowledged):
    """Every acknowledged save against what the server holds: each revision there with the hash of
    the text sent, numbers contiguous, the current revision the last, the last texts whole.
    Returns (units checked, lost, torn)."""
    lost, torn = [], []
    by_submission = {}
    for sid, number, sha, sent in acknowledged:
        if sha != sent: torn.append((sid, number, "stored text differs from sent"))
        by_submission.setdefault(sid, []).append((number, sha))
    for sid, saved in by_submission.items():
        status, revisions = admin.request("GET", f"/api/v1/submissions/{sid}/revisions")
        stored = {r["number"]: r["sha256"] for r in revisions}
        numbers = sorted(stored)
        if numbers != list(range(1, len(numbers) + 1)): torn.append((sid, None, f"revision numbers not contiguous: {numbers}"))
        for number, sha in saved:
            if stored.get(number) != sha: lost.append((sid, number))
        status, detail = admin.request("GET", f"/api/v1/submissions/{sid}")
        if detail["revision"] != (numbers[-1] if numbers else 0): torn.append((sid, None, "current revision is not the last stored"))
        # Every stored revision reads back whole: its text hashes to its recorded SHA-256.
        for number in numbers[-2:]:
            status, body = admin.request("GET", f"/api/v1/submissions/{sid}/revisions/{number}")
            if hashlib.sha256(body["text"].encode()).hexdigest() != stored[number]: torn.append((sid, number, "text does not match its SHA-256"))
    return len(by_submission), lost, torn


def kill_test(server, sessions, logins):
    """Saves until about one per unit is acknowledged, kill -9, restart, check every acknowledged one."""
    acknowledged, refused, stop = [], [], threading.Event()
    saving = threading.Thread(target=save_until, args=(sessions, stop, acknowledged, refused))
    saving.start()
    while len(acknowledged) < len(sessions) and saving.is_alive() and time.time() < DEADLINE: time.sleep(0.02)
    server.kill9(); stop.set()
    saving.join()
    killed_after = len(acknowledged)
    logins = server.start()
    admin = Session(server.port); admin.login("admin", logins["admin"])
    checked, lost, torn = check_acknowledged(admin, acknowledged)
    return killed_after, checked, lost, torn


def postgres_cluster():
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return os.environ["DATABASE_URL"], None
    pgbin = "/usr/lib/postgresql/15/bin"
    root = tempfile.mkdtemp(prefix="jixiao-pg-load-")
    shutil.chown(root, "postgres", "postgres")
    port = free_port()
    su = lambda cmd: subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c", cmd], check=True, stdout=subprocess.DEVNULL)
    su(f"{pgbin}/initdb -D {root}/data -A trust -U postgres -E UTF8 --locale=C.UTF-8")
    su(f"{pgbin}/pg_ctl -D {root}/data -l {root}/log -w -o \"-p {port} -k {root} -h 127.0.0.1 -c max_connections=200\" start")
    def stop():
        subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c", f"{pgbin}/pg_ctl -D {root}/data -m immediate stop"], stdout=subprocess.DEVNULL)
        shutil.rmtree(root, ignore_errors=True)
    return f"postgres://postgres@127.0.0.1:{port}/postgres?sslmode=disable", stop


def fresh_database(url):
    """Drops the tables of an earlier run in the cluster (the load test owns this database)."""
    subprocess.run(["psql", url, "-qc", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"], check=True, stdout=subprocess.DEVNULL)


def run(backend, args):
    data = tempfile.mkdtemp(prefix=f"jixiao-load-{backend}-")
    env = dict(os.environ); env.pop("DATABASE_URL", None)
    stop_pg = None
    server = None
    try:
        if backend == "postgres":
            url, stop_pg = postgres_cluster(); env["DATABASE_URL"] = url; fresh_database(url)
        server = Server(data, free_port(), env, args.units, "release" if args.release else "debug")
        logins = server.start()
        sessions = prepare(server.port, args.units, args.concurrency)
        latencies, errors, wall = load(server.port, sessions, args.saves, args.concurrency)
        report(f"{backend}: 突发 {args.units} 个单位 × {args.saves} 次保存，并发 {args.concurrency}", latencies, errors, wall)
        if args.duration > 0:
            open_latencies, open_errors, open_wall = open_loop(sessions, args.rate, args.duration, args.saves)
            report(f"{backend}: 恒定负载 每秒 {args.rate:g} 次 × {args.duration:g} 秒", open_latencies, open_errors, open_wall)
            errors = errors + open_errors
        killed_after, checked, lost, torn = kill_test(server, sessions, logins)
        print(f"{backend}: kill -9 于 {killed_after} 次已确认的保存之后；重启后核对 {checked} 个单位：丢失 {len(lost)}，不完整 {len(torn)}", flush=True)
        for item in (lost + torn)[:10]: print("  ", item)
        server.stop()
        return not errors and not lost and not torn
    finally:
        if server: server.stop()
        if stop_pg: stop_pg()
        shutil.rmtree(data, ignore_errors=True)
        print(f"{backend}: 服务器日志 {data}.log", flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--units", type=int, default=1000)
    p.add_argument("--saves", type=int, default=2)
    p.add_argument("--concurrency", type=int, default=1000)
    p.add_argument("--rate", type=float, default=50, help="open loop: saves offered a second")
    p.add_argument("--duration", type=float, default=60, help="open loop: seconds (0: none)")
    p.add_argument("--release", action="store_true", help="the release build's server")
    p.add_argument("--backend", choices=["both", "sqlite", "postgres"], default="both")
    args = p.parse_args()
    ok = True
    for backend in (["sqlite", "postgres"] if args.backend == "both" else [args.backend]):
        ok = run(backend, args) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
