"""Times pycalphad's Database() on COST507.tdb, to compare with solvus-bench's TDB reading.

Run from the package root, with pycalphad 0.11.2 installed:  python Tests/Reference/time_pycalphad_database.py
"""
import time
from pycalphad import Database

times = []
for _ in range(5):
    t = time.perf_counter()
    Database("examples/data/tdb/COST507.tdb")
    times.append(time.perf_counter() - t)
times.sort()
print("pycalphad Database(COST507.tdb): median %.3f s, min %.3f s" % (times[2], times[0]))
