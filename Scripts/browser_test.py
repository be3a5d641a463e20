#!/usr/bin/env python3
"""Drives headless Chromium through sipas's web pages as a commune clerk would, on a phone-sized
screen: sign in, download the tally template, upload a bad file and see its errors by row and
column, fix the file and upload it again, then open the monthly report.

Talks to Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON messages
separated by NUL bytes on file descriptors 3 and 4), so it needs only the Python standard library.

    browser_test.py BASE_URL USERNAME PASSWORD UNIT PERIOD [SCREENSHOT_DIR]

Exits non-zero, saying what it expected and what it saw, when a step fails."""

import base64
import csv
import fcntl
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


class Browser:
    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="sipas-chromium-")
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()
        # Out of the way of 3 and 4, so that placing them there clobbers nothing.
        to_child_r, from_child_w = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_child_r, from_child_w))

        def wire():  # in the child: its fd 3 reads commands, fd 4 writes answers
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        self.process = subprocess.Popen(
            [binary, "--headless=new", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
             "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
             f"--user-data-dir={self.profile}", "--window-size=390,844", "about:blank"],
            pass_fds=(3, 4), preexec_fn=wire,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self.next_id = 0
        self.buffer = b""
        self.events = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.page("Page.enable")
        self.page("Runtime.enable")
        # A phone: 390 × 844 CSS pixels at 3× (an ordinary Android phone).
        self.page("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=3, mobile=True)

    def send(self, method, session=None, **params):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.to_child, json.dumps(message).encode() + b"\0")
        return self.next_id

    def receive(self, deadline):
        while b"\0" not in self.buffer:
            if time.time() > deadline:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self.from_child, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method, session=None, timeout=30, **params):
        wanted = self.send(method, session, **params)
        deadline = time.time() + timeout
        while True:
            message = self.receive(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def page(self, method, **params):
        return self.call(method, self.session, **params)

    def evaluate(self, expression):
        result = self.page("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, what, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if self.evaluate(expression):
                    return
            except RuntimeError:
                pass  # the page is between documents
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; the page shows: {self.text()[:600]!r}")

    def mark(self):
        """Marks the current document, so that a new one can be told from it."""
        self.evaluate("window.__sipasOld = true")

    def wait_new_page(self, what):
        self.wait_for("!window.__sipasOld && document.readyState === 'complete'", what)

    def open(self, url):
        self.mark()
        self.page("Page.navigate", url=url)
        self.wait_new_page(f"{url} to load")

    def submit(self, script, what):
        """Runs a script that submits a form and waits for the page that answers."""
        self.mark()
        self.evaluate(script)
        self.wait_new_page(what)

    def text(self):
        try:
            return self.evaluate("document.body ? document.body.innerText : ''") or ""
        except RuntimeError:
            return ""

    def set_file(self, selector, path):
        document = self.page("DOM.getDocument", depth=-1)
        node = self.page("DOM.querySelector", nodeId=document["root"]["nodeId"], selector=selector)["nodeId"]
        if not node:
            raise AssertionError(f"no {selector} on the page")
        self.page("DOM.setFileInputFiles", nodeId=node, files=[path])

    def screenshot(self, folder, name):
        if not folder:
            return
        data = self.page("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        with open(os.path.join(folder, name + ".png"), "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            self.send("Browser.close")
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def fits_the_phone(browser, page):
    width = browser.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    expect(width[0] <= width[1] + 1, f"{page} is wider than the phone's screen: {width[0]} px for {width[1]} px")


def main():
    base, username, password, unit, period = sys.argv[1:6]
    shots = sys.argv[6] if len(sys.argv) > 6 else ""
    if shots:
        os.makedirs(shots, exist_ok=True)
    binary = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
    expect(binary is not None, "no Chromium found (apt-get install chromium)")
    work = tempfile.mkdtemp(prefix="sipas-browser-")
    browser = Browser(binary)
    try:
        # 1. Signing in.
        browser.open(base + "/")
        browser.wait_for("location.pathname === '/login'", "the redirect to the sign-in page")
        expect("Đăng nhập" in browser.text(), "the sign-in page is in Vietnamese")
        fits_the_phone(browser, "the sign-in page")
        browser.screenshot(shots, "1-dang-nhap")
        browser.submit(f"""(() => {{
            document.querySelector('#username').value = {json.dumps(username)};
            document.querySelector('#password').value = {json.dumps(password)};
            document.querySelector('form[action="/login"]').submit(); }})()""", "the home page after signing in")
        expect(browser.evaluate("location.pathname") == "/", f"signed in, at the home page: {browser.text()[:300]!r}")
        expect(f"Xin chào, {username}" in browser.text(), "the home page greets the clerk")
        cookie_visible = browser.evaluate("document.cookie.includes('sipas_session')")
        expect(not cookie_visible, "the session cookie is HttpOnly: scripts cannot read it")

        # 2. The template of the clerk's unit, fetched as the page's link would.
        browser.open(base + "/upload")
        fits_the_phone(browser, "the upload page")
        template = browser.evaluate(f"""fetch('/template?survey=sipas-2017&unit={unit}&period={period}&format=csv')
            .then(r => r.ok ? r.text() : 'HTTP ' + r.status)""")
        expect(f"unit,{unit}," in template, f"the template names the unit {unit}: {template[:200]!r}")
        rows = list(csv.reader(io.StringIO(template.lstrip("\ufeff"))))

        def filled(bad):
            out = []
            for row in rows:
                if row and row[0] == "questionnaires":
                    row = [row[0], "12"] + row[2:]
                elif row and len(row) >= 8 and row[0][:1].isdigit() and "." in row[0] and row[2:8] == [""] * 6:
                    row = row[:2] + ["0", "1", "1", "4", "6", "0"] + row[8:]
                    if bad and row[0] == "1.2":
                        row[5] = "bốn"  # a word where a count belongs
                out.append(row)
            text = io.StringIO()
            csv.writer(text, lineterminator="\r\n").writerows(out)
            path = os.path.join(work, f"tong-hop-{unit}-{period}.csv")
            with open(path, "w", encoding="utf-8-sig") as f:
                f.write(text.getvalue())
            return path

        # 3. A bad file: the errors, by row and column, and nothing written.
        browser.set_file("#file", filled(bad=True))
        browser.submit("document.querySelector('form[action=\"/upload\"]').submit()", "the answer to the bad file")
        expect(browser.evaluate("document.querySelector('#problems') !== null"), f"the list of the file's problems: {browser.text()[:400]!r}")
        problems = browser.evaluate("""[...document.querySelectorAll('#problems tbody tr')].map(tr => [...tr.cells].map(c => c.innerText))""")
        expect(len(problems) == 1, f"one problem listed, saw {problems}")
        line, column, message = problems[0]
        expected_line = next(i for i, row in enumerate(rows, start=1) if row and row[0] == "1.2")
        expect(line == str(expected_line) and column == "4" and "bốn" in message,
               f"the problem is on line {expected_line}, column 4 (option 4), about 'bốn'; saw {problems[0]}")
        fits_the_phone(browser, "the problem list")
        browser.screenshot(shots, "2-loi-tep")

        # 4. Fixed: accepted.
        browser.set_file("#file", filled(bad=False))
        browser.submit("document.querySelector('form[action=\"/upload\"]').submit()", "the answer to the fixed file")
        expect(browser.evaluate("document.querySelector('#upload-ok') !== null"), f"the confirmation of the upload: {browser.text()[:400]!r}")
        expect("12 phiếu" in browser.text(), "the confirmation counts 12 questionnaires")
        browser.screenshot(shots, "3-da-nhan")
        browser.open(base + "/uploads")
        expect(f"tong-hop-{unit}-{period}.csv" in browser.text(), "my uploads list the file")

        # 5. The monthly report of the clerk's unit.
        browser.open(base + "/reports")
        browser.submit(f"""(() => {{
            document.querySelector('#period').value = {json.dumps(period)};
            document.querySelector('#units').value = {json.dumps(unit)};
            document.querySelector('form[action="/reports"]').submit(); }})()""", "the report")
        expect(browser.evaluate("document.querySelector('svg') !== null"), f"the report with its charts: {browser.text()[:400]!r}")
        year, month = period.split("-")
        text = browser.text()
        expect(f"Tháng {int(month)}/{year}" in text, f"the report is for Tháng {int(month)}/{year}")
        expect("12" in text, "the report counts the 12 questionnaires")
        browser.screenshot(shots, "4-bao-cao")
        print(f"browser test: signed in, saw the bad file's problem on line {line} column {column}, "
              f"uploaded the fix, opened the report of Tháng {int(month)}/{year}")
    finally:
        browser.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except (AssertionError, RuntimeError, TimeoutError) as error:
        print(f"browser test failed: {error}", file=sys.stderr)
        sys.exit(1)
