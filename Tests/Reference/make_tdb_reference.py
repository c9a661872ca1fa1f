"""Reference values for Solvus's TDB phases, computed with pycalphad 0.11.2.

Run from the package root, with pycalphad 0.11.2 installed (in a virtual environment):

    python make_tdb_reference.py > Tests/Reference/tdb_reference.csv

For each case (a database under examples/data/tdb, a phase, its components, temperatures) it
evaluates GM, HM, SM and CPM (per mole of atoms; J/mol, J/(mol K)) at seeded random site
fractions plus the pure components and the equimolar point, at every temperature of the case.
The temperatures lie inside the ranges of every parameter (pycalphad gives 0 outside them), on
both sides of the breakpoints of the piecewise functions and, for Cr-Fe, of the Curie
temperature.
"""
import sys
import numpy as np
from pycalphad import Database, calculate

CASES = [
    # file, phase, components, temperatures (K)
    ("pbsn.tdb", "LIQUID", ["PB", "SN"], [300, 450, 550, 600.0, 700, 1000, 1500, 2900]),
    ("pbsn.tdb", "FCC_A1", ["PB", "SN"], [300, 450, 550, 700, 1300, 2900]),
    ("pbsn.tdb", "BCT_A5", ["PB", "SN"], [300, 450, 550, 700, 1300, 2900]),
    ("alzn_mey.tdb", "LIQUID", ["AL", "ZN"], [300, 500, 650, 692, 800, 900, 1000, 1600]),
    ("alzn_mey.tdb", "FCC_A1", ["AL", "ZN"], [300, 400, 550, 600, 650, 700, 800, 1000, 1600]),
    ("alzn_mey.tdb", "HCP_A3", ["AL", "ZN"], [300, 500, 650, 700, 800, 1600]),
    ("crfe_bcc_magnetic.tdb", "BCC_A2", ["CR", "FE"], [5, 100, 300, 500, 800, 1000, 1200, 1500, 1900, 2500, 4000]),
    ("snbisb_table56.tdb", "LIQUID", ["BI", "SB", "SN"], [400, 973, 2000]),
    ("COST507.tdb", "LIQUID", ["AL", "CU", "MG", "SI", "ZN"], [700, 900, 1100, 1500, 1690]),
    ("COST507.tdb", "FCC_A1", ["AL", "CU", "MG", "SI", "ZN"], [400, 600, 800]),
    ("COST507.tdb", "BCC_A2", ["AL", "CR", "FE"], [400, 800, 1200, 1700]),
    ("COST507.tdb", "FCC_A1", ["CU", "FE", "NI"], [400, 800, 1200, 1600]),
]

RANDOM_POINTS = 30


def compositions(k, rng):
    pts = [np.eye(k)[i] for i in range(k)] + [np.full(k, 1.0 / k)]
    for _ in range(RANDOM_POINTS):
        y = rng.random(k) + 1e-3
        pts.append(y / y.sum())
    return np.array(pts)


def main(root):
    rng = np.random.default_rng(20261130)
    out = sys.stdout
    out.write("file,phase,components,T,y,GM,HM,SM,CPM\n")
    dbs = {}
    for fname, phase, comps, temps in CASES:
        db = dbs.setdefault(fname, Database(f"{root}/{fname}"))
        ys = compositions(len(comps), rng)
        # pycalphad orders the site fractions of each sublattice alphabetically.
        order = sorted(range(len(comps)), key=lambda i: comps[i])
        # Every other sublattice holds only VA among these components (one site fraction, 1).
        nva = len(db.phases[phase].constituents) - 1
        points = np.hstack([ys[:, order], np.ones((len(ys), nva))])
        for T in temps:
            values = {}
            for prop in ("GM", "HM", "SM", "CPM"):
                r = calculate(db, comps + ["VA"], phase, T=T, P=101325, N=1, points=points, output=prop)
                values[prop] = np.asarray(getattr(r, prop)).reshape(-1)
            for i, y in enumerate(ys):
                out.write("%s,%s,%s,%r,%s,%r,%r,%r,%r\n" % (
                    fname, phase, "-".join(comps), float(T), ";".join(repr(float(v)) for v in y),
                    float(values["GM"][i]), float(values["HM"][i]), float(values["SM"][i]), float(values["CPM"][i])))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "examples/data/tdb")
