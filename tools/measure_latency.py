#!/usr/bin/env python3
"""Measure the inference latency of NAS-Bench-201 networks on this machine.

Builds the NB201 macro network (C=16, N=5 cells per stage; Dong & Yang, ICLR 2020) for every
requested architecture, with `none` edges pruned, and times it the way the data directory's
H100 table (nb201/nb201_h100_latency.csv) was measured:

  GPU (--device cuda): eval mode, no autograd, fp32; cuDNN benchmark on; a CUDA graph of one
      forward pass is captured after warm-up and replayed --repeats times, each replay timed
      with a pair of CUDA events; the value is the median.
  CPU (--device cpu): eval mode, no autograd, fp32; --warmup untimed forward passes, then
      --repeats forward passes each timed with time.perf_counter(); the value is the median.

Output: a CSV in the layout `tabnas import hw-csv` reads ("wide" layout, docs/hardware.md):

    index,arch_str,<device>_latency_b<batch>_ms[,...one column per --batch]

with the NB201 index, the arch string and the median latency in milliseconds (Python's shortest
round-trip repr of the float), plus `<out stem>.meta.json` with the settings (torch version,
device, input, repeats, method), which the importer records in the import report.

Network (NB201 / NATS-Bench topology search space, `TinyNetwork` + `InferCell`):
  stem: conv3x3(3 -> C) + BN
  stage 1: N cells at C; ResNet reduction block C -> 2C (stride 2)
  stage 2: N cells at 2C; ResNet reduction block 2C -> 4C
  stage 3: N cells at 4C
  BN + ReLU, global average pooling, linear classifier (10 / 100 / 120 classes)
  cell: node j = sum over i < j of op(i -> j)(node i); ops skip_connect (identity),
  nor_conv_1x1 / nor_conv_3x3 (ReLU-Conv-BN), avg_pool_3x3 (stride 1, padding 1,
  count_include_pad=False); `none` edges are not built (pruned); a node all of whose inputs
  are `none` is a zero tensor, and the ops reading it still run (as in the H100 table, where
  e.g. |none~0|+|none~0|none~1|+|none~0|nor_conv_3x3~1|none~2| costs more than the all-none
  cell), so the parameters equal NB201's official counts.

Only the standard library and PyTorch are needed (Debian: apt-get install python3-torch, see
scripts/install_torch.sh; run it with /usr/bin/python3 when another python3 is first in PATH).

Examples:
    python3 tools/measure_latency.py --indices 0,1,2 --repeats 5 --out my_cpu.csv
    python3 tools/measure_latency.py --sample 500 --seed 0 --device cuda --batch 1,256 \
        --out h100_sample.csv
    tabnas import hw-csv my_cpu.csv
"""

import argparse
import csv
import json
import os
import platform
import random
import statistics
import sys
import time

OPS = ("none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3")
DATASETS = {  # name -> (input side, classes, device-name suffix)
    "cifar10": (32, 10, ""),
    "cifar100": (32, 100, "_cifar100"),
    "imagenet16-120": (16, 120, "_imagenet16"),
}


def parse_arch(text):
    """`|op~0|+|op~0|op~1|+|op~0|op~1|op~2|` -> list of (target node, source node, op)."""
    edges = []
    nodes = text.split("+")
    if len(nodes) != 3:
        raise ValueError("arch string %r: expected 3 nodes separated by '+'" % text)
    for target, node in enumerate(nodes, start=1):
        parts = [p for p in node.split("|") if p]
        if len(parts) != target:
            raise ValueError("arch string %r: node %d needs %d inputs" % (text, target, target))
        for part in parts:
            op, _, src = part.partition("~")
            if op not in OPS or not src.isdigit() or int(src) >= target:
                raise ValueError("arch string %r: bad edge %r" % (text, part))
            edges.append((target, int(src), op))
    return edges


