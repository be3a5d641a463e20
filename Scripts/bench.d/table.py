#!/usr/bin/env python3
"""The results table of Scripts/bench: reads the figures from the environment (set by the
script), prints the table and writes it, with the machine, as Markdown to the file given."""
import os
import re
import sys

env = os.environ


def num(name):
    value = env.get(name, "")
    try:
        return float(value)
    except ValueError:
        return None


def field(line, key):
    for part in (line or "").split():
        if part.startswith(key + "="):
            try:
                return float(part.split("=", 1)[1])
            except ValueError:
                return None
    return None


def sec(x):
    if x is None:
        return "—"
    return f"{x:.2f} s" if x >= 1 else f"{x * 1000:.0f} ms" if x >= 0.1 else f"{x * 1000:.1f} ms"


def div(a, b):
    return a / b if a is not None and b else None


def times(x, suffix=" ×"):
    return "—" if x is None else f"{x:.2f}{suffix}"


def yes(ok):
    return "—" if ok is None else ("yes" if ok else "**NO**")


rows = []
n = int(env["n"])
i_s, i_p = num("import_sipas"), num("import_psql")
rows.append((f"Import {n:,} questionnaires (CSV)", sec(i_s), f"psql \\copy {sec(i_p)}",
             times(div(i_s, i_p)), "≤ 1.5 × psql \\copy",
             yes(None if div(i_s, i_p) is None else div(i_s, i_p) <= 1.5)))
rss, prss = num("rss_kb"), num("psql_rss_kb")
rows.append(("Peak RSS of that import", f"{rss / 1024:.0f} MB" if rss else "—",
             f"psql {prss / 1024:.0f} MB" if prss else "—", "—", "< 200 MB", yes(rss / 1024 < 200 if rss else None)))

m_s, m_r, y_s, y_r = num("month_sipas"), num("month_r"), num("year_sipas"), num("year_r")
rows.append(("Province monthly report, JSON, end to end (process)", sec(m_s), f"base R {sec(m_r)}",
             times(div(m_r, m_s), " × faster"), "≥ 10 × faster than R", yes(None if div(m_r, m_s) is None else div(m_r, m_s) >= 10)))
served_m = field(env.get("served_month"), "p50_ms")
served_y = field(env.get("served_year"), "p50_ms")
in_m, in_y, in_n = num("inproc_month"), num("inproc_year"), num("inproc_national")
if in_m is not None:
    rows.append(("Province monthly report, in-process (its own clock, median)", f"{in_m:.1f} ms", "—", "—",
                 "< 100 ms", yes(in_m < 100)))
else:
    rows.append(("Province monthly report, in-process", "not measured (no SIPAS_TIMING line)", "—", "—", "< 100 ms", "—"))
if served_m is not None:
    rows.append(("Province monthly report, served (p50, 1 connection)", f"{served_m:.1f} ms", "—", "—", "—", "—"))
rows.append(("Province year report, JSON, end to end (process)", sec(y_s), f"base R {sec(y_r)}",
             times(div(y_r, y_s), " × faster"), "≥ 10 × faster than R", yes(None if div(y_r, y_s) is None else div(y_r, y_s) >= 10)))
if in_y is not None:
    rows.append(("Province year report, in-process (its own clock, median)", f"{in_y:.1f} ms", "—", "—", "—", "—"))
if served_y is not None:
    rows.append(("Province year report, served (p50, 1 connection)", f"{served_y:.1f} ms", "—", "—", "—", "—"))
agree_ok = not env.get("agree_month", "").startswith("DISAGREE") and not env.get("agree_year", "").startswith("DISAGREE")
def short(text):
    m = re.match(r"agree: (\d+) values of (\d+) units checked, largest difference (\S+)", text or "")
    return f"{int(m[1]):,} values, {m[2]} units, max diff {m[3]}" if m else (text or "?")


rows.append(("Report = base R (criteria: counts, index, Wilson CI; overall index)",
             "month: " + short(env.get("agree_month")) + "; year: " + short(env.get("agree_year")),
             "base R", "—", "every value within 1e-9", yes(agree_ok)))
if env.get("national") == "1":
    ns = num("national_sipas")
    rows.append((f"National monthly report, {env.get('national_units')} units, {int(env.get('national_rows') or 0):,} questionnaires, end to end",
                 sec(ns), "—", "—", "< 1 s", yes(None if ns is None else ns < 1)))
    if in_n is not None:
        rows.append(("National monthly report, in-process (its own clock, median)", f"{in_n:.0f} ms", "—", "—", "—", "—"))
get16 = env.get("get16")
if field(get16, "requests") == 0:
    rows.append(("GET /api/reports 2021-03, 16 connections", f"no report completed in {field(get16, 'seconds'):.0f} s",
                 "—", "—", "—", "—"))
elif field(get16, "rps") is not None:
    rows.append(("GET /api/reports 2021-03, 16 connections", f"{field(get16, 'rps'):.2f} req/s (p50 {field(get16, 'p50_ms'):.0f} ms)",
                 "—", "—", "—", "—"))
