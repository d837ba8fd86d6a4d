#!/usr/bin/env python3
"""bench/plot_results.py draws a small results file (fixtures/results.json,
in run_bench.py's --json format): the three charts, with the medians over
the rounds, every scenario and server that has the chart's measurements (one
that run_bench.py does not know included), byte-identical when drawn again.

Exits 77 (ctest's SKIP_RETURN_CODE) when matplotlib is not installed.
"""

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCRIPT = os.path.join(ROOT, "bench", "plot_results.py")
FIXTURE = os.path.join(HERE, "fixtures", "results.json")
SVG = "{http://www.w3.org/2000/svg}"


def texts(path):
    """Every text of an SVG (the charts keep text as text)."""
    root = ET.parse(path).getroot()
    return [t.text for t in root.iter(f"{SVG}text") if t.text]


class PlotResultsTest(unittest.TestCase):
    def setUp(self):
        self.out = tempfile.mkdtemp(prefix="plot_results_test.")
        self.addCleanup(shutil.rmtree, self.out)

    def plot(self, results=FIXTURE, out=None):
        return subprocess.run([sys.executable, SCRIPT, results, "--out", out or self.out],
                              capture_output=True, text=True)

    def test_draws_three_charts(self):
        r = self.plot()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(os.listdir(self.out)), ["cpu.svg", "latency.svg", "rps.svg"])
        self.assertEqual(sorted(os.path.basename(p) for p in r.stdout.split()),
                         ["cpu.svg", "latency.svg", "rps.svg"])

    def test_bars_are_medians_over_the_rounds(self):
        self.assertEqual(self.plot().returncode, 0)
        rps = texts(os.path.join(self.out, "rps.svg"))
        # get_throughput on statusinfo: rounds of 80,000 and 90,000 req/s.
        self.assertIn("85,000", rps)
        self.assertNotIn("80,000", rps)
        cpu = texts(os.path.join(self.out, "cpu.svg"))
        self.assertIn("12.00", cpu)  # 11.5 and 12.5 us

    def test_every_scenario_and_server_with_the_measurement(self):
        self.assertEqual(self.plot().returncode, 0)
        rps = " ".join(texts(os.path.join(self.out, "rps.svg")))
        for name in ["get_throughput", "http_get", "stream:stream@1",
                     "nginx", "statusinfo_http", "bare C++ callback"]:
            self.assertIn(name, rps)
        # Neither peak RSS nor start-up time is a rate.
        self.assertNotIn("peak_rss", rps)
        self.assertNotIn("startup", rps)
        latency = " ".join(texts(os.path.join(self.out, "latency.svg")))
        for name in ["p50", "p90", "p99", "http_get", "stream:stream@1"]:
            self.assertIn(name, latency)

    def test_drawing_again_gives_the_same_bytes(self):
        again = tempfile.mkdtemp(prefix="plot_results_test.")
        self.addCleanup(shutil.rmtree, again)
        self.assertEqual(self.plot().returncode, 0)
        self.assertEqual(self.plot(out=again).returncode, 0)
        for name in os.listdir(self.out):
            with open(os.path.join(self.out, name), "rb") as a, \
                    open(os.path.join(again, name), "rb") as b:
                self.assertEqual(a.read(), b.read(), name)

    def test_results_without_measurements_fail_with_a_message(self):
        empty = os.path.join(self.out, "empty.json")
        with open(empty, "w") as f:
            f.write('{"meta": {}, "results": [{"scenario": "peak_rss", '
                    '"server": "statusinfo", "rss_mb": 30}]}')
        r = self.plot(results=empty, out=os.path.join(self.out, "charts"))
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("no measurement to draw", r.stderr)


if __name__ == "__main__":
    if importlib.util.find_spec("matplotlib") is None:
        print("matplotlib not installed (python3-matplotlib): skipped")
        sys.exit(77)
    unittest.main()
