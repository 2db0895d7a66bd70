#pragma once
/// @file Decodes one architecture's results (a NATS-Bench per-arch object, or one entry of
/// NAS-Bench-201's `arch2infos` / the NATS single file) into a NatsArchRecord.
#include <cstdint>
#include <string>

#include "nats/nats_record.hpp"
#include "pickle/value.hpp"

namespace tabnas::nats {

class NatsRecordReader {
 public:
  /// `hp_map` maps a training protocol to an ArchResults state dict: NATS uses the hp keys
  /// '12'/'200' (tss) or '01'/'12'/'90' (sss), NAS-Bench-201 'less' (= hp12) and 'full'
  /// (= hp200). `index` is the index the record is filed under; `source` names the file in
  /// errors. Source splits map to canonical ones as in docs/splits.md.
  /// @throws DataError naming the source and the path inside the pickle when the layout differs
  ///         (unknown hp key, dataset or split, epoch outside 0..epochs-1, wrong value kind).
  [[nodiscard]] static NatsArchRecord read(const pickle::Value& hp_map, std::int64_t index,
                                           const std::string& source);

  /// Fidelity name of an hp key ("12" -> "hp12", "less" -> "hp12", "full" -> "hp200").
  /// @throws DataError for unknown keys.
  [[nodiscard]] static std::string fidelity_of(const std::string& hp_key, const std::string& where);
  /// Canonical split of a source split of `dataset` (x-valid -> valid, x-test -> test,
  /// ori-test -> test for cifar10/cifar10-valid and valtest otherwise).
  /// @throws DataError for an unknown split.
  [[nodiscard]] static std::string canonical_split(const std::string& dataset,
                                                   const std::string& source_split,
                                                   const std::string& where);
};

}  // namespace tabnas::nats