else:
    rows.append(("GET /api/reports", env.get("http_status", "skipped"), "—", "—", "—", "—"))
submit = env.get("submit")
if env.get("submit_status") == "ok":
    tps = num("pgbench_tps")
    rps = field(submit, "rps")
    p99 = field(submit, "p99_ms")
    share = div(rps, tps)
    rows.append(("POST /api/submissions, 16 connections", f"{rps:.0f} req/s (p50 {field(submit, 'p50_ms'):.1f} ms, p99 {p99:.1f} ms)",
                 f"pgbench INSERT {tps:.0f} tps" if tps else "—", times(share), "≥ 0.5 × pgbench, p99 < 50 ms",
                 yes(share is not None and share >= 0.5 and p99 < 50)))
    check = env.get("check", "")
    rows.append(("Every acknowledged submission stored exactly once", check, "—", "—", "yes",
                 yes("NO" not in check and field(submit, "status_other") == 0)))
    batch = env.get("batch")
    qps = field(batch, "qps")
    if qps is not None:
        ratio = div(qps, rps)
        rows.append((f"POST /api/submissions/batch ({env.get('batch_size')} a batch), 16 connections",
                     f"{qps:.0f} questionnaires/s (p50 {field(batch, 'p50_ms'):.0f} ms a batch)",
                     f"single submissions {rps:.0f}/s", times(ratio), "≥ 10 × single submissions",
                     yes(ratio is not None and ratio >= 10)))
        rows.append(("Every batch questionnaire acknowledged is stored once", env.get("batch_check", ""), "—", "—", "yes",
                     yes(field(batch, "status_other") == 0)))
    form = env.get("form")
    if field(form, "rps") is not None:
        rows.append(("POST /s/{token} (public questionnaire, 34 answers), 16 connections",
                     f"{field(form, 'rps'):.0f} req/s (p50 {field(form, 'p50_ms'):.1f} ms, p99 {field(form, 'p99_ms'):.1f} ms)",
                     f"single submissions {rps:.0f}/s", times(div(field(form, "rps"), rps)), "—",
                     yes(field(form, "status_other") == 0 and "stored" in env.get("form_check", ""))))
else:
    rows.append(("POST /api/submissions", env.get("submit_status", "skipped"), "—", "—", "—", "—"))

if env.get("scan_status") == "ok":
    pages = int(env.get("scan_pages") or 0)
    for kind, seconds, kb, target in (("JPEG files", num("scan_jpg_seconds"), num("scan_jpg_kb"), None),
                                      ("one PDF", num("scan_pdf_seconds"), num("scan_pdf_kb"), 300)):
        rate = pages / seconds if seconds else None
        rows.append((f"sipas scan import, {pages} pages at 200 dpi, {kind}",
                     f"{rate:.1f} pages/s ({seconds:.1f} s), peak RSS {kb / 1024:.0f} MB" if rate else "—", "—", "—",
                     "≥ 20 pages/s" + (f", < {target} MB" if target else ""),
                     yes(rate is not None and rate >= 20 and (target is None or kb / 1024 < target))))
    rows.append(("Scanned forms → questionnaires (clean marks)", f"{env.get('scan_questionnaires')} questionnaires, "
                 f"{env.get('scan_review')} pages for review", "—", "—", "—", "—"))
else:
    rows.append(("sipas scan import", env.get("scan_status", "skipped"), "—", "—", "—", "—"))

header = ("figure", "sipas", "reference", "ratio", "target", "met?")
widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
for r in [header] + rows:
    print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())

machine = [
    ("CPU", f"{env.get('machine_cpu')}, {env.get('machine_nproc')} cores (nproc)"),
    ("RAM", env.get("machine_ram")),
    ("OS", env.get("machine_os")),
    ("Swift", env.get("machine_swift")),
    ("PostgreSQL", env.get("pg_version") + " (throwaway cluster, default settings, Unix socket)"),
    ("Tools", f"{env.get('machine_hyperfine')}; {env.get('machine_r')}; {env.get('machine_wrk')}"),
    ("sipas", f"commit {env.get('machine_commit')}, release build"),
    ("Load average at the end", env.get("machine_load")),
    ("Under nice -n 19", "yes" if env.get("nice_used") not in ("", "0") else "no"),
]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("# sipas benchmark\n\n")
    f.write(f"Scripts/bench: {n:,} questionnaires of sipas-2017 over Hà Tĩnh's 216 communes in 2021; "
            f"times are medians of {env.get('runs')} runs (imports, R, peak RSS) or {env.get('report_runs')} runs (reports), "
            f"HTTP figures from {env.get('duration')} s of wrk.\n\n")
    f.write("| " + " | ".join(header) + " |\n")
    f.write("|" + "|".join("---" for _ in header) + "|\n")
    for r in rows:
        f.write("| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |\n")
    f.write("\n## Machine\n\n")
    for k, v in machine:
        f.write(f"- {k}: {v}\n")
print()
for k, v in machine:
    print(f"{k}: {v}")
