#include "tabnas/store/curve_file.hpp"

#include <hdf5.h>

#include <limits>

#include "h5_handle.hpp"
#include "tabnas/core/errors.hpp"

namespace tabnas {

using detail::H5Handle;

namespace {

void check(bool ok, const std::string& path, const std::string& what) {
  detail::h5_check(ok, path, what);
}

/// An open 3-D dataset with its dataspace and dimensions.
struct Open3d {
  H5Handle ds;
  H5Handle space;
  std::array<hsize_t, 3> dims{};
};

Open3d open_3d(hid_t file, const std::string& path, const std::string& name) {
  Open3d o;
  o.ds = H5Handle(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose);
  check(o.ds.get() >= 0, path, "open dataset " + name);
  o.space = H5Handle(H5Dget_space(o.ds.get()), H5Sclose);
  check(H5Sget_simple_extent_ndims(o.space.get()) == 3, path, "3-D shape of " + name);
  H5Sget_simple_extent_dims(o.space.get(), o.dims.data(), nullptr);
  return o;
}

}  // namespace

CurveFile::CurveFile(const std::string& path, Mode mode) : path_(path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors are reported through exceptions
  if (mode == Mode::kCreate) {
    file_ = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  } else {
    file_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  }
  check(file_ >= 0, path, mode == Mode::kCreate ? "create" : "open");
}

CurveFile::~CurveFile() {
  if (file_ >= 0) H5Fclose(file_);
}

void CurveFile::write(const std::string& name, const CurveArray& array) {
  const std::uint64_t n = array.shape[0] * array.shape[1] * array.shape[2];
  if (n != array.data.size()) {
    throw InternalError("CurveFile::write: shape does not match data size for " + name);
  }
  const std::array<hsize_t, 3> dims = {array.shape[0], array.shape[1], array.shape[2]};
  H5Handle space(H5Screate_simple(3, dims.data(), nullptr), H5Sclose);
  check(space.get() >= 0, path_, "dataspace for " + name);
  H5Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  if (n > 0) {
    const std::array<hsize_t, 3> chunk = {1, std::max<hsize_t>(dims[1], 1),
                                          std::max<hsize_t>(dims[2], 1)};
    check(H5Pset_chunk(plist.get(), 3, chunk.data()) >= 0, path_, "chunking of " + name);
    check(H5Pset_deflate(plist.get(), 4) >= 0, path_, "compression of " + name);
  }
  H5Handle ds(H5Dcreate2(static_cast<hid_t>(file_), name.c_str(), H5T_IEEE_F64LE, space.get(),
                         H5P_DEFAULT, plist.get(), H5P_DEFAULT),
              H5Dclose);
  check(ds.get() >= 0, path_, "create dataset " + name);
  if (n > 0) {
    check(H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, array.data.data()) >=
              0,
          path_, "write dataset " + name);
  }
}

CurveArray CurveFile::read(const std::string& name) const {
  const Open3d o = open_3d(static_cast<hid_t>(file_), path_, name);
  const auto& dims = o.dims;
  CurveArray a;
  a.shape = {dims[0], dims[1], dims[2]};
  a.data.resize(dims[0] * dims[1] * dims[2]);
  if (!a.data.empty()) {
    check(H5Dread(o.ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, a.data.data()) >= 0,
          path_, "read dataset " + name);
  }
  return a;
}

CurveArray CurveFile::read_arch(const std::string& name, std::uint64_t arch) const {
  const Open3d o = open_3d(static_cast<hid_t>(file_), path_, name);
  const auto& dims = o.dims;
  CurveArray a;
  a.shape = {1, dims[1], dims[2]};
  a.data.assign(dims[1] * dims[2], std::numeric_limits<double>::quiet_NaN());
  if (arch >= dims[0] || a.data.empty()) return a;
  const std::array<hsize_t, 3> start = {arch, 0, 0};
  const std::array<hsize_t, 3> count = {1, dims[1], dims[2]};
  check(H5Sselect_hyperslab(o.space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                            nullptr) >= 0,
        path_, "select architecture of " + name);
  H5Handle mem(H5Screate_simple(3, count.data(), nullptr), H5Sclose);
  check(H5Dread(o.ds.get(), H5T_NATIVE_DOUBLE, mem.get(), o.space.get(), H5P_DEFAULT,
                a.data.data()) >= 0,
        path_, "read architecture of " + name);
  return a;
}

std::vector<std::int64_t> CurveFile::read_seeds(const std::string& name) const {
  H5Handle ds(H5Dopen2(static_cast<hid_t>(file_), name.c_str(), H5P_DEFAULT), H5Dclose);
  check(ds.get() >= 0, path_, "open dataset " + name);
  if (H5Aexists(ds.get(), "seeds") <= 0) return {};
  H5Handle attr(H5Aopen(ds.get(), "seeds", H5P_DEFAULT), H5Aclose);
  check(attr.get() >= 0, path_, "open attribute seeds of " + name);
  H5Handle space(H5Aget_space(attr.get()), H5Sclose);
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  check(n >= 0, path_, "size of attribute seeds of " + name);
  std::vector<std::int64_t> seeds(static_cast<std::size_t>(n));
  if (n > 0) {
    check(H5Aread(attr.get(), H5T_NATIVE_INT64, seeds.data()) >= 0, path_,
          "read attribute seeds of " + name);
  }
  return seeds;
}

std::vector<std::string> CurveFile::names() const {
  std::vector<std::string> out;
  H5G_info_t info{};
  check(H5Gget_info(static_cast<hid_t>(file_), &info) >= 0, path_, "list datasets");
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t len = H5Lget_name_by_idx(static_cast<hid_t>(file_), ".", H5_INDEX_NAME,
                                           H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    std::string name(static_cast<std::size_t>(len), '\0');
    H5Lget_name_by_idx(static_cast<hid_t>(file_), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(),
                       static_cast<std::size_t>(len) + 1, H5P_DEFAULT);
    out.push_back(name);
  }
  return out;
}

}  // namespace tabnas
