#pragma once
/// @file Opaque records of globals and calls: pickled code references kept as data.
#include <cstdint>
#include <string>
#include <string_view>

#include "pickle/value.hpp"

namespace tabnas::pickle {

/// A global name referenced by GLOBAL/STACK_GLOBAL/INST (module normalised from Python 2 names,
/// e.g. "__builtin__" -> "builtins"). It is never imported or called.
struct GlobalRef {
  std::string module;
  std::string name;
  /// "module.name".
  [[nodiscard]] std::string qualified() const { return module + "." + name; }
};

/// The opcode that produced a Call.
enum class CallHow : std::uint8_t {
  kReduce,        ///< REDUCE: callee(*args)
  kNewObj,        ///< NEWOBJ: cls.__new__(cls, *args)
  kNewObjEx,      ///< NEWOBJ_EX: cls.__new__(cls, *args, **kwargs)
  kInst,          ///< INST (protocol 0 instance)
  kObj,           ///< OBJ (protocol 1 instance)
  kPersistentId,  ///< PERSID/BINPERSID: args holds the persistent id
};

/// Lower-case name of a CallHow ("reduce", "newobj", ...).
[[nodiscard]] std::string_view call_how_name(CallHow how) noexcept;

/// An object the reader did not construct: what would have been called, with what, and what was
/// later applied to it (BUILD state, APPENDs, SETITEMs). Importers interpret these as data.
struct Call {
  CallHow how = CallHow::kReduce;
  Value callee;  ///< usually a kGlobal; None for persistent ids
  Value args;    ///< usually a tuple; the persistent id for kPersistentId
  Value kwargs;  ///< NEWOBJ_EX keyword arguments (a dict), None otherwise
  bool has_state = false;
  Value state;                  ///< BUILD argument when has_state
  std::vector<Value> appended;  ///< APPEND/APPENDS/ADDITEMS applied to the object
  DictItems set_items;          ///< SETITEM/SETITEMS applied to the object

  /// The callee's global when it is one, else nullptr.
  [[nodiscard]] const GlobalRef* callee_global() const noexcept;
  /// True when the callee is the global module.name.
  [[nodiscard]] bool is(std::string_view module, std::string_view name) const noexcept;
};

}  // namespace tabnas::pickle
