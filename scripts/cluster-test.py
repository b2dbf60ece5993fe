#!/usr/bin/env python3
"""Cluster test (issue 22): the site as deploy/ sets it up — nginx terminating TLS, round robin over
two jixiao-server processes on loopback, one PostgreSQL — on this machine:

- the two processes (the load test's server, `jixiao-bench serve --load-test-units N`, with
  deploy/jixiao.env's settings) started together on a new database both come up;
- deploy/nginx/jixiao.conf, with the test's ports and a certificate of its own, passes `nginx -t`;
  deploy/systemd/*, with this build's paths, passes `systemd-analyze verify` (where there is one);
- the load test's burst and open loop through nginx, with two processes and then with one;
- a session made through nginx is valid on both processes; failed logins sent to both by turns
  lock the name; a device cookie made by one is honoured by the other, and after both restart;
- a rolling restart (SIGTERM one process, wait for /healthz, then the other) while every unit saves,
  and a kill -9 of one process during a burst: every acknowledged save there, whole;
- a package published; deploy/jixiao-backup (pg_dump -Fc) while the site runs, pg_restore into a new
  database, and the two databases' inventories (`jixiao serve --inventory`: every revision's and
  published file's SHA-256 recomputed from the stored bytes) equal, byte for byte.

  python3 scripts/cluster-test.py [--units 40] [--saves 2] [--rate 8 --duration 8] [--release]

PostgreSQL: DATABASE_URL (a cluster's maintenance database, e.g. .../postgres, in which the test
makes and drops databases of its own) if set, else a throw-away cluster started as user postgres.
nginx and openssl from Debian (apt-get install nginx). Traffic goes only to 127.0.0.1; every loop
is bounded in count and time. Build first: swift build (with -c release for --release).
"""
import argparse, os, re, secrets, shutil, signal, subprocess, sys, tempfile, threading, time, urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from importlib import import_module

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
load = import_module("load-test")  # the load test's client, server, burst, open loop and checks
ROOT = load.ROOT
RESULTS = []


def check(ok, what):
    RESULTS.append(bool(ok))
    print(f"{'✔' if ok else '✘'} {what}", flush=True)
    return ok


def database_url(url, name):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def psql(url, command):
    return subprocess.run(["psql", url, "-qAtc", command], check=True, capture_output=True, text=True).stdout


def deploy_environment():
    """deploy/jixiao.env's settings, as systemd's EnvironmentFile= reads them."""
    env = {}
    for line in open(os.path.join(ROOT, "deploy/jixiao.env"), encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value.strip('"')
    return env


class Nginx:
    """deploy/nginx/jixiao.conf under a main configuration of the test's own, on free loopback ports."""

    def __init__(self, folder, upstream_ports):
        self.folder, self.https, self.http, self.proc = folder, load.free_port(), load.free_port(), None
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                        "-keyout", f"{folder}/key.pem", "-out", f"{folder}/cert.pem"], check=True, capture_output=True)
        main = f"""worker_processes 2;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 2048; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/jixiao.conf;
}}
"""
        open(f"{folder}/nginx.conf", "w").write(main)
        self.site(upstream_ports)

    def site(self, upstream_ports):
        site = open(os.path.join(ROOT, "deploy/nginx/jixiao.conf"), encoding="utf-8").read()
        lines = re.search(r"(    server 127\.0\.0\.1:\d+( [^\n]*)\n)+", site)
        assert lines, "deploy/nginx/jixiao.conf: the upstream's servers not found"
        servers = "".join(f"    server 127.0.0.1:{p}{lines.group(2)}\n" for p in upstream_ports)
        site = site[:lines.start()] + servers + site[lines.end():]
        for old, new in [("listen 80;", f"listen 127.0.0.1:{self.http};"), ("listen [::]:80;", ""),
                         ("listen 443 ssl http2;", f"listen 127.0.0.1:{self.https} ssl http2;"), ("listen [::]:443 ssl http2;", ""),
                         ("/etc/letsencrypt/live/jixiao.example.gov.cn/fullchain.pem", f"{self.folder}/cert.pem"),
                         ("/etc/letsencrypt/live/jixiao.example.gov.cn/privkey.pem", f"{self.folder}/key.pem")]:
            assert old in site, f"deploy/nginx/jixiao.conf: {old} not found"
            site = site.replace(old, new)
        open(f"{self.folder}/jixiao.conf", "w").write(site)

    @staticmethod
    def skip_seconds():
        """How long nginx skips a process after it failed (the upstream's fail_timeout)."""
        site = open(os.path.join(ROOT, "deploy/nginx/jixiao.conf"), encoding="utf-8").read()
        return int(re.search(r"fail_timeout=(\d+)s", site).group(1))

    def test(self):
        return subprocess.run(["nginx", "-t", "-c", f"{self.folder}/nginx.conf", "-p", self.folder], capture_output=True, text=True)

    def start(self):
        self.proc = subprocess.Popen(["nginx", "-c", f"{self.folder}/nginx.conf", "-p", self.folder, "-g", "daemon off;"])
        for _ in range(100):
            try: load.socket.create_connection(("127.0.0.1", self.https), timeout=1).close(); return
            except OSError: time.sleep(0.1)
        raise RuntimeError("nginx did not start")

    def reload(self, upstream_ports):
        """The upstream changed and the configuration reloaded, as `systemctl reload nginx` does."""
        self.site(upstream_ports)
        self.proc.send_signal(signal.SIGHUP)
        time.sleep(1.5)  # the new workers take over; the old ones finish their requests

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try: self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired: self.proc.kill(); self.proc.wait()


