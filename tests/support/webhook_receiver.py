#!/usr/bin/env python3
"""A webhook receiver for the end-to-end tests, independent of the app's code.

It verifies every request's signature the way the Standard Webhooks
specification describes (https://www.standardwebhooks.com/): HMAC-SHA256
over "{webhook-id}.{webhook-timestamp}.{body}", keyed with the base64-decoded
part of the secret after "whsec_", sent as "v1,<base64>" (several signatures
may be given, separated by spaces).

Usage:
  webhook_receiver.py --port 0 --secrets FILE --log FILE --plan FILE

  --secrets  lines "name=whsec_..."; re-read on every request, so a test can
             add a secret after registering or rotating. Each delivery records
             the names of the secrets whose signature matches.
  --log      one JSON line per request: id, timestamp, type, body,
             verified_by (names), valid (any match), timestamp_ok (within
             five minutes), answered (the status sent, or "hang").
  --plan     what to answer to the next requests, one per line, consumed in
             order: "500" (any status), "hang 12" (wait 12 s, then answer
             200 if the client is still there). An empty or missing file: 200.

The first line on stdout is "listening on <port>".
"""

import argparse
import base64
import hashlib
import hmac
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
TOLERANCE_SECONDS = 5 * 60


def expected_signature(secret, msg_id, timestamp, body):
    key = base64.b64decode(secret[len("whsec_"):] if secret.startswith("whsec_") else secret)
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    return base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def matches(secret, msg_id, timestamp, body, header):
    wanted = expected_signature(secret, msg_id, timestamp, body)
    for part in header.split():
        version, _, signature = part.partition(",")
        if version == "v1" and hmac.compare_digest(signature, wanted):
            return True
    return False


def read_secrets(path):
    secrets = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                name, sep, secret = line.strip().partition("=")
                if sep:
                    secrets.append((name, secret))
    except FileNotFoundError:
        pass
    return secrets


def next_answer(path):
    """Takes the first line of the plan (under the lock)."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = [line.strip() for line in f if line.strip()]
    except FileNotFoundError:
        return "200"
    if not lines:
        return "200"
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines[1:]))
    return lines[0]


def make_handler(options):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length)
            msg_id = self.headers.get("webhook-id", "")
            timestamp = self.headers.get("webhook-timestamp", "")
            signature = self.headers.get("webhook-signature", "")
            verified_by = [
                name
                for name, secret in read_secrets(options.secrets)
                if matches(secret, msg_id, timestamp, body, signature)
            ]
            try:
                timestamp_ok = abs(time.time() - int(timestamp)) <= TOLERANCE_SECONDS
            except ValueError:
                timestamp_ok = False
            try:
                event_type = json.loads(body).get("type")
            except ValueError:
                event_type = None
            with LOCK:
                answer = next_answer(options.plan)
                record = {
                    "id": msg_id,
                    "timestamp": timestamp,
                    "type": event_type,
                    "body": body.decode("utf-8", "replace"),
                    "content_type": self.headers.get("content-type"),
                    "verified_by": verified_by,
                    "valid": bool(verified_by),
                    "timestamp_ok": timestamp_ok,
                    "answered": "hang" if answer.startswith("hang") else int(answer),
                }
                with open(options.log, "a", encoding="utf-8") as log:
                    log.write(json.dumps(record) + "\n")
            if answer.startswith("hang"):
                time.sleep(float(answer.split()[1]))
                status = 200
            else:
                status = int(answer)
            try:
                self.send_response(status)
                self.send_header("content-type", "text/plain")
                self.send_header("content-length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
            except OSError:
                pass  # the sender gave up waiting (a hang)

        def log_message(self, *args):
            pass

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--secrets", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--plan", required=True)
    options = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", options.port), make_handler(options))
    server.daemon_threads = True
    print(f"listening on {server.server_address[1]}", flush=True)
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
