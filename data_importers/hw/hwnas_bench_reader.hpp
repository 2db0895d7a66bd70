#pragma once
/// @file Reader of HW-NAS-Bench's own pickle `HW-NAS-Bench-v1_0.pickle` (docs/hardware.md,
/// ../shared/docs/FORMATS.md section 3), the third layout of `tabnas import hw`.
///
/// Layout: a dict with the str key `'nasbench201'` -> dataset (`cifar10`, `cifar100`,
/// `ImageNet16-120`) -> key `<device>_<metric>` (`edgegpu_latency`, `eyeriss_energy`,
/// `eyeriss_arithmetic_intensity`, ...) -> a sequence indexed by NB201 arch index (list or tuple
/// of floats/ints or numpy scalars, or a 1-D numpy array), plus `'config'` -> per index a dict
/// whose `arch_str` is the cell; and `'fbnet'` -> metric -> lookup table (block key -> cost).
///
/// Each `['nasbench201'][dataset][<device>_<metric>]` becomes one HwColumn (batch 1, assumed):
///   device  `<device>` for cifar10 (the same columns as HELP's pixel3/raspi4/eyeriss/fpga),
///           `<device>_cifar100` and `<device>_imagenet16` for the other two datasets (the
///           suffixes tools/measure_latency.py uses for those inputs);
///   metric  the part after the first '_': `latency` (unit ms), `energy` (unit mJ), anything
///           else (`arithmetic_intensity`) with unit "unknown".
/// Devices known: edgegpu, raspi4, edgetpu, pixel3, eyeriss, fpga; other keys are not
/// imported and are listed in the import report. `config` arch strings go into HwRow::arch_str,
/// so HwTableImporter checks them against the space (or builds the arch list from them when the
/// store has none and they cover every index). The FBNet tables are counted in the report and
/// not imported: tabnas has no FBNet search space.
#include <string>

#include "hw/hw_table.hpp"
#include "pickle/value.hpp"

namespace tabnas {

class HwNasBenchReader {
 public:
  /// Number of NB201 architectures: the longest sequence accepted.
  static constexpr std::size_t kMaxArchs = 15625;

  /// True when `root` is a dict with the str key 'nasbench201' (the HW-NAS-Bench layout).
  [[nodiscard]] static bool matches(const pickle::Value& root);

  /// Builds the table of root['nasbench201'] (format "hwnas-pickle"); `path` names the file.
  /// @throws DataError naming the file and the item path (e.g.
  ///   `['nasbench201']['cifar100']['edgegpu_latency'][17]`) for a missing dataset or key, a
  ///   value that is not a number, a non-positive or non-finite value, a sequence longer than
  ///   15625 or empty, an ndarray that is not 1-D numeric, or a config entry without a str
  ///   `arch_str`.
  [[nodiscard]] static HwTable read(const std::string& path, const pickle::Value& root);
};

}  // namespace tabnas
