#!/usr/bin/env python3
"""Issue 4's customer records as CSV, deterministic (seeded), for `docket classify` benchmarks.

    python3 bench/gen_customers.py ROWS [--seed N] > customers.csv

Fields: id, voltage_kv (0.22, 0.38, 10, 35, 110, 220), tariff (seven members), dual_source,
important, load_level (1-3), contract_kva (1-50000), monthly_kwh (0-5,000,000), arrears_months
(0-12), area (urban, rural). About one row in eight sits exactly on an edge the table tests
(contract_kva == 100, monthly_kwh == 10000, arrears_months == 3 or 6, load_level == 2).
"""
import argparse
import random
import sys

VOLTAGES = ["0.22", "0.38", "10", "35", "110", "220"]
TARIFFS = ["residential", "non_residential", "commercial", "non_industrial", "industrial",
           "large_industrial", "agricultural"]
AREAS = ["urban", "rural"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rows", type=int)
    ap.add_argument("--seed", type=int, default=4)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    out = sys.stdout
    out.write("id,voltage_kv,tariff,dual_source,important,load_level,contract_kva,monthly_kwh,arrears_months,area\n")
    lines = []
    for i in range(1, args.rows + 1):
        edge = rnd.random() < 0.125
        kva = 100 if edge and rnd.random() < 0.5 else rnd.randint(1, 50000)
        kwh = 10000 if edge and rnd.random() < 0.5 else rnd.randint(0, 5000000)
        arrears = rnd.choice([3, 6]) if edge else rnd.randint(0, 12)
        load = 2 if edge else rnd.randint(1, 3)
        lines.append(f"{i},{rnd.choice(VOLTAGES)},{rnd.choice(TARIFFS)},{'true' if rnd.random() < 0.3 else 'false'},"
                     f"{'true' if rnd.random() < 0.1 else 'false'},{load},{kva},{kwh},{arrears},{rnd.choice(AREAS)}\n")
        if len(lines) == 10000:
            out.write("".join(lines))
            lines.clear()
    out.write("".join(lines))


if __name__ == "__main__":
    main()
