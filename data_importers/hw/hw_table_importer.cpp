#include "hw/hw_table_importer.hpp"

#include "hw/hw_pickle_reader.hpp"

#include <filesystem>
#include <memory>
#include <set>

#include "hw/hw_csv_reader.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/core/text_format.hpp"
#include "tabnas/store/import_writer.hpp"

namespace tabnas {

namespace {

std::string where_of(const HwTable& t, const HwRow& row) {
  if (!row.item.empty()) return t.path + ": at " + row.item;
  return t.path + ":" + std::to_string(row.line);
}

/// Builds the arch list of the space from a table that states every index's arch string.
/// Empty when the table cannot provide one.
std::vector<std::string> arch_list_from_table(const HwTable& t) {
  std::vector<std::string> list;
  for (const auto& row : t.rows) {
    if (!row.has_index || row.arch_str.empty()) return {};
    if (row.index >= list.size()) {
      if (row.index > 10'000'000U) return {};
      list.resize(row.index + 1);
    }
    if (!list[row.index].empty() && list[row.index] != row.arch_str) {
      throw DataError(where_of(t, row) + ": index " + std::to_string(row.index) + " has arch '" +
                      row.arch_str + "' but an earlier row gave '" + list[row.index] + "'");
    }
    list[row.index] = row.arch_str;
  }
  for (const auto& s : list) {
    if (s.empty()) return {};
  }
  return list;
}

/// Resolves the architecture of every row through the space, checking what the row states.
std::vector<ArchId> resolve_rows(const HwTable& t, const SearchSpace& space) {
  std::vector<ArchId> out(t.rows.size());
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const HwRow& row = t.rows[r];
    const std::string where = where_of(t, row);
    bool have = false;
    ArchId arch = 0;
    if (row.has_index) {
      if (row.index >= space.size()) {
        throw DataError(where + ": index " + std::to_string(row.index) + " is outside space '" +
                        std::string(space.name()) + "' (0.." + std::to_string(space.size() - 1) +
                        ")");
      }
      arch = row.index;
      have = true;
    }
    if (!row.arch_str.empty()) {
      ArchId parsed = 0;
      try {
        parsed = space.parse(row.arch_str);
      } catch (const ConfigError& e) {
        throw DataError(where + ": " + e.what());
      }
      if (have && parsed != arch) {
        throw DataError(where + ": index " + std::to_string(arch) + " but its arch string '" +
                        row.arch_str + "' is index " + std::to_string(parsed) + " of space '" +
                        std::string(space.name()) + "'");
      }
      arch = parsed;
      have = true;
    }
    if (!row.ops.empty()) {
      if (row.ops.size() != space.num_variables()) {
        throw DataError(where + ": op tuple has " + std::to_string(row.ops.size()) +
                        " entries, space '" + std::string(space.name()) + "' has " +
                        std::to_string(space.num_variables()) + " edges");
      }
      for (std::size_t v = 0; v < row.ops.size(); ++v) {
        if (row.ops[v] >= space.num_choices(v)) {
          throw DataError(where + ": op id " + std::to_string(row.ops[v]) + " at position " +
                          std::to_string(v) + " (allowed 0.." +
                          std::to_string(space.num_choices(v) - 1) + ")");
        }
      }
      ArchId encoded = 0;
      try {
        encoded = space.encode(row.ops);
      } catch (const ConfigError& e) {
        throw DataError(where + ": " + e.what());
      }
      if (have && encoded != arch) {
        throw DataError(where + ": op tuple is index " + std::to_string(encoded) +
                        " but the row states index " + std::to_string(arch));
      }
      arch = encoded;
      have = true;
    }
    if (!have) throw DataError(where + ": the row names no architecture");
    out[r] = arch;
  }
  return out;
}

std::string percent(std::size_t n, std::size_t of) {
  return format_fixed(100.0 * static_cast<double>(n) / static_cast<double>(of), 2) + "%";
}

}  // namespace

