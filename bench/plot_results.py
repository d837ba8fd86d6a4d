#!/usr/bin/env python3
"""Draws the measurements of a bench/run_bench.py run as SVG charts.

    bench/plot_results.py RESULTS_JSON [--out DIR]

RESULTS_JSON is what `run_bench.py --json` writes (bench/run.sh writes
bench/results.json). Three charts go to DIR (default bench/charts), one
panel per scenario in each, every server that ran it side by side:

  rps.svg      requests (or messages) per second, higher is better
  cpu.svg      server CPU microseconds per request, lower is better
  latency.svg  latency percentiles p50, p90 and p99 per server, lower is better

Nothing here names a scenario or a server: any scenario whose measurements
have `rps`, `cpu_us_per_req` or the `p50_us`.. keys appears in the charts
that show those keys, so a scenario added to run_bench.py (HTTP against
nginx, say) is drawn with no change here. Values are medians over the rounds,
as in the report (run_bench.aggregate). The SVGs carry no date and
deterministic ids, so that a re-render of the same results is byte-identical.
"""

import argparse
import json
import math
import os
import sys

import matplotlib

matplotlib.use("svg")
# Deterministic SVG ids, and text kept as text (smaller, searchable).
matplotlib.rcParams["svg.hashsalt"] = "statusinfo"
matplotlib.rcParams["svg.fonttype"] = "none"
import matplotlib.pyplot as plt  # noqa: E402 (after the backend is chosen)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_bench  # noqa: E402 (the report's medians and titles)

PERCENTILES = [("p50_us", "p50"), ("p90_us", "p90"), ("p99_us", "p99")]
CHARTS = {
    "rps": ("rps", "requests/s (higher is better)"),
    "cpu": ("cpu_us_per_req", "server CPU us per request (lower is better)"),
}
PANEL_COLUMNS = 2


def finite(v):
    return isinstance(v, (int, float)) and not math.isnan(v)


def panels(agg, keys):
    """[(scenario, [(server, medians)])] for the scenarios where some server
    has a finite value of every key in `keys`, in the order first measured."""
    out = {}
    for (scenario, server), medians in agg.items():
        if all(finite(medians.get(k)) for k in keys):
            out.setdefault(scenario, []).append((server, medians))
    return list(out.items())


def server_order(results):
    """Every server, in the order the report lists them, then the others."""
    seen = list(dict.fromkeys(r["server"] for r in results))
    known = [s for s in run_bench.SERVER_TITLES if s in seen]
    return known + [s for s in seen if s not in known]


def figure(count, row_height):
    rows = max(1, math.ceil(count / PANEL_COLUMNS))
    fig, axes = plt.subplots(rows, PANEL_COLUMNS, squeeze=False,
                             figsize=(11, 0.6 + row_height * rows))
    flat = [ax for row in axes for ax in row]
    for ax in flat[count:]:
        ax.set_visible(False)
    return fig, flat[:count]


def bar_chart(agg, order, colors, key, label, heading):
    """One horizontal bar a server, one panel a scenario."""
    found = panels(agg, [key])
    if not found:
        return None
    fig, axes = figure(len(found), 0.35 + 0.32 * len(order))
    for ax, (scenario, rows) in zip(axes, found):
        rows.sort(key=lambda row: order.index(row[0]))
        names = [run_bench.SERVER_TITLES.get(s, s) for s, _ in rows]
        values = [m[key] for _, m in rows]
        bars = ax.barh(range(len(rows)), values, color=[colors[s] for s, _ in rows])
        ax.set_yticks(range(len(rows)), names, fontsize=8)
        ax.invert_yaxis()
        ax.set_title(scenario, fontsize=9, loc="left")
        ax.bar_label(bars, labels=[f"{v:,.0f}" if v >= 100 else f"{v:,.2f}" for v in values],
                     fontsize=7, padding=2)
        ax.set_xlim(0, max(values) * 1.25)
        ax.tick_params(axis="x", labelsize=7)
        ax.grid(axis="x", alpha=0.3)
    fig.suptitle(f"{heading}: {label}", fontsize=11)
    fig.tight_layout()
    return fig


def latency_chart(agg, order, heading):
    """p50, p90 and p99 bars for each server, one panel a scenario, from
    zero (a log axis would make small differences look large)."""
    found = panels(agg, ["p50_us", "p99_us"])
    if not found:
        return None
    fig, axes = figure(len(found), 0.45 + 0.45 * len(order))
    shades = ["#9ecae1", "#4292c6", "#08519c"]
    for ax, (scenario, rows) in zip(axes, found):
        rows.sort(key=lambda row: order.index(row[0]))
        height = 0.8 / len(PERCENTILES)
        for i, ((key, name), shade) in enumerate(zip(PERCENTILES, shades)):
            ys = [n + (i - 1) * height for n in range(len(rows))]
            xs = [m.get(key) if finite(m.get(key)) else 0 for _, m in rows]
            bars = ax.barh(ys, xs, height=height, color=shade, label=name)
            ax.bar_label(bars, labels=[f"{x:,.0f}" if x else "" for x in xs],
                         fontsize=6, padding=2)
        ax.set_yticks(range(len(rows)), [run_bench.SERVER_TITLES.get(s, s) for s, _ in rows],
                      fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(0, max(m["p99_us"] for _, m in rows) * 1.25)
        ax.set_title(scenario, fontsize=9, loc="left")
        ax.tick_params(axis="x", labelsize=7)
        ax.grid(axis="x", alpha=0.3)
    axes[0].legend(fontsize=7, loc="lower right")
    fig.suptitle(f"{heading}: latency percentiles, us (lower is better)",
                 fontsize=11)
    fig.tight_layout()
    return fig


def plot(saved, out_dir):
    """Writes the charts of `saved` (run_bench's --json document) to
    out_dir; returns the paths written."""
    results = saved["results"]
    agg = run_bench.aggregate(results)
    order = server_order(results)
    palette = plt.get_cmap("tab10").colors
    colors = {s: palette[i % len(palette)] for i, s in enumerate(order)}
    meta = saved.get("meta", {})
    heading = f"statusinfo bench, {meta.get('date', 'undated')}"
    figures = {name: bar_chart(agg, order, colors, key, label, heading)
               for name, (key, label) in CHARTS.items()}
    figures["latency"] = latency_chart(agg, order, heading)
    os.makedirs(out_dir, exist_ok=True)
    written = []
    for name, fig in figures.items():
        if fig is None:
            continue
        path = os.path.join(out_dir, f"{name}.svg")
        fig.savefig(path, format="svg", metadata={"Date": None})
        plt.close(fig)
        written.append(path)
    return written


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("results", help="the --json file of a run_bench.py run")
    p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                 "charts"))
    a = p.parse_args()
    with open(a.results) as f:
        saved = json.load(f)
    written = plot(saved, a.out)
    if not written:
        sys.exit(f"plot_results: {a.results} has no measurement to draw")
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
