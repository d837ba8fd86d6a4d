#!/usr/bin/env python3
"""Benchmark of `statusinfo check --har` on a generated 100,000-entry HAR.

Generates a HAR 1.2 file shaped like a browser's export (request and response
header fields of real sizes, a status mix, timings, cookies, some bodies in
content.text that the reader must skip), starts a local statusinfo-server,
and runs `statusinfo --har=FILE check` against it ROUNDS times (text output
to /dev/null, then --json), under /usr/bin/time -v for the CLI's peak RSS.
Targets (issue 11): at least 50,000 entries/s, peak RSS under 100 MB.

The baseline, measured in the same run on the same file: Python's json.load
(its C parser) reading the whole document, the usual way scripts read HAR.
The ratios say how check --har (parse, send over gRPC, validate, print)
compares with just parsing, and that its memory does not grow with the file
as a whole-document parse does.

    python3 bench/har_check_benchmark.py            # build/ binaries, 3 rounds
    python3 bench/har_check_benchmark.py --entries 20000 --rounds 1

Results go to the har_check section of bench/RESULTS.md (--output, or
--no-write to print only).
"""
import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BEGIN = "<!-- begin har_check_benchmark (bench/har_check_benchmark.py) -->"
END = "<!-- end har_check_benchmark -->"

STATUSES = [(200, 70), (304, 10), (404, 5), (301, 4), (206, 3), (204, 2),
            (500, 2), (401, 2), (302, 2)]


def header(name, value):
    return {"name": name, "value": value}


def entry(i, rng):
    status = rng.choices([s for s, _ in STATUSES],
                         [w for _, w in STATUSES])[0]
    path = f"/static/{i % 977}/asset-{i}.js?v={rng.randrange(10**6)}"
    request_headers = [
        header("Host", "www.example.org"),
        header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) "
                             "Gecko/20100101 Firefox/120.0"),
        header("Accept", "*/*"),
        header("Accept-Language", "en-US,en;q=0.5"),
        header("Accept-Encoding", "gzip, deflate, br"),
        header("Referer", "https://www.example.org/index.html"),
        header("Cookie", f"session={rng.getrandbits(128):032x}; theme=dark"),
    ]
    if status == 304:
        request_headers.append(header("If-None-Match", f'"{i:08x}"'))
    if status == 206:
        request_headers.append(header("Range", "bytes=0-1023"))
    size = 0 if status in (204, 304) else rng.randrange(200, 40000)
    response_headers = [
        header("Date", "Fri, 04 Dec 2026 17:00:00 GMT"),
        header("Server", "nginx/1.22.1"),
        header("Content-Type", "application/javascript"),
        header("Cache-Control", "public, max-age=31536000"),
        header("ETag", f'"{i:08x}"'),
        header("Last-Modified", "Mon, 30 Nov 2026 09:00:00 GMT"),
        header("Vary", "Accept-Encoding"),
    ]
    if size:
        response_headers.append(header("Content-Length", str(size)))
    if status == 206:
        response_headers.append(
            header("Content-Range", f"bytes 0-1023/{size + 1024}"))
    if status in (301, 302):
        response_headers.append(header("Location", "https://www.example.org/"))
    if status == 401:
        response_headers.append(header("WWW-Authenticate", 'Basic realm="x"'))
    content = {"size": size, "mimeType": "application/javascript"}
    if i % 10 == 0 and size:
        content["text"] = "console.log('x');\n" * 20
    return {
        "pageref": "page_1",
        "startedDateTime": "2026-12-04T17:00:00.000Z",
        "time": 12.5,
        "request": {"method": "GET", "url": f"https://www.example.org{path}",
                    "httpVersion": "HTTP/1.1", "cookies": [],
                    "headers": request_headers,
                    "queryString": [{"name": "v", "value": "1"}],
                    "headersSize": -1, "bodySize": 0},
        "response": {"status": status, "statusText": "",
                     "httpVersion": "HTTP/1.1", "cookies": [],
                     "headers": response_headers, "content": content,
                     "redirectURL": "", "headersSize": -1, "bodySize": size},
        "cache": {},
        "timings": {"blocked": 0.5, "dns": -1, "connect": -1, "send": 0.1,
                    "wait": 10.9, "receive": 1.0, "ssl": -1},
        "serverIPAddress": "192.0.2.1",
        "connection": str(40000 + i % 6),
    }


def write_har(path, count):
    rng = random.Random(11)
    with open(path, "w") as f:
        f.write('{"log":{"version":"1.2","creator":{"name":"har_check_'
                'benchmark","version":"1"},"pages":[],"entries":[\n')
        for i in range(count):
            if i:
                f.write(",\n")
            json.dump(entry(i, rng), f, separators=(",", ":"))
        f.write("\n]}}\n")


def timed(command, stdout=subprocess.DEVNULL):
    """Runs `command` under /usr/bin/time -v: (exit, seconds, user+sys s,
    peak RSS MB)."""
    start = time.monotonic()
    result = subprocess.run(["/usr/bin/time", "-v"] + command, stdout=stdout,
                            stderr=subprocess.PIPE, text=True)
    seconds = time.monotonic() - start
    def field(name):
        match = re.search(rf"{re.escape(name)}: ([0-9.]+)", result.stderr)
        return float(match.group(1)) if match else float("nan")
    cpu = field("User time (seconds)") + field("System time (seconds)")
    rss_mb = field("Maximum resident set size (kbytes)") / 1024
    return result.returncode, seconds, cpu, rss_mb, result.stderr


