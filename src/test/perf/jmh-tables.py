#!/usr/bin/env python3
"""Renders a JMH JSON result (java -jar target/benchmarks.jar ... -rf json -rff FILE) as the markdown tables of
docs/performance.md: one table per benchmark class, one row per implementation, the columns side by side.

    python3 src/test/perf/jmh-tables.py target/jmh.json
"""
import json
import sys
from collections import OrderedDict

ORDER = ["ours", "oursQueued", "limit", "executor", "pekko", "lruTtl", "seedScan", "ordered", "fullScan"]


def fmt(value):
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def cell(result):
    metric = result["primaryMetric"]
    if result["mode"] == "sample":
        p = metric["scorePercentiles"]
        return f"p50 {fmt(p['50.0'])} / p99 {fmt(p['99.0'])} / max {fmt(p['100.0'])}"
    error = metric.get("scoreError")
    spread = f" ± {fmt(error)}" if isinstance(error, (int, float)) and error == error else ""
    return fmt(metric["score"]) + spread


def main(path):
    results = json.load(open(path))
    classes = OrderedDict()
    for result in results:
        cls, method = result["benchmark"].rsplit(".", 1)
        params = dict(result.get("params", {}))
        implementation = params.pop("implementation", "-")
        column = " ".join([method] + [f"{k}={v}" for k, v in sorted(params.items())])
        table = classes.setdefault(cls.rsplit(".", 1)[1], {"columns": [], "rows": OrderedDict(), "unit": ""})
        if column not in table["columns"]:
            table["columns"].append(column)
        table["rows"].setdefault(implementation, {})[column] = cell(result)
        table["unit"] = result["primaryMetric"]["scoreUnit"]
    for name, table in classes.items():
        print(f"#### {name} ({table['unit']})\n")
        print("| implementation | " + " | ".join(table["columns"]) + " |")
        print("|---" * (len(table["columns"]) + 1) + "|")
        rows = sorted(table["rows"].items(), key=lambda kv: ORDER.index(kv[0]) if kv[0] in ORDER else 99)
        for implementation, cells in rows:
            print(f"| {implementation} | " + " | ".join(cells.get(c, "") for c in table["columns"]) + " |")
        print()


if __name__ == "__main__":
    main(sys.argv[1])