ImportSummary HwTableImporter::write(Store& store, const HwTable& t, const std::string& importer,
                                     const SpaceFactory& spaces) {
  if (t.columns.empty()) throw DataError(t.path + ": no device columns");
  std::vector<std::string> existing;
  try {
    existing = store.arch_strings(t.space);
  } catch (const ConfigError&) {
    existing.clear();
  }
  std::vector<std::string> new_list;
  std::shared_ptr<const SearchSpace> space;
  if (existing.empty()) {
    new_list = arch_list_from_table(t);
    if (new_list.empty()) {
      throw DataError(t.path + ": the store has no architecture list for space '" + t.space +
                      "' and this table does not list every arch string; import the benchmark "
                      "first (`tabnas import default`) or the HELP table");
    }
    try {
      space = spaces(t.space, new_list);
    } catch (const DataError& e) {
      throw DataError(t.path + ": the store has no architecture list for space '" + t.space +
                      "' and this table's arch strings do not make one (" + e.what() +
                      "); import the benchmark first (`tabnas import default`) or the HELP table");
    }
  } else {
    space = spaces(t.space, existing);
  }
  const std::vector<ArchId> arch_of_row = resolve_rows(t, *space);
  const std::size_t n_space = space->size();

  ImportWriter writer(store, importer, t.path);
  ImportSummary summary;
  summary.importer = importer;
  summary.path = t.path;
  summary.source_id = writer.source_id();
  if (!new_list.empty()) {
    std::vector<std::uint32_t> canon(new_list.size());
    for (std::uint32_t i = 0; i < new_list.size(); ++i) canon[i] = space->canonical_id(i);
    writer.set_arch_list(t.space, new_list, canon);
    summary.notes.push_back("created the architecture list of space '" + t.space + "' (" +
                            std::to_string(new_list.size()) + " architectures)");
    writer.note("note", "arch list", summary.notes.back());
  }
  for (const auto& n : t.notes) writer.note(n.kind, n.item, n.message);

  std::set<ArchId> all_archs;
  std::set<std::string> keys;
  for (const HwColumn& c : t.columns) {
    const std::string key = c.device + "/" + c.metric + "/b" + std::to_string(c.batch);
    if (!keys.insert(key).second) {
      throw DataError(t.path + ": two columns write device/metric/batch " + key);
    }
    std::string stored_unit;
    try {
      stored_unit = hw_stored_unit(c.metric, c.source_unit);
    } catch (const DataError& e) {
      throw DataError(t.path + ": column '" + c.source_column + "': " + e.what());
    }
    // Rows already in the store for this column: what this import replaces.
    std::vector<std::int8_t> before(n_space, -1);  // -1 none, 0 measured, 1 predicted
    {
      auto st = store.db().prepare(
          "SELECT arch, predicted, unit FROM hw_metric WHERE space = ? AND device = ? AND "
          "metric = ? AND batch = ?");
      st.bind(1, t.space);
      st.bind(2, c.device);
      st.bind(3, c.metric);
      st.bind(4, std::int64_t{c.batch});
      while (st.step()) {
        const auto a = static_cast<std::size_t>(st.column_int(0));
        if (a < n_space) before[a] = st.column_int(1) != 0 ? std::int8_t{1} : std::int8_t{0};
        if (st.column_text(2) != stored_unit) {
          throw DataError(t.path + ": the store holds " + key + " in unit '" + st.column_text(2) +
                          "', this import writes '" + stored_unit + "'");
        }
      }
    }
    std::vector<std::uint8_t> seen(n_space, 0);
    std::size_t replaced_measured = 0;
    std::size_t replaced_predicted = 0;
    for (std::size_t k = 0; k < c.raw.size(); ++k) {
      const HwRow& row = t.rows[c.row[k]];
      const ArchId arch = arch_of_row[c.row[k]];
      if (seen[arch] != 0) {
        throw DataError(where_of(t, row) + ": architecture " + std::to_string(arch) +
                        " has a second value in column '" + c.source_column + "'");
      }
      seen[arch] = 1;
      if (before[arch] == 0) ++replaced_measured;
      if (before[arch] == 1) ++replaced_predicted;
      writer.put_hw(t.space, c.device, c.metric, c.batch, arch,
                    hw_to_stored(c.raw[k], c.metric, c.source_unit), stored_unit, false);
      all_archs.insert(arch);
    }
    const std::size_t n = c.raw.size();
    const std::string item = c.device + " " + c.metric + " batch " + std::to_string(c.batch);
    std::string unit_text = c.source_unit == stored_unit
                                ? "unit " + stored_unit + ", stored unchanged"
                                : "source unit " + c.source_unit + ", stored in ms as value " +
                                      (c.source_unit == "s" ? "* 1000.0" : "/ 1000.0") +
                                      " (one IEEE double operation)";
    writer.note("note", item,
                c.description + "; source column '" + c.source_column + "'; " + unit_text +
                    "; batch " + std::to_string(c.batch) +
                    (c.batch_assumed ? " (assumed: the source states no batch size)" : "") +
                    "; coverage " + std::to_string(n) + " of " + std::to_string(n_space) + " (" +
                    percent(n, n_space) + ")");
    if (n < n_space) {
      writer.note("missing", item,
                  std::to_string(n_space - n) + " of " + std::to_string(n_space) +
                      " architectures not measured (not stored; `tabnas hw predict` can fill "
                      "them, marked predicted)");
    }
    if (replaced_measured + replaced_predicted > 0) {
      writer.note("replaced", item,
                  std::to_string(replaced_measured) + " measured and " +
                      std::to_string(replaced_predicted) +
                      " predicted rows already in the store were replaced by this import");
      summary.notes.push_back(item + ": replaced " + std::to_string(replaced_measured) +
                              " measured and " + std::to_string(replaced_predicted) +
                              " predicted rows");
    }
    summary.columns.push_back(
        c.device + " " + c.metric + " batch " + std::to_string(c.batch) + ": " + std::to_string(n) +
        "/" + std::to_string(n_space) + " archs, " + stored_unit +
        (c.source_unit == stored_unit ? "" : " (from " + c.source_unit + ")"));
  }
  if (t.empty_cells > 0) {
    writer.note("missing", "empty cells",
                std::to_string(t.empty_cells) + " empty value cells (not measured) skipped");
    summary.notes.push_back(std::to_string(t.empty_cells) + " empty cells skipped");
  }
  summary.rows = writer.rows();
  summary.archs = static_cast<std::int64_t>(all_archs.size());
  summary.missing = t.empty_cells;
  writer.commit();
  return summary;
}

