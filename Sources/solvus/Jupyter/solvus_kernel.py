"""The Solvus kernel for Jupyter: a wrapper kernel on ipykernel that talks to `solvus --rpc`.

Each notebook gets one `solvus --rpc` process and one named, persistent session in it
(`solvus/session/evaluate`), so a binding made in one cell is there in the next, and an error
in a cell loses nothing. Plots are shown as SVG, tables as HTML, errors with their caret.
`solvus --install-jupyter-kernel` installs this file with a kernel.json that names the solvus
binary (SOLVUS_EXECUTABLE).
"""

import json
import os
import queue
import re
import subprocess
import sys
import threading

from ipykernel.kernelbase import Kernel

SESSION = "notebook"


def end_with_parent():
    """In the child, before exec: on Linux, end the server when the kernel ends, even if the
    kernel is killed while a cell is running."""
    try:
        import ctypes
        import signal
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


class RPCConnection:
    """`solvus --rpc` over its pipes: Content-Length framed JSON-RPC 2.0."""

    def __init__(self, executable, root):
        self.process = subprocess.Popen(
            [executable, "--rpc"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, cwd=root, preexec_fn=end_with_parent)
        self.next_id = 0
        self.responses = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        root_uri = "file://" + os.path.abspath(root)
        # No time limit: a notebook's long cell is stopped by the kernel's interrupt.
        self.request("initialize", {"processId": os.getpid(), "rootUri": root_uri,
                                    "initializationOptions": {"timeLimit": 0}})
        self.notify("initialized", {})

    def _read(self):
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    self.responses.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            if length is None:
                continue
            message = json.loads(stream.read(length))
            if "id" in message and ("result" in message or "error" in message):
                self.responses.put(message)

    def _send(self, message):
        body = json.dumps(message).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method, params):
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def start(self, method, params):
        """Sends a request; returns its id."""
        self.next_id += 1
        self._send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def wait(self, request_id, on_interrupt=None):
        """The answer to `request_id`. A KeyboardInterrupt (the kernel's interrupt) while
        waiting calls `on_interrupt` and goes on waiting for the answer."""
        while True:
            try:
                message = self.responses.get(timeout=0.05)
            except queue.Empty:
                continue
            except KeyboardInterrupt:
                if on_interrupt:
                    on_interrupt()
                continue
            if message is None:
                raise RuntimeError("solvus --rpc ended")
            if message.get("id") == request_id:
                return message

    def request(self, method, params, on_interrupt=None):
        return self.wait(self.start(method, params), on_interrupt)

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=5)
        except Exception:
            self.process.kill()


OPENERS = {")": "(", "]": "[", "}": "{"}


def input_status(code):
    """'complete', or 'incomplete' while a bracket is open, a string continues with `\\` or
    the code ends with a binary operator, as the REPL decides."""
    stack, in_string, escaped, in_comment = [], False, False, False
    for c in code:
        if in_comment:
            in_comment = c != "\n"
            continue
        if in_string:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                in_string = False
            elif c == "\n":
                return "complete"
            continue
        if c == "#":
            in_comment = True
        elif c == '"':
            in_string = True
        elif c in "([{":
            stack.append(c)
        elif c in ")]}":
            if not stack or stack[-1] != OPENERS[c]:
                return "complete"
            stack.pop()
    if stack or (in_string and escaped):
        return "incomplete"
    code_only = re.sub(r"#[^\n]*", "", code).rstrip()
    if code_only.endswith("\\") or re.search(r"(\+|(?<!-)-|\*|/|==|!=|<=|>=|<|(?<!-)>|&&|\|\||\band|\bor)$", code_only):
        return "incomplete"
    return "complete"