def healthy(port, timeout=120):
    """Waits for GET /healthz to answer 200 on a process."""
    until = time.time() + timeout
    while time.time() < until:
        try:
            if load.Session(port).request("GET", "/healthz", timeout=5)[0] == 200: return True
        except Exception:
            pass
        time.sleep(0.2)
    return False


def login_status(port, username, password, cookies=None, tls=False):
    session = load.Session(port, tls)
    if cookies: session.cookies.update(cookies)
    status, _ = session.request("POST", "/api/v1/session", {"username": username, "password": password}, timeout=30)
    return status, session


def verify_systemd_units(folder, build):
    """deploy/systemd's units with this build's paths, through systemd-analyze verify."""
    if not shutil.which("systemd-analyze"):
        print("  （没有 systemd-analyze：跳过单元文件检查）")
        return
    paths = {"/usr/local/bin/jixiao-server": os.path.join(ROOT, f".build/{build}/jixiao-server"),
             "/usr/local/bin/jixiao-backup": os.path.join(ROOT, "deploy/jixiao-backup")}
    units = []
    for name in sorted(os.listdir(os.path.join(ROOT, "deploy/systemd"))):
        text = open(os.path.join(ROOT, "deploy/systemd", name), encoding="utf-8").read()
        for old, new in paths.items(): text = text.replace(old, new)
        target = os.path.join(folder, name.replace("@.", "@8081."))
        open(target, "w").write(text); units.append(target)
    result = subprocess.run(["systemd-analyze", "verify"] + units, capture_output=True, text=True)
    complaints = [l for l in (result.stdout + result.stderr).splitlines() if any(os.path.basename(u) in l for u in units)]
    check(result.returncode == 0 and not complaints, f"systemd-analyze verify {' '.join(map(os.path.basename, units))}" +
          ("".join("\n    " + l for l in complaints)))


def inventory(build, url):
    result = subprocess.run([os.path.join(ROOT, f".build/{build}/jixiao-server"), "--inventory"], cwd=ROOT,
                            env=dict(os.environ, DATABASE_URL=url), capture_output=True, text=True)
    return result.returncode, result.stdout, result.stderr


def acknowledged_in_inventory(acknowledged, text):
    """Each acknowledged save's revision in the inventory, with the SHA-256 of its stored bytes."""
    stored = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if fields[0] == "修订": stored[(fields[1].upper(), int(fields[2]))] = fields[3]
    return [a for a in acknowledged if stored.get((a[0].upper(), a[1])) != a[3]]


