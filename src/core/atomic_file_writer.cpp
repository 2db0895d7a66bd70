#include "tabnas/core/atomic_file_writer.hpp"

#include <cerrno>
#include <cstring>

#include "tabnas/core/atomic_file.hpp"
#include "tabnas/core/errors.hpp"

namespace tabnas {

AtomicFileWriter::AtomicFileWriter(std::string path)
    : path_(std::move(path)), tmp_(temp_path_for(path_)) {
  file_ = std::fopen(tmp_.c_str(), "wb");
  if (file_ == nullptr) throw DataError("cannot write '" + tmp_ + "': " + std::strerror(errno));
}

AtomicFileWriter::~AtomicFileWriter() {
  if (file_ != nullptr) {
    std::fclose(file_);
    std::remove(tmp_.c_str());
  }
}

void AtomicFileWriter::write(std::string_view piece) {
  if (std::fwrite(piece.data(), 1, piece.size(), file_) != piece.size()) fail();
}

void AtomicFileWriter::commit() {
  if (std::fflush(file_) != 0) fail();
  std::fclose(file_);
  file_ = nullptr;
  commit_temp_file(tmp_, path_);
}

void AtomicFileWriter::fail() {
  std::fclose(file_);
  file_ = nullptr;
  std::remove(tmp_.c_str());
  throw DataError("write error on '" + tmp_ + "'");
}

}  // namespace tabnas
