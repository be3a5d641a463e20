#!/usr/bin/env python3
"""Drives headless Chromium through the kiosk page (/kiosk) on a tablet, as the one-stop desk
would use it: paired with a code from `sipas kiosk pair`, one rating given while the service
runs, then the service is stopped and 20 ratings are given offline (the page shows 20 waiting),
the service is started again on the same port and the page sends them all (0 waiting). axe-core
finds no serious or critical violation on the pairing, rating and thank-you screens; the page
fits a tablet's screen without scrolling and a phone's width.

    kiosk_test.py BASE_URL CODE PIDFILE SERVE_LOG [SCREENSHOT_DIR] -- SERVE_COMMAND...

PIDFILE holds the pid of the running `sipas serve`: the test stops that process, then starts
SERVE_COMMAND (its output appended to SERVE_LOG) and writes the new pid there, so the caller's
clean-up stops whichever server runs last.

Prints `answers:` and then each rating given, one JSON object of item code → option per line,
so the caller can check the stored questionnaires."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_test import Browser, expect, fits_the_phone  # noqa: E402
from public_form_test import axe_source, check_accessibility  # noqa: E402

OFFLINE_RATINGS = 20


def reachable(base):
    try:
        urllib.request.urlopen(base + "/healthz", timeout=2)
        return True
    except Exception:
        return False


def stop_server(base, pidfile):
    with open(pidfile) as f:
        pid = int(f.read().strip())
    os.kill(pid, signal.SIGTERM)
    deadline = time.time() + 30
    while reachable(base):
        expect(time.time() < deadline, "sipas serve did not stop within 30 s")
        time.sleep(0.1)


def start_server(base, pidfile, log, command):
    with open(log, "ab") as out:
        process = subprocess.Popen(command, stdout=out, stderr=out, stdin=subprocess.DEVNULL, start_new_session=True)
    with open(pidfile, "w") as f:
        f.write(str(process.pid))
    deadline = time.time() + 60
    while not reachable(base):
        expect(process.poll() is None, f"sipas serve did not start again (exit {process.returncode}); see {log}")
        expect(time.time() < deadline, "sipas serve did not answer within 60 s of starting again")
        time.sleep(0.1)


def visible(browser, element_id):
    return browser.evaluate(f"(() => {{ const e = document.getElementById('{element_id}'); return !!e && !e.hidden; }})()")


def waiting(browser):
    return int(browser.evaluate("document.getElementById('waiting-count').textContent"))


def rate(browser, questions, n, reset):
    """Gives rating `n`: question j gets option (n + j) mod its options; returns the answers."""
    answers = {}
    for j, question in enumerate(questions):
        i = (n + j) % len(question["values"])
        answers[question["code"]] = question["values"][i]
        browser.evaluate(f"document.querySelector('label[for=\"q{j}-{i}\"]').click()")
    browser.evaluate("document.getElementById('send').click()")
    browser.wait_for("!document.getElementById('thanks').hidden", f"the thank-you screen after rating {n + 1}")
    expect("Cảm ơn" in browser.text(), "the thank-you screen thanks in Vietnamese")
    if reset == "button":
        browser.evaluate("document.getElementById('again').click()")
    browser.wait_for("!document.getElementById('rate').hidden && !document.querySelector('#rate input:checked')",
                     f"the rating screen, cleared, after rating {n + 1}", timeout=15)
    return answers


def main():
    split = sys.argv.index("--")
    args, command = sys.argv[1:split], sys.argv[split + 1:]
    base, code, pidfile, log = args[:4]
    shots = args[4] if len(args) > 4 else ""
    if shots:
        os.makedirs(shots, exist_ok=True)
    binary = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
    expect(binary is not None, "no Chromium found (apt-get install chromium)")
    source = axe_source()
    browser = Browser(binary)
    try:
        # A tablet in portrait: 800 × 1280 CSS pixels.
        browser.page("Emulation.setDeviceMetricsOverride", width=800, height=1280, deviceScaleFactor=2, mobile=True)
        browser.open(base + "/kiosk")
        browser.wait_for("!document.getElementById('pair').hidden", "the pairing screen")
        expect("Mã ghép nối" in browser.text(), f"the pairing screen in Vietnamese: {browser.text()[:300]!r}")
        check_accessibility(browser, source, "the kiosk's pairing screen")
        browser.screenshot(shots, "k1-ghep-noi")
        browser.evaluate(f"document.getElementById('pair-code').value = {json.dumps(code)};"
                         "document.getElementById('pair-form').requestSubmit()")
        browser.wait_for("!document.getElementById('rate').hidden", "the rating screen after pairing")
        questions = browser.evaluate("""[...document.querySelectorAll('fieldset.q')].map(f => ({
            code: f.dataset.code, values: [...f.querySelectorAll('input[type=radio]')].map(i => i.value),
            sizes: [...f.querySelectorAll('label')].map(l => [l.getBoundingClientRect().width, l.getBoundingClientRect().height])}))""")
        expect([q["code"] for q in questions] == ["K.1", "K.2", "K.3", "K.4", "K.5", "K.overall"],
               f"the kiosk asks the survey's items: {[q['code'] for q in questions]}")
        expect(all(len(q["values"]) == 5 for q in questions), "five levels for each item")
        small = [(q["code"], s) for q in questions for s in q["sizes"] if min(s) < 48]
        expect(not small, f"buttons at least 48 px: {small[:3]}")
        height = browser.evaluate("[document.documentElement.scrollHeight, window.innerHeight]")
        expect(height[0] <= height[1], f"the rating fits the tablet's screen: {height[0]} px high for {height[1]} px")
        check_accessibility(browser, source, "the kiosk's rating screen")
        browser.screenshot(shots, "k2-danh-gia")

        given = [rate(browser, questions, 0, reset="timer")]
        browser.wait_for("document.getElementById('waiting-count').textContent === '0'", "the online rating to be sent")

        # The thank-you screen (held by a rating not reset at once) and the phone's width.
        for q, _ in enumerate(questions):
            browser.evaluate(f"document.querySelector('label[for=\"q{q}-0\"]').click()")
        browser.evaluate("document.getElementById('send').click()")
        browser.wait_for("!document.getElementById('thanks').hidden", "the thank-you screen")
        check_accessibility(browser, source, "the kiosk's thank-you screen")
        browser.screenshot(shots, "k3-cam-on")
        given.append({question["code"]: question["values"][0] for question in questions})
        browser.wait_for("!document.getElementById('rate').hidden", "the rating screen again, by itself", timeout=15)
        browser.wait_for("document.getElementById('waiting-count').textContent === '0'", "the second rating to be sent")
        browser.page("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=3, mobile=True)
        fits_the_phone(browser, "the kiosk page")
        check_accessibility(browser, source, "the kiosk page on a phone")
        browser.page("Emulation.setDeviceMetricsOverride", width=800, height=1280, deviceScaleFactor=2, mobile=True)

        stop_server(base, pidfile)
        for n in range(OFFLINE_RATINGS):
            given.append(rate(browser, questions, n + 1, reset="button"))
        expect(waiting(browser) == OFFLINE_RATINGS, f"the page shows {waiting(browser)} waiting, expected {OFFLINE_RATINGS}")
        expect(f"Đang chờ gửi: {OFFLINE_RATINGS}" in browser.text(), f"the waiting count is shown: {browser.text()[-300:]!r}")
        kept = browser.evaluate("JSON.parse(localStorage.getItem('sipas.kiosk.queue')).length")
        expect(kept == OFFLINE_RATINGS, f"{kept} answers kept in the tablet's storage")
        browser.screenshot(shots, "k4-cho-gui")

        start_server(base, pidfile, log, command)
        browser.wait_for("document.getElementById('waiting-count').textContent === '0'",
                         "the waiting answers to be sent once the service is back", timeout=60)
        refused = browser.evaluate("document.getElementById('refused-count').textContent")
        expect(refused == "0", f"no answer refused; the page shows {refused}")
        browser.screenshot(shots, "k5-da-gui")
        print(f"kiosk test: paired, {len(given)} ratings ({OFFLINE_RATINGS} while the service was stopped), "
              f"all sent; axe-core: no serious or critical violation on the kiosk's screens")
        print("answers:")
        for answers in given:
            print(json.dumps(answers, sort_keys=True))
    finally:
        browser.close()


if __name__ == "__main__":
    try:
        main()
    except (AssertionError, RuntimeError, TimeoutError) as error:
        print(f"kiosk test failed: {error}", file=sys.stderr)
        sys.exit(1)
