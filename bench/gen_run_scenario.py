#!/usr/bin/env python3
"""A `docket run` scenario of N meter installations whose SLA warnings and breaches all fire before they finish.

Issue 12's workload: day 1 starts N installations on examples/95598 (spread over the working day) and
accepts them; the surveys come in three weeks later, after every 50% and 80% warning and the breach
of the 5-workday install SLA fired; then each is installed, energized and revisited to `done`.
With --rolling, ticket i starts 4 minutes after ticket i-1 and lives 23 days (warned and breached
like the others), so about 8,300 are open at any time however large N is: memory must stay flat in
the finished ones.
Usage: python3 bench/gen_run_scenario.py N [--rolling] > scenario.jsonl   (lines in time order)
"""
import datetime
import json
import sys


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    if "--rolling" in sys.argv:
        rolling(n)
        return
    customer = {"id": "C-1001", "voltage_kv": 0.38, "tariff": "commercial", "dual_source": False,
                "important": False, "load_level": 3, "contract_kva": 80, "area": "urban"}
    out = sys.stdout
    def at(day: int, minute: int) -> str:
        return f"2025-09-{day:02d}T{9 + minute // 60:02d}:{minute % 60:02d}" if day <= 30 else \
            f"2025-10-{day - 30:02d}T{9 + minute // 60:02d}:{minute % 60:02d}"
    for i in range(n):  # Friday 26 September, 09:00-16:59
        app = {"id": f"M{i}", "address": "上海市浦东新区张杨路 500 号", "customer": customer}
        out.write(json.dumps({"at": at(26, i * 480 // n), "start": "meter_install", "ticket": f"M{i}",
                              "input": {"app": app}}, ensure_ascii=False) + "\n")
    for i in range(n):  # accepted on Monday 29 September
        out.write(json.dumps({"at": at(29, i * 480 // n), "ticket": f"M{i}", "complete": "accept"}) + "\n")
    # Thursday 16 October onwards: warnings and breaches have fired; survey, install, energize, revisit.
    for day, step in ((46, "survey"), (47, "install"), (48, "energize"), (49, "revisit")):
        for i in range(n):
            line = {"at": at(day, i * 480 // n), "ticket": f"M{i}", "complete": step}
            if step == "survey":
                line["outcomes"] = {"feasible": True}
            out.write(json.dumps(line) + "\n")


def rolling(n: int) -> None:
    customer = {"id": "C-1001", "voltage_kv": 0.38, "tariff": "commercial", "dual_source": False,
                "important": False, "load_level": 3, "contract_kva": 80, "area": "urban"}
    base = datetime.datetime(2025, 9, 26, 9, 0)
    events = []
    for i in range(n):
        t = base + datetime.timedelta(minutes=4 * i)
        app = {"id": f"M{i}", "address": "上海市浦东新区张杨路 500 号", "customer": customer}
        events.append((t, i, 0, {"start": "meter_install", "ticket": f"M{i}", "input": {"app": app}}))
        events.append((t + datetime.timedelta(days=1), i, 1, {"ticket": f"M{i}", "complete": "accept"}))
        events.append((t + datetime.timedelta(days=20), i, 2,
                       {"ticket": f"M{i}", "complete": "survey", "outcomes": {"feasible": True}}))
        for k, step in enumerate(("install", "energize", "revisit")):
            events.append((t + datetime.timedelta(days=21 + k), i, 3 + k, {"ticket": f"M{i}", "complete": step}))
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    for t, _, _, line in events:
        sys.stdout.write(json.dumps({"at": t.strftime("%Y-%m-%dT%H:%M"), **line}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
