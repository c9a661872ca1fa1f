"""Reference tie-lines for Solvus's binary equilibria, computed with pycalphad 0.11.2.

Run from the package root, with pycalphad 0.11.2 installed (in a virtual environment):

    python Tests/Reference/make_equilibrium_reference.py > Tests/Reference/equilibrium_reference.csv

For each diagram (a database under examples/data/tdb, its phases, two components) it calls
pycalphad's equilibrium on a grid of overall compositions at 21 or more temperatures, and writes
every two-phase state it finds (both phases with amounts above 1e-3) as a tie-line: the two
phases and their compositions x of the second component, sorted by x. Rows from the same
tie-line are written once (the median of the converged rows). Columns: file, T (K), phase_a,
x_a, phase_b, x_b.
"""
import sys
import numpy as np
from pycalphad import Database, equilibrium, variables as v

CASES = [
    ("pbsn.tdb", ["PB", "SN"], ["LIQUID", "FCC_A1", "BCT_A5"], np.arange(300.0, 620.0, 15.0)),
    ("alzn_mey.tdb", ["AL", "ZN"], ["LIQUID", "FCC_A1", "HCP_A3"], np.arange(300.0, 960.0, 30.0)),
    ("crfe_bcc_magnetic.tdb", ["CR", "FE"], ["BCC_A2"], np.arange(500.0, 900.0, 15.0)),
]

print("file,T,phase_a,x_a,phase_b,x_b")
for file, comps, phases, temps in CASES:
    db = Database("examples/data/tdb/" + file)
    xs = np.round(np.arange(0.01, 1.0, 0.02), 6)
    for T in temps:
        eq = equilibrium(db, comps + ["VA"], phases, {v.X(comps[1]): xs, v.T: T, v.P: 101325, v.N: 1})
        names = eq.Phase.values.squeeze()
        nps = eq.NP.values.squeeze()
        xph = eq.X.sel(component=comps[1]).values.squeeze()
        found = {}
        for i in range(len(xs)):
            sel = [j for j in range(names.shape[-1]) if names[i, j] != "" and nps[i, j] > 1e-3]
            if len(sel) != 2:
                continue
            pair = sorted(((xph[i, j], names[i, j]) for j in sel))
            key = (pair[0][1], pair[1][1], round(pair[0][0], 3), round(pair[1][0], 3))
            found.setdefault(key, []).append((pair[0][0], pair[1][0]))
        for key, rows in sorted(found.items(), key=lambda kv: kv[0][2]):
            a = np.median([r[0] for r in rows])
            b = np.median([r[1] for r in rows])
            print(f"{file},{T:.2f},{key[0]},{a:.10f},{key[1]},{b:.10f}")
        sys.stdout.flush()