def build_network(torch, arch, channels=16, cells=5, classes=10):
    nn = torch.nn

    class ReLUConvBN(nn.Module):
        def __init__(self, c_in, c_out, kernel, stride, padding):
            super().__init__()
            self.op = nn.Sequential(
                nn.ReLU(inplace=False),
                nn.Conv2d(c_in, c_out, kernel, stride=stride, padding=padding, bias=False),
                nn.BatchNorm2d(c_out))

        def forward(self, x):
            return self.op(x)

    class ResNetBlock(nn.Module):
        def __init__(self, c_in, c_out):
            super().__init__()
            self.conv_a = ReLUConvBN(c_in, c_out, 3, 2, 1)
            self.conv_b = ReLUConvBN(c_out, c_out, 3, 1, 1)
            self.downsample = nn.Sequential(
                nn.AvgPool2d(kernel_size=2, stride=2, padding=0),
                nn.Conv2d(c_in, c_out, kernel_size=1, stride=1, padding=0, bias=False))

        def forward(self, x):
            return self.downsample(x) + self.conv_b(self.conv_a(x))

    class Cell(nn.Module):
        def __init__(self, c, edges):
            super().__init__()
            self.plan = []  # (target, source, module index or -1 for identity)
            self.ops = nn.ModuleList()
            for target, source, op in edges:  # edges come in target order
                if op == "none":
                    continue  # pruned
                if op == "skip_connect":
                    self.plan.append((target, source, -1))
                    continue
                if op == "nor_conv_1x1":
                    m = ReLUConvBN(c, c, 1, 1, 0)
                elif op == "nor_conv_3x3":
                    m = ReLUConvBN(c, c, 3, 1, 1)
                else:
                    m = nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)
                self.plan.append((target, source, len(self.ops)))
                self.ops.append(m)
            self.has_input = [True] + [any(t == j for t, _, _ in self.plan) for j in (1, 2, 3)]

        def forward(self, x):
            nodes = [x, None, None, None]
            for j in (1, 2, 3):
                if not self.has_input[j]:
                    nodes[j] = torch.zeros_like(x)
                for target, source, k in self.plan:
                    if target != j:
                        continue
                    y = nodes[source] if k < 0 else self.ops[k](nodes[source])
                    nodes[j] = y if nodes[j] is None else nodes[j] + y
            return nodes[3]

    class Network(nn.Module):
        def __init__(self):
            super().__init__()
            edges = parse_arch(arch)
            self.stem = nn.Sequential(nn.Conv2d(3, channels, 3, padding=1, bias=False),
                                      nn.BatchNorm2d(channels))
            layers = []
            c = channels
            for stage in range(3):
                if stage > 0:
                    layers.append(ResNetBlock(c, 2 * c))
                    c *= 2
                layers.extend(Cell(c, edges) for _ in range(cells))
            self.cells = nn.Sequential(*layers)
            self.lastact = nn.Sequential(nn.BatchNorm2d(c), nn.ReLU(inplace=True))
            self.pool = nn.AdaptiveAvgPool2d(1)
            self.classifier = nn.Linear(c, classes)

        def forward(self, x):
            x = self.lastact(self.cells(self.stem(x)))
            return self.classifier(self.pool(x).flatten(1))

    return Network()


def time_cpu(torch, model, x, warmup, repeats):
    with torch.no_grad():
        for _ in range(warmup):
            model(x)
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            model(x)
            times.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(times)


def time_cuda(torch, model, x, warmup, repeats):
    with torch.no_grad():
        stream = torch.cuda.Stream()
        stream.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(stream):  # warm-up on a side stream, as graph capture requires
            for _ in range(max(warmup, 3)):
                model(x)
        torch.cuda.current_stream().wait_stream(stream)
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            model(x)
        graph.replay()
        torch.cuda.synchronize()
        times = []
        for _ in range(repeats):
            start = torch.cuda.Event(enable_timing=True)
            end = torch.cuda.Event(enable_timing=True)
            start.record()
            graph.replay()
            end.record()
            end.synchronize()
            times.append(start.elapsed_time(end))
    return statistics.median(times)


def read_archs(path):
    archs = {}
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        idx_col = next((i for i, h in enumerate(header) if h in ("index", "nb201_index")), None)
        if idx_col is None or "arch_str" not in header:
            sys.exit("%s: needs an 'index' (or 'nb201_index') and an 'arch_str' column" % path)
        arch_col = header.index("arch_str")
        for line, row in enumerate(reader, start=2):
            if not row:
                continue
            try:
                archs[int(row[idx_col])] = row[arch_col]
            except (ValueError, IndexError):
                sys.exit("%s:%d: bad row" % (path, line))
    return archs


