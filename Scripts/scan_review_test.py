#!/usr/bin/env python3
"""Drives headless Chromium through the review of scanned forms, as a commune clerk would: signs
in, opens "Xem lại phiếu quét" (phone-sized screen, axe-core finds no serious or critical
violation), and settles every item in doubt with the option the person meant (read from the
corpus's truth.json); at the end the page says nothing waits for review.

    scan_review_test.py BASE_URL USERNAME PASSWORD TRUTH_JSON [SCREENSHOT_DIR]"""

import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_test import Browser, expect, fits_the_phone  # noqa: E402
from public_form_test import axe_source, check_accessibility  # noqa: E402


def main():
    base, username, password, truth_file = sys.argv[1:5]
    shots = sys.argv[5] if len(sys.argv) > 5 else ""
    meant = json.load(open(truth_file))[0]["meant"]
    binary = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
    expect(binary is not None, "no Chromium found (apt-get install chromium)")
    browser = Browser(binary)
    try:
        browser.open(base + "/login")
        browser.submit(f"""(() => {{
            document.querySelector('#username').value = {json.dumps(username)};
            document.querySelector('#password').value = {json.dumps(password)};
            document.querySelector('form[action="/login"]').submit(); }})()""", "the home page after signing in")
        browser.open(base + "/scans/review")
        expect("Xem lại phiếu quét" in browser.text(), f"the review page: {browser.text()[:300]!r}")
        fits_the_phone(browser, "the review page")
        check_accessibility(browser, axe_source(), "the review page")
        loaded = browser.evaluate("[...document.querySelectorAll('img.crop')].every(i => i.complete && i.naturalWidth > 100)")
        expect(loaded, "every crop of the scan is shown")
        browser.screenshot(shots, "8-xem-lai-phieu-quet")
        items = browser.evaluate("[...document.querySelectorAll('form.review-item')].map(f => f.querySelector('input[name=item]').value)")
        expect(sorted(items) == sorted(meant), f"the items in doubt are those circled: {sorted(items)} for {sorted(meant)}")
        for item in items:
            options = meant[item]
            value = options[0] if options else "_blank"
            browser.submit(f"""(() => {{
                const form = [...document.querySelectorAll('form.review-item')].find(f => f.querySelector('input[name=item]').value === {json.dumps(item)});
                form.querySelector('input[name=choice][value={json.dumps(value)}]').checked = true;
                form.submit(); }})()""", f"the review page after settling {item}")
            expect(f"Đã ghi nhận câu {item}" in browser.text(), f"settling {item}: {browser.text()[:300]!r}")
        expect("Không có câu nào chờ xem lại" in browser.text(), "nothing waits for review at the end")
        print(f"scan review test: {len(items)} items in doubt settled on the web page; axe-core: no serious or critical violation")
    finally:
        browser.close()


if __name__ == "__main__":
    try:
        main()
    except (AssertionError, RuntimeError, TimeoutError) as error:
        print(f"scan review test failed: {error}", file=sys.stderr)
        sys.exit(1)
