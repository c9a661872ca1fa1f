"""A bracket of the critical point of the Al-Zn fcc gap (examples/data/tdb/alzn_mey.tdb), from
pycalphad 0.11.2, for Solvus's critical point (solved directly) to fall in.

Run from the package root, with pycalphad 0.11.2 installed (in a virtual environment):

    python Tests/Reference/make_alzn_critical_reference.py > Tests/Reference/alzn_critical_reference.csv

pycalphad has no critical-point solver: at each temperature its global minimisation over the fcc
phase alone (overall x_Zn from 0.30 to 0.40 every 0.001, dense sampling) either splits the phase
in two or not. The temperatures are bisected between 600 K (a gap) and 650 K (none) to 0.01 K:
T_gap (the highest T found with two fcc phases), x_a, x_b (its tie-line), T_none (the lowest T
found without).

Then pycalphad's own Gibbs energies (`calculate`) at x_c = 0.350216 and x_c ± h, h = 0.002 and
0.005, give the curvature d²G/dx² by second differences, extrapolated to h = 0 (Richardson: the
error is c h²), at temperatures around the top; T_curvature is where it crosses 0 (linear
interpolation between the two temperatures around the crossing). Where the curvature is negative
the fcc phase is unstable: a one-phase answer from the minimiser there is wrong.
Columns: T_gap, x_a, x_b, T_none, T_curvature.
"""
import numpy as np
from pycalphad import Database, calculate
from gap_tie_line import gap_tie_line

db = Database("examples/data/tdb/alzn_mey.tdb")
xs = np.round(np.arange(0.30, 0.40, 0.001), 6)


def tie_line(T):
    return gap_tie_line(db, ["AL", "ZN"], "FCC_A1", xs, T, 1e-4)


lo, hi = 600.0, 650.0
best = tie_line(lo)
while hi - lo > 0.01:
    mid = 0.5 * (lo + hi)
    t = tie_line(mid)
    if t is None:
        hi = mid
    else:
        lo, best = mid, t


def curvature(T, xc=0.350216):
    values = []
    for h in (0.002, 0.005):
        pts = np.array([[1 - x, x] for x in (xc - h, xc, xc + h)])
        g = calculate(db, ["AL", "ZN", "VA"], "FCC_A1", T=T, P=101325, N=1, points=pts).GM.values.squeeze()
        values.append((g[0] + g[2] - 2 * g[1]) / h**2)
    # G2(h) = G2 + c h^2
    c = (values[1] - values[0]) / (0.005**2 - 0.002**2)
    return values[0] - c * 0.002**2


temps = np.arange(625.690, 625.7301, 0.005)
curv = [curvature(T) for T in temps]
crossing = float("nan")
for (t0, c0), (t1, c1) in zip(zip(temps, curv), zip(temps[1:], curv[1:])):
    if c0 < 0 <= c1:
        crossing = t0 + (t1 - t0) * (-c0) / (c1 - c0)
        break
print("T_gap,x_a,x_b,T_none,T_curvature")
print(f"{lo:.4f},{best[0]:.10f},{best[1]:.10f},{hi:.4f},{crossing:.4f}")
