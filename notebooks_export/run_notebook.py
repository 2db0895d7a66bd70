#!/usr/bin/env python3
"""Executes the code cells of a Jupyter notebook top to bottom, as `jupyter nbconvert --execute`
would, without needing Jupyter: one shared namespace, the notebook's directory as the working
directory, matplotlib's non-interactive Agg backend. Exits non-zero (with the traceback) when a
cell raises. Checks the nbformat 4 structure first, and validates against the official schema
when the `nbformat` package (Debian: python3-nbformat) is installed.

usage: run_notebook.py NOTEBOOK.ipynb
"""
import json
import os
import sys
import traceback
import warnings


def check_structure(nb):
    assert nb.get("nbformat") == 4, "not an nbformat 4 notebook"
    assert isinstance(nb.get("metadata"), dict), "metadata must be an object"
    assert isinstance(nb.get("cells"), list), "cells must be a list"
    for i, cell in enumerate(nb["cells"]):
        for key in ("cell_type", "metadata", "source"):
            assert key in cell, f"cell {i} lacks {key}"
        if cell["cell_type"] == "code":
            assert "outputs" in cell and "execution_count" in cell, f"code cell {i} incomplete"


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    path = os.path.abspath(sys.argv[1])
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    check_structure(nb)
    try:
        import nbformat  # optional
    except ImportError:
        nbformat = None
    if nbformat is not None:
        nbformat.validate(nbformat.reads(json.dumps(nb), as_version=4))
        print("nbformat schema: valid")
    os.environ["MPLBACKEND"] = "Agg"
    warnings.filterwarnings("ignore", message=".*non-GUI backend.*")
    warnings.filterwarnings("ignore", message=".*FigureCanvasAgg is non-interactive.*")
    os.chdir(os.path.dirname(path))
    namespace = {"__name__": "__main__"}
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        try:
            exec(compile(source, f"{os.path.basename(path)} cell {i}", "exec"), namespace)
        except Exception:  # report which cell failed
            traceback.print_exc()
            print(f"cell {i} failed", file=sys.stderr)
            return 1
    print(f"executed {sum(c['cell_type'] == 'code' for c in nb['cells'])} code cells")
    return 0


if __name__ == "__main__":
    sys.exit(main())
