#!/usr/bin/env python3
"""Python load for tests/e2e/rolling_restart_e2e_test.cc.

Usage: fleet_load_client.py STUBS_DIR TARGET SERVICE_CONFIG_JSON THREADS

THREADS threads call GetStatusCode(404) in a loop on one channel with the
given service config (the C++ library's, so the policy is the documented
one) until SIGTERM, each call with a 10 s deadline. Then one line on standard
error: "summary " and a JSON object with the number of OK calls ("ok") and
the failed calls by status code ("failed"). (A Python client call does not
tell which server answered; the C++ clients of the test count that.)
"""

import collections
import json
import signal
import sys
import threading

sys.path.insert(0, sys.argv[1])

import grpc  # noqa: E402
from statusinfo.v1 import status_info_service_pb2 as pb  # noqa: E402
from statusinfo.v1 import status_info_service_pb2_grpc as pb_grpc  # noqa: E402


def main():
    target, service_config, threads = sys.argv[2], sys.argv[3], int(sys.argv[4])
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    channel = grpc.insecure_channel(
        target, options=[("grpc.service_config", service_config),
                         ("grpc.enable_retries", 1)])
    stub = pb_grpc.StatusInfoServiceStub(channel)
    lock = threading.Lock()
    ok = 0
    failed = collections.Counter()

    def run():
        nonlocal ok
        request = pb.GetStatusCodeRequest(code=404)
        while not stop.is_set():
            try:
                response = stub.GetStatusCode(request, timeout=10)
                with lock:
                    if response.reason_phrase == "Not Found":
                        ok += 1
                    else:
                        failed["WRONG_ANSWER"] += 1
            except grpc.RpcError as error:
                with lock:
                    failed[error.code().name] += 1

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    print("started", file=sys.stderr, flush=True)
    stop.wait()
    for worker in workers:
        worker.join()
    channel.close()
    print("summary " + json.dumps({"ok": ok, "failed": failed}),
          file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
