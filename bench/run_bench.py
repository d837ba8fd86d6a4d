#!/usr/bin/env python3
"""The benchmark driver behind bench/run.sh (see there, and bench/RESULTS.md).

Starts statusinfo and the baseline servers pinned to one core, drives each
scenario with h2load (or bench_loadgen where h2load cannot) pinned to the
other, alternating servers within each round (A B C D, then B C D A, ...),
and prints one table of medians over the rounds, with the ratio
statusinfo / baseline from this run. Writes the same report to
bench/RESULTS.md (or --output).
"""

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

SERVICE = "statusinfo.v1.StatusInfoService"
CLK_TCK = os.sysconf("SC_CLK_TCK")

# name -> (method, request file, check method, clients, streams per client)
H2LOAD_SCENARIOS = {
    "get_latency": ("GetStatusCode", "get.req", "get", 1, 1),
    "get_throughput": ("GetStatusCode", "get.req", "get", 8, 50),
    "batch20": ("BatchGetStatusCodes", "batch.req", "batch", 8, 50),
    "validate10": ("ValidateResponse", "validate.req", "validate", 8, 50),
    "search": ("SearchStatusCodes", "search.req", "search", 8, 50),
}
SCENARIO_TITLES = {
    "get_latency": "GetStatusCode, 1 in flight (latency)",
    "get_throughput": "GetStatusCode, 8 conns x 50 streams (throughput)",
    "batch20": "BatchGetStatusCodes of 20 codes, 8x50",
    "validate10": "ValidateResponse with 10 headers, 8x50",
    "search": "SearchStatusCodes (\"gateway timout\"), 8x50",
    "metrics": "GetStatusCode 8x50: statusinfo metrics on vs off",
    "stream": "Validations/s: StreamValidateResponses (100 per message) vs unary ValidateResponse",
    "startup": "Process start to health SERVING",
    "http_get": ("GET /v1/statusCodes/404 over HTTP/1.1 keep-alive, 8 connections (h2load --h1): "
                 "statusinfo's HTTP listener vs nginx serving the same JSON bytes as a static file"),
}
SERVER_TITLES = {
    "statusinfo": "statusinfo (metrics on)",
    "statusinfo_nometrics": "statusinfo (metrics off)",
    "cpp": "bare C++ callback",
    "go": "bare grpc-go",
    "node": "bare Node grpc-js",
    "nginx": "nginx (static file, 1 worker)",
}
# The HTTP scenario: connections of h2load --h1, and the path.
HTTP_CLIENTS = 8
HTTP_PATH = "/v1/statusCodes/404"


# The experiments of --variants: bench_variants_server flags per variant.
TUNED_ARGS = ["--int_args=grpc.http2.bdp_probe=0,grpc.enable_channelz=0",
              "--str_args=grpc.optimization_target=throughput"]
VARIANTS = {
    "v_callback": ["--mode=callback"],
    "v_raw_callback": ["--mode=raw_callback"],
    "v_raw_callback_tuned": ["--mode=raw_callback"] + TUNED_ARGS,
    "v_async1": ["--mode=async", "--cqs=1"],
    "v_async1_tuned": ["--mode=async", "--cqs=1"] + TUNED_ARGS,
    "v_async2": ["--mode=async", "--cqs=2"],
    "v_callback_nobdp": ["--mode=callback", "--int_args=grpc.http2.bdp_probe=0"],
    "v_callback_nochannelz": ["--mode=callback", "--int_args=grpc.enable_channelz=0"],
    "v_callback_throughput": ["--mode=callback", "--str_args=grpc.optimization_target=throughput"],
    "v_raw_callback_null_interceptor": ["--mode=raw_callback", "--interceptor=null"],
    "v_raw_callback_noop_interceptor": ["--mode=raw_callback", "--interceptor=noop"],
    "v_raw_callback_nobdp": ["--mode=raw_callback", "--int_args=grpc.http2.bdp_probe=0"],
    "v_raw_callback_nochannelz": ["--mode=raw_callback", "--int_args=grpc.enable_channelz=0"],
}


ALSO = []  # (name, path) of --also servers, for the report
INFLIGHT = []  # the in-flight counts of the stream scenario


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def tool_said(r):
    """What a finished tool run printed, for an error message."""
    out = r.stdout if isinstance(r.stdout, str) else (r.stdout or b"").decode(errors="replace")
    err = r.stderr if isinstance(r.stderr, str) else (r.stderr or b"").decode(errors="replace")
    return (f"--- exit status {r.returncode}; standard output: ---\n{out.rstrip()}\n"
            f"--- standard error: ---\n{err.rstrip()}\n---")


def fail(what, r):
    """Stops the run saying what went wrong and what the tool printed."""
    sys.exit(f"run_bench: {what}\n{tool_said(r)}")


def parse_json(text, what, r):
    """The JSON document `text`, or stops the run showing the tool's output."""
    try:
        return json.loads(text)
    except ValueError as e:
        fail(f"{what}: not the JSON expected ({e})", r)


# The summary lines of h2load's output that the report uses.
H2LOAD_SUMMARY = {
    "finished": re.compile(r"finished in [\d.]+s, ([\d.]+) req/s"),
    "requests": re.compile(r"requests: (\d+) total, (\d+) started, (\d+) done, "
                           r"(\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout"),
    "status codes": re.compile(r"status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx"),
}
# A measured h2load run whose output lacks the summary is run again this
# many times in all before the run stops.
H2LOAD_ATTEMPTS = 3


