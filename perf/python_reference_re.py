#!/usr/bin/env python3
"""Plain-Python reference for perf/run_perf.sh: regularized evolution (population 10,
sample 3, one-edge mutation) on NB201 CIFAR-10 from the data directory's CSV tables, with
dict look-ups and Python's `random`, the way a researcher would write it without tabnas.

Searches on the hp12 x-valid accuracy (seed-mean), reports the hp200 x-valid accuracy (mean
of the runs) of the incumbent after the budget. Prints JSON with the load and search times.
"""
import collections
import csv
import json
import random
import sys
import time

OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]


def parse(arch):
    ops = []
    for node in arch.split("+"):
        for edge in node.strip("|").split("|"):
            ops.append(OPS.index(edge.split("~")[0]))
    return tuple(ops)


def load(data_dir):
    search, report = {}, {}
    with open(f"{data_dir}/nb201/nb201_hp12_accuracy.csv", newline="") as f:
        for row in csv.DictReader(f):
            search[parse(row["arch_str"])] = float(row["cifar10_valid_x_valid"])
    with open(f"{data_dir}/nb201/nb201_hp200_xvalid_runs.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["dataset"] != "cifar10-valid":
                continue
            runs = [float(row[k]) for k in ("run1", "run2", "run3") if row[k]]
            report[parse(row["arch_str"])] = sum(runs) / len(runs)
    return search, report


def regularized_evolution(search, report, seed, budget, population_size=10, sample_size=3):
    rng = random.Random(seed)
    population = collections.deque()
    best = None
    for _ in range(budget):
        if len(population) < population_size:
            arch = tuple(rng.randrange(5) for _ in range(6))
        else:
            parent = max(rng.sample(population, sample_size), key=lambda m: m[1])[0]
            child = list(parent)
            edge = rng.randrange(6)
            child[edge] = rng.choice([op for op in range(5) if op != parent[edge]])
            arch = tuple(child)
        value = search[arch]
        population.append((arch, value))
        if len(population) > population_size:
            population.popleft()
        if best is None or value > best[1]:
            best = (arch, value)
    return report[best[0]]


def main():
    data_dir, runs, budget = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    t0 = time.perf_counter()
    search, report = load(data_dir)
    t1 = time.perf_counter()
    finals = [regularized_evolution(search, report, seed, budget) for seed in range(runs)]
    t2 = time.perf_counter()
    print(json.dumps({"load_seconds": t1 - t0, "search_seconds": t2 - t1, "runs": runs,
                      "queries": runs * budget, "mean_final": sum(finals) / len(finals)}))


if __name__ == "__main__":
    main()
