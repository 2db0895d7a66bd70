#include "csv/csv_importer.hpp"

#include <functional>

#include <map>
#include <set>

#include "tabnas/core/errors.hpp"
#include "tabnas/store/csv_reader.hpp"
#include "tabnas/store/import_writer.hpp"

namespace tabnas {

namespace {

std::size_t column_of(const std::vector<std::string>& header, const std::string& name,
                      const std::string& path) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  std::string have;
  for (const auto& h : header) have += (have.empty() ? "" : ", ") + h;
  throw DataError(path + ": column '" + name +
                  "' required by the mapping is missing (header: " + have + ")");
}

}  // namespace

namespace {

/// Rows after the header, from a CSV file or an in-memory table.
struct RowSource {
  std::function<bool(std::vector<std::string>&)> next;
  std::function<std::string()> where;  ///< position of the row last returned, for messages
};

ImportSummary import_rows(Store& store, const std::string& path,
                          const std::vector<std::string>& header, RowSource& source,
                          const std::optional<CsvMapping>& mapping_in, const SpaceFactory& spaces,
                          const std::string& importer_kind) {
  CsvMapping mapping;
  if (mapping_in) {
    mapping = *mapping_in;
  } else {
    auto m = CsvMapping::builtin_for_header(header);
    if (!m) {
      std::string names;
      for (const auto& n : CsvMapping::builtin_names()) names += (names.empty() ? "" : ", ") + n;
      throw ConfigError(path + ": no built-in column mapping matches this header (built-in: " +
                        names + "); pass --mapping FILE.json (see docs/csv_import.md)");
    }
    mapping = *m;
  }
  const std::size_t idx_col = column_of(header, mapping.index_column, path);
  const std::size_t arch_col =
      mapping.arch_column.empty() ? header.size() : column_of(header, mapping.arch_column, path);
  const std::size_t ds_col = mapping.dataset_column.empty()
                                 ? header.size()
                                 : column_of(header, mapping.dataset_column, path);
  std::vector<std::size_t> value_cols;
  for (const auto& v : mapping.values) value_cols.push_back(column_of(header, v.column, path));

  // Read everything first: a malformed file must not leave anything behind.
  struct Cell {
    std::uint32_t arch;
    std::size_t value;  // index into mapping.values
    std::string dataset;
    double v;
  };
  std::vector<Cell> cells;
  std::map<std::uint32_t, std::string> arch_of_index;
  std::int64_t missing = 0;
  std::vector<std::string> missing_examples;
  std::vector<std::string> fields;
  while (source.next(fields)) {
    const std::string where = source.where();
    if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
    if (fields.size() != header.size()) {
      throw DataError(where + ": " + std::to_string(fields.size()) + " fields, header has " +
                      std::to_string(header.size()));
    }
    const long long index = parse_int_field(fields[idx_col], where + " column " + header[idx_col]);
    if (index < 0 || index > 0xffffffffLL) {
      throw DataError(where + ": index " + std::to_string(index) + " out of range");
    }
    const auto arch = static_cast<std::uint32_t>(index);
    if (arch_col < header.size()) {
      auto [it, inserted] = arch_of_index.emplace(arch, fields[arch_col]);
      if (!inserted && it->second != fields[arch_col]) {
        throw DataError(where + ": index " + std::to_string(arch) + " has arch '" +
                        fields[arch_col] + "' but an earlier row gave '" + it->second + "'");
      }
    }
    const std::string dataset = ds_col < header.size() ? fields[ds_col] : std::string();
    for (std::size_t k = 0; k < mapping.values.size(); ++k) {
      const std::string& text = fields[value_cols[k]];
      if (text.empty()) {
        ++missing;
        if (missing_examples.size() < 5) {
          missing_examples.push_back("index " + std::to_string(arch) + " column " +
                                     mapping.values[k].column);
        }
        continue;
      }
      const double v = parse_double_field(text, where + " column " + mapping.values[k].column);
      cells.push_back(
          {arch, k, mapping.values[k].dataset.empty() ? dataset : mapping.values[k].dataset, v});
    }
  }
  if (cells.empty()) throw DataError(path + ": no values found");

  const std::string importer =
      importer_kind + ":" + (mapping.name.empty() ? std::string("custom") : mapping.name);
  ImportWriter writer(store, importer, path);
  ImportSummary summary;
  summary.importer = importer;
  summary.path = path;
  summary.source_id = writer.source_id();

  // Architecture list: create it from the file when the store has none, else verify.
  std::vector<std::string> existing;
  try {
    existing = store.arch_strings(mapping.space);
  } catch (const ConfigError&) {
    existing.clear();
  }
  if (existing.empty()) {
    if (arch_of_index.empty()) {
      throw DataError(path + ": the store has no architecture list for space '" + mapping.space +
                      "' and this file has no arch column to build one");
    }
    std::vector<std::string> list(arch_of_index.size());
    std::uint32_t expected = 0;
    for (const auto& [i, s] : arch_of_index) {
      if (i != expected) {
        throw DataError(path + ": architecture index " + std::to_string(expected) +
                        " is missing; a first import must list every architecture");
      }
      list[i] = s;
      ++expected;
    }
    const auto space = spaces(mapping.space, list);
    std::vector<std::uint32_t> canon(list.size());
    for (std::uint32_t i = 0; i < list.size(); ++i) canon[i] = space->canonical_id(i);
    writer.set_arch_list(mapping.space, list, canon);
    summary.notes.push_back("created the architecture list of space '" + mapping.space + "' (" +
                            std::to_string(list.size()) + " architectures, " +
                            std::to_string(space->num_canonical_ids()) + " canonical ids)");
  } else {
    for (const auto& [i, s] : arch_of_index) {
      if (i >= existing.size() || existing[i] != s) {
        throw DataError(path + ": index " + std::to_string(i) + " is '" + s + "' here but '" +
                        (i < existing.size() ? existing[i] : "<none>") +
                        "' in the store; the file uses a different index order");
      }
    }
  }
  for (const Cell& c : cells) {
    if (!existing.empty() && c.arch >= existing.size()) {
      throw DataError(path + ": index " + std::to_string(c.arch) + " outside the space");
    }
  }
  std::set<std::string> cols;
  for (const Cell& c : cells) {
    const CsvValueColumn& vc = mapping.values[c.value];
    const MetricKey key{c.dataset, vc.split, vc.fidelity, vc.metric};
    writer.put_metric(mapping.space, key, c.arch, vc.run, std::nullopt, c.v);
    cols.insert(key.dataset + "/" + key.split + "/" + key.fidelity + "/" + key.metric);
  }
  for (const auto& vc : mapping.values) {
    if (!vc.source_split.empty()) {
      writer.note("mapping", vc.column,
                  "source split '" + vc.source_split + "' stored as canonical split '" + vc.split +
                      "', fidelity " + vc.fidelity +
                      (vc.run < 0 ? ", published seed-mean" : ", run " + std::to_string(vc.run)));
    }
  }
  if (missing > 0) {
    std::string ex;
    for (const auto& e : missing_examples) ex += (ex.empty() ? "" : "; ") + e;
    writer.note("missing", std::to_string(missing) + " cells",
                "empty cells are not stored (e.g. " + ex + ")");
    summary.notes.push_back(std::to_string(missing) + " empty cells skipped (e.g. " + ex + ")");
  }
  summary.rows = writer.rows();
  summary.archs = static_cast<std::int64_t>(arch_of_index.size());
  summary.missing = missing;
  summary.columns.assign(cols.begin(), cols.end());
  writer.commit();
  return summary;
}

}  // namespace

