#!/usr/bin/env python3
"""A terminal chat on achilles-coach's plug-in channel: a minimal gateway to copy from.

It does what any gateway (a web chat widget, a clinic's app, a WhatsApp or Slack bridge) must:
sign each event it POSTs to /plugin/v1/events, and take the signed replies the service POSTs to
its callback URL, checking their signatures. Python 3's standard library only.

  export ACHILLES_PLUGIN_SECRET="$(openssl rand -hex 32)"
  ACHILLES_PLUGIN_CALLBACK_URL=http://127.0.0.1:8090/replies deploy/run.sh serve   # one terminal
  python3 examples/plugin_chat.py                                                  # another

Type to chat (/start to begin); type #N to press button N; Ctrl-D to leave.
"""
import argparse
import hashlib
import hmac
import http.server
import json
import os
import re
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid


def signature(secret: bytes, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return "v1=" + digest


class Chat:
    def __init__(self, coach: str, secret: bytes, user: str, name: str):
        self.coach, self.secret, self.user, self.name = coach, secret, user, name
        self.buttons = []  # the payloads of the last reply's buttons, numbered from 1
        self.lock = threading.Lock()

    def send(self, text=None, button=None):
        event = {"event_id": str(uuid.uuid4()),
                 "user": {"id": self.user, "name": self.name, "language": "en"},
                 "chat": {"id": self.user, "kind": "private"}}
        event["button" if button is not None else "text"] = button if button is not None else text
        body = json.dumps(event).encode()
        timestamp = str(int(time.time()))
        request = urllib.request.Request(
            self.coach.rstrip("/") + "/plugin/v1/events", data=body, method="POST",
            headers={"Content-Type": "application/json", "X-Achilles-Timestamp": timestamp,
                     "X-Achilles-Signature": signature(self.secret, timestamp, body)})
        try:
            urllib.request.urlopen(request, timeout=10).read()
        except urllib.error.HTTPError as e:  # 400 says what was wrong, 401 the signature
            print(f"(the coach answered {e.code}: {e.read().decode(errors='replace').strip()})")
        except OSError as e:
            print(f"(could not reach the coach at {self.coach}: {e})")

    def show(self, reply: dict):
        text = re.sub(r"\*\*(.+?)\*\*", "\033[1m\\1\033[0m", reply.get("text", ""))
        lines = [text]
        with self.lock:
            self.buttons = []
            for row in reply.get("buttons", []):
                labels = []
                for button in row:
                    if "url" in button:
                        labels.append(f"{button['label']} <{button['url']}>")
                    else:
                        self.buttons.append(button["payload"])
                        labels.append(f"[#{len(self.buttons)}] {button['label']}")
                lines.append("   ".join(labels))
        print("\n" + "\n".join(lines) + "\n> ", end="", flush=True)

    def press(self, number: int):
        with self.lock:
            payload = self.buttons[number - 1] if 0 < number <= len(self.buttons) else None
        return payload


def serve_replies(chat: Chat, port: int):
    class Replies(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            timestamp = self.headers.get("X-Achilles-Timestamp", "")
            given = self.headers.get("X-Achilles-Signature", "")
            fresh = timestamp.isdigit() and abs(time.time() - int(timestamp)) <= 300
            if not fresh or not hmac.compare_digest(given, signature(chat.secret, timestamp, body)):
                self.send_response(401)
                self.end_headers()
                return
            reply = json.loads(body)
            self.send_response(200)
            self.end_headers()
            if reply.get("chat_id") == chat.user:
                chat.show(reply)

        def log_message(self, *args):  # quiet
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Replies)
    threading.Thread(target=server.serve_forever, daemon=True).start()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--coach", default="http://127.0.0.1:8080", help="the service's URL")
    parser.add_argument("--listen", type=int, default=8090,
                        help="port of the callback URL (ACHILLES_PLUGIN_CALLBACK_URL)")
    parser.add_argument("--user", default="terminal-" + str(os.getuid()))
    parser.add_argument("--name", default=os.environ.get("USER", "Runner"))
    args = parser.parse_args()
    secret = os.environ.get("ACHILLES_PLUGIN_SECRET", "")
    if len(secret) < 32:
        sys.exit("set ACHILLES_PLUGIN_SECRET to the service's secret (32+ characters)")
    chat = Chat(args.coach, secret.encode(), args.user, args.name)
    serve_replies(chat, args.listen)
    print(f"Replies on http://127.0.0.1:{args.listen}/replies. Type /start to begin, #N to press "
          "button N.")
    print("> ", end="", flush=True)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            print("> ", end="", flush=True)
            continue
        if re.fullmatch(r"#\d+", line):
            payload = chat.press(int(line[1:]))
            if payload is None:
                print("(no such button)\n> ", end="", flush=True)
            else:
                chat.send(button=payload)
        else:
            chat.send(text=line)


if __name__ == "__main__":
    main()
