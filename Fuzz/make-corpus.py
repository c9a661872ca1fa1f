#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora (Fuzz/corpus/<target>/) and dictionary (Fuzz/solvus.dict)
from the repository: examples, test fixtures, the prelude, the built-ins, units and elements.
Run from anywhere; the output is deterministic and committed."""
import hashlib, json, os, re, glob

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FUZZ = os.path.join(ROOT, "Fuzz")
MAX = {"evaluate": 2048, "rpc": 8192, "data": 4096}
KNOWN_HANG = "\u00b0"   # the lexer loop on '°' (issue 12): the harnesses skip it until it is fixed


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def chunks(text, limit):
    """The text whole if short enough, else pieces cut at blank lines, each under limit bytes."""
    if len(text.encode()) <= limit:
        return [text]
    out, piece = [], ""
    for para in re.split(r"\n\s*\n", text):
        if piece and len((piece + "\n\n" + para).encode()) > limit:
            out.append(piece)
            piece = ""
        piece = (piece + "\n\n" + para) if piece else para
    if piece:
        out.append(piece)
    return [p.encode()[:limit].decode("utf-8", "ignore") for p in out]


def write(target, data):
    if isinstance(data, str):
        data = data.encode()
    data = data[:MAX[target]]
    if KNOWN_HANG.encode() in data:
        return
    d = os.path.join(FUZZ, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)


scripts = sorted(glob.glob(os.path.join(ROOT, "examples", "*.solvus"))
                 + glob.glob(os.path.join(ROOT, "Tests", "SolvusScriptTests", "Fixtures", "*", "*.solvus")))
scripts = [os.path.relpath(p, ROOT) for p in scripts] + ["stdlib/prelude.solvus"]
texts = [read(p) for p in scripts]

# evaluate: the scripts, whole or in pieces.
for t in texts:
    for piece in chunks(t, MAX["evaluate"]):
        write("evaluate", piece)

# rpc: sessions an editor could hold, framed as the protocol frames them.
def frame(obj):
    body = json.dumps(obj, ensure_ascii=False).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body

def session(text, n):
    uri = "file:///ws/doc%d.solvus" % n
    pos = {"line": 1, "character": 3}
    doc = {"uri": uri}
    msgs = [
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": uri, "languageId": "solvus", "version": 1, "text": text}}},
        {"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {"textDocument": doc, "position": pos}},
        {"jsonrpc": "2.0", "id": 2, "method": "textDocument/completion", "params": {"textDocument": doc, "position": pos}},
        {"jsonrpc": "2.0", "id": 3, "method": "textDocument/signatureHelp", "params": {"textDocument": doc, "position": pos}},
        {"jsonrpc": "2.0", "id": 4, "method": "textDocument/documentSymbol", "params": {"textDocument": doc}},
        {"jsonrpc": "2.0", "id": 5, "method": "textDocument/inlayHint",
         "params": {"textDocument": doc, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 5, "character": 0}}}},
        {"jsonrpc": "2.0", "method": "textDocument/didChange",
         "params": {"textDocument": {"uri": uri, "version": 2},
                    "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, "text": "x"}]}},
        {"jsonrpc": "2.0", "id": 6, "method": "solvus/evaluate", "params": {"uri": uri, "range": {"start": pos, "end": pos}}},
        {"jsonrpc": "2.0", "id": 7, "method": "solvus/evaluate", "params": {"text": text[:200]}},
        {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 6}},
        {"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": doc}},
        {"jsonrpc": "2.0", "id": 8, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    return b"".join(frame(m) for m in msgs)

for n, t in enumerate(texts):
    piece = chunks(t, 1500)[0]
    write("rpc", session(piece, n))
write("rpc", b"Content-Length: 10\r\n\r\n{\"a\":1}\nContent-Length: 2\n\n{}junk\r\n\r\n")
write("rpc", frame({"jsonrpc": "2.0", "id": "x", "method": "unknown"}) + frame([1, 2]) + b"Content-Length: 99999999999\r\n\r\n")
write("rpc", frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {"general": {"positionEncodings": ["utf-8"]}}}}))

# data: formulas (the strings in the scripts that look like formulas) and CSV tables.
formulas = set()
for t in texts:
    for s in re.findall(r'"([A-Z][A-Za-z0-9.]*)"', t):
        formulas.add(s)
for s in sorted(formulas) + ["Al0.5CoCrCuFeNi", "CoCrFeMnNi", "TiZrNbHfTa", "Cu", "Fe2O3", "H2O0.5", "Al1e3Co"]:
    write("data", s)
tables = sorted(glob.glob(os.path.join(ROOT, "examples", "**", "*.csv"), recursive=True)
                + glob.glob(os.path.join(ROOT, "stdlib", "*.csv")))
for p in tables:
    data = open(p, "rb").read()
    if len(data) > MAX["data"]:
        data = data[:data.rfind(b"\n", 0, MAX["data"]) + 1]
    write("data", data)

# The dictionary: keywords, operators, built-ins, prelude names, units, element symbols.
words = set()
keywords = "if then else and or not step true false use".split()
operators = ["(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "..", "=", "==", "!=", "<", "<=", ">", ">=",
             "+", "-", "*", "/", "^", "->", "%", "&&", "||", "!", "#", "\"", "\n", "1e308", "1e19", "-0", "0.5", "1_000"]
words.update(keywords + operators)
for p in glob.glob(os.path.join(ROOT, "Sources", "SolvusLibrary", "*.swift")):
    words.update(re.findall(r'Builtin\(\s*"([A-Za-z_][A-Za-z0-9_]*)"', read(os.path.relpath(p, ROOT))))
for line in read("stdlib/prelude.solvus").splitlines():
    m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)\s*(\(|=)", line)
    if m:
        words.add(m.group(1))
units = re.findall(r'Entry\(name: "([^"]+)"', read("Sources/SolvusCore/Units/UnitTable.swift"))
words.update(u for u in units if KNOWN_HANG not in u)
words.update(["kJ/mol", "J/(mol K)", "kJ", "GPa", "pm", "nm", "mK", "meV/atom", "cm^3/mol"])
for line in read("stdlib/elements.csv").splitlines():
    if line and not line.startswith("#"):
        sym = line.split(",")[0].strip()
        if re.fullmatch(r"[A-Z][a-z]?", sym):
            words.add(sym)
words.update(["Content-Length: ", "\r\n\r\n", "jsonrpc", "2.0", "method", "params", "id", "textDocument", "uri",
              "text", "position", "line", "character", "range", "start", "end", "contentChanges", "version",
              "initialize", "initialized", "shutdown", "exit", "textDocument/didOpen", "textDocument/didChange",
              "textDocument/didClose", "textDocument/hover", "textDocument/completion", "textDocument/signatureHelp",
              "textDocument/documentSymbol", "textDocument/inlayHint", "solvus/evaluate", "$/cancelRequest",
              "file:///ws/a.solvus"])
with open(os.path.join(FUZZ, "solvus.dict"), "w", encoding="utf-8") as f:
    f.write("# libFuzzer dictionary for Solvus, written by Fuzz/make-corpus.py: keywords, operators,\n"
            "# built-ins, prelude names, units, element symbols and the protocol's words.\n")
    for w in sorted(words):
        f.write('"%s"\n' % "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else
                                   "".join("\\x%02X" % b for b in c.encode()) for c in w))
