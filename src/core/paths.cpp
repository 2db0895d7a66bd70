#include "tabnas/core/paths.hpp"

#include <cstdlib>
#include <filesystem>

#include "tabnas/core/errors.hpp"

namespace tabnas {

namespace {
std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::string(v) : std::string();
}
}  // namespace

std::string data_dir() {
  std::string d = env_or_empty("TABNAS_DATA");
  return d.empty() ? std::string("../shared/data") : d;
}

std::string default_store_path() {
  std::string p = env_or_empty("TABNAS_STORE");
  if (!p.empty()) return p;
  std::filesystem::path base;
  const std::string xdg = env_or_empty("XDG_DATA_HOME");
  if (!xdg.empty()) {
    base = xdg;
  } else {
    const std::string home = env_or_empty("HOME");
    if (home.empty()) {
      throw ConfigError("no store location: set --store, TABNAS_STORE, XDG_DATA_HOME or HOME");
    }
    base = std::filesystem::path(home) / ".local" / "share";
  }
  const std::filesystem::path dir = base / "tabnas";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw ConfigError("cannot create store directory '" + dir.string() + "': " + ec.message());
  return (dir / "store.sqlite").string();
}

}  // namespace tabnas
