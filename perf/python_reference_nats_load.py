#!/usr/bin/env python3
"""Python baseline of the NATS import benchmark (perf/import_nats.sh): the loop the issue names,
`pickle.load(bz2.open(f))` on every file of a NATS-Bench per-architecture directory (meta file
included), nothing else. Needs numpy (Debian: python3-numpy), as the files hold numpy scalars.

    python3 python_reference_nats_load.py DIR    -> prints {"files": N, "seconds": S} as JSON
"""
import bz2
import json
import os
import pickle
import sys
import time


def main():
    directory = sys.argv[1]
    files = sorted(os.path.join(directory, f) for f in os.listdir(directory)
                   if f.endswith(".pickle.pbz2"))
    import numpy  # noqa: F401  (imported before the clock starts, as a user's session would)
    start = time.perf_counter()
    for f in files:
        with bz2.open(f, "rb") as fh:
            pickle.load(fh)
    seconds = time.perf_counter() - start
    print(json.dumps({"files": len(files), "seconds": seconds}))


if __name__ == "__main__":
    main()