ImportSummary HwTableImporter::import_csv(Store& store, const std::string& path,
                                          const SpaceFactory& spaces) {
  const HwTable t = HwCsvReader::read(path);
  return write(store, t, "hw-csv:" + t.format, spaces);
}

ImportSummary HwTableImporter::import_file(Store& store, const std::string& path,
                                           const SpaceFactory& spaces) {
  if (!std::filesystem::exists(path)) throw DataError("hardware table '" + path + "' not found");
  if (HwPickleReader::looks_like_pickle(path)) {
    const HwTable t = HwPickleReader::read(path);
    return write(store, t, "hw-pickle:" + t.format, spaces);
  }
  return import_csv(store, path, spaces);
}

std::vector<std::string> HwTableImporter::default_files(const std::string& data_dir) {
  return {data_dir + "/hw/help-nb201/help_nb201_latency.csv",
          data_dir + "/hw/brp-nas/eagle_desktop_cpu_i7_7820x_fp32.csv",
          data_dir + "/hw/nn-meter/cpu-nasbench201-log.csv",
          data_dir + "/hw/nn-meter/gpu-nasbench201-log.csv",
          data_dir + "/hw/nn-meter/gpu1-nasbench201-log.csv",
          data_dir + "/hw/nn-meter/vpu-nasbench201-log.csv",
          data_dir + "/nb201/nb201_h100_latency.csv"};
}

std::vector<ImportSummary> HwTableImporter::import_default(Store& store,
                                                           const std::string& data_dir,
                                                           const SpaceFactory& spaces) {
  const auto files = default_files(data_dir);
  for (const auto& f : files) {
    if (!std::filesystem::exists(f)) {
      throw DataError("hardware table '" + f +
                      "' not found; set --data or TABNAS_DATA to the benchmark data directory");
    }
  }
  std::vector<HwTable> tables;
  tables.reserve(files.size());
  for (const auto& f : files) tables.push_back(HwCsvReader::read(f));
  std::vector<ImportSummary> out;
  for (const auto& t : tables) out.push_back(write(store, t, "hw-csv:" + t.format, spaces));
  return out;
}

}  // namespace tabnas