def write_atomic(path, text):
    tmp = "%s.tmp-%d" % (path, os.getpid())
    with open(tmp, "w", newline="") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def main(argv=None):
    data_dir = os.environ.get("TABNAS_DATA", os.path.join("..", "shared", "data"))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch-csv", default=os.path.join(data_dir, "nb201", "nb201_hp12_accuracy.csv"),
                   help="CSV with index and arch_str columns (default: $TABNAS_DATA/nb201/"
                        "nb201_hp12_accuracy.csv)")
    sel = p.add_mutually_exclusive_group(required=True)
    sel.add_argument("--indices", help="comma-separated NB201 indexes")
    sel.add_argument("--sample", type=int, help="uniform random sample of this many indexes")
    sel.add_argument("--all", action="store_true", help="every architecture of --arch-csv")
    p.add_argument("--seed", type=int, default=0, help="seed of --sample (random.Random)")
    p.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    p.add_argument("--device-name", help="device name in the CSV column (default: local_<device>"
                   " plus _cifar100 / _imagenet16 for those inputs)")
    p.add_argument("--dataset", choices=sorted(DATASETS), default="cifar10",
                   help="input size and classes: cifar10/cifar100 3x32x32, imagenet16-120 3x16x16")
    p.add_argument("--batch", default="1", help="comma-separated batch sizes (default 1)")
    p.add_argument("--repeats", type=int, default=20, help="timed runs (or graph replays); median")
    p.add_argument("--warmup", type=int, default=5, help="untimed runs before timing")
    p.add_argument("--threads", type=int, default=0, help="CPU threads for torch (0: torch default)")
    p.add_argument("--out", required=True, help="output CSV (meta JSON written beside it)")
    args = p.parse_args(argv)

    try:
        import torch
    except ImportError:
        sys.exit("PyTorch is not importable by %s (Debian: scripts/install_torch.sh, then run "
                 "with /usr/bin/python3)" % sys.executable)
    if args.repeats < 1 or args.warmup < 0:
        sys.exit("--repeats must be >= 1 and --warmup >= 0")
    batches = [int(b) for b in args.batch.split(",") if b]
    if not batches or min(batches) < 1:
        sys.exit("--batch: give positive batch sizes")
    if args.device == "cuda" and not torch.cuda.is_available():
        sys.exit("--device cuda: no CUDA device visible to torch %s" % torch.__version__)
    if args.threads > 0:
        torch.set_num_threads(args.threads)

    archs = read_archs(args.arch_csv)
    if args.indices is not None:
        indices = [int(i) for i in args.indices.split(",") if i]
    elif args.sample is not None:
        indices = sorted(random.Random(args.seed).sample(sorted(archs), args.sample))
    else:
        indices = sorted(archs)
    missing = [i for i in indices if i not in archs]
    if missing:
        sys.exit("%s has no index %d" % (args.arch_csv, missing[0]))

    side, classes, suffix = DATASETS[args.dataset]
    device_name = args.device_name or ("local_" + args.device + suffix)
    dev = torch.device(args.device)
    if args.device == "cuda":
        torch.backends.cudnn.benchmark = True
    columns = ["%s_latency_b%d_ms" % (device_name, b) for b in batches]
    rows = []
    params = {}  # index -> parameter count (checked against tabnas' exact counts in the tests)
    t_start = time.time()
    for n, index in enumerate(indices, start=1):
        torch.manual_seed(0)
        model = build_network(torch, archs[index], classes=classes).to(dev).eval()
        values = []
        for b in batches:
            x = torch.randn(b, 3, side, side, device=dev)
            timer = time_cuda if args.device == "cuda" else time_cpu
            values.append(timer(torch, model, x, args.warmup, args.repeats))
        rows.append([index, archs[index]] + values)
        params[str(index)] = sum(t.numel() for t in model.parameters())
        if n % 100 == 0 or n == len(indices):
            print("%d/%d architectures, %.0f s" % (n, len(indices), time.time() - t_start),
                  file=sys.stderr)
    seconds = time.time() - t_start

    lines = [",".join(["index", "arch_str"] + columns)]
    for r in rows:
        lines.append(",".join([str(r[0]), r[1]] + [repr(float(v)) for v in r[2:]]))
    write_atomic(args.out, "\n".join(lines) + "\n")
    meta = {
        "device": device_name,
        "hardware": (torch.cuda.get_device_name(0) if args.device == "cuda"
                     else (platform.processor() or platform.machine())),
        "torch": torch.__version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "dtype": "float32",
        "input": "3x%dx%d" % (side, side),
        "dataset": args.dataset,
        "classes": classes,
        "network": "NB201 C=16 N=5, none edges pruned",
        "batches": batches,
        "warmup": args.warmup,
        "repeats": args.repeats,
        "threads": torch.get_num_threads() if args.device == "cpu" else None,
        "cudnn_benchmark": args.device == "cuda",
        "method": ("median of CUDA-event-timed CUDA-graph replays" if args.device == "cuda"
                   else "median of perf_counter-timed forward passes after warm-up"),
        "measured": len(rows),
        "seconds": round(seconds, 1),
        "params": params,
    }
    stem = args.out[:-4] if args.out.endswith(".csv") else args.out
    write_atomic(stem + ".meta.json", json.dumps(meta, indent=1) + "\n")
    print("wrote %s (%d architectures x %d batch sizes) and %s.meta.json"
          % (args.out, len(rows), len(batches), stem), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
