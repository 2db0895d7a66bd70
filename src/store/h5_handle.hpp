#pragma once
/// @file RAII handle for HDF5 identifiers (internal to src/store).
#include <hdf5.h>

#include <string>

#include "tabnas/core/errors.hpp"

namespace tabnas::detail {

/// Closes an HDF5 handle with the right function on scope exit.
class H5Handle {
 public:
  H5Handle() = default;
  H5Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~H5Handle() { reset(); }
  H5Handle(const H5Handle&) = delete;
  H5Handle& operator=(const H5Handle&) = delete;
  H5Handle(H5Handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = -1; }
  H5Handle& operator=(H5Handle&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = o.id_;
      close_ = o.close_;
      o.id_ = -1;
    }
    return *this;
  }
  [[nodiscard]] hid_t get() const { return id_; }
  void reset() {
    if (id_ >= 0 && close_ != nullptr) close_(id_);
    id_ = -1;
  }

 private:
  hid_t id_ = -1;
  herr_t (*close_)(hid_t) = nullptr;
};

/// Throws StoreError("HDF5 file '<path>': <what> failed") unless ok.
inline void h5_check(bool ok, const std::string& path, const std::string& what) {
  if (!ok) throw StoreError("HDF5 file '" + path + "': " + what + " failed");
}

}  // namespace tabnas::detail
