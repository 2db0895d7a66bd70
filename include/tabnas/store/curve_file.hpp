#pragma once
/// @file Dense learning curves in HDF5: one dataset per (dataset, split, fidelity, metric),
/// shaped [arch x seed x epoch], NaN where the source has no value. HDF5 is not thread-safe:
/// only importers and the loader use it, never run threads.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace tabnas {

/// A 3-D array of doubles in row-major order.
struct CurveArray {
  std::array<std::uint64_t, 3> shape{};  ///< arch, seed, epoch
  std::vector<double> data;
};

class CurveFile {
 public:
  enum class Mode { kRead, kCreate };
  /// Opens or creates (truncating) an HDF5 file. @throws StoreError with HDF5's error.
  CurveFile(const std::string& path, Mode mode);
  ~CurveFile();
  CurveFile(const CurveFile&) = delete;
  CurveFile& operator=(const CurveFile&) = delete;

  /// Writes a dataset (gzip-compressed, chunked per arch). @throws StoreError.
  void write(const std::string& name, const CurveArray& array);
  /// Reads a dataset. @throws StoreError naming the file and dataset.
  [[nodiscard]] CurveArray read(const std::string& name) const;
  /// The [seed x epoch] slice of one architecture (shape {1, seeds, epochs}); all NaN when
  /// `arch` is beyond the dataset. @throws StoreError naming the file and dataset.
  [[nodiscard]] CurveArray read_arch(const std::string& name, std::uint64_t arch) const;
  /// The `seeds` attribute of a dataset (seed of each index on axis 1), empty when absent.
  /// @throws StoreError naming the file and dataset.
  [[nodiscard]] std::vector<std::int64_t> read_seeds(const std::string& name) const;
  /// Names of the datasets in the root group.
  [[nodiscard]] std::vector<std::string> names() const;

 private:
  std::string path_;
  std::int64_t file_ = -1;
};

}  // namespace tabnas
