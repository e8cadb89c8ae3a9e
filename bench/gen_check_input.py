#!/usr/bin/env python3
"""Writes a generated .dkt program for timing `docket check`: half rule lists, half 20-row tables.

Usage: python3 bench/gen_check_input.py [LINES] > big.dkt
       /usr/bin/time -f "%e s %M KB" build/normal/tools/docket check big.dkt 2>&1 | tail -1
Deterministic (seeded), so figures from different sessions compare.
"""
import random
import sys

lines_wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
random.seed(7)
out = [
    "module big",
    "enum Tariff { residential, non_residential, commercial, non_industrial, industrial, large_industrial, agricultural }",
    "enum Area { urban, rural }",
    "record Customer { id : int  voltage_kv : number  tariff : Tariff  dual_source : bool  important : bool"
    "  load_level : int  contract_kva : number  monthly_kwh : number  arrears_months : int  area : Area }",
]
n = 0
while len(out) < lines_wanted:
    if n % 2 == 0:
        out.append(f"decision d{n}(c: Customer) -> text {{")
        out.append("  hit first")
        for r in range(20):
            v = random.choice([0.38, 10, 35, 110])
            t = random.choice(["residential", "commercial", "industrial"])
            out.append(f"  rule when c.voltage_kv >= {v} and c.tariff == {t} or c.load_level == {random.randint(1, 3)} then \"s{r}\"")
        out.append("  otherwise \"other\"")
    else:
        out.append(f"table t{n}(c: Customer) -> (segment: text, days: int) {{")
        out.append("  hit first")
        out.append("  | c.voltage_kv | c.tariff | c.area || segment | days |")
        for r in range(20):
            lo = random.randint(0, 100)
            hi = lo + random.randint(1, 50)
            tariff = random.choice(["residential", "commercial", "industrial"])
            area = random.choice(["urban", "rural", "-"])
            out.append(f"  | [{lo}..{hi}) | {tariff}, agricultural | {area} || \"s{r}\" | {random.randint(1, 20)} |")
        out.append("  | - | - | - || \"other\" | 5 |")
    out.append("}")
    n += 1
print("\n".join(out))
