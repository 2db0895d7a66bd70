#pragma once
/// @file Incremental writer of learning curves into one HDF5 file, for streaming importers.
///
/// Each dataset is shaped [arch x seed x epoch] (float64, NaN where nothing was written) with a
/// `seeds` attribute listing the seed of every index on axis 1, in order of first appearance.
/// Rows arrive one run at a time; they are buffered per block of architectures and written when
/// every architecture of the block is done (arch_done), so memory stays bounded when the
/// architectures arrive roughly in index order. Both the arch and the seed axis grow on demand;
/// finish() sets the arch axis to its final length. HDF5 is not thread-safe: use one thread.
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace tabnas {

class CurveWriter {
 public:
  /// Creates (truncates) `path`. deflate_level 0 = no compression, 1..9 = shuffle + deflate.
  /// @throws StoreError when the file cannot be created.
  CurveWriter(std::string path, int deflate_level);
  ~CurveWriter();
  CurveWriter(const CurveWriter&) = delete;
  CurveWriter& operator=(const CurveWriter&) = delete;

  /// Handle of dataset `name` with `epochs` values per run, created on first use.
  /// @throws DataError when the name exists with another epoch count.
  int dataset(const std::string& name, std::uint32_t epochs);
  /// Stores one run's curve (values.size() == the dataset's epochs; NaN = no value).
  /// @throws InternalError on a size mismatch.
  void put(int dataset, std::uint32_t arch, std::int64_t seed, std::span<const double> values);
  /// Declares every curve of `arch` written: completed blocks are written out.
  void arch_done(std::uint32_t arch);
  /// Writes all pending blocks and the seeds attributes, sets the arch axis to `archs` (at
  /// least the largest arch written + 1) and closes the file. @throws StoreError.
  void finish(std::uint32_t archs);

  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// Dataset names in creation order.
  [[nodiscard]] std::vector<std::string> names() const;
  /// Number of put() calls so far.
  [[nodiscard]] std::uint64_t runs_written() const noexcept { return runs_; }

 private:
  struct Dataset;
  void flush_block(Dataset& d, std::uint32_t block);
  void grow(Dataset& d, std::uint64_t archs, std::uint64_t seeds);

  std::string path_;
  int deflate_level_;
  std::int64_t file_ = -1;
  std::vector<std::unique_ptr<Dataset>> datasets_;
  std::map<std::string, int> by_name_;
  std::map<std::uint32_t, std::uint32_t> done_per_block_;  ///< keyed by block of kBlockArchs
  std::uint32_t max_arch_ = 0;
  bool any_arch_ = false;
  std::uint64_t runs_ = 0;
};

}  // namespace tabnas
