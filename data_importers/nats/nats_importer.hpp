#pragma once
/// @file Importer of NATS-Bench (tss, sss) and NAS-Bench-201 result files into the store
/// (docs/nats_import.md).
///
/// Accepted forms, told apart by the path and the file's bytes:
///   nats-dir   a directory of per-architecture `NNNNNN.pickle.pbz2` files + `meta.pickle.pbz2`
///              (NATS "simple" fast-mode layout); files are decoded on several threads
///   nats-file  the single-file benchmark `NATS-{tss,sss}-*.pickle.pbz2` (one bzip2 pickle)
///   nb201-pth  NAS-Bench-201 `.pth` (legacy PyTorch stream or PyTorch zip, v1.0 and v1.1)
/// The single-file forms are streamed: each `arch2infos` entry is decoded and written as soon
/// as the pickle reader has built it, and dropped afterwards (a bzip2 file is first
/// decompressed to a temporary file beside the store and memory-mapped).
///
/// Every run (architecture x dataset x fidelity x seed) becomes: per-epoch curves in one HDF5
/// file ([arch x seed x epoch], NaN where the source is sparse); scalar rows in the `metric`
/// table (last-epoch accuracy and loss per split, total training time, params, flops,
/// latency; run = position of the seed among the architecture's seeds); and per (arch,
/// dataset, fidelity) the resolved costs as run -1 with the seed-888 rule. All of it lands in
/// one SQLite transaction; the HDF5 file is renamed into place just before the commit, so a
/// killed import leaves the previous store intact.
#include <cstdint>
#include <string>

#include "csv/csv_importer.hpp"
#include "tabnas/store/store.hpp"

namespace tabnas::nats {

struct NatsImportOptions {
  /// Decoding threads for the directory form; 0 = one per core.
  unsigned threads = 0;
  /// Progress line on stderr (every half second).
  bool progress = false;
  /// HDF5 compression of the curves: 0 = none, 1..9 = shuffle + deflate level.
  int deflate_level = 1;
  /// Space to file the architectures under; "" = "nb201" for a full topology list (15625),
  /// "nats_sss" for a full size list (32768); any other list needs an explicit name.
  std::string space;
};

class NatsImporter {
 public:
  /// Imports `path` (see the forms above). @throws DataError naming the file and the item for
  /// malformed input; ConfigError for a path that is none of the forms.
  static ImportSummary run(Store& store, const std::string& path, const SpaceFactory& spaces,
                           const NatsImportOptions& options);

  /// "nats-dir", "nats-file" or "nb201-pth" when `path` looks like one of the forms (from the
  /// directory listing or the file's first bytes), "" otherwise.
  [[nodiscard]] static std::string detect(const std::string& path);
};

}  // namespace tabnas::nats
