#!/usr/bin/env python3
"""A short example client for statusinfo in Python.

It shows that the statusinfo.v1 schema serves languages other than C++: the
stubs are generated from proto/ with grpc_tools (Debian's python3-grpc-tools)
into a directory on PYTHONPATH, for example:

    python3 -m grpc_tools.protoc -I proto --python_out=gen --grpc_python_out=gen \
        proto/statusinfo/v1/*.proto proto/google/api/*.proto
    PYTHONPATH=gen python3 client/python/statusinfo_example.py \
        --target 127.0.0.1:50051 404 418

Each call has a deadline, and the channel retries UNAVAILABLE through a
service config, as the C++ client library does.
"""

import argparse
import json
import sys

import grpc

from statusinfo.v1 import status_info_service_pb2 as pb
from statusinfo.v1 import status_info_service_pb2_grpc as pb_grpc

# All statusinfo RPCs only read, so retrying them is safe. CANCELLED as well
# as UNAVAILABLE, as the C++ library does (client/lib/channel.cc): a server
# shutting down answers CANCELLED to a call that reaches it just before its
# GOAWAY.
SERVICE_CONFIG = json.dumps({
    "methodConfig": [{
        "name": [{"service": "statusinfo.v1.StatusInfoService"}],
        "retryPolicy": {
            "maxAttempts": 4,
            "initialBackoff": "0.05s",
            "maxBackoff": "1s",
            "backoffMultiplier": 2,
            "retryableStatusCodes": ["UNAVAILABLE", "CANCELLED"],
        },
    }]
})


class StatusInfo:
    """A thin wrapper over the generated stub with a deadline on every call."""

    def __init__(self, target, timeout=2.0):
        self._channel = grpc.insecure_channel(
            target,
            options=[("grpc.service_config", SERVICE_CONFIG),
                     ("grpc.enable_retries", 1)])
        self._stub = pb_grpc.StatusInfoServiceStub(self._channel)
        self._timeout = timeout

    def close(self):
        self._channel.close()

    def get(self, code):
        return self._stub.GetStatusCode(pb.GetStatusCodeRequest(code=code),
                                        timeout=self._timeout)

    def validate(self, code):
        return self._stub.ValidateStatusCode(
            pb.ValidateStatusCodeRequest(code=code), timeout=self._timeout)

    def translate_http(self, code):
        return self._stub.TranslateStatus(
            pb.TranslateStatusRequest(http_status_code=code),
            timeout=self._timeout)

    def search(self, query, page_size=5):
        return self._stub.SearchStatusCodes(
            pb.SearchStatusCodesRequest(query=query, page_size=page_size),
            timeout=self._timeout)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="127.0.0.1:50051")
    parser.add_argument("--timeout", type=float, default=2.0)
    parser.add_argument("codes", type=int, nargs="+")
    args = parser.parse_args(argv)
    client = StatusInfo(args.target, args.timeout)
    try:
        for code in args.codes:
            entry = client.get(code)
            print(f"{entry.code} {entry.reason_phrase}: {entry.summary}")
    except grpc.RpcError as error:
        print(f"statusinfo: {error.code().name}: {error.details()}",
              file=sys.stderr)
        return 1
    finally:
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
