#!/usr/bin/env python3
"""End-to-end test of the Python example client against the real server.

Usage (ctest passes these): python_client_test.py SERVER_BINARY STUBS_DIR
"""

import os
import re
import subprocess
import sys
import unittest

SERVER, STUBS = sys.argv[1], sys.argv[2]
sys.path.insert(0, STUBS)
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "client", "python"))

import grpc  # noqa: E402
import statusinfo_example  # noqa: E402

PORT_PATTERN = re.compile(r'"port":\s*(\d+)|serving on port (\d+)')


class PythonClientTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.server = subprocess.Popen([SERVER, "--address=127.0.0.1:0",
                                       "--drain_delay=0s"],
                                      stderr=subprocess.PIPE, text=True)
        port = None
        for line in cls.server.stderr:
            match = PORT_PATTERN.search(line)
            if match:
                port = int(match.group(1) or match.group(2))
                break
        if port is None:
            cls.server.kill()
            raise RuntimeError("the server did not report its port")
        cls.target = f"127.0.0.1:{port}"
        cls.client = statusinfo_example.StatusInfo(cls.target, 5.0)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.server.terminate()
        cls.server.wait(timeout=30)

    def test_get_returns_the_registry_phrase(self):
        self.assertEqual(self.client.get(413).reason_phrase, "Content Too Large")

    def test_out_of_range_is_invalid_argument(self):
        with self.assertRaises(grpc.RpcError) as raised:
            self.client.get(600)
        self.assertEqual(raised.exception.code(),
                         grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("code", raised.exception.details())

    def test_validate_unassigned(self):
        answer = self.client.validate(299)
        self.assertTrue(answer.valid)
        self.assertFalse(answer.assigned)
        self.assertEqual(answer.treat_as_code, 200)

    def test_translate(self):
        answer = self.client.translate_http(503)
        self.assertEqual(answer.translations[0].grpc_code_name, "UNAVAILABLE")

    def test_example_command_line(self):
        script = statusinfo_example.__file__
        env = dict(os.environ, PYTHONPATH=STUBS)
        ok = subprocess.run([sys.executable, script, "--target", self.target,
                             "404", "418"], env=env, capture_output=True,
                            text=True, timeout=60)
        self.assertEqual(ok.returncode, 0, ok.stderr)
        self.assertIn("404 Not Found", ok.stdout)
        self.assertIn("418 (Unused)", ok.stdout)
        bad = subprocess.run([sys.executable, script, "--target", self.target,
                              "299"], env=env, capture_output=True, text=True,
                             timeout=60)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("NOT_FOUND", bad.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
