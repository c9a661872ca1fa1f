#!/usr/bin/env python3
"""Drives the real `solvus --mcp` process: first with the reference MCP client (the Python `mcp`
package's stdio client, as an assistant would), then with raw lines for what no client sends
(malformed input), a cancellation and file access.

Usage: python Tests/MCP/test_mcp.py PATH/TO/solvus
Prints one line per check and ends with `N passed, N failed`; exits 1 if any check failed.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

import anyio
from mcp import ClientSession, MCPError, StdioServerParameters, stdio_client

SOLVUS = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/debug/solvus")
results = {"passed": 0, "failed": 0}
# 10^8 calls of a user function (minutes): small lists, so that it is in the calls at once.
RUNAWAY = "g(x) = x^2 + 1\nh(i) = sum(map(g, 1..100000))\nsum(map(h, 1..1000))"


def check(name, condition, detail=""):
    results["passed" if condition else "failed"] += 1
    print(("ok    " if condition else "FAIL  ") + name + ("" if condition else f": {detail}"), flush=True)


def text_of(result):
    return "".join(c.text for c in result.content if c.type == "text")


# --- Part 1: the reference client ------------------------------------------------------------

async def with_client():
    params = StdioServerParameters(command=SOLVUS, args=["--mcp"])
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            # The client offers its newest version; the server answers with it when it speaks it.
            check("initialize agrees on a protocol version",
                  init.protocol_version in ("2025-11-25", "2025-06-18"), init.protocol_version)
            check("initialize names the server", init.server_info.name == "solvus", init.server_info)

            tools = {t.name: t for t in (await session.list_tools()).tools}
            expected = {"evaluate", "omega", "miedema", "rkm", "mix", "critical", "binodal", "gap", "tdb", "equilibrium"}
            check("tools/list offers every tool", expected <= set(tools), sorted(tools))
            check("every tool has an input and an output schema",
                  all(t.input_schema.get("type") == "object" and t.output_schema for t in tools.values()))
            omega_tool = tools.get("omega")
            check("omega's description is its :help text, with sources",
                  omega_tool is not None and "Takeuchi & Inoue" in omega_tool.description
                  and "Yang & Zhang" in omega_tool.description, omega_tool and omega_tool.description[:200])
            check("omega's argument descriptions give units and tables",
                  omega_tool is not None and "kJ/mol" in omega_tool.input_schema["properties"]["pairs"]["description"]
                  and omega_tool.input_schema["properties"]["radius"]["enum"] == ["hea_bench", "cn12", "miracle"])

            # Seed 002's Cantor alloy: Ω 5.794, δ 3.164 %.
            r = await session.call_tool("omega", {"comp": "CoCrFeMnNi"})
            v = (r.structured_content or {}).get("value", {})
            om, de = v.get("omega", {}), v.get("delta", {})
            check("omega CoCrFeMnNi: Ω 5.794", not r.is_error and abs(om.get("value", 0) - 5.794) < 5e-4, v.get("omega"))
            check("omega CoCrFeMnNi: δ 3.164 % with unit and dimension",
                  abs(de.get("value", 0) - 3.164) < 5e-4 and de.get("unit") == "%"
                  and de.get("dimension") == "dimensionless number", de)
            check("omega's text rendering", "omega: 5.79398" in text_of(r), text_of(r)[:200])
            check("omega's answer names the Solvus call", (r.structured_content or {}).get("call") == 'omega("CoCrFeMnNi")',
                  (r.structured_content or {}).get("call"))

            r = await session.call_tool("evaluate", {"text": "T = 900 K\n1 K + 1 kJ/mol"})
            check("evaluate with a units error is a tool error", r.is_error is True, r)
            check("the tool error carries E301 and the caret", "error[E301]: cannot add a temperature (K) and a molar energy (kJ/mol)"
                  in text_of(r) and "^" in text_of(r), text_of(r))
            diags = (r.structured_content or {}).get("diagnostics", [])
            check("the structured error has the ID", diags and diags[0]["code"] == "E301", diags)

            r = await session.call_tool("evaluate", {"text": "m = regular(17.5 kJ/mol)\nmix(m, x: 0.3, T: 900 K).G"})
            vals = (r.structured_content or {}).get("values", [])
            check("evaluate gives values with units",
                  not r.is_error and len(vals) == 2 and vals[0]["name"] == "m"
                  and abs(vals[1]["value"]["value"] + 0.8961075637797139) < 1e-12 and vals[1]["value"]["unit"] == "kJ/mol", vals)

            # A what-if session: bindings persist between calls with the same name.
            await session.call_tool("evaluate", {"text": "sub = subregular(15 kJ/mol, 4 kJ/mol)", "session": "whatif"})
            r = await session.call_tool("critical", {"model": "sub", "session": "whatif"})
            x = (r.structured_content or {}).get("value", {}).get("x", {})
            check("a named session keeps its bindings (critical x 0.352333)",
                  not r.is_error and abs(x.get("value", 0) - 0.352333) < 1e-6, r)
            r = await session.call_tool("evaluate", {"text": "sub"})
            check("a fresh session does not see them", r.is_error and "unknown name 'sub'" in text_of(r), text_of(r))

            r = await session.call_tool("mix", {"model": "regular(17.5 kJ/mol)", "x": [0.3, 0.5], "T": 900})
            g = (r.structured_content or {}).get("value", {}).get("G", [])
            check("mix with a list of x and T as a number in K",
                  not r.is_error and len(g) == 2 and abs(g[0]["value"] + 0.896108) < 1e-6, r)
            r = await session.call_tool("binodal", {"model": "regular(17.5 kJ/mol)", "T": "900 K"})
            b = (r.structured_content or {}).get("value", [])
            check("binodal at 900 K is [0.190033, 0.809967]",
                  len(b) == 2 and abs(b[0]["value"] - 0.190033) < 1e-6 and abs(b[1]["value"] - 0.809967) < 1e-6, b)
            # equilibrium of one typed-in phase with a gap: it splits at the binodal.
            r = await session.call_tool("equilibrium", {
                "phases": '[{name: "S", model: regular(20 kJ/mol), G: [0 J/mol, 0 J/mol]}]',
                "components": ["A", "B"], "x": 0.5, "T": 800})
            v = (r.structured_content or {}).get("value", {})
            xs = [p.get("value") if isinstance(p, dict) else p for p in v.get("x", [])]
            check("equilibrium splits a regular solution at its binodal",
                  not r.is_error and v.get("phases") == ["S", "S"] and len(xs) == 2
                  and abs(xs[0] - 0.0700893) < 1e-6 and abs(xs[1] - 0.929911) < 1e-6, r)
            r = await session.call_tool("tdb", {"path": "pbsn.tdb"})
            check("tdb without --root is a tool error (no file access)", r.is_error and "E518" in text_of(r), text_of(r))
            r = await session.call_tool("rkm", {"system": {"Bi-Sb": [2230]}, "comp": {"Bi": 1, "Sb": 1}, "T": 973})
            h = (r.structured_content or {}).get("value", {}).get("H", {})
            check("rkm of Bi-Sb at 973 K: H 557.5 J/mol", abs(h.get("value", 0) - 557.5) < 1e-9 and h.get("unit") == "J/mol", r)

            # Bad arguments: the assistant gets a tool error naming the problem.
            r = await session.call_tool("mix", {"model": "regular(17.5 kJ/mol)", "x": 0.3, "T": True})
            check("a mistyped argument is a tool error naming it", r.is_error and "'T'" in text_of(r), text_of(r))
            r = await session.call_tool("mix", {"model": "regular(17.5 kJ/mol)", "x": 0.3})
            check("a missing argument is a tool error naming it", r.is_error and "missing argument 'T'" in text_of(r), text_of(r))
            r = await session.call_tool("omega", {"comp": "CoCrFeMnNi", "radius": "cn12", "colour": "red"})
            check("an unknown argument is a tool error naming it", r.is_error and "'colour'" in text_of(r), text_of(r))
            r = await session.call_tool("critical", {"model": "regular(17.5 K)"})
            check("a model with the wrong unit gets Solvus's diagnostic", r.is_error and "error[E" in text_of(r)
                  and "critical(regular(17.5 K))" in text_of(r), text_of(r))
            r = await session.call_tool("omega", {"comp": "CoCrFeMnXx"})
            check("an unknown element points inside the formula", r.is_error and "Xx" in text_of(r) and "^" in text_of(r), text_of(r))
            r = await session.call_tool("mix", {"model": "regular(17.5 kJ/mol", "x": 0.3, "T": 900})
            check("a syntax error in an argument names the argument",
                  r.is_error and "argument 'model'" in text_of(r), text_of(r))

            # No file access without --root.
            r = await session.call_tool("evaluate", {"text": 'load("data.csv")'})
            check("load is an error without --root", r.is_error and "E518" in text_of(r), text_of(r))

            # A runaway evaluation is stopped by the time budget (2 s), and the server goes on.
            start = time.monotonic()
            r = await session.call_tool("evaluate", {"text": RUNAWAY})
            elapsed = time.monotonic() - start
            check("a runaway evaluate is stopped by the time limit (E604)", r.is_error and "E604" in text_of(r), text_of(r))
            check("... after about 2 s", 1.5 < elapsed < 15, f"{elapsed:.1f} s")
            r = await session.call_tool("critical", {"model": "regular(17.5 kJ/mol)"})
            check("the server serves after the runaway", not r.is_error and "1052.38" in text_of(r), text_of(r))

            # Resources.
            uris = [str(res.uri) for res in (await session.list_resources()).resources]
            for uri in ["solvus://reference", "solvus://builtins/omega", "solvus://data/elements.csv",
                        "solvus://data/SOURCES.md", "solvus://examples/regular_solution.solvus"]:
                check(f"resources/list has {uri}", uri in uris, len(uris))
            contents = (await session.read_resource("solvus://builtins/omega")).contents
            check("the omega resource is its :help text", contents and "Takeuchi & Inoue" in contents[0].text, contents)
            contents = (await session.read_resource("solvus://data/elements.csv")).contents
            check("the element table reads", contents and "symbol," in contents[0].text and "\nCu," in contents[0].text,
                  contents and contents[0].text[:80])
            contents = (await session.read_resource("solvus://reference")).contents
            check("the language reference reads", contents and "units" in contents[0].text, contents)
            try:
                await session.read_resource("solvus://nothing")
                check("an unknown resource is an error", False, "no error")
            except MCPError as e:
                check("an unknown resource is error -32002", e.code == -32002, e)

            prompts = [p.name for p in (await session.list_prompts()).prompts]
            check("prompts/list", prompts == ["screen_hea_family", "compare_extrapolations", "critical_point"], prompts)
            p = await session.get_prompt("critical_point", {"model": "regular(17.5 kJ/mol)"})
            check("prompts/get fills the template", "regular(17.5 kJ/mol)" in p.messages[0].content.text, p)

            try:
                await session.call_tool("no_such_tool", {})
                check("an unknown tool is a protocol error", False, "no error")
            except MCPError as e:
                check("an unknown tool is error -32602", e.code == -32602 and "no_such_tool" in e.message, e)


# --- Part 2: raw lines -------------------------------------------------------------------------

class Raw:
    def __init__(self, *args):
        self.p = subprocess.Popen([SOLVUS, "--mcp", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL)

    def send(self, line):
        self.p.stdin.write(line if isinstance(line, bytes) else line.encode())
        self.p.stdin.write(b"\n")
        self.p.stdin.flush()

    def request(self, id, method, params=None):
        m = {"jsonrpc": "2.0", "id": id, "method": method}
        if params is not None:
            m["params"] = params
        self.send(json.dumps(m))

    def recv(self):
        return json.loads(self.p.stdout.readline())

    def initialize(self):
        self.request(0, "initialize", {"protocolVersion": "2024-11-05", "capabilities": {},
                                       "clientInfo": {"name": "raw", "version": "1"}})
        r = self.recv()
        self.send('{"jsonrpc": "2.0", "method": "notifications/initialized"}')
        return r

    def alive(self, id):
        self.request(id, "ping")
        r = self.recv()
        return r.get("id") == id and r.get("result") == {}

    def close(self):
        self.p.stdin.close()
        return self.p.wait(timeout=10)


def raw_checks():
    s = Raw()
    s.request(1, "tools/list")
    r = s.recv()
    check("a request before initialize is refused", r.get("error", {}).get("code") == -32002, r)
    r = s.initialize()
    check("an older protocol version is accepted as asked", r["result"]["protocolVersion"] == "2024-11-05", r)
    s.request(2, "tools/list")
    tools = s.recv()["result"]["tools"]
    check("no output schemas before 2025-06-18", all("outputSchema" not in t for t in tools))

    s.send("this is not json")
    r = s.recv()
    check("not JSON: -32700 with id null", r.get("error", {}).get("code") == -32700 and r.get("id") is None, r)
    check("... and the server keeps serving", s.alive(3))

    s.send('[{"jsonrpc": "2.0", "id": 4, "method": "ping"}]')
    r = s.recv()
    check("a batch: -32600", r.get("error", {}).get("code") == -32600, r)
    s.send('{"jsonrpc": "1.0", "id": 5, "method": "ping"}')
    r = s.recv()
    check("a wrong jsonrpc version: -32600 with the id", r.get("error", {}).get("code") == -32600 and r.get("id") == 5, r)
    s.send('{"jsonrpc": "2.0", "id": {"x": 1}, "method": "ping"}')
    r = s.recv()
    check("an id that is an object: -32600", r.get("error", {}).get("code") == -32600, r)

    s.request(6, "tools/frobnicate")
    r = s.recv()
    check("an unknown method: -32601 with the id", r.get("error", {}).get("code") == -32601 and r.get("id") == 6, r)
    s.send('{"jsonrpc": "2.0", "method": "notifications/whatever"}')
    check("an unknown notification is ignored", s.alive(7))

    s.request(8, "tools/call", {"arguments": {}})
    r = s.recv()
    check("tools/call without a name: -32602 naming it", r.get("error", {}).get("code") == -32602
          and "'name'" in r["error"]["message"], r)
    s.request(9, "tools/call", {"name": "omega", "arguments": "CoCrFeMnNi"})
    r = s.recv()
    check("arguments that are not an object: -32602", r.get("error", {}).get("code") == -32602, r)
    s.request(10, "resources/read", {"uri": 42})
    r = s.recv()
    check("a uri that is not a string: -32602", r.get("error", {}).get("code") == -32602, r)
    s.request(11, "tools/call", {"name": "fly", "arguments": {}})
    r = s.recv()
    check("an unknown tool: -32602", r.get("error", {}).get("code") == -32602 and "'fly'" in r["error"]["message"], r)

    start = time.monotonic()
    s.request(12, "tools/call", {"name": "evaluate", "arguments": {"text": "1 + " * 2_500_000 + "1"}})
    r = s.recv()
    check("a 10 MB argument: -32602 naming it and the limit", r.get("error", {}).get("code") == -32602
          and "'arguments.text' is 10000001 bytes" in r["error"]["message"], r)
    check("... answered in under 5 s", time.monotonic() - start < 5, f"{time.monotonic() - start:.1f} s")
    check("... and the server keeps serving", s.alive(13))

    check("the server exits 0 at the end of its input", s.close() == 0)

    # Cancelling a running evaluation (under a 60 s budget): no answer to it, and the next request
    # is served at once.
    s = Raw("--time-limit", "60")
    s.initialize()
    s.request(14, "tools/call", {"name": "evaluate", "arguments": {"text": RUNAWAY}})
    time.sleep(0.5)
    start = time.monotonic()
    s.send('{"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 14}}')
    answered = s.alive(15)
    check("after a cancellation the next request is answered, not the cancelled one", answered)
    check("a cancelled call stops, unanswered, long before its time limit", time.monotonic() - start < 10,
          f"{time.monotonic() - start:.2f} s")
    s.close()


def root_checks():
    with tempfile.TemporaryDirectory() as outer:
        root = os.path.join(outer, "root")
        os.mkdir(root)
        with open(os.path.join(root, "t.csv"), "w") as f:
            f.write("T [K],G [J/mol]\n900,-1\n1000,-2\n")
        with open(os.path.join(outer, "secret.csv"), "w") as f:
            f.write("a\n1\n")
        s = Raw("--root", root)
        s.initialize()

        def evaluate(id, text):
            s.request(id, "tools/call", {"name": "evaluate", "arguments": {"text": text}})
            return s.recv()["result"]

        r = evaluate(1, 'load("t.csv").T')
        check("with --root, load reads inside it", not r["isError"] and "[900, 1000] K" in r["content"][0]["text"], r)
        r = evaluate(2, 'load("../secret.csv")')
        check("with --root, load outside it is E514", r["isError"] and "E514" in r["content"][0]["text"], r)
        r = evaluate(3, 'save(table({x: [1, 2]}), "out.csv")')
        check("with --root, save writes inside it", not r["isError"] and os.path.exists(os.path.join(root, "out.csv")), r)
        r = evaluate(4, f'save(table({{x: [1, 2]}}), "{outer}/out.csv")')
        check("with --root, save outside it is refused", r["isError"] and not os.path.exists(os.path.join(outer, "out.csv")), r)
        s.close()


anyio.run(with_client)
raw_checks()
root_checks()
print(f"{results['passed']} passed, {results['failed']} failed")
sys.exit(1 if results["failed"] else 0)
