"""The tie-line of a miscibility gap found by pycalphad's global minimisation, shared by the
reference scripts of this folder (they import it; run them from the package root)."""
import numpy as np
from pycalphad import equilibrium, variables as v


def gap_tie_line(db, components, phase, xs, T, min_width):
    """The median tie-line (x_a, x_b) of x of the second component over the overall compositions
    xs that split `phase` in two at T (both amounts above 1e-3, the two compositions at least
    min_width apart), or None where none does. Dense sampling (pdens 20000), so that narrow gaps
    are seen at all."""
    eq = equilibrium(db, components + ["VA"], [phase], {v.X(components[1]): xs, v.T: T, v.P: 101325, v.N: 1},
                     calc_opts={"pdens": 20000})
    nps = eq.NP.values.squeeze()
    xph = eq.X.sel(component=components[1]).values.squeeze()
    rows = []
    for i in range(len(xs)):
        sel = [j for j in range(nps.shape[-1]) if np.isfinite(nps[i, j]) and nps[i, j] > 1e-3]
        if len(sel) == 2:
            a, b = sorted(xph[i, j] for j in sel)
            if b - a > min_width:
                rows.append((a, b))
    if not rows:
        return None
    return float(np.median([r[0] for r in rows])), float(np.median([r[1] for r in rows]))
