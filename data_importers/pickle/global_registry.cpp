#include "pickle/global_registry.hpp"

#include "pickle/value_nodes.hpp"

#include <array>
#include <string>
#include <unordered_map>
#include <utility>

namespace tabnas::pickle {

namespace {

using Table = std::unordered_map<std::string, Emulation>;

Table build_table() {
  Table t;
  auto add = [&t](std::string_view module, std::string_view name, Emulation e) {
    t.emplace(std::string(module) + ":" + std::string(name), e);
  };
  add("collections", "OrderedDict", Emulation::kOrderedDict);
  add("builtins", "dict", Emulation::kDict);
  add("builtins", "list", Emulation::kList);
  add("builtins", "tuple", Emulation::kTuple);
  add("builtins", "set", Emulation::kSet);
  add("builtins", "frozenset", Emulation::kFrozenSet);
  add("builtins", "bytearray", Emulation::kByteArray);
  add("builtins", "bytes", Emulation::kBytes);
  add("_codecs", "encode", Emulation::kCodecsEncode);
  add("codecs", "encode", Emulation::kCodecsEncode);
  add("builtins", "slice", Emulation::kKnownOpaque);

  // numpy 1.x (numpy.core) and numpy 2.x (numpy._core) spell the same functions.
  for (std::string_view core : {"numpy.core", "numpy._core"}) {
    const std::string multiarray = std::string(core) + ".multiarray";
    const std::string numeric = std::string(core) + ".numeric";
    add(multiarray, "scalar", Emulation::kNumpyScalar);
    add(multiarray, "_reconstruct", Emulation::kNumpyReconstruct);
    add(multiarray, "dtype", Emulation::kNumpyDType);
    add(multiarray, "ndarray", Emulation::kNumpyNdarrayType);
    add(numeric, "_frombuffer", Emulation::kNumpyFromBuffer);
  }
  add("numpy", "dtype", Emulation::kNumpyDType);
  add("numpy", "ndarray", Emulation::kNumpyNdarrayType);

  // Data containers a later importer interprets; recorded as opaque Calls.
  for (std::string_view name : {"pandas.core.frame:DataFrame",
                                "pandas.core.series:Series",
                                "pandas.core.internals.managers:BlockManager",
                                "pandas.core.internals.managers:SingleBlockManager",
                                "pandas.core.indexes.base:_new_Index",
                                "pandas.core.indexes.base:Index",
                                "pandas.core.indexes.range:RangeIndex",
                                "pandas.core.indexes.numeric:Int64Index",
                                "pandas.core.indexes.numeric:Float64Index",
                                "pandas._libs.internals:_unpickle_block",
                                "pandas.core.internals.blocks:new_block",
                                "torch._utils:_rebuild_tensor_v2",
                                "torch._utils:_rebuild_tensor",
                                "torch._utils:_rebuild_parameter",
                                "torch:FloatStorage",
                                "torch:DoubleStorage",
                                "torch:HalfStorage",
                                "torch:LongStorage",
                                "torch:IntStorage",
                                "torch:ShortStorage",
                                "torch:CharStorage",
                                "torch:ByteStorage",
                                "torch:BoolStorage",
                                "torch:BFloat16Storage",
                                "torch.storage:UntypedStorage",
                                "torch:Size"}) {
    t.emplace(std::string(name), Emulation::kKnownOpaque);
  }
  return t;
}

}  // namespace

Emulation GlobalRegistry::lookup(std::string_view module, std::string_view name) {
  static const Table table = build_table();
  std::string key;
  key.reserve(module.size() + name.size() + 1);
  key.append(module).append(":").append(name);
  const auto it = table.find(key);
  return it == table.end() ? Emulation::kUnknown : it->second;
}

Emulation GlobalRegistry::of(const Value& global) noexcept {
  if (global.kind() != Kind::kGlobal) return Emulation::kUnknown;
  return static_cast<const detail::GlobalNode*>(global.node())->emulation;
}

std::string GlobalRegistry::normalise_module(std::string module) {
  if (module == "__builtin__") return "builtins";
  if (module == "copy_reg") return "copyreg";
  return module;
}

}  // namespace tabnas::pickle
