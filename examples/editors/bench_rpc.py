#!/usr/bin/env python3
"""Speed of `solvus --rpc`, measured end to end as an editor sees it.

    swift build -c release
    python3 examples/editors/bench_rpc.py .build/release/solvus

Diagnostics: a 1,000-line document is edited (one line changed, incremental sync) and the time
from sending the change to receiving its publishDiagnostics is taken, 200 times. Hover and
completion: 1,000 requests each, one at a time, timed from sending to the response;
completion both after a word (`mi`) and with nothing typed (the first 100 of 1,022 names).
Memory (Linux): the server's resident size after 10 and after 1,000 evaluations of the same
document through solvus/evaluate (each in a fresh session, which must be freed).
"""
import json
import subprocess
import sys
import time


class Client:
    def __init__(self, exe):
        self.p = subprocess.Popen([exe, "--rpc"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 0

    def send(self, message):
        body = json.dumps(message).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def receive(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise EOFError("the server closed its output")
            if line == b"\r\n":
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.p.stdout.read(length))

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params=None):
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        while True:
            m = self.receive()
            if m.get("id") == self.next_id:
                return m

    def wait_diagnostics(self, version):
        while True:
            m = self.receive()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version:
                return m["params"]["diagnostics"]


def document():
    """1,000 lines of what-if statements: models, mixing, critical points, ranges."""
    lines = []
    for i in range(100):
        lines += [
            f"# block {i}",
            f"Tk{i} = {800 + i} K",
            f"Omega{i} = {10 + i * 0.1:.1f} kJ/mol",
            f"m{i} = regular(Omega{i})",
            f"r{i} = mix(m{i}, x: 0.3, T: Tk{i})",
            f"c{i} = critical(m{i})",
            f"dG{i} = r{i}.G -> J/mol",
            f"xs{i} = 0.1..0.9 step 0.1",
            f"g{i} = mix(m{i}, x: xs{i}, T: Tk{i}).G",
            f"s{i} = critical(subregular(15 kJ/mol, {i % 5} kJ/mol))",
        ]
    return "\n".join(lines) + "\n"


def percentile(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def report(name, seconds):
    ms = [s * 1000 for s in seconds]
    print(f"{name:<34} n={len(ms):<5} median {percentile(ms, 50):7.2f} ms   p99 {percentile(ms, 99):7.2f} ms"
          f"   max {max(ms):7.2f} ms")


def main():
    exe = sys.argv[1] if len(sys.argv) > 1 else ".build/release/solvus"
    c = Client(exe)
    c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    c.notify("initialized", {})
    uri = "untitled:bench.solvus"
    text = document()
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "solvus", "version": 1, "text": text}})
    assert c.wait_diagnostics(1) == [], "the benchmark document should have no errors"

    # Diagnostics after an edit of one line (a temperature changes).
    times = []
    for k in range(200):
        block = k % 100
        line = 10 * block + 1
        old = f"Tk{block} = {800 + block} K"
        new = f"Tk{block} = {800 + block + (k % 7)} K"
        version = k + 2
        start = time.perf_counter()
        c.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": line, "character": 0},
                                          "end": {"line": line, "character": len(old)}}, "text": new}]})
        c.wait_diagnostics(version)
        times.append(time.perf_counter() - start)
        # Put the line back (not timed), so that each edit starts from the same text.
        c.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version + 1000},
            "contentChanges": [{"range": {"start": {"line": line, "character": 0},
                                          "end": {"line": line, "character": len(new)}}, "text": old}]})
        c.wait_diagnostics(version + 1000)
    report("diagnostics, 1,000-line document", times)

    def timed(method, params_for, n=1000):
        times = []
        for k in range(n):
            params = params_for(k)
            start = time.perf_counter()
            r = c.request(method, params)
            times.append(time.perf_counter() - start)
            assert "result" in r and r["result"] is not None, r
        return times

    def at(line, character):
        return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}

    # Hover over a built-in (mix), a variable (Tk12) and a unit (kJ), in turn.
    hovers = [lambda b: at(10 * b + 4, len(f"r{b} = m")), lambda b: at(10 * b + 1, 1),
              lambda b: at(10 * b + 2, len(f"Omega{b} = 10.0 k"))]
    report("hover", timed("textDocument/hover", lambda k: hovers[k % 3](k % 100)))
    report("completion, word typed (mi)", timed("textDocument/completion", lambda k: at(10 * (k % 100) + 4, len(f"r{k % 100} = mi"))))
    report("completion, nothing typed", timed("textDocument/completion", lambda k: at(10 * (k % 100) + 4, len(f"r{k % 100} = "))))
    report("signature help", timed("textDocument/signatureHelp", lambda k: at(10 * (k % 100) + 4, len(f"r{k % 100} = mix(m"))))
    report("inlay hints, whole document", timed("textDocument/inlayHint", lambda k: {
        "textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 1000, "character": 0}}}, 100))

    # documentSymbol of a 100,000-line document (at most 5,000 symbols are sent).
    big = "".join(f"x{i} = {i}\n" for i in range(100_000))
    c.notify("textDocument/didOpen", {"textDocument": {"uri": "untitled:big", "languageId": "solvus", "version": 1, "text": big}})
    c.wait_diagnostics(1)
    report("document symbols, 100,000 lines", timed("textDocument/documentSymbol", lambda k: {"textDocument": {"uri": "untitled:big"}}, 20))
    c.notify("textDocument/didClose", {"textDocument": {"uri": "untitled:big"}})

    def resident_kb():
        with open(f"/proc/{c.p.pid}/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))

    if sys.platform.startswith("linux"):
        sizes = {}
        for k in range(1, 1001):
            c.request("solvus/evaluate", {"text": text})
            if k in (10, 1000):
                sizes[k] = resident_kb()
        print(f"{'resident memory, 10 -> 1,000 evaluations':<34} {sizes[10] / 1024:.1f} MB -> {sizes[1000] / 1024:.1f} MB"
              f" ({(sizes[1000] / sizes[10] - 1) * 100:+.1f} %)")

    c.request("shutdown")
    c.notify("exit", None)
    c.p.wait()


if __name__ == "__main__":
    main()