def process_cpu_seconds(pid):
    """utime + stime of a process, all threads (/proc/<pid>/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(binary, logdir):
    log = open(os.path.join(logdir, "server.log"), "w+")
    server = subprocess.Popen([binary, "--address=127.0.0.1:0"], stdout=log,
                              stderr=subprocess.STDOUT)
    for _ in range(200):
        log.seek(0)
        match = re.search(r'"port":(\d+)', log.read())
        if match:
            return server, int(match.group(1))
        time.sleep(0.05)
    server.kill()
    raise SystemExit("har_check_benchmark: the server did not start")


def median_row(name, runs, entries, baseline):
    seconds = statistics.median(r[1] for r in runs)
    cpu = statistics.median(r[2] for r in runs)
    rss = max(r[3] for r in runs)
    row = {"name": name, "entries_per_s": entries / seconds,
           "seconds": seconds, "cpu_s": cpu, "rss_mb": rss,
           "cli_us": cpu / entries * 1e6}
    if len(runs[0]) > 5:
        row["server_us"] = statistics.median(r[5] for r in runs) / entries * 1e6
    if baseline:
        row["x_time"] = seconds / baseline["seconds"]
        row["x_rss"] = rss / baseline["rss_mb"]
    return row


def markdown(args, rows, har_mb, load_before, load_after, commit):
    lines = [
        BEGIN,
        "## check --har (bench/har_check_benchmark.py)",
        "",
        f"- **command**: `python3 bench/har_check_benchmark.py "
        f"--entries {args.entries} --rounds {args.rounds}`",
        f"- **date**: {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}",
        f"- **commit**: {commit}",
        f"- **HAR**: {args.entries:,} entries, {har_mb:.1f} MB "
        "(7-8 request and 7-9 response header fields per entry, every tenth "
        "with a body in content.text)",
        f"- **load average (1 min) before / after**: {load_before:.2f} / "
        f"{load_after:.2f} (2 CPUs shared with other work)",
        "- **targets**: at least 50,000 entries/s; CLI peak RSS under 100 MB",
        "",
        "Medians over the rounds; peak RSS is the largest (/usr/bin/time -v). "
        "Wall time includes the server's validation (same machine). CPU "
        "us/entry: user+sys CPU of the CLI (all its threads) and of the "
        "server (/proc/<pid>/stat) over the run, per entry; on a loaded "
        "machine they say more than the wall time. "
        "`x time` and `x RSS`: this row over the baseline's (json.load of the "
        "whole file), from the same run.",
        "",
        "| run | entries/s | wall s | CPU us/entry | server CPU us/entry "
        "| peak RSS MB | x time | x RSS |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        ratio = (f"{row['x_time']:.2f} | {row['x_rss']:.2f}"
                 if "x_time" in row else "- | -")
        server_us = (f"{row['server_us']:.1f}" if "server_us" in row
                     else "-")
        lines.append(f"| {row['name']} | {row['entries_per_s']:,.0f} | "
                     f"{row['seconds']:.2f} | {row['cli_us']:.1f} | "
                     f"{server_us} | {row['rss_mb']:.1f} | {ratio} |")
    lines.append(END)
    return "\n".join(lines) + "\n"


def write_section(path, section):
    text = open(path).read() if os.path.exists(path) else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(path, "w") as f:
        f.write(text)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--entries", type=int, default=100000)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--output", default=os.path.join(HERE, "RESULTS.md"))
    p.add_argument("--no-write", action="store_true")
    args = p.parse_args()
    cli = os.path.join(args.build, "client", "statusinfo")
    server_binary = os.path.join(args.build, "service", "statusinfo-server")
    for binary in (cli, server_binary):
        if not os.access(binary, os.X_OK):
            raise SystemExit(f"har_check_benchmark: build {binary} first")
    workdir = tempfile.mkdtemp(prefix="har_check_benchmark.")
    server = None
    try:
        har = os.path.join(workdir, "bench.har")
        write_har(har, args.entries)
        har_mb = os.path.getsize(har) / 1e6
        load_before = os.getloadavg()[0]
        server, port = start_server(server_binary, workdir)
        check = [cli, f"--target=127.0.0.1:{port}", "--timeout=30s",
                 f"--har={har}", "check"]
        baseline_cmd = [sys.executable, "-c",
                        "import json,sys; json.load(open(sys.argv[1]))", har]
        runs = {"baseline": [], "text": [], "json": []}
        for _ in range(args.rounds):
            runs["baseline"].append(timed(baseline_cmd))
            for name, extra in (("text", []), ("json", ["--json"])):
                server_cpu = process_cpu_seconds(server.pid)
                run = timed(check[:1] + extra + check[1:])
                server_cpu = process_cpu_seconds(server.pid) - server_cpu
                if run[0] not in (0, 1):
                    raise SystemExit(f"check --har failed:\n{run[4]}")
                runs[name].append(run + (server_cpu,))
        load_after = os.getloadavg()[0]
        baseline = median_row("baseline: python3 json.load (whole file)",
                              runs["baseline"], args.entries, None)
        rows = [baseline,
                median_row("statusinfo check --har (text)", runs["text"],
                           args.entries, baseline),
                median_row("statusinfo check --har --json", runs["json"],
                           args.entries, baseline)]
        commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short",
                                 "HEAD"], capture_output=True,
                                text=True).stdout.strip()
        section = markdown(args, rows, har_mb, load_before, load_after, commit)
        print(section)
        if not args.no_write:
            write_section(args.output, section)
    finally:
        if server is not None:
            server.terminate()
            server.wait()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
