"""Resource check for `sipas serve` (Scripts/check-slow-clients).

1. 1,000 connections are opened and left idle (half of them after sending half a request
   line, as a slow client would); while they are held, a normal client's requests must all be
   answered, each within 5 s.
2. /healthz is hammered with wrk for 5 s; the number of PostgreSQL connections (sampled from
   pg_stat_activity every 50 ms through psql) must not rise above what it was before, and the
   rate reached is printed.
Exits non-zero on any failure.
"""
import socket
import subprocess
import sys
import threading
import time
import urllib.request

base, token, psql = sys.argv[1], sys.argv[2], sys.argv[3].split()
host, port = base.split("//")[1].split(":")
port = int(port)


def get(path, auth=True, timeout=5):
    request = urllib.request.Request(base + path)
    if auth:
        request.add_header("Authorization", "Bearer " + token)
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=timeout) as response:
        response.read()
        return response.status, time.monotonic() - started


def connections():
    out = subprocess.run(psql + ["-At", "-c", "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"],
                         capture_output=True, text=True, check=True).stdout
    return int(out.strip()) - 1  # psql's own


failures = []

# 1. Idle and slow connections.
held = []
for i in range(1000):
    s = socket.create_connection((host, port), timeout=5)
    if i % 2:
        s.sendall(b"GET /api/surveys HTT")  # half a request line, never finished
    held.append(s)
print(f"slow-clients: {len(held)} connections open and idle")
slowest = 0.0
for i in range(40):
    path = "/healthz" if i % 2 else "/api/surveys"
    try:
        status, seconds = get(path)
        slowest = max(slowest, seconds)
        if status != 200:
            failures.append(f"{path} answered {status} while 1,000 connections were idle")
    except Exception as error:  # noqa: BLE001 - any failure is the finding
        failures.append(f"{path} failed while 1,000 connections were idle: {error}")
print(f"slow-clients: 40 normal requests answered while they were held (slowest {slowest * 1000:.0f} ms)")
for s in held:
    s.close()

# 2. /healthz under load does not open database connections.
for _ in range(5):
    get("/api/surveys")
before = connections()
samples = []
stop = threading.Event()


def sample():
    while not stop.is_set():
        samples.append(connections())
        time.sleep(0.05)


sampler = threading.Thread(target=sample)
sampler.start()
wrk = subprocess.run(["wrk", "-t2", "-c16", "-d5s", base + "/healthz"], capture_output=True, text=True)
stop.set()
sampler.join()
rate = next((line.split()[1] for line in wrk.stdout.splitlines() if line.startswith("Requests/sec")), "?")
most = max(samples) if samples else before
print(f"slow-clients: /healthz at {rate} requests/s; PostgreSQL connections {before} before, at most {most} during")
if wrk.returncode != 0:
    failures.append("wrk failed: " + wrk.stderr.strip())
if "Non-2xx" in wrk.stdout:
    failures.append("/healthz gave non-2xx answers under load: " + wrk.stdout)
if most > before:
    failures.append(f"/healthz under load raised PostgreSQL connections from {before} to {most}")

for failure in failures:
    print("slow-clients: FAILED: " + failure, file=sys.stderr)
sys.exit(1 if failures else 0)
