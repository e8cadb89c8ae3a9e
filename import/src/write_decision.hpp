// One DMN decision as a docket `table` or `decision`: its signature (the input data it reads, directly or
// through the decisions it requires) and its body.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dmn_model.hpp"
#include "feel_translate.hpp"
#include "names.hpp"
#include "type_map.hpp"

namespace docket::dmn {

// An input data element as a parameter.
struct InputInfo {
  const InputData* input = nullptr;
  std::string param;  // the parameter's identifier
  DType type;
  std::optional<Refused> refused;  // its type has no equivalent
};

// What callers and tests need to know of a written decision.
struct Signature {
  const Decision* decision = nullptr;
  std::string id;                   // the table's or decision's identifier
  std::vector<std::string> inputs;  // the input data ids it reads (its parameters, in model order)
  std::vector<Variable> params;     // a business knowledge model's own parameters instead
  std::string type_hint;            // a BKM without a typeRef: the typeRef of a decision that only invokes it
  DType type;                       // what a call gives
  std::vector<FieldInfo> outputs;   // several outputs: the fields of a call's answer
  bool written = false;
  std::optional<Refused> refused;
  int refused_line = 0;
};

struct ModelContext {
  const Model* model = nullptr;
  TypeTable* types = nullptr;
  NameTable* names = nullptr;
  std::map<std::string, InputInfo> inputs;      // by input data id
  std::map<std::string, Signature> decisions;   // by decision id
  std::map<std::string, Signature> bkms;        // business knowledge models, by id
  std::vector<std::string> input_order;         // input data ids in file order
};

// The decision's .dkt text (a comment line with its DMN name, then the declaration); throws Refused, with
// `line` set to the element at fault, when part of it has no equivalent.
[[nodiscard]] std::string write_decision(ModelContext& ctx, Signature& sig, int& line);

// `name(a, b)`: a call of the decision with the parameters named as `params_of` names them.
[[nodiscard]] std::string call_text(const ModelContext& ctx, const Signature& sig);

}  // namespace docket::dmn
