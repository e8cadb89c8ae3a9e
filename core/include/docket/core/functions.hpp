// Host and plugin functions callable from expressions, with the signatures the checker uses.
#pragma once

#include <functional>
#include <map>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "docket/core/type.hpp"
#include "docket/core/value.hpp"

namespace docket {

// Thrown by a native function to report a failure for this one evaluation.
class FunctionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct FunctionSignature {
  std::string name;               // dotted, e.g. "site.district"
  std::vector<Type> params;       // primitive types only: bool, int, number, text, duration, time
  Type result;
  std::string origin;             // "builtin" or the plugin file it came from
};

using NativeFunction = std::function<Value(std::span<const Value> args)>;

struct Function {
  FunctionSignature signature;
  NativeFunction call;
};

// The functions a program may call. The checker reads signatures from it; the lowering binds
// calls to it. Registration happens before compilation; afterwards it is read-only.
class FunctionRegistry {
 public:
  // Returns false (and changes nothing) when the name is taken.
  bool add(FunctionSignature signature, NativeFunction call);

  [[nodiscard]] const Function* find(std::string_view name) const;
  [[nodiscard]] std::vector<std::string> names() const;

 private:
  std::map<std::string, Function, std::less<>> functions_;
};

}  // namespace docket
