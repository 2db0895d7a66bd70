#pragma once
/// @file Reader of the original pickle-format hardware tables (docs/hardware.md):
///
///   help-pt  HELP `latency_<config>.pt`: a PyTorch zip container whose `data.pkl` is a list of
///            15625 latencies in ms (ints for the phones), position = NB201 index. The config
///            name follows the CSV copy's rule: `<name>_<B>` is device <name> at batch B when
///            B is a power of two and a sibling `latency_<name>_<B'>.pt` exists; otherwise the
///            whole name is the device, batch 1 assumed.
///   brp-pkl  BRP-NAS `desktop-cpu-core-i7-7820x-fp32.pkl`: a plain pickle dict mapping the
///            6-tuple of NB201 op ids (arch-string edge order) to a numpy float64 in seconds;
///            stored as device `i7_7820x` (as its CSV copy).
///   hwnas-pickle  HW-NAS-Bench `HW-NAS-Bench-v1_0.pickle`: a plain pickle dict with the key
///            'nasbench201' (dataset -> `<device>_<metric>` -> values by NB201 index);
///            HwNasBenchReader (hwnas_bench_reader.hpp) builds the table.
///
/// All go through the safe pickle reader (no code runs) and produce an HwTable for
/// HwTableImporter::write, so the stored values of HELP and BRP-NAS equal those of the flat CSV
/// copies exactly.
#include <string>

#include "hw/hw_table.hpp"

namespace tabnas {

class HwPickleReader {
 public:
  /// True when the file's first bytes are a pickle container (plain, bzip2, PyTorch).
  [[nodiscard]] static bool looks_like_pickle(const std::string& path);
  /// Decodes `path` into a table, the layout recognised from the decoded content (a list: HELP;
  /// a dict with the key 'nasbench201': HW-NAS-Bench; a dict with tuple keys: BRP-NAS).
  /// @throws DataError naming the file (and record or item path) when the content is none of
  /// the layouts or holds a non-positive / non-finite value.
  static HwTable read(const std::string& path);
};

}  // namespace tabnas
