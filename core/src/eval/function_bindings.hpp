// FunctionBindings: each call_function expression of a lowered program bound to its registry entry.
#pragma once

#include <cstddef>
#include <unordered_map>

#include "docket/core/functions.hpp"
#include "docket/core/ir.hpp"

namespace docket::detail {

// Filled once at lowering, read by every evaluator.
class FunctionBindings {
 public:
  void bind(const ir::Expr& call, const Function& function) { map_[&call] = &function; }
  [[nodiscard]] const Function* find(const ir::Expr& call) const {
    auto it = map_.find(&call);
    return it == map_.end() ? nullptr : it->second;
  }
  [[nodiscard]] std::size_t size() const noexcept { return map_.size(); }

 private:
  std::unordered_map<const ir::Expr*, const Function*> map_;
};

}  // namespace docket::detail
