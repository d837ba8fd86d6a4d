#!/usr/bin/env python3
"""Records real HTTP exchanges with a local server as a HAR 1.2 file.

Starts Python's own file server (python3 -m http.server, a real HTTP/1.0
origin) on a free loopback port over a temporary directory, sends it a fixed
set of requests (GET, HEAD, POST, conditional, range, a missing file, a
directory without its slash), and writes every exchange as a HAR entry: the
request exactly as sent (http.client with no implicit header fields) and the
response's status line, header fields in order and body size exactly as
received. tests/data/har/python_http_server.har was made with

    python3 scripts/capture_har.py > tests/data/har/python_http_server.har

The timestamps, ports, Date and Last-Modified values differ on every run;
nothing else should.
"""
import datetime
import email.utils
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

# (method, path, request header fields) in the order sent.
REQUESTS = [
    ("GET", "/", []),
    ("GET", "/hello.txt", [("Accept", "*/*")]),
    ("HEAD", "/hello.txt", []),
    ("GET", "/hello.txt", [("Range", "bytes=0-4")]),
    ("GET", "/hello.txt", [("If-Modified-Since", "LAST_MODIFIED")]),
    ("GET", "/missing.txt", []),
    ("GET", "/sub", []),
    ("POST", "/hello.txt", [("Content-Length", "0")]),
    ("DELETE", "/hello.txt", []),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_listening(port):
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("capture_har: the server did not start")


def headers_of(pairs):
    return [{"name": name, "value": value} for name, value in pairs]


def exchange(port, method, path, fields):
    """Sends one request on its own connection; returns a HAR entry."""
    started = datetime.datetime.now(datetime.timezone.utc)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.putrequest(method, path, skip_host=True,
                          skip_accept_encoding=True)
    sent = [("Host", f"127.0.0.1:{port}"), ("User-Agent", "capture_har/1")]
    sent += fields
    for name, value in sent:
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    version = {10: "HTTP/1.0", 11: "HTTP/1.1"}.get(response.version, "")
    received = response.getheaders()
    location = response.getheader("Location", "")
    elapsed = (datetime.datetime.now(datetime.timezone.utc) - started)
    return {
        "startedDateTime": started.isoformat().replace("+00:00", "Z"),
        "time": round(elapsed.total_seconds() * 1000, 3),
        "request": {
            "method": method,
            "url": f"http://127.0.0.1:{port}{path}",
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": headers_of(sent),
            "queryString": [],
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": {
            "status": response.status,
            "statusText": response.reason,
            "httpVersion": version,
            "cookies": [],
            "headers": headers_of(received),
            "content": {
                "size": len(body),
                "mimeType": response.getheader("Content-Type", ""),
            },
            "redirectURL": location,
            "headersSize": -1,
            "bodySize": len(body),
        },
        "cache": {},
        "timings": {"send": 0, "wait": round(elapsed.total_seconds() * 1000, 3),
                    "receive": 0},
        "serverIPAddress": "127.0.0.1",
    }


def main():
    with tempfile.TemporaryDirectory(prefix="capture_har.") as root:
        with open(os.path.join(root, "hello.txt"), "w") as f:
            f.write("hello, world\n")
        os.mkdir(os.path.join(root, "sub"))
        last_modified = email.utils.formatdate(
            os.path.getmtime(os.path.join(root, "hello.txt")), usegmt=True)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(port), "--bind",
             "127.0.0.1", "--directory", root],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until_listening(port)
            entries = []
            for method, path, fields in REQUESTS:
                fields = [(n, last_modified if v == "LAST_MODIFIED" else v)
                          for n, v in fields]
                entries.append(exchange(port, method, path, fields))
        finally:
            server.terminate()
            server.wait()
    har = {"log": {
        "version": "1.2",
        "creator": {"name": "statusinfo scripts/capture_har.py",
                    "version": "1"},
        "comment": f"Python {sys.version.split()[0]} http.server, "
                   "SimpleHTTPRequestHandler",
        "pages": [],
        "entries": entries,
    }}
    json.dump(har, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
