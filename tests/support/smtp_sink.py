"""A real SMTP server for the tests (aiosmtpd).

    python3 smtp_sink.py PORT OUT_DIR [--delay SECONDS]

Listens on 127.0.0.1:PORT. Each accepted mail is written to OUT_DIR as
`<n>.json` (written under a temporary name, then renamed): the envelope
recipients, the decoded Subject, Message-ID, Content-Language-free headers
the tests read, and the plain-text and HTML parts. Recipients whose local
part starts with `refused` get a permanent 550. `--delay` makes each DATA
answer wait, so a test can stop an instance in the middle of its sends.
Prints `ready` once listening.
"""

import argparse
import asyncio
import email
import email.policy
import itertools
import json
import os
import signal
import threading
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out, delay):
        self.out = out
        self.delay = delay
        self.counter = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@")[0].startswith("refused"):
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        record = {
            "to": envelope.rcpt_tos,
            "from": str(message["From"]),
            "subject": str(message["Subject"]),
            "message_id": str(message["Message-ID"]),
            "text": text.get_content() if text else None,
            "html": html.get_content() if html else None,
        }
        # Named by arrival time: a server restarted on the same folder adds
        # after what the previous one wrote.
        path = os.path.join(self.out, "%020d-%06d.json" % (time.time_ns(), next(self.counter)))
        with open(path + ".part", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(path + ".part", path)
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("out")
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    controller = Controller(Sink(args.out, args.delay), hostname="127.0.0.1", port=args.port)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
