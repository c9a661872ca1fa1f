"""Reference invariant temperatures for Solvus's phase diagrams, computed with pycalphad 0.11.2.

Run from the package root, with pycalphad 0.11.2 installed (in a virtual environment):

    python Tests/Reference/make_invariant_reference.py > Tests/Reference/invariant_reference.csv

For each eutectic (a database under examples/data/tdb, its phases, the overall composition x of
the liquid at the eutectic, and a bracket in T) it bisects the temperature at which the set of stable phases
that pycalphad's equilibrium finds at x changes, to 1e-4 K. Columns: file, kind, T (K), and the
phase sets below and above.
"""
import numpy as np
from pycalphad import Database, equilibrium, variables as v

CASES = [
    ("pbsn.tdb", ["PB", "SN"], ["LIQUID", "FCC_A1", "BCT_A5"], "eutectic", 0.73733, 450.0, 460.0),
    ("alzn_mey.tdb", ["AL", "ZN"], ["LIQUID", "FCC_A1", "HCP_A3"], "eutectic", 0.88354, 650.0, 658.0),
]


def phases_at(db, comps, phases, x, T):
    eq = equilibrium(db, comps + ["VA"], phases, {v.X(comps[1]): x, v.T: T, v.P: 101325, v.N: 1})
    names = eq.Phase.values.squeeze()
    nps = eq.NP.values.squeeze()
    return tuple(sorted(str(n) for n, f in zip(names, nps) if n != "" and f > 1e-6))


print("file,kind,T,below,above")
# The Al-Zn monotectoid is left out: at x = 0.366 between its fcc compositions pycalphad reports
# one fcc phase at 550.38 K, 45.7 J/mol above the two-phase state (its grid misses the gap), so
# the change of phase set it would be bisected on is not the invariant.
for file, comps, phases, kind, x, lo, hi in CASES:
    db = Database("examples/data/tdb/" + file)
    below = phases_at(db, comps, phases, x, lo)
    above = phases_at(db, comps, phases, x, hi)
    while hi - lo > 1e-4:
        mid = 0.5 * (lo + hi)
        if phases_at(db, comps, phases, x, mid) == below:
            lo = mid
        else:
            hi = mid
    print(f"{file},{kind},{0.5 * (lo + hi):.5f},{'+'.join(below)},{'+'.join(above)}", flush=True)
