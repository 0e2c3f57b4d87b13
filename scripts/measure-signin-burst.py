#!/usr/bin/env python3
"""Measures what a burst of wrong sign-ins does to the rest of a running Lab2Field server:
the /healthz latency (p50/p99/max) while N sign-ins with wrong passwords run at once, and the
server process's peak resident memory. Used for the figures in docs/security.md.

    scripts/measure-signin-burst.py --base http://127.0.0.1:3000 --pid $(pgrep -f 'lab2field serve') [--burst 100]
"""
import argparse, threading, time, urllib.request, urllib.parse, urllib.error


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="http://127.0.0.1:3000")
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--burst", type=int, default=100)
    args = ap.parse_args()

    statuses, latencies, peak = [], [], [rss_mib(args.pid)]
    done = threading.Event()

    def sign_in(i):
        data = urllib.parse.urlencode({"email": f"burst{i}@example.org", "password": "wrong password!"}).encode()
        req = urllib.request.Request(f"{args.base}/api/auth/sign_in", data=data, headers={"accept": "application/json"})
        try:
            statuses.append(urllib.request.urlopen(req, timeout=60).status)
        except urllib.error.HTTPError as e:
            statuses.append(e.code)

    def probe():
        while not done.is_set():
            started = time.perf_counter()
            urllib.request.urlopen(f"{args.base}/healthz", timeout=60).read()
            latencies.append((time.perf_counter() - started) * 1000)
            peak.append(rss_mib(args.pid))
            time.sleep(0.01)

    prober = threading.Thread(target=probe)
    prober.start()
    started = time.perf_counter()
    workers = [threading.Thread(target=sign_in, args=(i,)) for i in range(args.burst)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - started
    done.set()
    prober.join()
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
    codes = {c: statuses.count(c) for c in sorted(set(statuses))}
    print(f"burst of {args.burst} wrong sign-ins took {elapsed:.2f} s; answers {codes}")
    print(f"/healthz during the burst: {len(latencies)} probes, p50 {pick(0.5):.1f} ms, "
          f"p99 {pick(0.99):.1f} ms, max {latencies[-1]:.1f} ms")
    print(f"server RSS: {peak[0]:.0f} MiB before, peak {max(peak):.0f} MiB during the burst")


if __name__ == "__main__":
    main()
