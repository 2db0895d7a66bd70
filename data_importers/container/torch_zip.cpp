#include "container/torch_zip.hpp"

#include <zip.h>

#include <algorithm>

#include "container/mapped_file.hpp"
#include "pickle/pickle_reader.hpp"
#include "tabnas/core/errors.hpp"

namespace tabnas::container {

namespace {

/// Closes an archive opened read-only (discarding never fails to release memory).
struct ZipCloser {
  void operator()(zip_t* z) const noexcept { zip_discard(z); }
};

/// Closes one member.
struct ZipFileCloser {
  void operator()(zip_file_t* f) const noexcept { zip_fclose(f); }
};

}  // namespace

struct TorchZip::State {
  std::string source_name;
  std::unique_ptr<MappedFile> file;  // when opened from a path
  std::unique_ptr<zip_t, ZipCloser> archive;
  std::string prefix;
};

TorchZip::TorchZip(std::unique_ptr<State> state) : state_(std::move(state)) {}
TorchZip::~TorchZip() = default;
TorchZip::TorchZip(TorchZip&&) noexcept = default;
TorchZip& TorchZip::operator=(TorchZip&&) noexcept = default;

const std::string& TorchZip::prefix() const noexcept {
  return state_->prefix;
}
const std::string& TorchZip::source_name() const noexcept {
  return state_->source_name;
}

TorchZip TorchZip::open_file(const std::filesystem::path& path) {
  auto file = std::make_unique<MappedFile>(path);
  const auto bytes = file->bytes();
  TorchZip z = open_memory(bytes, path.string());
  z.state_->file = std::move(file);
  return z;
}

TorchZip TorchZip::open_memory(std::span<const std::byte> data, std::string source_name) {
  auto state = std::make_unique<State>();
  state->source_name = std::move(source_name);
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(data.data(), data.size(), 0, &error);
  if (src == nullptr) {
    const std::string msg = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw DataError(state->source_name + ": libzip cannot create a buffer source: " + msg);
  }
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &error);
  if (za == nullptr) {
    zip_source_free(src);
    const std::string msg = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw DataError(state->source_name + ": not a readable zip archive: " + msg);
  }
  zip_error_fini(&error);
  state->archive.reset(za);

  // Locate the single "<prefix>/data.pkl".
  const zip_int64_t n = zip_get_num_entries(za, 0);
  std::vector<std::string> candidates;
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(za, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
    if (name == nullptr) continue;
    const std::string s(name);
    const auto slash = s.find('/');
    if (slash != std::string::npos && slash > 0 && s.substr(slash + 1) == "data.pkl") {
      candidates.push_back(s.substr(0, slash + 1));
    }
  }
  if (candidates.empty()) {
    throw DataError(state->source_name +
                    ": zip archive has no '<prefix>/data.pkl' member (not a PyTorch zip file)");
  }
  if (candidates.size() > 1) {
    throw DataError(state->source_name + ": zip archive has " + std::to_string(candidates.size()) +
                    " '<prefix>/data.pkl' members; expected exactly one");
  }
  state->prefix = candidates.front();
  return TorchZip(std::move(state));
}

std::vector<std::string> TorchZip::member_names() const {
  std::vector<std::string> names;
  const zip_int64_t n = zip_get_num_entries(state_->archive.get(), 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name =
        zip_get_name(state_->archive.get(), static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
    if (name != nullptr) names.emplace_back(name);
  }
  return names;
}

std::vector<std::byte> TorchZip::read_member(const std::string& name,
                                             std::uint64_t max_bytes) const {
  zip_t* za = state_->archive.get();
  const std::string where = state_->source_name + ":" + name;
  const zip_int64_t index = zip_name_locate(za, name.c_str(), ZIP_FL_ENC_RAW);
  if (index < 0) throw DataError(where + ": member not found in the zip archive");
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(za, static_cast<zip_uint64_t>(index), 0, &st) != 0 ||
      (st.valid & ZIP_STAT_SIZE) == 0) {
    throw DataError(where + ": cannot stat member: " + zip_strerror(za));
  }
  if (st.size > max_bytes) {
    throw DataError(where + ": member declares " + std::to_string(st.size) +
                    " bytes, above the limit of " + std::to_string(max_bytes));
  }
  std::unique_ptr<zip_file_t, ZipFileCloser> file(
      zip_fopen_index(za, static_cast<zip_uint64_t>(index), 0));
  if (!file) throw DataError(where + ": cannot open member: " + zip_strerror(za));
  std::vector<std::byte> out;
  // Do not trust the declared size for the allocation: grow as data arrives.
  out.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(st.size, std::uint64_t{1} << 26U)));
  constexpr std::size_t kChunk = std::size_t{1} << 16U;
  for (;;) {
    const std::size_t old = out.size();
    if (old > st.size) break;
    out.resize(old + kChunk);
    const zip_int64_t got = zip_fread(file.get(), out.data() + old, kChunk);
    if (got < 0) {
      throw DataError(where + ": corrupt member: " +
                      std::string(zip_error_strerror(zip_file_get_error(file.get()))));
    }
    out.resize(old + static_cast<std::size_t>(got));
    if (got == 0) break;
  }
  if (out.size() != st.size) {
    throw DataError(where + ": member has " + std::to_string(out.size()) +
                    " bytes, its header declares " + std::to_string(st.size));
  }
  return out;
}

pickle::Value TorchZip::read_data_pickle(pickle::ReadOptions options) const {
  const std::string member = state_->prefix + "data.pkl";
  const std::vector<std::byte> bytes = read_member(member);
  options.source_name = state_->source_name + ":" + member;
  return pickle::read_pickle(bytes, options);
}

}  // namespace tabnas::container
