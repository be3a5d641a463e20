#!/usr/bin/env python3
"""Questionnaire files for Scripts/bench, in the layout `sipas import responses` reads:
unit,date,channel,<one column per item code of sipas-2017 v1>.

Deterministic (fixed seed, numpy's PCG64). Each commune gets its own satisfaction level, so
indices differ between units (about 80–97 % satisfied); 5 % of the satisfaction answers and
of the other items are left empty (no answer).

    generate.py --units Surveys/units/ha-tinh-2021.csv --n 1000000 --year 2021 --out FILE
    generate.py --units Surveys/units/vietnam-2021.csv --per-unit 40 --month 2021-03 --out FILE
"""
import argparse
import calendar
import csv
import sys

try:
    import numpy as np
except ImportError:  # pragma: no cover
    sys.exit("generate.py: numpy is needed (apt-get install python3-numpy, or pip install numpy)")

# sipas-2017 version 1 (Surveys/sipas-2017.yaml): 22 criteria, then the other items.
CRITERIA = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5",
            "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "4.1", "4.2", "4.3",
            "5.1", "5.2", "5.3", "5.4"]
YES_NO = ["obs.return", "obs.late", "obs.late_no_apology", "obs.extra_payment", "obs.harassed"]
IMPROVE = ["attitude", "competence", "complaints", "procedures", "time", "waiting_area", "fees", "online", "other"]
PROFILE = {
    "respondent_type": ["individual", "organisation"],
    "gender": ["male", "female"],
    "age_group": ["a18_25", "a26_35", "a36_45", "a46_60", "a60_plus"],
    "education": ["primary", "lower_secondary", "upper_secondary", "vocational", "university", "postgraduate"],
    "occupation": ["civil_servant", "armed_forces", "business", "employee", "farmer", "student", "retired", "other"],
    "field": ["dat_dai", "tu_phap_ho_tich", "xay_dung", "dang_ky_kinh_doanh", "lao_dong_tbxh", "giao_thong",
              "tai_nguyen_moi_truong", "other"],
}
CHANNELS = ["paper", "kiosk", "web", "phone", "post"]
CHANNEL_WEIGHTS = [0.55, 0.2, 0.15, 0.07, 0.03]
EMPTY = 0.05
WIDTH = {"province": 2, "district": 3, "commune": 5}


def communes(path):
    """Commune codes of a unit list, zero-padded to the national width (5 digits)."""
    codes = []
    with open(path, encoding="utf-8") as f:
        rows = (line for line in f if not line.startswith("#"))
        for row in csv.DictReader(rows):
            if row["level"] == "commune":
                codes.append(row["code"].zfill(WIDTH["commune"]))
    return codes


def days_of(year, month=None):
    months = [month] if month else range(1, 13)
    return [f"{year:04d}-{m:02d}-{d:02d}" for m in months for d in range(1, calendar.monthrange(year, m)[1] + 1)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, help="questionnaires in all, spread over the communes and the period")
    ap.add_argument("--per-unit", type=int, help="questionnaires per commune (instead of --n)")
    ap.add_argument("--year", type=int, default=2021)
    ap.add_argument("--month", help="YYYY-MM: only this month (default: the whole --year)")
    ap.add_argument("--seed", type=int, default=2021)
    args = ap.parse_args()

    rng = np.random.default_rng(args.seed)
    units = communes(args.units)
    if not units:
        sys.exit(f"generate.py: no communes in {args.units}")
    if args.month:
        year, month = map(int, args.month.split("-"))
        days = days_of(year, month)
    else:
        days = days_of(args.year)

    if args.per_unit:
        n = args.per_unit * len(units)
        unit_index = np.repeat(np.arange(len(units)), args.per_unit)
        rng.shuffle(unit_index)
    else:
        n = args.n
        unit_index = rng.integers(0, len(units), n)
    day_index = rng.integers(0, len(days), n)

    # Each commune's share of satisfied answers, and how the rest falls on levels 1–3.
    p_sat = rng.uniform(0.80, 0.97, len(units))[unit_index]
    cols = []
    sat_labels = np.array(["", "1", "2", "3", "4", "5"], dtype=object)
    for _ in CRITERIA:
        u = rng.random(n)
        empty = rng.random(n) < EMPTY
        # cumulative thresholds: 1: 20 % of the unsatisfied, 2: 30 %, 3: 50 %, 4: 60 % of the satisfied, 5: 40 %
        q = 1 - p_sat
        level = np.where(u < 0.2 * q, 1, np.where(u < 0.5 * q, 2, np.where(u < q, 3, np.where(u < q + 0.6 * p_sat, 4, 5))))
        level[empty] = 0
        cols.append(sat_labels[level])
    yes_no = np.array(["", "yes", "no"], dtype=object)
    for _ in YES_NO:
        v = np.where(rng.random(n) < 0.12, 1, 2)
        v[rng.random(n) < EMPTY] = 0
        cols.append(yes_no[v])
    # Up to three improvements, distinct, in a fixed order, joined with |.
    picks = rng.random((n, len(IMPROVE))) < 0.18
    combos = {}
    keys = picks.dot(1 << np.arange(len(IMPROVE)))
    for k in np.unique(keys).tolist():
        chosen = [o for i, o in enumerate(IMPROVE) if k >> i & 1][:3]
        combos[k] = "|".join(chosen)
    lookup = np.array([combos.get(k, "") for k in range(1 << len(IMPROVE))], dtype=object)
    improve = lookup[keys]
    improve[rng.random(n) < EMPTY] = ""
    cols.append(improve)
    for options in PROFILE.values():
        labels = np.array([""] + options, dtype=object)
        v = rng.integers(1, len(options) + 1, n)
        v[rng.random(n) < EMPTY] = 0
        cols.append(labels[v])

    unit_col = np.array(units, dtype=object)[unit_index]
    day_col = np.array(days, dtype=object)[day_index]
    channel_col = np.array(CHANNELS, dtype=object)[rng.choice(len(CHANNELS), n, p=CHANNEL_WEIGHTS)]

    header = ["unit", "date", "channel"] + CRITERIA + YES_NO + ["exp.improve"] + list(PROFILE)
    columns = [unit_col.tolist(), day_col.tolist(), channel_col.tolist()] + [c.tolist() for c in cols]
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(header) + "\n")
        chunk = 100_000
        for start in range(0, n, chunk):
            part = [c[start:start + chunk] for c in columns]
            f.write("\n".join(",".join(row) for row in zip(*part)))
            f.write("\n")
    print(f"{args.out}: {n} questionnaires, {len(units)} communes, {days[0]} … {days[-1]}", file=sys.stderr)


if __name__ == "__main__":
    main()