ImportSummary CsvImporter::run(Store& store, const std::string& path,
                               const std::optional<CsvMapping>& mapping,
                               const SpaceFactory& spaces) {
  CsvReader reader(path);
  std::vector<std::string> header;
  if (!reader.next(header) || header.empty() || (header.size() == 1 && header[0].empty())) {
    throw DataError(path + ": empty file (expected a CSV header line)");
  }
  RowSource source{[&](std::vector<std::string>& f) { return reader.next(f); },
                   [&] { return path + ":" + std::to_string(reader.line()); }};
  return import_rows(store, path, header, source, mapping, spaces, "csv");
}

ImportSummary CsvImporter::run_table(Store& store, const std::string& path,
                                     const std::vector<std::string>& header,
                                     const std::vector<std::vector<std::string>>& rows,
                                     const std::optional<CsvMapping>& mapping,
                                     const SpaceFactory& spaces, const std::string& importer_kind) {
  std::size_t next = 0;
  RowSource source{[&](std::vector<std::string>& f) {
                     if (next >= rows.size()) return false;
                     f = rows[next++];
                     return true;
                   },
                   [&] { return path + ": row " + std::to_string(next - 1); }};
  return import_rows(store, path, header, source, mapping, spaces, importer_kind);
}

}  // namespace tabnas
