#pragma once
/// @file Where tabnas finds the data directory and the store.
#include <string>

namespace tabnas {

/// The benchmark data directory: $TABNAS_DATA, else "../shared/data" (relative to the working
/// directory; the project root's sibling in a checkout).
[[nodiscard]] std::string data_dir();

/// The default store file: $TABNAS_STORE, else $XDG_DATA_HOME/tabnas/store.sqlite, else
/// $HOME/.local/share/tabnas/store.sqlite. The parent directory is created when missing.
[[nodiscard]] std::string default_store_path();

}  // namespace tabnas
