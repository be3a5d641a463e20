#!/usr/bin/env python3
"""Drives headless Chromium through a public questionnaire link on a phone-sized screen, as a
citizen at the one-stop desk would after scanning its QR code: the form fits the phone and
axe-core finds no serious or critical accessibility violation; a required answer left out is
named next to its question with every other answer kept; the completed form ends on the
thank-you page, which a reload does not send again.

Reuses the DevTools-over-a-pipe browser of browser_test.py. axe-core is the copy that the PyPI
package axe-playwright-python ships (only its axe.min.js is read; Playwright is not needed).

    public_form_test.py LINK_URL [SCREENSHOT_DIR]

Prints the item codes it answered and the option chosen for each, one `code=option` per line
after a line `answers:`, so the caller can check the stored questionnaire."""

import importlib.util
import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_test import Browser, expect, fits_the_phone  # noqa: E402


def axe_source():
    spec = importlib.util.find_spec("axe_playwright_python")
    expect(spec is not None and spec.submodule_search_locations,
           "axe-core not found: python3 -m pip install --no-deps axe-playwright-python")
    path = os.path.join(list(spec.submodule_search_locations)[0], "axe.min.js")
    with open(path, encoding="utf-8") as f:
        return f.read()


def check_accessibility(browser, source, page):
    browser.evaluate(source + "\n;true")
    result = browser.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => "
                              "({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)})))")
    bad = [v for v in result if v["impact"] in ("serious", "critical")]
    expect(not bad, f"axe-core: serious or critical violations on {page}: {json.dumps(bad, ensure_ascii=False)}")
    return len(result)


def main():
    link = sys.argv[1]
    shots = sys.argv[2] if len(sys.argv) > 2 else ""
    if shots:
        os.makedirs(shots, exist_ok=True)
    binary = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
    expect(binary is not None, "no Chromium found (apt-get install chromium)")
    source = axe_source()
    browser = Browser(binary)
    try:
        browser.open(link)
        expect("Gửi phiếu" in browser.text(), f"the questionnaire in Vietnamese: {browser.text()[:300]!r}")
        fits_the_phone(browser, "the public questionnaire")
        minor = check_accessibility(browser, source, "the questionnaire")
        browser.screenshot(shots, "5-phieu-khao-sat")
        # Each question with options: its field name and its options' values.
        questions = browser.evaluate("""[...document.querySelectorAll('fieldset.q')].map(f => ({
            name: f.id, required: f.querySelector('legend .req') !== null,
            values: [...f.querySelectorAll('input[type=radio], input[type=checkbox]')].map(i => i.value)}))""")
        choice = [q for q in questions if q["values"]]
        required = [q for q in choice if q["required"]]
        expect(len(required) >= 20, f"the criteria are required questions: {questions}")
        skipped = required[1]["name"]
        # A citizen's answers: the criteria spread over the scale, the first option elsewhere.
        answers = {q["name"]: q["values"][i % len(q["values"])] for i, q in enumerate(choice)}

        def fill(leave_out):
            script = "(() => {" + "".join(
                f"document.querySelector('input[name=\"{name}\"][value=\"{value}\"]').checked = true;"
                for name, value in answers.items() if name != leave_out) + "})()"
            browser.evaluate(script)

        fill(skipped)
        browser.submit("document.querySelector('form').submit()", "the answer to the incomplete form")
        message = browser.evaluate(f"""(() => {{ const f = document.getElementById({json.dumps(skipped)});
            const e = f && f.querySelector('.error'); return e ? e.innerText : null; }})()""")
        expect(message and "Vui lòng" in message, f"the message next to {skipped}: {browser.text()[:500]!r}")
        errors = browser.evaluate("document.querySelectorAll('.error').length")
        expect(errors == 1, f"one message on the page, for {skipped}; saw {errors}")
        expect("nil" not in browser.text().split(), "no empty value printed as 'nil'")
        kept = browser.evaluate("""[...document.querySelectorAll('input:checked')].map(i => i.name + '=' + i.value)""")
        expected = sorted(f"{n}={v}" for n, v in answers.items() if n != skipped)
        expect(sorted(kept) == expected, f"the other answers are kept: {sorted(kept)[:5]} … for {expected[:5]} …")
        fits_the_phone(browser, "the form with its message")
        check_accessibility(browser, source, "the form with its message")
        browser.screenshot(shots, "6-phieu-thieu")

        fill(None)
        browser.submit("document.querySelector('form').submit()", "the thank-you page")
        expect(browser.evaluate("location.pathname.endsWith('/cam-on')"), f"the thank-you page: {browser.text()[:300]!r}")
        expect("Cảm ơn" in browser.text(), "the thank-you page thanks in Vietnamese")
        check_accessibility(browser, source, "the thank-you page")
        browser.mark()
        browser.page("Page.reload")
        browser.wait_new_page("the thank-you page after a reload")
        expect("Cảm ơn" in browser.text(), "the reloaded thank-you page")
        browser.screenshot(shots, "7-cam-on")
        print(f"public form test: {len(questions)} questions, {skipped} left out and named, sent once; "
              f"axe-core: no serious or critical violation ({minor} minor or moderate on the form)")
        print("answers:")
        for name, value in sorted(answers.items()):
            print(f"{name[2:]}={value}")
    finally:
        browser.close()


if __name__ == "__main__":
    try:
        main()
    except (AssertionError, RuntimeError, TimeoutError) as error:
        print(f"public form test failed: {error}", file=sys.stderr)
        sys.exit(1)
