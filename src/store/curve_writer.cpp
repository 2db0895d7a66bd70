#include "tabnas/store/curve_writer.hpp"

#include <hdf5.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "h5_handle.hpp"
#include "tabnas/core/errors.hpp"

namespace tabnas {

using detail::H5Handle;

namespace {

/// Architectures per chunk and per write (one chunk = kBlockArchs x 1 seed x epochs).
constexpr std::uint32_t kBlockArchs = 64;

}  // namespace

/// One [arch x seed x epoch] dataset and its pending blocks.
struct CurveWriter::Dataset {
  std::string name;
  std::uint32_t epochs = 0;
  H5Handle id;
  std::vector<std::int64_t> seeds;  ///< seed of each slot on axis 1
  std::uint64_t arch_extent = 0;    ///< current extent of axis 0
  std::uint64_t seed_extent = 0;    ///< current extent of axis 1
  /// block -> per slot: kBlockArchs x epochs values (empty = slot untouched in this block)
  std::map<std::uint32_t, std::vector<std::vector<double>>> pending;
};

CurveWriter::CurveWriter(std::string path, int deflate_level)
    : path_(std::move(path)), deflate_level_(deflate_level) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors are reported through exceptions
  file_ = H5Fcreate(path_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  detail::h5_check(file_ >= 0, path_, "create");
}

CurveWriter::~CurveWriter() {
  datasets_.clear();
  if (file_ >= 0) H5Fclose(static_cast<hid_t>(file_));
}

int CurveWriter::dataset(const std::string& name, std::uint32_t epochs) {
  if (auto it = by_name_.find(name); it != by_name_.end()) {
    const Dataset& d = *datasets_[static_cast<std::size_t>(it->second)];
    if (d.epochs != epochs) {
      throw DataError("curve '" + name + "' has " + std::to_string(d.epochs) +
                      " epochs in earlier records but " + std::to_string(epochs) + " here");
    }
    return it->second;
  }
  if (epochs == 0) throw DataError("curve '" + name + "' has no epochs");
  auto d = std::make_unique<Dataset>();
  d->name = name;
  d->epochs = epochs;
  const std::array<hsize_t, 3> dims = {0, 0, epochs};
  const std::array<hsize_t, 3> max = {H5S_UNLIMITED, H5S_UNLIMITED, epochs};
  H5Handle space(H5Screate_simple(3, dims.data(), max.data()), H5Sclose);
  detail::h5_check(space.get() >= 0, path_, "dataspace for " + name);
  H5Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  const std::array<hsize_t, 3> chunk = {kBlockArchs, 1, epochs};
  detail::h5_check(H5Pset_chunk(plist.get(), 3, chunk.data()) >= 0, path_, "chunking " + name);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  detail::h5_check(H5Pset_fill_value(plist.get(), H5T_NATIVE_DOUBLE, &nan) >= 0, path_,
                   "fill value of " + name);
  if (deflate_level_ > 0) {
    detail::h5_check(H5Pset_shuffle(plist.get()) >= 0, path_, "shuffle filter of " + name);
    detail::h5_check(H5Pset_deflate(plist.get(), static_cast<unsigned>(deflate_level_)) >= 0, path_,
                     "compression of " + name);
  }
  d->id = H5Handle(H5Dcreate2(static_cast<hid_t>(file_), name.c_str(), H5T_IEEE_F64LE, space.get(),
                              H5P_DEFAULT, plist.get(), H5P_DEFAULT),
                   H5Dclose);
  detail::h5_check(d->id.get() >= 0, path_, "create dataset " + name);
  datasets_.push_back(std::move(d));
  const int handle = static_cast<int>(datasets_.size() - 1);
  by_name_.emplace(name, handle);
  return handle;
}

void CurveWriter::put(int dataset, std::uint32_t arch, std::int64_t seed,
                      std::span<const double> values) {
  Dataset& d = *datasets_.at(static_cast<std::size_t>(dataset));
  if (values.size() != d.epochs) {
    throw InternalError("CurveWriter::put: " + std::to_string(values.size()) +
                        " values for curve '" + d.name + "' of " + std::to_string(d.epochs) +
                        " epochs");
  }
  auto slot_it = std::find(d.seeds.begin(), d.seeds.end(), seed);
  const auto slot = static_cast<std::size_t>(slot_it - d.seeds.begin());
  if (slot_it == d.seeds.end()) d.seeds.push_back(seed);
  const std::uint32_t block = arch / kBlockArchs;
  auto& slots = d.pending[block];
  if (slots.size() <= slot) slots.resize(slot + 1);
  auto& buf = slots[slot];
  if (buf.empty()) {
    buf.assign(std::size_t{kBlockArchs} * d.epochs, std::numeric_limits<double>::quiet_NaN());
  }
  std::copy(values.begin(), values.end(),
            buf.begin() + static_cast<std::ptrdiff_t>((arch % kBlockArchs) * d.epochs));
  max_arch_ = std::max(max_arch_, arch);
  any_arch_ = true;
  ++runs_;
}

void CurveWriter::grow(Dataset& d, std::uint64_t archs, std::uint64_t seeds) {
  const std::array<hsize_t, 3> dims = {archs, seeds, d.epochs};
  detail::h5_check(H5Dset_extent(d.id.get(), dims.data()) >= 0, path_, "extend " + d.name);
  d.arch_extent = archs;
  d.seed_extent = seeds;
}

void CurveWriter::flush_block(Dataset& d, std::uint32_t block) {
  auto it = d.pending.find(block);
  if (it == d.pending.end()) return;
  const std::uint64_t first = std::uint64_t{block} * kBlockArchs;
  const std::uint64_t need = first + kBlockArchs;
  if (need > d.arch_extent || d.seeds.size() > d.seed_extent) {
    grow(d, std::max(need, d.arch_extent), d.seeds.size());
  }
  H5Handle file_space(H5Dget_space(d.id.get()), H5Sclose);
  for (std::size_t slot = 0; slot < it->second.size(); ++slot) {
    const auto& buf = it->second[slot];
    if (buf.empty()) continue;
    const std::array<hsize_t, 3> start = {first, slot, 0};
    const std::array<hsize_t, 3> count = {kBlockArchs, 1, d.epochs};
    detail::h5_check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr,
                                         count.data(), nullptr) >= 0,
                     path_, "select block of " + d.name);
    H5Handle mem_space(H5Screate_simple(3, count.data(), nullptr), H5Sclose);
    detail::h5_check(H5Dwrite(d.id.get(), H5T_NATIVE_DOUBLE, mem_space.get(), file_space.get(),
                              H5P_DEFAULT, buf.data()) >= 0,
                     path_, "write " + d.name);
  }
  d.pending.erase(it);
}

