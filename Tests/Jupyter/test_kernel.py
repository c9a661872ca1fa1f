"""Drives the real Solvus Jupyter kernel through jupyter_client, as a notebook front end does.

Usage: python test_kernel.py SOLVUS_EXECUTABLE
Installs the kernelspec into a temporary prefix with `solvus --install-jupyter-kernel`, starts
the kernel, runs cells, interrupts a long one, completes, inspects, runs the example notebooks,
shuts down. Prints 'N passed, N failed' and exits non-zero on any failure.
"""

import os
import subprocess
import sys
import tempfile
import time

import jupyter_client
import nbformat
from nbclient import NotebookClient

solvus = os.path.abspath(sys.argv[1])
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
prefix = tempfile.mkdtemp(prefix="solvus-kernel-")
subprocess.run([solvus, "--install-jupyter-kernel", "--prefix", prefix, "--python", sys.executable], check=True)
os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")

passed, failed = 0, 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print("FAIL:", name, detail)


def run(client, code, timeout=60):
    """Executes `code`; returns (reply content, the iopub messages of the cell)."""
    msg_id = client.execute(code)
    messages = []
    while True:
        msg = client.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
        messages.append(msg)
    reply = client.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = client.get_shell_msg(timeout=timeout)
    return reply["content"], messages


def outputs(messages, kind):
    return [m["content"] for m in messages if m["msg_type"] == kind]


manager = jupyter_client.KernelManager(kernel_name="solvus")
manager.start_kernel(cwd=root)
client = manager.client()
client.start_channels()
client.wait_for_ready(timeout=60)

info = client.kernel_info(reply=True)["content"]
check("kernel_info language", info["language_info"]["name"] == "solvus"
      and info["language_info"]["file_extension"] == ".solvus"
      and info["language_info"]["mimetype"] == "text/x-solvus", info)

# A binding, then its use in the next cell.
reply, _ = run(client, "m = regular(17.5 kJ/mol)\nT = 900 K")
check("binding ok", reply["status"] == "ok", reply)
reply, messages = run(client, "mix(m, x: 0.3, T: T).G")
results = outputs(messages, "execute_result")
check("value of the next cell", results and results[0]["data"]["text/plain"] == "-0.896108 kJ/mol", results)

# print goes to the stream.
reply, messages = run(client, 'print("Tc:", critical(m).T)')
streams = outputs(messages, "stream")
check("print to stdout", streams and streams[0]["text"] == "Tc: 1052.38 K\n", streams)
check("print has no value", not outputs(messages, "execute_result"), messages)

# A plot: image/svg+xml beside the braille text plot.
reply, messages = run(client, "x = 0.01..0.99 step 0.01\nplot(line(x, mix(m, x: x, T: T).G, label: \"900 K\"))")
results = outputs(messages, "execute_result")
check("plot as SVG", results and results[0]["data"].get("image/svg+xml", "").lstrip().startswith("<?xml")
      and "<svg" in results[0]["data"]["image/svg+xml"], results)
check("plot as text", results and "⠀" in results[0]["data"]["text/plain"] or "⣀" in results[0]["data"]["text/plain"], results)

# A table: text/html.
reply, messages = run(client, "table(gap(m, T: 600 K..1000 K step 100 K))")
results = outputs(messages, "execute_result")
check("table as HTML", results and "<table" in results[0]["data"].get("text/html", "")
      and "binodal_left" in results[0]["data"]["text/plain"], results)

# A units error: an error reply carrying E301 and the caret.
reply, messages = run(client, "1 K + 1 kJ/mol")
errors = outputs(messages, "error")
check("error reply", reply["status"] == "error" and reply["ename"] == "E301", reply)
check("traceback with caret", errors and "^" in "\n".join(errors[0]["traceback"])
      and "cannot add a temperature (K) and a molar energy (kJ/mol)" in "\n".join(errors[0]["traceback"]), errors)
# ... and nothing was lost.
reply, messages = run(client, "critical(m).T")
results = outputs(messages, "execute_result")
check("session survives an error", results and results[0]["data"]["text/plain"] == "1052.38 K", messages)

# Interrupt a long cell, then run another.
msg_id = client.execute("h(n) = if n <= 0 then 0 else h(n - 1) + 1\nbig = sum(map(h, 1..20000))")
# Interrupt once the cell is running (its input was broadcast), as a person would.
while True:
    msg = client.get_iopub_msg(timeout=60)
    if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
        break
time.sleep(1.0)
started = time.time()
manager.interrupt_kernel()
reply = client.get_shell_msg(timeout=30)
while reply["parent_header"].get("msg_id") != msg_id:
    reply = client.get_shell_msg(timeout=30)
check("interrupt stops the cell", reply["content"]["status"] == "error"
      and time.time() - started < 10, reply["content"])
reply, messages = run(client, "T -> K")
if reply.get("status") == "aborted":
    # ipykernel aborts requests that reach it while it is still clearing its queue after an
    # error (a race on a loaded machine): that is the front end's policy, not a lost session.
    time.sleep(0.5)
    reply, messages = run(client, "T -> K")
results = outputs(messages, "execute_result")
check("a cell after the interrupt", results and results[0]["data"]["text/plain"] == "900 K", (reply, messages))
reply, messages = run(client, "big")
check("the interrupted binding is not made", reply["status"] == "error", reply)

# Completion and inspection.
content = client.complete("mi", 2, reply=True)["content"]
check("complete mi", "mix" in content["matches"] and "miedema" in content["matches"]
      and content["cursor_start"] == 0 and content["cursor_end"] == 2, content)
content = client.complete('omega("AlCo', 11, reply=True)["content"]
check("complete element symbols", "Co" in content["matches"] or "Cr" in content["matches"], content)
content = client.inspect("mix(", 4, reply=True)["content"]
check("inspect mix", content["found"] and "mix(" in content["data"]["text/plain"], content)
reply, messages = run(client, "mix?")
streams = outputs(messages, "stream")
check("mix? shows help", streams and "mix(" in streams[0]["text"], messages)

# is_complete
def is_complete(code):
    msg_id = client.is_complete(code)
    reply = client.get_shell_msg(timeout=30)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = client.get_shell_msg(timeout=30)
    return reply["content"]["status"]


check("is_complete open bracket", is_complete("g(x) = {") == "incomplete")
check("is_complete trailing operator", is_complete("1 +") == "incomplete")
check("is_complete complete", is_complete("1 + 2") == "complete")

client.stop_channels()
manager.shutdown_kernel(now=False)

# The example notebooks run cell by cell without an error.
notebooks = os.path.join(root, "examples", "notebooks")
for name in sorted(os.listdir(notebooks)):
    if not name.endswith(".ipynb"):
        continue
    notebook = nbformat.read(os.path.join(notebooks, name), as_version=4)
    try:
        NotebookClient(notebook, timeout=120, kernel_name="solvus",
                       resources={"metadata": {"path": notebooks}}).execute()
        ok = True
    except Exception as error:  # a cell's error, with its traceback
        ok = False
        print(error)
    check("notebook " + name, ok)

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
