"""pycalphad 0.11.2's time for the diagrams and points solvus-bench times.

Run from the package root, with pycalphad 0.11.2 installed, right after solvus-bench:

    python Tests/Reference/time_pycalphad_diagram.py

For Pb-Sn (300-700 K) and Al-Zn (300-1000 K) it times one equilibrium point (median of 10, after
one warm-up call that builds pycalphad's model cache) and the whole diagram with pycalphad's
mapping (BinaryStrategy, as binplot uses it).
"""
import time
import numpy as np
from pycalphad import Database, equilibrium, variables as v
from pycalphad.mapping import BinaryStrategy

CASES = [
    ("pbsn.tdb", ["PB", "SN"], ["LIQUID", "FCC_A1", "BCT_A5"], 300.0, 700.0),
    ("alzn_mey.tdb", ["AL", "ZN"], ["LIQUID", "FCC_A1", "HCP_A3"], 300.0, 1000.0),
]

for file, comps, phases, low, high in CASES:
    db = Database("examples/data/tdb/" + file)
    conds = {v.X(comps[1]): 0.37, v.T: 0.5 * (low + high), v.P: 101325, v.N: 1}
    equilibrium(db, comps + ["VA"], phases, conds)
    times = []
    for _ in range(10):
        t = time.perf_counter()
        equilibrium(db, comps + ["VA"], phases, conds)
        times.append(time.perf_counter() - t)
    print(f"pycalphad equilibrium, one point, {file}: median {np.median(times) * 1e3:.1f} ms")
    t = time.perf_counter()
    strategy = BinaryStrategy(db, comps + ["VA"], phases,
                              {v.X(comps[1]): (0, 1, 0.01), v.T: (low, high, 5), v.P: 101325, v.N: 1})
    strategy.do_map()
    print(f"pycalphad BinaryStrategy diagram, {file} {low:.0f}-{high:.0f} K: {time.perf_counter() - t:.1f} s", flush=True)