void CurveWriter::arch_done(std::uint32_t arch) {
  const std::uint32_t block = arch / kBlockArchs;
  if (++done_per_block_[block] < kBlockArchs) return;
  done_per_block_.erase(block);
  for (auto& d : datasets_) flush_block(*d, block);
}

void CurveWriter::finish(std::uint32_t archs) {
  if (any_arch_) archs = std::max(archs, max_arch_ + 1);
  for (auto& d : datasets_) {
    while (!d->pending.empty()) flush_block(*d, d->pending.begin()->first);
    grow(*d, archs, d->seeds.size());
    const std::array<hsize_t, 1> n = {d->seeds.size()};
    H5Handle space(H5Screate_simple(1, n.data(), nullptr), H5Sclose);
    H5Handle attr(
        H5Acreate2(d->id.get(), "seeds", H5T_STD_I64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
        H5Aclose);
    detail::h5_check(attr.get() >= 0, path_, "create attribute seeds of " + d->name);
    if (!d->seeds.empty()) {
      detail::h5_check(H5Awrite(attr.get(), H5T_NATIVE_INT64, d->seeds.data()) >= 0, path_,
                       "write attribute seeds of " + d->name);
    }
  }
  datasets_.clear();
  detail::h5_check(H5Fclose(static_cast<hid_t>(file_)) >= 0, path_, "close");
  file_ = -1;
}

std::vector<std::string> CurveWriter::names() const {
  std::vector<std::string> out(by_name_.size());
  for (const auto& [name, handle] : by_name_) out[static_cast<std::size_t>(handle)] = name;
  return out;
}

}  // namespace tabnas
