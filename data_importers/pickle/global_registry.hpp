#pragma once
/// @file The allow-list of globals: which ones the reader emulates, which it records as data.
#include <cstdint>
#include <string>
#include <string_view>

#include "pickle/value.hpp"

namespace tabnas::pickle {

/// What the reader does when a global is called (REDUCE/NEWOBJ) or built.
enum class Emulation : std::uint8_t {
  kUnknown,       ///< not on any list: opaque Call (rejected in strict mode)
  kKnownOpaque,   ///< known data container (pandas, torch, slice): opaque Call, allowed in strict
  kOrderedDict,   ///< collections.OrderedDict -> dict
  kDict,          ///< builtins.dict
  kList,          ///< builtins.list
  kTuple,         ///< builtins.tuple
  kSet,           ///< builtins.set
  kFrozenSet,     ///< builtins.frozenset
  kByteArray,     ///< builtins.bytearray
  kBytes,         ///< builtins.bytes
  kCodecsEncode,  ///< _codecs.encode(str, 'latin1') -> bytes
  kNumpyScalar,   ///< numpy.core.multiarray.scalar(dtype, payload) -> bool/int/float
  kNumpyDType,    ///< numpy.dtype(spec, align, copy) (+ BUILD) -> kept as Call, read on use
  kNumpyReconstruct,  ///< numpy.core.multiarray._reconstruct(ndarray, ...) + BUILD -> NdArray
  kNumpyNdarrayType,  ///< numpy.ndarray (the type passed to _reconstruct)
  kNumpyFromBuffer,   ///< numpy.core.numeric._frombuffer(buf, dtype, shape, order) -> NdArray
};

/// Static table of allowed globals. Module names of Python 2 pickles are normalised first
/// ("__builtin__" -> "builtins", "copy_reg" -> "copyreg"), as Python 3's unpickler does.
class GlobalRegistry {
 public:
  /// The emulation of module.name (module already normalised).
  [[nodiscard]] static Emulation lookup(std::string_view module, std::string_view name);

  /// Python 2 -> 3 module renames relevant to data pickles.
  [[nodiscard]] static std::string normalise_module(std::string module);

  /// The emulation of a kGlobal value (cached when the value was made); kUnknown for other
  /// kinds.
  [[nodiscard]] static Emulation of(const Value& global) noexcept;
};

}  // namespace tabnas::pickle
