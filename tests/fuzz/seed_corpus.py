#!/usr/bin/env python3
"""Writes tests/fuzz/corpus/<target>/ from the test fixtures and the shipped content.

Run it again after a fixture changes; the corpus is checked in so a fuzz run starts from inputs
that reach deep into each parser. A seed's name is the hash of its bytes.
"""
import hashlib
import json
import pathlib
import re
import struct

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
CONTENT = ROOT / "dialogs" / "content"
CORPUS = ROOT / "tests" / "fuzz" / "corpus"


def write(target, seeds):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for seed in seeds:
        data = seed.encode() if isinstance(seed, str) else seed
        (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def literals(path):
    """The string literals of a C++ test file."""
    text = path.read_text(encoding="utf-8")
    return [bytes(m, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8", "replace")
            for m in re.findall(r'"((?:[^"\\\n]|\\.)*)"', text)]


def status(code, scope=0):
    return struct.pack(">H", code) + bytes([scope])


telegram = [p.read_text() for p in sorted((FIXTURES / "telegram").glob("*.json"))
            if not p.name.startswith("sendMessage")]
write("telegram_update", telegram)

discord = [p.read_text() for p in sorted((FIXTURES / "discord").glob("*.json"))
           if p.name != "signatures.json"]
write("discord_interaction", discord)

checkins = [s for s in literals(ROOT / "tests" / "dialogs" / "checkin_test.cpp")
            if any(c.isdigit() for c in s) or " ran" in s]
write("checkin", checkins)

write("command_text", ["/start", "/checkin stiff 3 pain 2 ran 5km", "/coach@AchillesCoachBot",
                       "/ask@OtherBot is ice ok", "/flare it popped", "/team", "/progress",
                       "/settings time 07:30", "/ask " + "Марафон " * 20])

sentences = []
for tsv in ("dev.tsv", "seen_once.tsv"):
    for line in (FIXTURES / "red_flags" / tsv).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "\t" in line:
            sentences.append(line.split("\t", 1)[1])
write("red_flags", sentences)

texts = json.loads((CONTENT / "texts.json").read_text(encoding="utf-8"))
longest = sorted((v for v in texts.values() if isinstance(v, str)), key=len)[-12:]
split = [struct.pack(">H", limit) + bytes([unit]) + text.encode()
         for limit, unit, text in zip([4096, 2000, 100, 40, 4096, 2000, 80, 1, 7, 300, 4096, 2000],
                                      [0, 1] * 6, longest)]
split.append(struct.pack(">H", 3) + b"\x00" + "😀😀😀\n\n**bold**".encode())
write("message_split", split)

files = ["texts.json", "red_flags.json", "programme.json", "questions.json",
         "questionnaires/weekly_check.json", "knowledge.json"]


def trimmed(name, data):
    """A small file of the same shape that still loads: every key the loader needs, short
    values, the first few entries of each list. The loader's checks are per key and per entry,
    so these reach every check at many times the speed of the whole files (run.sh caps the
    content target's inputs at 8 KiB)."""
    def cut(value):
        if isinstance(value, str):
            return value[:12]
        if isinstance(value, list):
            return [cut(v) for v in value[:2]]
        if isinstance(value, dict):
            return {k: cut(v) for k, v in value.items() if not k.startswith("_")}
        return value
    if name == "knowledge.json":
        data = {"entries": data["entries"][:3], "synonyms": data["synonyms"][:3]}
    elif name in ("texts.json", "red_flags.json"):
        data = cut(data)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


whole = [bytes([i]) + (CONTENT / name).read_bytes() for i, name in enumerate(files)]
small = [bytes([i]) + trimmed(name, json.loads((CONTENT / name).read_text(encoding="utf-8")))
         for i, name in enumerate(files)]
# Regressions the fuzzer found: a number too big for an int in a questionnaire (it was converted,
# undefined behaviour; now an error naming the file).
# And the same in a questionnaire's outcome rule (after_weeks of 8.9e65).
# And a red-flag phrase of a hundred "~" gaps (matching it never finished; now refused).
flags = json.loads((CONTENT / "red_flags.json").read_text(encoding="utf-8"))
flags["infection"] = ["~" * 100 + "redness"] + flags["infection"]
regressions = [bytes([4]) + b'{"id":"w","items":[{"id":"a","text":"t","max":2.46667e+46}]}',
               bytes([4]) + b'{"id":"w","items":[{"id":"a","text":"t","points":"value"}],'
               b'"outcome":{"after_weeks":888888888888888888888888888888888888888888888888888888888888888812}}',
               bytes([1]) + trimmed("red_flags.json", flags)]
write("content", whole + small + regressions)

ok = '{"ok":true,"result":{"message_id":1}}'
write("telegram_classify",
      [status(200) + ok.encode(), status(200, 1) + b'{"ok":true,"result":true}',
       status(403) + (FIXTURES / "telegram" / "sendMessage_403_blocked.json").read_bytes(),
       status(429) + (FIXTURES / "telegram" / "sendMessage_429.json").read_bytes(),
       status(400, 1) + b'{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}',
       status(502) + b"<html>Bad Gateway</html>",
       # Found by fuzzing: an "ok" that is an object threw (kept so it stays fixed), and nothing.
       status(200) + b'{"ok":{"message_id":1}}', b""])

headers = b"x-ratelimit-remaining: 0\nx-ratelimit-reset-after: 1.5\n\n"
write("discord_classify",
      [status(200) + headers + b'{"id":"1","channel_id":"2"}',
       status(204) + b"\n",
       status(429) + b"\n" + b'{"message":"You are being rate limited.","retry_after":0.64,"global":false}',
       status(429, 1) + b"x-ratelimit-global: true\n\n" + b'{"retry_after":12.5,"global":true}',
       status(403) + b"\n" + b'{"message":"Cannot send messages to this user","code":50007}',
       status(404) + b"\n" + b'{"message":"Unknown Webhook","code":10015}',
       status(400, 1) + b"\n" + b'{"message":"Invalid Form Body","code":50035}'])
