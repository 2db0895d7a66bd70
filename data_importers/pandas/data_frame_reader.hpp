#pragma once
/// @file Columns of a pickled pandas DataFrame (`df.to_pickle()`), decoded without pandas and
/// without running code: the pickle reader keeps `pandas.core.frame.DataFrame` and its
/// `BlockManager` as opaque construction records, and this reader walks their state.
///
/// Supported layout (pandas 0.14.1 .. 2.x BlockManager pickles): the manager's BUILD state is
/// a tuple whose 4th element is `{'0.14.1': {'axes': [columns Index, row Index], 'blocks':
/// [{'values': 2-D ndarray [columns-in-block x rows], 'mgr_locs': slice(start, stop, step)
/// or an int ndarray}, ...]}}`; column names come from the first axis
/// (`_new_Index(Index, {'data': object ndarray, ...})`).
#include <cstdint>
#include <string>
#include <vector>

namespace tabnas::pandas {

/// One column: exactly one of the vectors is filled (numpy float64, int64 or object of str).
struct FrameColumn {
  std::string name;
  enum class Kind : std::uint8_t { kFloat, kInt, kString } kind = Kind::kFloat;
  std::vector<double> f;
  std::vector<std::int64_t> i;
  std::vector<std::string> s;
};

struct DataFrame {
  std::string path;
  std::size_t rows = 0;
  std::vector<FrameColumn> columns;  ///< in the frame's column order
};

/// Reads a DataFrame pickle. @throws DataError naming the file and the position in the pickle
/// when the file is not a DataFrame of this layout, a block has an unsupported dtype, or
/// columns disagree in length.
DataFrame read_data_frame(const std::string& path);

/// The frame as text rows for the CSV importer: numbers in their shortest round-trip form
/// (std::to_chars), so parsing them back gives the same doubles bit for bit.
std::vector<std::vector<std::string>> to_text_rows(const DataFrame& frame);

}  // namespace tabnas::pandas
