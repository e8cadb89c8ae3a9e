// A DMN model as read from its XML: only the parts the import translates, each with its line.
#pragma once

#include <string>
#include <vector>

namespace docket::dmn {

struct ItemDefinition {
  std::string name;
  int line = 0;
  std::string type_ref;        // "" for a structure
  bool is_collection = false;
  std::string allowed_values;  // the unary tests text of <allowedValues>, "" when none
  std::vector<ItemDefinition> components;
  std::string unsupported;     // a child element with no equivalent (e.g. "functionItem"), "" when none
};

struct InputData {
  std::string id;
  std::string name;
  std::string type_ref;
  int line = 0;
};

struct InputClause {
  std::string expression;
  std::string type_ref;
  std::string input_values;
  int line = 0;
};

struct OutputClause {
  std::string name;  // "" for a single output without a name
  std::string type_ref;
  std::string output_values;
  std::string default_output;  // the text of <defaultOutputEntry>, "" when none
  bool has_default = false;
  int line = 0;
};

struct Entry {
  std::string text;
  int line = 0;
};

struct Rule {
  std::vector<Entry> inputs;
  std::vector<Entry> outputs;
  int line = 0;
};

struct DecisionTable {
  std::string hit_policy = "UNIQUE";
  std::string aggregation;
  std::vector<InputClause> inputs;
  std::vector<OutputClause> outputs;
  std::vector<Rule> rules;
  int line = 0;
};

enum class LogicKind { none, table, literal, invocation, context, other };

// A business knowledge model's formal parameter.
struct FormalParameter {
  std::string name;
  std::string type_ref;
};

// An invocation's argument: the BKM's parameter and the expression bound to it.
struct Binding {
  std::string parameter;
  std::string text;
  int line = 0;
};

// One entry of a context: a named value (or, without a name, the context's result).
struct ContextEntry {
  std::string name;
  std::string type_ref;
  LogicKind kind = LogicKind::none;  // literal or invocation; other: `element` says what
  std::string element;
  std::string text;                  // literal
  std::string invoked;               // invocation
  std::vector<Binding> bindings;
  int line = 0;
};

struct Decision {
  std::string id;
  std::string name;
  std::string type_ref;  // the variable's typeRef
  int line = 0;
  std::vector<std::string> required_inputs;     // ids (href without '#')
  std::vector<std::string> required_decisions;  // ids
  std::vector<std::string> required_knowledge;  // BKM or decision-service names/ids
  LogicKind kind = LogicKind::none;
  std::string logic_element;  // the element name when kind is `other` (context, invocation, relation, ...)
  int logic_line = 0;
  DecisionTable table;
  std::string literal;        // the literal expression's text
  std::string literal_language;  // expressionLanguage, when not FEEL
  // A business knowledge model (a function of its parameters) rather than a decision of the input data.
  bool bkm = false;
  std::vector<FormalParameter> parameters;
  // kind == invocation: the BKM invoked (its name as written) and the arguments.
  std::string invoked;
  std::vector<Binding> bindings;
  std::vector<ContextEntry> context;  // kind == context
};

// An element the import never translates (a decision service, an import).
struct Unsupported {
  std::string element;
  std::string name;
  int line = 0;
};

struct Model {
  std::string name;
  std::string version;  // "1.1" ... "1.5"
  std::vector<ItemDefinition> items;
  std::vector<InputData> inputs;
  std::vector<Decision> decisions;
  std::vector<Decision> bkms;  // business knowledge models
  std::vector<Unsupported> unsupported;
};

}  // namespace docket::dmn
