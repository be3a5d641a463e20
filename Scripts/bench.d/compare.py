#!/usr/bin/env python3
"""Checks that a `sipas report --format json` file and the base-R reference (indices.R) agree:
for every unit, every criterion's satisfied and valid counts exactly, and its index, Wilson
interval and the unit's overall index within a tolerance (percent points).

    compare.py REPORT.json R.csv [--tolerance 1e-9]

Prints one line (checked values, largest difference) and exits 1 on any disagreement,
naming the first ones.
"""
import argparse
import csv
import json
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("report")
    ap.add_argument("reference")
    ap.add_argument("--tolerance", type=float, default=1e-9)
    args = ap.parse_args()

    try:
        with open(args.report, encoding="utf-8") as f:
            report = json.load(f)
    except (OSError, ValueError) as error:
        print(f"DISAGREEMENT: cannot read the report {args.report}: {error}", file=sys.stderr)
        sys.exit(1)
    sipas = {}
    units = list(report.get("units") or [])
    if report.get("reference"):
        units.append(report["reference"])
    for unit in units:
        if not unit.get("respondents"):
            continue
        entry = {c["code"]: c for c in unit.get("criteria") or []}
        entry["overall"] = {"index": (unit.get("overall") or {}).get("index")}
        sipas[unit["code"]] = entry

    r = {}
    with open(args.reference, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            r.setdefault(row["unit"], {})[row["item"]] = row

    problems = []
    missing = sorted(set(r) - set(sipas))
    extra = sorted(set(sipas) - set(r))
    if missing:
        problems.append(f"{len(missing)} unit(s) in R's result but not in the report: {', '.join(missing[:10])}")
    if extra:
        problems.append(f"{len(extra)} unit(s) in the report but not in R's result: {', '.join(extra[:10])}")

    checked, largest = 0, 0.0
    for unit in sorted(set(r) & set(sipas)):
        for item, row in r[unit].items():
            got = sipas[unit].get(item)
            if got is None:
                problems.append(f"{unit} {item}: not in the report")
                continue
            if row["satisfied"] != "":
                for key in ("satisfied", "valid"):
                    checked += 1
                    if int(row[key]) != got.get(key):
                        problems.append(f"{unit} {item} {key}: sipas {got.get(key)}, R {row[key]}")
            for key in ("index", "ci_low", "ci_high"):
                if row[key] == "":
                    continue
                want, have = float(row[key]), got.get(key)
                checked += 1
                if have is None:
                    problems.append(f"{unit} {item} {key}: sipas null, R {want!r}")
                    continue
                diff = abs(have - want)
                largest = max(largest, diff)
                if diff > args.tolerance:
                    problems.append(f"{unit} {item} {key}: sipas {have!r}, R {want!r} (difference {diff:.3g})")

    summary = f"{checked} values of {len(set(r) & set(sipas))} units checked, largest difference {largest:.3g} percent points"
    if problems:
        print(f"DISAGREEMENT ({len(problems)} problems; {summary}):", file=sys.stderr)
        for p in problems[:20]:
            print("  - " + p, file=sys.stderr)
        sys.exit(1)
    print(f"agree: {summary} (tolerance {args.tolerance:g})")
    print(f"max_diff={largest:.3g}", file=sys.stderr)


if __name__ == "__main__":
    main()
