#include "pandas/data_frame_reader.hpp"

#include <charconv>

#include "container/open_any.hpp"
#include "pickle/cursor.hpp"
#include "tabnas/core/errors.hpp"

namespace tabnas::pandas {

namespace {

/// Positions (column indexes) a block covers: slice(start, stop, step) or an int ndarray.
std::vector<std::int64_t> block_locations(const pickle::Cursor& locs) {
  std::vector<std::int64_t> out;
  if (locs.kind() == pickle::Kind::kNdArray) {
    const auto& a = locs.as_ndarray();
    if (a.storage != pickle::NdArray::Storage::kInt64) locs.fail("mgr_locs array is not int64");
    return a.i64;
  }
  const pickle::Call& call = locs.as_call();
  if (!call.is("builtins", "slice") && !call.is("__builtin__", "slice")) {
    locs.fail("mgr_locs is neither a slice nor an int array");
  }
  const pickle::Cursor args(call.args, locs.path());
  if (args.size() != 3) locs.fail("slice needs 3 arguments");
  const std::int64_t start = args[0].is_none() ? 0 : args[0].as_int();
  const std::int64_t stop = args[1].as_int();
  const std::int64_t step = args[2].is_none() ? 1 : args[2].as_int();
  if (step <= 0 || stop < start) locs.fail("unsupported slice");
  for (std::int64_t k = start; k < stop; k += step) out.push_back(k);
  return out;
}

}  // namespace

DataFrame read_data_frame(const std::string& path) {
  pickle::ReadOptions options;
  options.source_name = path;
  const pickle::Value root = container::open_any(path, options).value;
  const pickle::Cursor df(root, path);
  if (df.kind() != pickle::Kind::kCall || !df.as_call().is("pandas.core.frame", "DataFrame")) {
    throw DataError(path + ": not a pickled pandas DataFrame (found " + root.describe() + ")");
  }
  const pickle::Cursor state(df.as_call().state, path);
  const auto mgr_entry = state.find("_mgr");  // pandas >= 1.1; older pickles use "_data"
  const pickle::Cursor mgr = mgr_entry ? *mgr_entry : state["_data"];
  if (mgr.kind() != pickle::Kind::kCall) mgr.fail("expected a pandas BlockManager");
  if (!mgr.as_call().is("pandas.core.internals.managers", "BlockManager")) {
    mgr.fail("expected a pandas BlockManager");
  }
  const pickle::Cursor mstate(mgr.as_call().state, path + ": BlockManager state");
  if (mstate.kind() != pickle::Kind::kTuple || mstate.size() < 4) {
    mstate.fail("expected the (axes, values, items, {'0.14.1': ...}) state tuple");
  }
  const pickle::Cursor v014 = mstate[3]["0.14.1"];
  // Column names: _new_Index(Index class, {'data': object ndarray, 'name': ...}).
  const pickle::Cursor axis0 = v014["axes"][0];
  const pickle::Cursor index_args(axis0.as_call().args, axis0.path());
  const pickle::Cursor names = pickle::Cursor(index_args[1].value(), axis0.path())["data"];
  DataFrame frame;
  frame.path = path;
  for (const auto& n : names.as_ndarray().objects) {
    if (n.kind() != pickle::Kind::kStr) names.fail("column names must be strings");
    frame.columns.push_back(FrameColumn{n.as_string(), FrameColumn::Kind::kFloat, {}, {}, {}});
  }
  std::vector<bool> filled(frame.columns.size(), false);
  bool rows_known = false;
  for (std::size_t b = 0; b < v014["blocks"].size(); ++b) {
    const pickle::Cursor block = v014["blocks"][b];
    const pickle::NdArray& values = block["values"].as_ndarray();
    const std::vector<std::int64_t> locs = block_locations(block["mgr_locs"]);
    if (values.shape.size() != 2 || values.shape[0] != static_cast<std::int64_t>(locs.size())) {
      block.fail("values must be a 2-D array with one row per column of the block");
    }
    const auto n = static_cast<std::size_t>(values.shape[1]);
    if (rows_known && n != frame.rows) block.fail("blocks disagree on the number of rows");
    frame.rows = n;
    rows_known = true;
    for (std::size_t r = 0; r < locs.size(); ++r) {
      if (locs[r] < 0 || static_cast<std::size_t>(locs[r]) >= frame.columns.size() ||
          filled[static_cast<std::size_t>(locs[r])]) {
        block.fail("mgr_locs names column " + std::to_string(locs[r]) +
                   ", which is out of range or already filled");
      }
      FrameColumn& c = frame.columns[static_cast<std::size_t>(locs[r])];
      filled[static_cast<std::size_t>(locs[r])] = true;
      const std::size_t base = r * n;
      switch (values.storage) {
        case pickle::NdArray::Storage::kFloat64:
          c.kind = FrameColumn::Kind::kFloat;
          c.f.assign(values.f64.begin() + static_cast<long>(base),
                     values.f64.begin() + static_cast<long>(base + n));
          break;
        case pickle::NdArray::Storage::kInt64:
          c.kind = FrameColumn::Kind::kInt;
          c.i.assign(values.i64.begin() + static_cast<long>(base),
                     values.i64.begin() + static_cast<long>(base + n));
          break;
        case pickle::NdArray::Storage::kObject:
          c.kind = FrameColumn::Kind::kString;
          for (std::size_t k = 0; k < n; ++k) {
            const pickle::Value& v = values.objects[base + k];
            if (v.kind() != pickle::Kind::kStr) {
              block.fail("column '" + c.name + "' row " + std::to_string(k) +
                         ": object column values must be str, found " + v.describe());
            }
            c.s.push_back(v.as_string());
          }
          break;
      }
    }
  }
  for (std::size_t k = 0; k < filled.size(); ++k) {
    if (!filled[k]) {
      throw DataError(path + ": column '" + frame.columns[k].name + "' has no data block");
    }
  }
  return frame;
}

std::vector<std::vector<std::string>> to_text_rows(const DataFrame& frame) {
  std::vector<std::vector<std::string>> rows(frame.rows);
  char buf[64];
  for (std::size_t r = 0; r < frame.rows; ++r) {
    auto& row = rows[r];
    row.reserve(frame.columns.size());
    for (const auto& c : frame.columns) {
      switch (c.kind) {
        case FrameColumn::Kind::kFloat: {
          if (c.f[r] != c.f[r]) {  // NaN = missing cell
            row.emplace_back();
            break;
          }
          const auto res = std::to_chars(buf, buf + sizeof buf, c.f[r]);
          row.emplace_back(buf, res.ptr);
          break;
        }
        case FrameColumn::Kind::kInt: {
          const auto res = std::to_chars(buf, buf + sizeof buf, c.i[r]);
          row.emplace_back(buf, res.ptr);
          break;
        }
        case FrameColumn::Kind::kString:
          row.push_back(c.s[r]);
          break;
      }
    }
  }
  return rows;
}

}  // namespace tabnas::pandas
