#!/usr/bin/env python3
"""Kiosks post questionnaires while PostgreSQL is stopped and started again (see
Scripts/check-db-restart). Checks: only 201/200/503 answers, 503 while the database is down,
recovery without restarting sipas, no request hanging, every acknowledged questionnaire stored
exactly once, and every refused one accepted when the kiosk sends it again.

    db_restart_check.py BASE_URL TOKEN STOP_COMMAND START_COMMAND"""

import json
import random
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

BASE, TOKEN, STOP, START = sys.argv[1:5]
KIOSKS = 8
UNITS = ["18070", "18073", "18076", "18079", "18082", "18085", "18088", "18091"]
ITEMS = [f"{e}.{c}" for e, n in ((1, 4), (2, 5), (3, 6), (4, 3), (5, 4)) for c in range(1, n + 1)]  # sipas-2017
REQUEST_TIMEOUT = 20


def post(client_id, unit, rng):
    body = json.dumps({"client_id": client_id, "survey": "sipas-2017", "unit": unit, "date": "2021-03-05",
                       "channel": "kiosk", "answers": {item: rng.randint(1, 5) for item in ITEMS}}).encode()
    request = urllib.request.Request(BASE + "/api/submissions", data=body, method="POST",
                                     headers={"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except Exception as error:  # no answer at all: a failure of the check
        status = f"no answer: {error}"
    return started, time.monotonic(), status


results = []  # (kiosk, client_id, started, ended, status)
lock = threading.Lock()
running = True


def kiosk(number):
    rng = random.Random(number)
    n = 0
    while running:
        n += 1
        client_id = f"kiosk-{number}-{n:06d}"
        started, ended, status = post(client_id, UNITS[number % len(UNITS)], rng)
        with lock:
            results.append((number, client_id, started, ended, status))
        if status == 503:
            time.sleep(0.05)


def main():
    global running
    threads = [threading.Thread(target=kiosk, args=(i,)) for i in range(KIOSKS)]
    for t in threads:
        t.start()
    time.sleep(3)
    down_started = time.monotonic()
    subprocess.run(STOP, shell=True, check=True)
    down = time.monotonic()
    time.sleep(8)
    up_started = time.monotonic()
    subprocess.run(START, shell=True, check=True)
    up = time.monotonic()
    time.sleep(8)
    running = False
    for t in threads:
        t.join()

    problems = []
    # Requests already running when PostgreSQL was told to stop may be caught mid-statement:
    # they may end late or not at all (unacknowledged, so nothing is lost); they are counted
    # apart. Every request started after that must get 201/200/503, and quickly.
    caught = [r for r in results if r[2] < down and r[4] not in (200, 201, 503)]
    later = [r for r in results if r[2] >= down]
    odd = [r for r in later if r[4] not in (200, 201, 503)]
    if odd:
        problems.append(f"{len(odd)} answers other than 201/200/503, e.g. {odd[:3]}")
    if len(caught) > KIOSKS:
        problems.append(f"{len(caught)} requests in flight at the stop got no answer")
    during = [r for r in results if r[2] >= down and r[3] <= up_started]
    if not during:
        problems.append("no request was made while the database was down")
    elif any(r[4] != 503 for r in during):
        problems.append(f"while the database was down, answers other than 503: {[r[4] for r in during if r[4] != 503][:5]}")
    after = [r for r in results if r[2] >= up]
    recovered = [r for r in after if r[4] == 201]
    if not recovered:
        problems.append("no questionnaire was stored after the database came back")
    slowest = max(r[3] - r[2] for r in later)
    if slowest > 15:
        problems.append(f"a request took {slowest:.1f} s")

    # The kiosks send every refused questionnaire again; a retry is harmless.
    refused = [r for r in results if r[4] == 503 or r in caught]
    rng = random.Random(99)
    retried = {}
    for number, client_id, *_ in refused:
        retried[client_id] = post(client_id, UNITS[number % len(UNITS)], rng)[2]
    if any(status not in (200, 201) for status in retried.values()):
        problems.append(f"retries refused: {[s for s in retried.values() if s not in (200, 201)][:5]}")

    acknowledged = {r[1] for r in results if r[4] in (200, 201)} | {c for c, s in retried.items() if s in (200, 201)}
    stored = subprocess.run(["psql", "-At", "-c", "SELECT client_id, count(*) FROM responses GROUP BY client_id"],
                            capture_output=True, text=True, check=True).stdout.split()
    counts = dict(line.split("|") for line in stored)
    missing = [c for c in acknowledged if c not in counts]
    twice = [c for c, n in counts.items() if n != "1"]
    if missing:
        problems.append(f"{len(missing)} acknowledged questionnaires are not stored, e.g. {missing[:3]}")
    if twice:
        problems.append(f"{len(twice)} questionnaires stored more than once")
    # Each stored questionnaire is counted once: folded into its monthly vector (the service
    # folds every few seconds) or still waiting to be folded.
    kiosk_counts = subprocess.run(["psql", "-At", "-c",
                                   "SELECT (SELECT coalesce(sum(count), 0) FROM submission_counts WHERE item_code = 'questionnaires')"
                                   " + (SELECT count(*) FROM responses WHERE upload_id IS NULL AND NOT folded)"],
                                  capture_output=True, text=True, check=True).stdout.strip()
    if int(kiosk_counts) != len(counts):
        problems.append(f"folded and waiting submissions count {kiosk_counts} questionnaires for {len(counts)} stored")

    statuses = {}
    for r in results:
        statuses[r[4]] = statuses.get(r[4], 0) + 1
    first_ok = min((r[2] - up for r in recovered), default=float("nan"))
    print(f"db restart: {len(results)} requests from {KIOSKS} kiosks; answers {statuses}; database down {up_started - down_started:.1f} s "
          f"({len(during)} requests in that time, all 503: {all(r[4] == 503 for r in during)}); first stored {first_ok:.2f} s after it was back; "
          f"slowest request started after the stop {slowest:.2f} s; {len(caught)} caught in flight at the stop without an answer; {len(refused)} refused sent again → {sorted(set(retried.values()))}; "
          f"{len(acknowledged)} acknowledged, {len(counts)} stored, each once")
    if problems:
        for p in problems:
            print("db restart check failed: " + p, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