def parse_h2load(out):
    """(summary, None) from h2load's output, or (None, the lines missing)."""
    found = {name: rx.search(out) for name, rx in H2LOAD_SUMMARY.items()}
    missing = [f"'{name} ...'" for name, m in found.items() if m is None]
    if missing:
        return None, ", ".join(missing)
    m, codes = found["requests"], found["status codes"]
    return {
        "rps": float(found["finished"].group(1)),
        "started": int(m.group(2)), "done": int(m.group(3)),
        "failed": int(m.group(5)), "errored": int(m.group(6)),
        "not2xx": sum(int(codes.group(i)) for i in (2, 3, 4)),
    }, None


def request_latencies(logfile):
    """The per-request latencies (us) of an h2load --log-file, sorted."""
    lat = []
    with open(logfile) as f:
        for line in f:
            parts = line.split("\t")
            if len(parts) >= 3:
                lat.append(int(parts[2]))
    lat.sort()
    return lat


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    """utime + stime of the whole process (all threads), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        rest = f.read().rsplit(")", 1)[1].split()
    return (int(rest[11]) + int(rest[12])) / CLK_TCK


def vm_hwm_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    i = min(len(sorted_values) - 1, int(p * len(sorted_values)))
    return sorted_values[i]


def median(values):
    values = [v for v in values if v == v]  # drop NaN
    return statistics.median(values) if values else float("nan")


class Server:
    def __init__(self, name, argv, port, env=None, metrics_port=0):
        self.name = name
        self.argv = argv
        self.port = port
        self.env = env
        self.metrics_port = metrics_port
        self.proc = None

    def start(self, cpu, logdir, prefix=()):
        prefix = list(prefix) + (["taskset", "-c", cpu] if cpu else [])
        self.logfile = open(os.path.join(logdir, f"{self.name}.log"), "w")
        env = dict(os.environ, **(self.env or {}))
        self.proc = subprocess.Popen(prefix + self.argv, stdout=self.logfile,
                                     stderr=subprocess.STDOUT, env=env)

    @property
    def pid(self):
        return self.proc.pid

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Bench:
    def __init__(self, args):
        self.args = args
        self.build = os.path.abspath(args.build_dir)
        self.bin = os.path.join(self.build, "bench")
        self.fixtures = os.path.join(self.bin, "fixtures")
        self.logdir = os.path.join(self.bin, "logs")
        os.makedirs(self.logdir, exist_ok=True)
        self.loadgen = os.path.join(self.bin, "bench_loadgen")
        self.servers = {}
        self.results = []  # dicts, one per measurement
        self.nice = ["nice", "-n", str(args.nice)] if args.nice else []

    # ----- servers -------------------------------------------------------
    def define_servers(self):
        a = self.args
        si = os.path.join(self.build, "service", "statusinfo-server")

        def si_server(name, metrics):
            port = free_port()
            mport = free_port() if metrics else 0
            argv = [si, f"--address=127.0.0.1:{port}", "--drain_delay=0s",
                    "--shutdown_timeout=1s"]
            if metrics:
                argv.append(f"--metrics_address=127.0.0.1:{mport}")
            return Server(name, argv, port, metrics_port=mport)

        self.servers["statusinfo"] = si_server("statusinfo", True)
        if "http_get" in a.scenarios:
            # Its HTTP listener too, idle but for the http_get scenario.
            self.http_port = free_port()
            # One event-loop thread, as nginx has one worker: both pinned to
            # one core.
            self.servers["statusinfo"].argv += [f"--http_address=127.0.0.1:{self.http_port}",
                                                "--http_threads=1"]
        for name, path in a.also:
            # Another statusinfo-server build (metrics on), e.g. before and
            # after a change: --also before=/path/to/statusinfo-server
            srv = si_server(name, True)
            srv.argv[0] = os.path.abspath(path)
            self.servers[name] = srv
        self.servers["statusinfo_nometrics"] = si_server("statusinfo_nometrics", False)
        port = free_port()
        self.servers["cpp"] = Server("cpp", [
            os.path.join(self.bin, "bench_bare_server"),
            f"--address=127.0.0.1:{port}", f"--fixtures={self.fixtures}"], port)
        go = os.path.join(self.bin, "go", "bin", "bench_go_server")
        if "go" in a.baselines:
            if os.path.exists(go):
                port = free_port()
                self.servers["go"] = Server("go", [
                    go, "-address", f"127.0.0.1:{port}", "-fixtures", self.fixtures], port)
            else:
                log(f"run_bench: {go} missing: no grpc-go baseline")
        for name in a.variants:
            port = free_port()
            self.servers[name] = Server(name, [
                os.path.join(self.bin, "bench_variants_server"),
                f"--address=127.0.0.1:{port}", f"--fixtures={self.fixtures}"]
                + VARIANTS[name], port)
        if "node" in a.baselines:
            port = free_port()
            root = a.source_dir
            self.servers["node"] = Server("node", [
                "node", os.path.join(root, "bench", "node", "bare_server.js"),
                f"--address=127.0.0.1:{port}", f"--fixtures={self.fixtures}",
                f"--proto_root={os.path.join(root, 'proto')}"], port,
                env={"NODE_PATH": os.path.join(root, "tools", "node_modules")})

    def start_servers(self):
        for s in self.servers.values():
            s.start(self.args.server_cpu, self.logdir, self.nice)
        deadline = time.time() + 30
        for s in self.servers.values():
            while True:
                if s.proc.poll() is not None:
                    sys.exit(f"run_bench: server {s.name} exited; see {self.logdir}/{s.name}.log")
                if self.check(s, "get", quiet=True):
                    break
                if time.time() > deadline:
                    sys.exit(f"run_bench: server {s.name} never answered")
                time.sleep(0.1)
            log(f"run_bench: {s.name} serving on port {s.port} (pid {s.pid})")

    def stop_servers(self):
        for s in self.servers.values():
            s.stop()

    # ----- checks --------------------------------------------------------
    def check(self, server, method, quiet=False, calls=3):
        r = subprocess.run([self.loadgen, "check", f"--target=127.0.0.1:{server.port}",
                            f"--method={method}", f"--calls={calls}"],
                           capture_output=True, text=True)
        if r.returncode != 0 and not quiet:
            log(r.stderr.strip())
        return r.returncode == 0

    def non_ok_handled(self, server, method):
        """statusinfo's own count of calls of `method` that ended non-OK."""
        if not server.metrics_port:
            return None
        text = urllib.request.urlopen(
            f"http://127.0.0.1:{server.metrics_port}/metrics", timeout=5).read().decode()
        total = 0.0
        for line in text.splitlines():
            if not line.startswith("grpc_server_handled_total{"):
                continue
            labels = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0]))
            if labels.get("grpc_method") == method and labels.get("grpc_code") != "OK":
                total += float(line.rsplit(" ", 1)[1])
        return total

    # ----- h2load --------------------------------------------------------
    def h2load(self, server, scenario, seconds, tag=None):
        method, body, check_method, clients, streams = H2LOAD_SCENARIOS[scenario]
        if not self.check(server, check_method):
            sys.exit(f"run_bench: {server.name} fails the {check_method} check")
        url = f"http://127.0.0.1:{server.port}/{SERVICE}/{method}"
        base = ["h2load", "-c", str(clients), "-m", str(streams), "-t", "1",
                "-d", os.path.join(self.fixtures, body),
                "-H", "content-type: application/grpc", "-H", "te: trailers"]
        if self.args.load_cpu:
            base = ["taskset", "-c", self.args.load_cpu] + base
        base = self.nice + base
        # Warm-up (connections, allocator, JIT), not measured.
        r = subprocess.run(base + ["-n", str(200 if clients == 1 else 4000), url],
                           capture_output=True, text=True)
        if r.returncode != 0:
            fail(f"h2load warm-up failed on {server.name} ({scenario})", r)
        logfile = os.path.join(self.logdir, "h2load-requests.tsv")
        for attempt in range(1, H2LOAD_ATTEMPTS + 1):
            non_ok_before = self.non_ok_handled(server, method)
            if os.path.exists(logfile):
                os.remove(logfile)  # h2load appends
            cpu0 = cpu_seconds(server.pid)
            r = subprocess.run(base + ["-D", str(seconds), f"--log-file={logfile}", url],
                               capture_output=True, text=True)
            cpu1 = cpu_seconds(server.pid)
            if r.returncode != 0:
                fail(f"h2load failed on {server.name} ({scenario})", r)
            summary, missing = parse_h2load(r.stdout)
            if summary:
                break
            what = (f"h2load on {server.name} ({scenario}) printed no summary "
                    f"(missing: {missing}), attempt {attempt} of {H2LOAD_ATTEMPTS}")
            if attempt == H2LOAD_ATTEMPTS:
                fail(what, r)
            log(f"run_bench: {what}; running it again\n{tool_said(r)}")
        rps, started, done = summary["rps"], summary["started"], summary["done"]
        failed, errored, not2xx = summary["failed"], summary["errored"], summary["not2xx"]
        lat = request_latencies(logfile)
        non_ok_after = self.non_ok_handled(server, method)
        errors = not2xx + failed + errored
        if non_ok_before is not None:
            # The calls h2load abandons when its duration ends (started, not
            # done) end CANCELLED, or UNIMPLEMENTED when reset before their
            # message arrived; any other non-OK call is an error.
            errors += max(0, int(non_ok_after - non_ok_before) - (started - done))
        if errors:
            log(f"run_bench: {server.name} {scenario}: {errors} calls not 2xx / not OK")
        res = {
            "scenario": tag or scenario, "server": server.name, "rps": rps,
            "requests": done, "errors": errors,
            "mean_us": sum(lat) / len(lat) if lat else float("nan"),
            "p50_us": percentile(lat, 0.50), "p90_us": percentile(lat, 0.90),
            "p99_us": percentile(lat, 0.99),
            "cpu_us_per_req": (cpu1 - cpu0) / done * 1e6 if done else float("nan"),
            "rss_mb": vm_hwm_mb(server.pid),
            "grpc_ok_checked": non_ok_before is not None,
        }
        self.results.append(res)
        log(f"  {res['scenario']:15} {server.name:22} {rps:10.0f} req/s  "
            f"p50 {res['p50_us']:7.0f} us  p99 {res['p99_us']:7.0f} us  "
            f"cpu {res['cpu_us_per_req']:6.1f} us/req  hwm {res['rss_mb']:.1f} MB")
        return res

    # ----- HTTP/1.1 (h2load --h1) vs nginx --------------------------------
    def start_nginx(self):
        """nginx, one worker pinned like the servers, serving the JSON that
        statusinfo's HTTP listener answers for HTTP_PATH, as a static file."""
        body = urllib.request.urlopen(
            f"http://127.0.0.1:{self.http_port}{HTTP_PATH}", timeout=5).read()
        root = os.path.join(self.logdir, "nginx")
        os.makedirs(os.path.join(root, "html", os.path.dirname(HTTP_PATH[1:])), exist_ok=True)
        with open(os.path.join(root, "html", HTTP_PATH[1:]), "wb") as f:
            f.write(body)
        port = free_port()
        conf = os.path.join(root, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""worker_processes 1;
daemon off;
master_process off;
error_log {root}/error.log;
pid {root}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  default_type application/json;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  client_body_temp_path {root}/tmp;
  server {{ listen 127.0.0.1:{port}; root {root}/html; location / {{ }} }}
}}
""")
        os.makedirs(os.path.join(root, "tmp"), exist_ok=True)
        srv = Server("nginx", ["nginx", "-p", root, "-c", conf], port)
        srv.http_port = port
        srv.start(self.args.server_cpu, self.logdir, self.nice)
        deadline = time.time() + 10
        while True:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}{HTTP_PATH}",
                                          timeout=1).read() == body:
                    break
            except OSError:
                pass
            if srv.proc.poll() is not None or time.time() > deadline:
                sys.exit(f"run_bench: nginx did not serve; see {self.logdir}/nginx.log")
            time.sleep(0.1)
        self.nginx = srv
        log(f"run_bench: nginx serving {len(body)} bytes on port {port} (pid {srv.pid})")

    def h2load_http(self, name, pid, port, seconds):
        url = f"http://127.0.0.1:{port}{HTTP_PATH}"
        base = ["h2load", "--h1", "-c", str(HTTP_CLIENTS), "-t", "1"]
        if self.args.load_cpu:
            base = ["taskset", "-c", self.args.load_cpu] + base
        base = self.nice + base
        r = subprocess.run(base + ["-n", "4000", url], capture_output=True, text=True)
        if r.returncode != 0:
            fail(f"h2load --h1 warm-up failed on {name}", r)
        logfile = os.path.join(self.logdir, "h2load-http.tsv")
        if os.path.exists(logfile):
            os.remove(logfile)
        cpu0 = cpu_seconds(pid)
        r = subprocess.run(base + ["-D", str(seconds), f"--log-file={logfile}", url],
                           capture_output=True, text=True)
        cpu1 = cpu_seconds(pid)
        summary, missing = parse_h2load(r.stdout)
        if r.returncode != 0 or not summary:
            fail(f"h2load --h1 on {name} (missing: {missing})", r)
        lat = request_latencies(logfile)
        done = summary["done"]
        res = {
            "scenario": "http_get", "server": name, "rps": summary["rps"], "requests": done,
            "errors": summary["not2xx"] + summary["failed"] + summary["errored"],
            "mean_us": sum(lat) / len(lat) if lat else float("nan"),
            "p50_us": percentile(lat, 0.50), "p90_us": percentile(lat, 0.90),
            "p99_us": percentile(lat, 0.99),
            "cpu_us_per_req": (cpu1 - cpu0) / done * 1e6 if done else float("nan"),
            "rss_mb": vm_hwm_mb(pid),
        }
        self.results.append(res)
        log(f"  http_get        {name:22} {res['rps']:10.0f} req/s  p50 {res['p50_us']:7.0f} us  "
            f"cpu {res['cpu_us_per_req']:6.1f} us/req")

    # ----- stream vs unary (bench_loadgen) -------------------------------
    def validate_load(self, server, mode, seconds, inflight):
        if not self.check(server, "stream" if mode == "stream" else "validate"):
            sys.exit(f"run_bench: {server.name} fails the {mode} validate check")
        argv = [self.loadgen, "validate", f"--target=127.0.0.1:{server.port}",
                f"--mode={mode}", f"--inflight={inflight}",
                f"--seconds={seconds}", "--warmup_seconds=0.3"]
        if self.args.load_cpu:
            argv = ["taskset", "-c", self.args.load_cpu] + argv
        argv = self.nice + argv
        cpu0 = cpu_seconds(server.pid)
        r = subprocess.run(argv, capture_output=True, text=True)
        cpu1 = cpu_seconds(server.pid)
        if r.returncode != 0:
            fail(f"bench_loadgen failed on {server.name}", r)
        d = parse_json(r.stdout, f"bench_loadgen on {server.name}", r)
        res = {
            "scenario": f"stream:{mode}@{inflight}", "server": server.name,
            "rps": d["validations_per_second"], "requests": d["validations"],
            "errors": d["errors"], "p50_us": d["message_p50_us"],
            "p99_us": d["message_p99_us"], "mean_us": float("nan"), "p90_us": float("nan"),
            # Includes the warm-up's share: an upper bound.
            "cpu_us_per_req": (cpu1 - cpu0) / d["validations"] * 1e6 * seconds / (seconds + 0.3),
            "rss_mb": vm_hwm_mb(server.pid),
        }
        self.results.append(res)
        log(f"  stream:{mode}@{inflight:<3} {server.name:22} {res['rps']:10.0f} validations/s  "
            f"cpu {res['cpu_us_per_req']:6.2f} us/validation")

    # ----- start-up ------------------------------------------------------
    def startup(self, name, argv_for_port):
        times = []
        for _ in range(self.args.startup_runs):
            port = free_port()
            argv = [self.loadgen, "startup", f"--port={port}", "--"] + argv_for_port(port)
            if self.args.server_cpu:
                argv = ["taskset", "-c", self.args.server_cpu] + argv
            argv = self.nice + argv
            r = subprocess.run(argv, capture_output=True, text=True)
            if r.returncode != 0:
                fail(f"startup of {name} failed", r)
            last_line = (r.stdout.strip().splitlines() or [""])[-1]
            times.append(parse_json(last_line, f"startup of {name}", r)["serving_ms"])
        res = {"scenario": "startup", "server": name, "serving_ms": median(times),
               "serving_ms_all": times}
        self.results.append(res)
        log(f"  startup         {name:22} {res['serving_ms']:.1f} ms (runs: "
            + ", ".join(f"{t:.1f}" for t in times) + ")")

    # ----- the run -------------------------------------------------------
    def run(self):
        a = self.args
        self.define_servers()
        self.start_servers()
        self.nginx = None
        try:
            if "http_get" in a.scenarios:
                self.start_nginx()
            unary = ["statusinfo", "cpp", "go", "node"]
            unary = [s for s in unary if s in self.servers]
            if a.variants:
                # Experiments: GetStatusCode only, every variant against
                # statusinfo and the bare servers.
                unary = [s for s in unary if s != "node"] + list(a.variants)
            unary += [name for name, _ in a.also]
            for rnd in range(a.rounds):
                log(f"run_bench: round {rnd + 1} of {a.rounds}")
                order = unary[rnd % len(unary):] + unary[:rnd % len(unary)]
                for scenario in H2LOAD_SCENARIOS:
                    if scenario not in a.scenarios:
                        continue
                    secs = a.latency_seconds if scenario == "get_latency" else a.seconds
                    for name in order:
                        self.h2load(self.servers[name], scenario, secs)
                if "http_get" in a.scenarios:
                    targets = [("statusinfo", self.servers["statusinfo"].pid, self.http_port),
                               ("nginx", self.nginx.pid, self.nginx.http_port)]
                    for name, pid, port in targets[::(-1 if rnd % 2 else 1)]:
                        self.h2load_http(name, pid, port, a.seconds)
                if "metrics" in a.scenarios:
                    pair = ["statusinfo", "statusinfo_nometrics"]
                    if rnd % 2:
                        pair.reverse()
                    for name in pair:
                        self.h2load(self.servers[name], "get_throughput", a.seconds,
                                    tag="metrics")
                if "stream" in a.scenarios:
                    for name in ["statusinfo", "cpp"][::(-1 if rnd % 2 else 1)]:
                        for inflight in a.inflight:
                            for mode in ("unary", "stream"):
                                self.validate_load(self.servers[name], mode,
                                                   a.stream_seconds, inflight)
            for s in self.servers.values():
                self.results.append({"scenario": "peak_rss", "server": s.name,
                                     "rss_mb": vm_hwm_mb(s.pid)})
        finally:
            if self.nginx is not None:
                self.nginx.stop()
            self.stop_servers()
        if "startup" in a.scenarios:
            si = os.path.join(self.build, "service", "statusinfo-server")
            self.startup("statusinfo", lambda p: [
                si, f"--address=127.0.0.1:{p}", f"--metrics_address=127.0.0.1:{free_port()}",
                "--drain_delay=0s", "--shutdown_timeout=1s"])
            self.startup("cpp", lambda p: [
                os.path.join(self.bin, "bench_bare_server"), f"--address=127.0.0.1:{p}",
                f"--fixtures={self.fixtures}"])


# ----- the report -------------------------------------------------------
def fmt(v, digits=0):
    if v is None or v != v:
        return "-"
    return f"{v:,.{digits}f}"


def aggregate(results):
    """(scenario, server) -> medians over the rounds."""
    groups = {}
    for r in results:
        groups.setdefault((r["scenario"], r["server"]), []).append(r)
    agg = {}
    for key, rs in groups.items():
        keys = set().union(*(r.keys() for r in rs)) - {"scenario", "server", "serving_ms_all"}
        agg[key] = {k: median([r[k] for r in rs if isinstance(r.get(k), (int, float))])
                    for k in keys}
        agg[key]["rounds"] = len(rs)
        agg[key]["errors"] = sum(r.get("errors", 0) for r in rs)
    return agg


def paired_ratio(results, scenario, a, b, key):
    """Median over the rounds of a's `key` / b's in the same round: servers
    measured seconds apart share the machine's load of the moment, so the
    per-round ratio is steadier than the ratio of medians."""
    xs = [r.get(key) for r in results if r["scenario"] == scenario and r["server"] == a]
    ys = [r.get(key) for r in results if r["scenario"] == scenario and r["server"] == b]
    if not xs or not ys:
        return None
    if len(xs) != len(ys):
        return median(xs) / median(ys) if median(ys) else None
    return median([x / y for x, y in zip(xs, ys) if x and y and x == x and y == y])


def report(results, meta, targets_out):
    agg = aggregate(results)
    lines = []
    w = lines.append
    w("# statusinfo benchmark results")
    w("")
    w("Generated by `bench/run.sh`; do not edit by hand. Ratios compare servers")
    w("measured in this one run (absolute numbers depend on the machine and its")
    w("load; only the ratios are meant to be compared).")
    w("")
    for k, v in meta.items():
        w(f"- **{k}**: {v}")
    w("")
    w("Each cell is the median over the rounds. Server pinned to CPU "
      f"{meta.get('server CPU', '-')}, load generator to CPU {meta.get('load CPU', '-')}. "
      "CPU us/req: server utime+stime (all threads, /proc/<pid>/stat) over the "
      "measured run / requests done. Peak RSS: the server's VmHWM after the scenario "
      "(so far in its life). Latencies are per request, from h2load's request log "
      "(for stream:*, per message). `x si/base`: statusinfo's req/s divided by this "
      "server's; `x cpu`: statusinfo's CPU per request divided by this server's "
      "(lower is better); both are medians of the ratios within each round.")
    w("")
    w("| scenario | server | req/s | mean us | p50 us | p90 us | p99 us | CPU us/req | peak RSS MB | x si/base | x cpu | errors |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    scenarios = ["get_latency", "get_throughput", "batch20", "validate10", "search",
                 "metrics"] + [f"stream:{m}@{n}" for n in INFLIGHT for m in ("unary", "stream")] + [
                 "http_get"]
    for sc in scenarios:
        servers = [s for s in ["statusinfo", "statusinfo_nometrics", "cpp", "go", "node", "nginx"]
                   + list(VARIANTS) + [n for n, _ in ALSO] if (sc, s) in agg]
        if not servers:
            continue
        si = agg.get((sc, "statusinfo"))
        for s in servers:
            r = agg[(sc, s)]
            ratio = cpu_ratio = None
            if si and s != "statusinfo":
                ratio = paired_ratio(results, sc, "statusinfo", s, "rps")
                cpu_ratio = paired_ratio(results, sc, "statusinfo", s, "cpu_us_per_req")
            w(f"| {sc} | {SERVER_TITLES.get(s, s)} | {fmt(r.get('rps'))} | {fmt(r.get('mean_us'))} | "
              f"{fmt(r.get('p50_us'))} | {fmt(r.get('p90_us'))} | {fmt(r.get('p99_us'))} | "
              f"{fmt(r.get('cpu_us_per_req'), 2)} | {fmt(r.get('rss_mb'), 1)} | "
              f"{fmt(ratio, 2)} | {fmt(cpu_ratio, 2)} | {r.get('errors', 0)} |")
    w("")
    w("Scenarios: " + "; ".join(f"`{k}`: {v}" for k, v in SCENARIO_TITLES.items()) + ".")
    w("")
    st = [(s, agg[("startup", s)]) for s in ("statusinfo", "cpp") if ("startup", s) in agg]
    if st:
        w("| start-up | process start to health SERVING, ms (median) |")
        w("|---|---:|")
        for s, r in st:
            w(f"| {SERVER_TITLES[s]} | {fmt(r['serving_ms'], 1)} |")
        w("")
    peak = [(s, agg[("peak_rss", s)]) for s in list(SERVER_TITLES) + list(VARIANTS)
            + [n for n, _ in ALSO] if ("peak_rss", s) in agg]
    if peak:
        w("| server | peak RSS over the whole run, MB (VmHWM) |")
        w("|---|---:|")
        for s, r in peak:
            w(f"| {SERVER_TITLES.get(s, s)} | {fmt(r['rss_mb'], 1)} |")
        w("")

    # Targets.
    def get(sc, s, k):
        r = agg.get((sc, s))
        return r.get(k) if r else None

    def ratio(a, b):
        return a / b if a and b else None

    rows = []

    def target(name, value, ok, detail):
        rows.append((name, value, "met" if ok else ("MISSED" if ok is not None else "not measured"), detail))

    r = paired_ratio(results, "get_throughput", "statusinfo", "go", "rps")
    target("GetStatusCode throughput >= 1.0x bare grpc-go", fmt(r, 2), r >= 1.0 if r else None,
           "pinned, 8x50; CPU us/req "
           f"{fmt(get('get_throughput', 'statusinfo', 'cpu_us_per_req'), 2)} vs "
           f"{fmt(get('get_throughput', 'go', 'cpu_us_per_req'), 2)}")
    worst = None
    all_ratios = []
    for sc in ["get_latency", "get_throughput", "batch20", "validate10", "search"] + [
            f"stream:stream@{n}" for n in INFLIGHT]:
        rr = paired_ratio(results, sc, "statusinfo", "cpp", "rps")
        if rr is not None:
            all_ratios.append(f"{sc} {rr:.2f}")
        if rr is not None and (worst is None or rr < worst[1]):
            worst = (sc, rr)
    target("Every scenario >= 1.0x bare C++ (req/s)", f"{fmt(worst[1], 2)} (worst: {worst[0]})" if worst else "-",
           worst[1] >= 1.0 if worst else None, "; ".join(all_ratios))
    r = paired_ratio(results, "get_latency", "statusinfo", "cpp", "p99_us")
    target("p99 at 1 in flight <= 1.1x bare C++", fmt(r, 2), r <= 1.1 if r else None,
           f"{fmt(get('get_latency', 'statusinfo', 'p99_us'))} us vs {fmt(get('get_latency', 'cpp', 'p99_us'))} us")
    r = paired_ratio(results, "get_throughput", "statusinfo", "cpp", "cpu_us_per_req")
    target("Server CPU per GetStatusCode < bare C++", fmt(r, 2), r < 1.0 if r else None,
           f"{fmt(get('get_throughput', 'statusinfo', 'cpu_us_per_req'), 2)} vs "
           f"{fmt(get('get_throughput', 'cpp', 'cpu_us_per_req'), 2)} us/req")
    for n in INFLIGHT:
        xs = [x["rps"] for x in results if x["scenario"] == f"stream:stream@{n}"
              and x["server"] == "statusinfo"]
        ys = [x["rps"] for x in results if x["scenario"] == f"stream:unary@{n}"
              and x["server"] == "statusinfo"]
        r = median([x / y for x, y in zip(xs, ys) if y]) if xs and len(xs) == len(ys) else None
        target(f"StreamValidateResponses >= 10x unary validations/s, {n} in flight", fmt(r, 1),
               r >= 10 if r else None,
               f"{fmt(get(f'stream:stream@{n}', 'statusinfo', 'rps'))} vs "
               f"{fmt(get(f'stream:unary@{n}', 'statusinfo', 'rps'))} validations/s")
    r = paired_ratio(results, "http_get", "statusinfo", "nginx", "rps")
    rc = paired_ratio(results, "http_get", "statusinfo", "nginx", "cpu_us_per_req")
    target("HTTP GET /v1/statusCodes/404 >= 0.5x nginx (req/s)", fmt(r, 2), r >= 0.5 if r else None,
           f"{fmt(get('http_get', 'statusinfo', 'rps'))} vs {fmt(get('http_get', 'nginx', 'rps'))} req/s; "
           f"CPU per request statusinfo / nginx {fmt(rc, 2)} "
           f"({fmt(get('http_get', 'statusinfo', 'cpu_us_per_req'), 2)} vs "
           f"{fmt(get('http_get', 'nginx', 'cpu_us_per_req'), 2)} us)")
    rss = get("peak_rss", "statusinfo", "rss_mb")
    target("Peak RSS under load < 40 MB", fmt(rss, 1), rss < 40 if rss else None, "VmHWM, whole run")
    su = get("startup", "statusinfo", "serving_ms")
    target("Start to health SERVING < 100 ms", fmt(su, 1), su < 100 if su else None, "median")
    r = paired_ratio(results, "metrics", "statusinfo", "statusinfo_nometrics", "rps")
    rc = paired_ratio(results, "metrics", "statusinfo", "statusinfo_nometrics", "cpu_us_per_req")
    target("Metrics on within 3% of metrics off", fmt(r, 3), r >= 0.97 if r else None,
           f"req/s on / off; CPU per request on / off {fmt(rc, 3)}")
    errs = sum(v.get("errors", 0) for v in agg.values())
    target("Every call answered with 2xx and grpc-status 0", str(errs) + " errors", errs == 0,
           "h2load 2xx = done; statusinfo's own grpc_server_handled_total shows no non-OK")
    targets_out.extend(rows)
    w("## Targets")
    w("")
    w("| target | measured | verdict | detail |")
    w("|---|---|---|---|")
    for row in rows:
        w("| " + " | ".join(row) + " |")
    w("")
    return "\n".join(lines)


def core_benchmarks(build, min_time, cpu, prefix):
    exe = os.path.join(build, "bench", "core_benchmark")
    argv = [exe, f"--benchmark_min_time={min_time}", "--benchmark_format=json"]
    if cpu:
        argv = ["taskset", "-c", cpu] + argv
    r = subprocess.run(prefix + argv, capture_output=True, text=True)
    if r.returncode != 0:
        fail("core_benchmark failed", r)
    data = parse_json(r.stdout, "core_benchmark", r)
    rows = []
    for b in data["benchmarks"]:
        unit = b.get("time_unit", "ns")
        scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[unit]
        rows.append((b["name"], b["cpu_time"] * scale, b["real_time"] * scale))
    return rows


CORE_TARGETS = {
    "BM_LookupByCode": 20, "BM_ValidateResponse10Headers": 1000,
    "BM_Search/typo_two_words": 10000, "BM_Search/one_word": 10000,
    "BM_Search/number_prefix": 10000, "BM_Search/phrase": 10000,
    "BM_CatalogLoad": 5e6, "BM_CatalogLoadAndSearchIndex": 5e6,
}


def core_report(rows):
    lines = ["## Core microbenchmarks (bench/core_benchmark)", "",
             "| benchmark | CPU time | wall time | target | verdict |", "|---|---:|---:|---:|---|"]

    def t(ns):
        if ns >= 1e6:
            return f"{ns / 1e6:.3f} ms"
        if ns >= 1e3:
            return f"{ns / 1e3:.2f} us"
        return f"{ns:.1f} ns"
    verdicts = []
    for name, cpu, real in rows:
        target = CORE_TARGETS.get(name)
        verdict = "-" if target is None else ("met" if cpu < target else "MISSED")
        if target is not None:
            verdicts.append((name, verdict))
        lines.append(f"| {name} | {t(cpu)} | {t(real)} | {t(target) if target else '-'} | {verdict} |")
    lines.append("")
    return "\n".join(lines), verdicts


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="1 round, short runs (about a minute)")
    p.add_argument("--build-dir", default=os.path.join(os.path.dirname(here), "build-bench"))
    p.add_argument("--source-dir", default=os.path.dirname(here))
    p.add_argument("--rounds", type=int)
    p.add_argument("--seconds", type=int, help="each throughput run")
    p.add_argument("--latency-seconds", type=int)
    p.add_argument("--stream-seconds", type=float)
    p.add_argument("--inflight", default="1,8",
                   help="stream scenario: calls (or messages) in flight, a comma list")
    p.add_argument("--startup-runs", type=int)
    p.add_argument("--server-cpu", default="0", help="taskset CPU list for servers ('' : unpinned)")
    p.add_argument("--load-cpu", default="1", help="taskset CPU list for h2load/bench_loadgen")
    p.add_argument("--nice", type=int, default=-15 if os.geteuid() == 0 else 0,
                   help="nice value of the servers and load generators (default -15 "
                        "as root): on a shared machine, so that other work does not "
                        "preempt the measured processes")
    p.add_argument("--baselines", default="cpp,go,node")
    p.add_argument("--scenarios", default=",".join(list(H2LOAD_SCENARIOS) + [
        "metrics", "stream", "http_get", "startup", "core"]))
    p.add_argument("--output", default=os.path.join(here, "RESULTS.md"),
                   help="where to write the report ('' : nowhere)")
    p.add_argument("--json", help="also write the raw measurements here (default: "
                   "results.json beside --output, when there is an --output)")
    p.add_argument("--charts", default=os.path.join(here, "charts"),
                   help="with an --output: where bench/plot_results.py draws the "
                        "measurements as SVG charts, which the report shows ('' : no charts)")
    p.add_argument("--report-from", metavar="JSON",
                   help="no measuring: render the report (and --output) again from the "
                        "--json file of an earlier run, e.g. after editing bench/FINDINGS.md")
    p.add_argument("--also", action="append", default=[], metavar="NAME=PATH",
                   help="another statusinfo-server binary to measure alongside "
                        "(metrics on), e.g. before=/tmp/old/statusinfo-server")
    p.add_argument("--variants", nargs="?", const="all", default="",
                   help="experiments: GetStatusCode against bench_variants_server "
                        "variants (comma list or all: " + ", ".join(VARIANTS) +
                        "); implies --scenarios=get_latency,get_throughput,metrics "
                        "and --output=''")
    p.add_argument("--command", default="bench/run.sh", help="the command to record")
    a = p.parse_args()

    def on_signal(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")
    # Also when started in the background, where SIGINT is ignored: stop the
    # servers (the finally in Bench.run) on SIGINT and SIGTERM.
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    quick = a.quick
    a.rounds = a.rounds or (1 if quick else 3)
    a.seconds = a.seconds or (1 if quick else 2)
    a.latency_seconds = a.latency_seconds or (1 if quick else 2)
    a.stream_seconds = a.stream_seconds or (1.0 if quick else 2.0)
    a.startup_runs = a.startup_runs or (2 if quick else 5)
    a.baselines = a.baselines.split(",")
    a.scenarios = a.scenarios.split(",")
    a.also = [tuple(x.split("=", 1)) for x in a.also]
    a.inflight = [int(x) for x in a.inflight.split(",")]
    INFLIGHT.extend(a.inflight)
    ALSO.extend(a.also)
    if a.variants:
        a.variants = list(VARIANTS) if a.variants == "all" else a.variants.split(",")
        if "--scenarios" not in " ".join(sys.argv):
            a.scenarios = ["get_latency", "get_throughput", "metrics"]
        if "--output" not in " ".join(sys.argv):
            a.output = ""
    else:
        a.variants = []
    if a.output and not a.json and not a.report_from:
        a.json = os.path.join(os.path.dirname(os.path.abspath(a.output)), "results.json")
    if not a.output:
        a.charts = ""

    def sh(cmd):
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True,
                                  cwd=a.source_dir).stdout.strip()
        except OSError:
            return ""
    if a.report_from:
        with open(a.report_from) as f:
            saved = json.load(f)
        INFLIGHT[:] = sorted({int(r["scenario"].split("@")[1]) for r in saved["results"]
                              if "@" in r["scenario"]})
        ALSO[:] = [(n, "") for n in dict.fromkeys(
            r["server"] for r in saved["results"])
            if n not in SERVER_TITLES and n not in VARIANTS]
        meta = saved["meta"]
        text = report(saved["results"], meta, [])
        if saved.get("core"):
            text += "\n" + core_report(saved["core"])[0]
        return finish(a, here, text + charts(a, a.report_from))
    load_before = os.getloadavg()
    started = time.time()
    bench = Bench(a)
    core_rows = []
    if "core" in a.scenarios:
        log("run_bench: core microbenchmarks")
        core_rows = core_benchmarks(bench.build, 0.05 if quick else 0.3, a.load_cpu, bench.nice)
    bench.run()
    load_after = os.getloadavg()
    grpc_version = sh("dpkg-query -W -f='${Version}' libgrpc++-dev")
    cpu_model = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
    dirty = sh("git status --porcelain -- bench service client proto CMakeLists.txt")
    meta = {
        "command": f"`{a.command}`" + (" (quick)" if quick and "--quick" not in a.command else ""),
        "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(started)),
        "commit": (sh("git rev-parse --short HEAD") or "unknown") +
                  (" plus uncommitted changes" if dirty else ""),
        "machine": f"{cpu_model}, {os.cpu_count()} CPUs, "
                   f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, "
                   f"{sh('uname -sr')}",
        "load average (1 min) before / after": f"{load_before[0]:.2f} / {load_after[0]:.2f}",
        "rounds": a.rounds, "seconds per run": f"{a.seconds} (latency {a.latency_seconds}, stream {a.stream_seconds})",
        "server CPU": a.server_cpu or "unpinned", "load CPU": a.load_cpu or "unpinned",
        "nice": a.nice,
        "in flight (stream scenario)": ", ".join(map(str, a.inflight)),
        "versions": f"gRPC C++ {grpc_version}, "
                    f"h2load {sh('h2load --version | head -1')}, {sh('go version')}, "
                    f"node {sh('node --version')}",
    }
    targets = []
    text = report(bench.results, meta, targets)
    if core_rows:
        core_text, core_verdicts = core_report(core_rows)
        text += "\n" + core_text
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"meta": meta, "results": bench.results, "core": core_rows}, f, indent=1)
        text += charts(a, a.json)
    return finish(a, here, text)


def charts(a, results_json):
    """Draws the measurements in `results_json` into a.charts (with
    bench/plot_results.py, which needs matplotlib) and returns the report's
    section that shows them; nothing when charts are off or cannot be drawn."""
    if not a.charts:
        return ""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "plot_results.py")
    # Debian's python3, whose packages have matplotlib (a python3 first on
    # PATH, pyenv's say, may not), as tests/e2e uses it for grpcio.
    python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
    r = subprocess.run([python, script, results_json, "--out", a.charts],
                       capture_output=True, text=True)
    if r.returncode != 0:
        log(f"run_bench: no charts (python3-matplotlib: scripts/install_deps.sh)\n{tool_said(r)}")
        return ""
    base = os.path.dirname(os.path.abspath(a.output))
    lines = ["## Charts", "",
             "The table's medians drawn by `bench/plot_results.py` from "
             f"`{os.path.relpath(results_json, base)}` (this run's measurements).", ""]
    for path in r.stdout.split():
        name = os.path.splitext(os.path.basename(path))[0]
        lines += [f"![{name}]({os.path.relpath(path, base)})", ""]
    return "\n" + "\n".join(lines)


def finish(a, here, text):
    findings = os.path.join(here, "FINDINGS.md")
    if a.output and os.path.exists(findings):
        # The analysis (what was tried, why a target is missed) is kept by
        # hand in bench/FINDINGS.md; the numbers above are this run's.
        with open(findings) as f:
            text += "\n" + f.read()
    print(text)
    if a.output:
        with open(a.output, "w") as f:
            f.write(text + "\n")
        log(f"run_bench: wrote {a.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
