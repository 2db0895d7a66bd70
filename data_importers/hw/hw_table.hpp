#pragma once
/// @file In-memory form of one hardware cost table, between a source reader and the store.
///
/// Every reader of a hardware source (the flat CSV copies here; the `.pt`/`.pkl` originals once
/// the pickle reader can decode them) produces an HwTable; HwTableImporter::write() checks it
/// against the search space and stores it atomically. That is the hook for the pickle formats:
///
///   - HELP `latency_<device>.pt`: `data.pkl` is a list of 15625 floats (ms) indexed by NB201
///     index -> one HwColumn, rows {index, "", {}} for index 0..15624, source_unit "ms".
///   - BRP-NAS `desktop-cpu-core-i7-7820x-fp32.pkl`: dict 6-tuple of op ids -> float64 seconds
///     -> one HwColumn with source_unit "s"; put the tuple in HwRow::ops (has_index false) and
///     the importer maps it to the NB201 index with SearchSpace::encode().
///   - HW-NAS-Bench `HW-NAS-Bench-v1_0.pickle` (hwnas_bench_reader.hpp): one HwColumn per
///     dataset and `<device>_<metric>`, latency in "ms", energy in "mJ", other metrics in unit
///     "unknown" (stored unchanged, see hw_stored_unit()).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tabnas {

/// Where one value came from, for the architecture checks and error messages.
struct HwRow {
  std::size_t line = 0;           ///< 1-based line (or record number) in the source
  bool has_index = false;         ///< the source states the index
  std::uint32_t index = 0;        ///< stated index (official NB201 order)
  std::string arch_str;           ///< stated arch string ("" when absent)
  std::vector<std::uint8_t> ops;  ///< stated choice vector (op ids), empty when absent
  /// Where the row is in a structured source, e.g. a pickle item path
  /// "['nasbench201']['cifar10']['config'][17]"; when set, messages say "<file>: at <item>"
  /// instead of "<file>:<line>".
  std::string item;
};

/// One device column: (device, metric, batch) -> value per row.
struct HwColumn {
  std::string device;  ///< stored device name, e.g. "pixel3", "1080ti", "h100"
  std::string metric = "latency";
  int batch = 1;
  bool batch_assumed = false;    ///< the source does not state the batch size; 1 is assumed
  std::string source_column;     ///< column name (or position) in the source
  std::string source_unit;       ///< "ms", "s" or "us" as found in the source (a metric other
                                 ///< than latency may have another unit, e.g. "mJ", "unknown")
  std::string description;       ///< what the device is (for the import report)
  std::vector<std::size_t> row;  ///< index into HwTable::rows, one per value
  std::vector<double> raw;       ///< value exactly as parsed from the source, in source_unit
};

/// One import-report line (kind: note, provenance, missing, ...).
struct HwNote {
  std::string kind;
  std::string item;
  std::string message;
};

/// A parsed hardware table.
struct HwTable {
  std::string path;    ///< source file
  std::string format;  ///< "help", "brp", "nnmeter", "wide" (or a pickle format)
  std::string space = "nb201";
  std::vector<HwRow> rows;
  std::vector<HwColumn> columns;
  std::vector<HwNote> notes;     ///< file-level lines for the import report
  std::int64_t empty_cells = 0;  ///< empty value cells (not measured) skipped
};

/// Unit every time value is stored in.
inline constexpr const char* kHwStoredTimeUnit = "ms";

/// Converts `raw` in `source_unit` to milliseconds: "ms" unchanged, "s" multiplied by 1000.0,
/// "us" divided by 1000.0 (each one correctly rounded IEEE operation, so the stored value is
/// exactly `raw * 1000.0` or `raw / 1000.0` as a C++ double expression).
/// @throws DataError for another unit.
double hw_to_ms(double raw, const std::string& source_unit);

/// True for the time units a source may state: "ms", "s", "us".
[[nodiscard]] bool hw_is_time_unit(const std::string& unit);

/// Unit a value of `metric` given in `source_unit` is stored in: kHwStoredTimeUnit for a time
/// unit (converted by hw_to_ms); any other non-empty unit of a metric other than "latency"
/// (energy "mJ", "unknown") is stored unchanged under that unit.
/// @throws DataError for a latency in a non-time unit or an empty unit.
[[nodiscard]] std::string hw_stored_unit(const std::string& metric, const std::string& source_unit);

/// `raw` converted to hw_stored_unit(metric, source_unit): hw_to_ms for a time unit, else
/// unchanged. @throws DataError as hw_stored_unit.
[[nodiscard]] double hw_to_stored(double raw, const std::string& metric,
                                  const std::string& source_unit);

}  // namespace tabnas