def saves_while(sessions, event, settle=1.0):
    """Every unit saves again and again while `event()` runs (and `settle` seconds after)."""
    acknowledged, refused, stop = [], [], threading.Event()
    saving = threading.Thread(target=load.save_until, args=(sessions, stop, acknowledged, refused), kwargs={"timeout": 60})
    saving.start()
    try:
        outcome = event(acknowledged)
        time.sleep(settle)
    finally:
        stop.set(); saving.join()
    return acknowledged, refused, outcome


def run(args):
    build = "release" if args.release else "debug"
    work = tempfile.mkdtemp(prefix="jixiao-cluster-")
    os.chmod(work, 0o755)  # nginx's workers (nobody, when started by root) read and write below it
    maintenance, stop_pg = load.postgres_cluster()
    name = f"jixiao_cluster_{os.getpid()}"
    url, restored_url = database_url(maintenance, name), database_url(maintenance, name + "_restored")
    servers, nginx = [], None
    try:
        psql(maintenance, f"CREATE DATABASE {name}")
        secret = os.path.join(work, "secret")
        open(secret, "w").write(secrets.token_urlsafe(48))
        env = dict(os.environ)
        env.update(deploy_environment())
        env.update(DATABASE_URL=url, JIXIAO_SECRET_FILE=secret)
        for key in ("JIXIAO_BACKUP_DIR", "JIXIAO_BACKUP_DAYS"): env.pop(key, None)
        check(env["JIXIAO_TRUSTED_PROXIES"].startswith("127.0.0.1") and env["JIXIAO_SECURE_COOKIES"] == "1",
              "deploy/jixiao.env：JIXIAO_TRUSTED_PROXIES=127.0.0.1…，JIXIAO_SECURE_COOKIES=1")

        # Two processes started together on the new database.
        servers = [load.Server(os.path.join(work, f"server{i}"), load.free_port(), env, args.units, build) for i in (1, 2)]
        started = time.perf_counter()
        with ThreadPoolExecutor(2) as pool:
            outcomes = list(pool.map(lambda s: _start(s), servers))
        check(all(o is True for o in outcomes) and all(healthy(s.port) for s in servers),
              f"两个进程同时在新数据库上启动，都答 /healthz 200（{time.perf_counter() - started:.1f} 秒）" +
              "".join(f"\n    {o}" for o in outcomes if o is not True))
        if not all(o is True for o in outcomes): return
        ports = [s.port for s in servers]

        nginx_folder = os.path.join(work, "nginx"); os.makedirs(nginx_folder); os.chmod(nginx_folder, 0o755)
        nginx = Nginx(nginx_folder, ports)
        tested = nginx.test()
        check(tested.returncode == 0 and "test is successful" in tested.stderr, "nginx -t：deploy/nginx/jixiao.conf（测试的端口和证书）" +
              ("" if tested.returncode == 0 else "\n" + tested.stderr))
        verify_systemd_units(work, build)
        nginx.start()
        status, _ = load.Session(nginx.http).request("GET", "/login")
        check(status == 301, f"HTTP 转到 HTTPS（{status}）")
        status, _ = load.Session(nginx.https, tls=True).request("GET", "/healthz")
        check(status == 200, f"经 nginx（HTTPS）GET /healthz：{status}")

        # The units log in through nginx; their sessions are the load test's.
        sessions = load.prepare(nginx.https, args.units, args.units, tls=True)
        clerk = sessions[0][0]
        check("jixiao-session" in clerk.cookies, f"{args.units} 个单位经 nginx 登录，得到会话")

        # A session made through nginx is valid on each process, its CSRF token too.
        sid = sessions[0][1]
        for port in ports:
            direct = load.Session(port); direct.cookies, direct.csrf = dict(clerk.cookies), clerk.csrf
            status, rows = direct.request("GET", "/api/v1/submissions")
            saved, body = direct.request("PUT", f"/api/v1/submissions/{sid}/evaluation", load.saved_body(sid, load.save_text(sid, port)))
            load.acknowledge(sid, saved, body)
            check(status == 200 and len(rows) == 1 and saved == 201, f"经 nginx 建立的会话在进程 :{port} 上有效（列表 {status}，保存 {saved}）")

        # Failed logins count across the processes: 5 wrong passwords for one name from one address,
        # by turns on each, lock it everywhere. A device cookie made by one process vouches on the other.
        status, owner = login_status(ports[0], "reviewer", load.LOAD_PASSWORD)
        check(status == 200 and "jixiao-device" in owner.cookies, f"reviewer 在进程 :{ports[0]} 登录，得到设备凭证（{status}）")
        wrong = [login_status(ports[k % 2], "reviewer", "wrong-password")[0] for k in range(5)]
        check(wrong == [401] * 5, f"5 次错误密码轮流发给两个进程：{wrong}")
        locked = [login_status(p, "reviewer", load.LOAD_PASSWORD)[0] for p in ports] + [login_status(nginx.https, "reviewer", load.LOAD_PASSWORD, tls=True)[0]]
        check(locked == [429] * 3, f"之后正确密码在两个进程上、经 nginx 都被拒：{locked}")
        device = {"jixiao-device": owner.cookies["jixiao-device"]}
        status, _ = login_status(ports[1], "reviewer", load.LOAD_PASSWORD, cookies=device)
        check(status == 200, f"进程 :{ports[0]} 发的设备凭证在进程 :{ports[1]} 上仍可登录：{status}")

        # The load test through nginx, with two processes, then with one.
        figures = {}
        for label, upstream in [("两个进程", ports), ("一个进程", ports[:1])]:
            if len(upstream) == 1:
                nginx.reload(upstream)
                check(servers[1].terminate() == 0, f"SIGTERM 进程 :{ports[1]}：退出码 0")
            latencies, errors, wall = load.load(nginx.https, sessions, args.saves, args.units)
            load.report(f"经 nginx，{label}：突发 {args.units} 个单位 × {args.saves} 次保存", latencies, errors, wall)
            open_latencies, open_errors, open_wall = load.open_loop(sessions, args.rate, args.duration, args.saves)
            load.report(f"经 nginx，{label}：恒定负载 每秒 {args.rate:g} 次 × {args.duration:g} 秒", open_latencies, open_errors, open_wall)
            check(not errors and not open_errors, f"{label}：突发和恒定负载的保存全部成功")
            figures[label] = (latencies, wall, open_latencies)
        servers[1].start()
        check(healthy(ports[1]), f"进程 :{ports[1]} 重新启动，/healthz 200")
        nginx.reload(ports)

        # Rolling restart while every unit saves: one process at a time, SIGTERM, wait for /healthz.
        admin = load.Session(nginx.https, tls=True); admin.login("admin", load.LOAD_PASSWORD)
        def rolling_restart(acknowledged):
            codes = []
            for server in servers:
                # Some saves acknowledged before each restart (bounded in time like every loop here).
                target, until = len(acknowledged) + args.units // 2, time.time() + 120
                while len(acknowledged) < target and time.time() < until: time.sleep(0.05)
                began = time.perf_counter()
                codes.append(server.terminate())
                server.start()
                codes.append(healthy(server.port))
                # As the README's upgrade says: until nginx tries the restarted process again, it
                # may still skip it; stopping the other one before then would leave none.
                time.sleep(Nginx.skip_seconds() + 1)
                print(f"  进程 :{server.port} 重启：{time.perf_counter() - began:.1f} 秒（其间已确认 {len(acknowledged)} 次保存）", flush=True)
            return codes
        acknowledged, refused, codes = saves_while(sessions, rolling_restart)
        checked, lost, torn = load.check_acknowledged(admin, acknowledged)
        proxy_errors = [r for r in refused if str(r).startswith("5") or not str(r).isdigit()]
        check(codes == [0, True, 0, True] and not lost and not torn and acknowledged and not proxy_errors,
              f"滚动重启（SIGTERM、等 /healthz，一个接一个）期间保存：已确认 {len(acknowledged)} 次，核对 {checked} 个单位，丢失 {len(lost)}，"
              f"不完整 {len(torn)}；网站一直可用（5xx 或连接错误 {len(proxy_errors)}）；未确认的回答 {dict(Counter(map(str, refused)))}；"
              f"退出码与健康 {codes}")
        rolling = (acknowledged, refused)

        # kill -9 of one process during a burst: the other takes the requests; nothing acknowledged is lost.
        def kill(acknowledged):
            until = time.time() + 120
            while len(acknowledged) < args.units and time.time() < until: time.sleep(0.02)
            servers[0].kill9()
            return len(acknowledged)
        acknowledged, refused, killed_after = saves_while(sessions, kill, settle=3.0)
        servers[0].start()
        check(healthy(ports[0]), f"kill -9 之后进程 :{ports[0]} 重新启动，/healthz 200")
        checked, lost, torn = load.check_acknowledged(admin, acknowledged)
        check(not lost and not torn and len(acknowledged) > killed_after,
              f"kill -9 进程 :{ports[0]}（于 {killed_after} 次已确认的保存之后，另一进程接着保存）：已确认 {len(acknowledged)} 次，"
              f"核对 {checked} 个单位，丢失 {len(lost)}，不完整 {len(torn)}；未确认的回答 {dict(Counter(map(str, refused)))}")
        killed = (acknowledged, refused, killed_after)

        # The device cookie after both processes restarted; the throttle's lock is still there.
        status, _ = login_status(nginx.https, "reviewer", load.LOAD_PASSWORD, cookies=device, tls=True)
        locked, _ = login_status(nginx.https, "reviewer", load.LOAD_PASSWORD, tls=True)
        check(status == 200 and locked == 429, f"两个进程都重启之后：设备凭证仍可登录（{status}），没有凭证的仍被锁（{locked}）")

        # A package published: the union's clerk submits, the reviewer accepts, the admin publishes.
        editor = load.Session(nginx.https, tls=True); editor.login("editor", load.LOAD_PASSWORD)
        status, rows = editor.request("GET", "/api/v1/submissions")
        union = rows[0]["id"]
        submitted, _ = editor.request("POST", f"/api/v1/submissions/{union}/submit")
        reviewer = load.Session(nginx.https, tls=True); reviewer.cookies.update(device); reviewer.login("reviewer", load.LOAD_PASSWORD)
        accepted, _ = reviewer.request("POST", f"/api/v1/submissions/{union}/accept")
        began = time.perf_counter()
        published, body = admin.request("POST", f"/api/v1/submissions/{union}/publish")
        files = body.get("files", []) if isinstance(body, dict) else []
        check((submitted, accepted, published) == (200, 200, 200) and files,
              f"报送 {submitted}、通过 {accepted}、公开 {published}：{len(files)} 个文件（{time.perf_counter() - began:.1f} 秒）："
              + "、".join(str(f.get("name")) for f in files if isinstance(f, dict)))

        # Backup while the site runs (deploy/jixiao-backup: pg_dump -Fc), restore into a new database,
        # and the inventories compared.
        backups = os.path.join(work, "backups")
        result = subprocess.run([os.path.join(ROOT, "deploy/jixiao-backup")], capture_output=True, text=True,
                                env=dict(env, JIXIAO_SERVER=os.path.join(ROOT, f".build/{build}/jixiao-server"),
                                         JIXIAO_DATA=os.path.join(work, "server1"), JIXIAO_BACKUP_DIR=backups))
        folders = sorted(os.listdir(backups)) if os.path.isdir(backups) else []
        check(result.returncode == 0 and len(folders) == 1, f"deploy/jixiao-backup：{result.stdout.strip()}{result.stderr.strip()}")
        dump = os.path.join(backups, folders[0], "jixiao.dump")
        psql(maintenance, f"CREATE DATABASE {name}_restored")
        restore = subprocess.run(["pg_restore", "--exit-on-error", "--no-owner", "-d", restored_url, dump], capture_output=True, text=True)
        check(restore.returncode == 0, f"pg_restore 到新数据库 {name}_restored" + ("" if restore.returncode == 0 else "\n" + restore.stderr[-2000:]))
        code, live, errors = inventory(build, url)
        code2, copy, errors2 = inventory(build, restored_url)
        recorded = open(os.path.join(backups, folders[0], "inventory.txt"), encoding="utf-8").read()
        print(f"  原库：{live.splitlines()[0] if live else errors}\n  恢复：{copy.splitlines()[0] if copy else errors2}")
        revisions = sum(1 for l in copy.splitlines() if l.startswith("修订\t"))
        published_files = sum(1 for l in copy.splitlines() if l.startswith("公开文件\t"))
        check(code == 0 and code2 == 0 and live == copy == recorded and published_files == len(files) and revisions > 0,
              f"备份 → 恢复：两份清单逐字节相同（修订 {revisions} 份、公开文件 {published_files} 个的 SHA-256 由存储内容重新算出），与备份时记下的相同")
        missing = acknowledged_in_inventory(rolling[0] + killed[0], copy)
        check(not missing, f"滚动重启和 kill -9 期间已确认的 {len(rolling[0]) + len(killed[0])} 次保存都在恢复的数据库里，哈希相符（缺 {len(missing)}）")

        # The restored database serves: a process on it answers /healthz and lists the package.
        restored_server = load.Server(os.path.join(work, "server3"), load.free_port(), dict(env, DATABASE_URL=restored_url), args.units, build)
        servers.append(restored_server)
        restored_server.start()
        status, listing = load.Session(restored_server.port).request("GET", "/api/v1/published")
        check(healthy(restored_server.port) and status == 200 and len(listing) == 1, f"恢复的数据库上启动的进程：/healthz 200，公开列表 {status}")

        print(f"\n经 nginx（HTTPS）、PostgreSQL，{args.units} 个单位：")
        for label, (latencies, wall, open_latencies) in figures.items():
            print(f"  {label}：突发 {len(latencies) / wall:.1f} 次/秒，p50 {load.quantile(latencies, 0.5):.0f} / p99 {load.quantile(latencies, 0.99):.0f} 毫秒；"
                  f"恒定负载 每秒 {args.rate:g} 次 p50 {load.quantile(open_latencies, 0.5):.0f} / p99 {load.quantile(open_latencies, 0.99):.0f} 毫秒")
    finally:
        if nginx: nginx.stop()
        for server in servers: server.stop()
        for database in (name + "_restored", name):
            try: psql(maintenance, f"DROP DATABASE IF EXISTS {database}")
            except subprocess.CalledProcessError: pass
        if stop_pg: stop_pg()
        # The logs outlive the run, for a failure's reasons.
        for log in [f"server{i}.log" for i in (1, 2, 3)] + ["nginx/error.log"]:
            if os.path.exists(os.path.join(work, log)):
                shutil.copy(os.path.join(work, log), os.path.join(tempfile.gettempdir(), "jixiao-cluster-" + log.replace("/", "-")))
        shutil.rmtree(work, ignore_errors=True)


def _start(server):
    try:
        server.start(); return True
    except Exception as e:
        return f"进程 :{server.port} 没有起来：{e}（日志 {server.data}.log）"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--units", type=int, default=40)
    p.add_argument("--saves", type=int, default=2)
    p.add_argument("--rate", type=float, default=8, help="open loop: saves offered a second")
    p.add_argument("--duration", type=float, default=8, help="open loop: seconds")
    p.add_argument("--release", action="store_true", help="the release build's servers")
    args = p.parse_args()
    began = time.perf_counter()
    try:
        run(args)
    except Exception as e:
        check(False, f"集群测试中断：{type(e).__name__}: {e}")
    print(f"集群测试用时 {time.perf_counter() - began:.0f} 秒")
    print(f"cluster: {RESULTS.count(True)} passed, {RESULTS.count(False)} failed", flush=True)
    sys.exit(0 if RESULTS and all(RESULTS) else 1)


if __name__ == "__main__":
    main()
