#!/usr/bin/env python3
"""Login storm against `jixiao serve` on loopback: CONCURRENCY clients send wrong passwords for
fresh names as fast as the server answers, for DURATION seconds, while a reviewer who is logged in
keeps reading the dashboard. Passes when the reviewer's pages answer with p99 under the limit and
none fails.

  python3 scripts/login-storm.py [--concurrency 200] [--duration 20] [--limit-ms 500]

Traffic goes only to 127.0.0.1; every loop ends by the deadline. SQLite in a temporary directory
(the database whose threads the hashing once starved). Standard library only.
The server is load-test.py's (`jixiao-bench serve`, the demo with no extra units). Build first: swift build.
"""
import argparse, os, sys, tempfile, threading, time, shutil
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from importlib import import_module
load = import_module("load-test")  # Session and Server


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--limit-ms", type=float, default=500)
    args = parser.parse_args()

    data = tempfile.mkdtemp(prefix="jixiao-storm-")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    server = load.Server(os.path.join(data, "db"), load.free_port(), env, 0, "debug")
    try:
        logins = server.start()
        reviewer = load.Session(server.port)
        reviewer.login("reviewer", logins["reviewer"])
        stop = time.time() + args.duration
        answers, lock = {}, threading.Lock()

        def storm(k):
            session, n = load.Session(server.port), 0
            while time.time() < stop:
                n += 1
                try:
                    status, _ = session.request("POST", "/api/v1/session", {"username": f"storm{k}-{n}", "password": "wrong"}, timeout=30)
                except Exception:
                    status = "error"
                with lock: answers[status] = answers.get(status, 0) + 1

        latencies, failures = [], []
        def read_pages():
            while time.time() < stop:
                t0 = time.perf_counter()
                status, _ = reviewer.request("GET", "/dashboard", timeout=30)
                latencies.append(time.perf_counter() - t0)
                if status != 200: failures.append(status)
                time.sleep(0.05)

        with ThreadPoolExecutor(args.concurrency + 1) as pool:
            pages = pool.submit(read_pages)
            for k in range(args.concurrency): pool.submit(storm, k)
            pages.result()
        latencies.sort()
        p50 = latencies[len(latencies) // 2] * 1000
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
        print(f"login storm: {args.concurrency} clients for {args.duration:.0f} s; login answers {dict(sorted(answers.items(), key=str))}")
        print(f"reviewer's dashboard during it: {len(latencies)} pages, p50 {p50:.0f} ms, p99 {p99:.0f} ms, {len(failures)} failed")
        ok = latencies and p99 < args.limit_ms and not failures
        print("PASS" if ok else f"FAIL: p99 must be under {args.limit_ms:.0f} ms with no failure")
        return 0 if ok else 1
    finally:
        server.stop()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