class SolvusKernel(Kernel):
    implementation = "solvus"
    implementation_version = "0.1.0"
    language = "solvus"
    language_version = "0.1.0"
    language_info = {
        "name": "solvus",
        "version": "0.1.0",
        "mimetype": "text/x-solvus",
        "file_extension": ".solvus",
        "codemirror_mode": "null",
        "pygments_lexer": "text",
    }
    banner = "Solvus: a units-aware language for the thermodynamics of mixing"
    help_links = []

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        executable = os.environ.get("SOLVUS_EXECUTABLE", "solvus")
        self.rpc = RPCConnection(executable, os.getcwd())
        self.running = None

    # Execution

    def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False):
        if not code.strip():
            return self._ok()
        asked = re.fullmatch(r"\s*\??\s*([A-Za-z_\u00c0-\uffff][\w\u00c0-\uffff]*)\s*\?\s*|\s*\?\s*([A-Za-z_][\w]*)\s*", code)
        if asked:
            # `mix?` or `?mix`: the documentation, as `:help mix` in the REPL.
            name = asked.group(1) or asked.group(2)
            result = self.rpc.request("solvus/session/help", {"session": SESSION, "name": name}).get("result", {})
            text = result.get("text") if result.get("found") else "no documentation for '%s'" % name
            if not silent:
                self.send_response(self.iopub_socket, "stream", {"name": "stdout", "text": text + "\n"})
            return self._ok()
        request = self.rpc.start("solvus/session/evaluate", {
            "session": SESSION, "text": code, "rich": True, "name": "<cell %d>" % self.execution_count})
        answer = self.rpc.wait(request, on_interrupt=lambda: self.rpc.notify("$/cancelRequest", {"id": request}))
        if "error" in answer:
            error = answer["error"]
            interrupted = error.get("code") == -32800
            return self._error("Interrupted" if interrupted else "E000", error.get("message", ""),
                               [error.get("message", "")], silent)
        result = answer["result"]
        expressions = [e for e in result["entries"] if e["kind"] == "expression"]
        last = expressions[-1] if expressions else None
        for entry in result["entries"]:
            if entry.get("output") and not silent:
                self.send_response(self.iopub_socket, "stream", {"name": "stdout", "text": entry["output"]})
            if entry["kind"] != "expression" or silent:
                continue
            data = {"text/plain": entry.get("plot") or entry.get("text", "")}
            if entry.get("svg"):
                data["image/svg+xml"] = entry["svg"]
            if entry.get("html"):
                data["text/html"] = entry["html"]
            if entry is last and not result["errors"]:
                self.send_response(self.iopub_socket, "execute_result",
                                   {"execution_count": self.execution_count, "data": data, "metadata": {}})
            else:
                self.send_response(self.iopub_socket, "display_data", {"data": data, "metadata": {}})
        if result["errors"]:
            first = result["errors"][0]
            name = "Interrupted" if first["interrupted"] else first["code"]
            traceback = [e["rendered"].rstrip("\n") for e in result["errors"]]
            return self._error(name, first["message"], traceback, silent)
        return self._ok()

    def _ok(self):
        return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}

    def _error(self, name, value, traceback, silent):
        content = {"ename": name, "evalue": value, "traceback": traceback}
        if not silent:
            self.send_response(self.iopub_socket, "error", content)
        return dict(content, status="error", execution_count=self.execution_count)

    # Completion, inspection, completeness

    def do_complete(self, code, cursor_pos):
        answer = self.rpc.request("solvus/session/complete", {"session": SESSION, "text": code, "cursor": cursor_pos})
        result = answer.get("result") or {"matches": [], "start": cursor_pos, "end": cursor_pos}
        return {"status": "ok", "matches": result["matches"], "cursor_start": result["start"],
                "cursor_end": result["end"], "metadata": {}}

    def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        name = word_at(code, cursor_pos)
        answer = self.rpc.request("solvus/session/help", {"session": SESSION, "name": name}) if name else {}
        result = answer.get("result") or {"found": False, "text": ""}
        data = {"text/plain": result["text"]} if result["found"] else {}
        return {"status": "ok", "found": result["found"], "data": data, "metadata": {}}

    def do_is_complete(self, code):
        status = input_status(code)
        return {"status": status, "indent": "    " if status == "incomplete" else ""}

    def do_shutdown(self, restart):
        self.rpc.close()
        return {"status": "ok", "restart": restart}


def word_at(code, cursor):
    """The name at or just before the cursor (`mix` in `mix(` or `mix?`)."""
    cursor = max(0, min(cursor, len(code)))
    start = cursor
    while start > 0 and (code[start - 1].isalnum() or code[start - 1] == "_"):
        start -= 1
    end = cursor
    while end < len(code) and (code[end].isalnum() or code[end] == "_"):
        end += 1
    if start == end and start > 0 and code[start - 1] in "(?":
        return word_at(code, start - 1)
    return code[start:end]


if __name__ == "__main__":
    import signal
    # The front end interrupts with SIGINT; a parent that ignored it must not make us ignore it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    from ipykernel.kernelapp import IPKernelApp
    IPKernelApp.launch_instance(kernel_class=SolvusKernel)
