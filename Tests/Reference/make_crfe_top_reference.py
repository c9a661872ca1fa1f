"""Reference tie-lines near the top of the Cr-Fe bcc gap (examples/data/tdb/crfe_bcc_magnetic.tdb),
computed with pycalphad 0.11.2.

Run from the package root, with pycalphad 0.11.2 installed (in a virtual environment):

    python Tests/Reference/make_crfe_top_reference.py > Tests/Reference/crfe_top_reference.csv

The gap there is a magnetically induced sliver beside the Curie line, a few thousandths wide, which
the 0.02 composition grid of make_equilibrium_reference.py does not reach above 830 K. Here the
overall compositions run from 0.84 to 0.87 in steps of 0.0002 and the sampling of each phase is
dense (pdens 20000), so that pycalphad's own global search can see the gap. Every two-phase state
found is written as a tie-line (the median of the rows of one tie-line). Columns: T (K), x_a, x_b
(x of Fe).
"""
import numpy as np
from pycalphad import Database
from gap_tie_line import gap_tie_line

db = Database("examples/data/tdb/crfe_bcc_magnetic.tdb")
xs = np.round(np.arange(0.84, 0.87, 0.0002), 6)
print("T,x_a,x_b")
for T in [835.0, 840.0, 845.0, 850.0, 853.0, 856.0, 858.0, 859.0, 860.0, 860.5, 861.0, 862.0]:
    t = gap_tie_line(db, ["CR", "FE"], "BCC_A2", xs, T, 1e-6)
    if t:
        print(f"{T:.2f},{t[0]:.10f},{t[1]:.10f}", flush=True)
    else:
        print(f"{T:.2f},nan,nan", flush=True)
