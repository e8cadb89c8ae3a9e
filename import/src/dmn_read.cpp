// Reads a DMN `definitions` element into a Model: item definitions, input data, decisions and their logic.
#include "dmn_read.hpp"

#include <array>
#include <string_view>

namespace docket::dmn {

namespace {

std::string href_id(const std::string& href) {
  const std::size_t hash = href.rfind('#');
  return hash == std::string::npos ? href : href.substr(hash + 1);
}

ItemDefinition read_item(const XmlElement& e) {
  ItemDefinition item;
  item.name = e.attr("name");
  item.line = e.line;
  item.is_collection = e.attr("isCollection") == "true";
  if (const XmlElement* t = e.child("typeRef")) item.type_ref = t->text;
  if (e.has("typeRef")) item.type_ref = e.attr("typeRef");  // DMN 1.1 wrote it as an attribute too
  if (const XmlElement* a = e.child("allowedValues")) item.allowed_values = a->child_text("text");
  for (const XmlElement* c : e.all("itemComponent")) item.components.push_back(read_item(*c));
  if (e.child("functionItem") != nullptr) item.unsupported = "functionItem";
  return item;
}

std::string variable_type(const XmlElement& e) {
  if (const XmlElement* v = e.child("variable")) return v->attr("typeRef");
  return e.attr("typeRef");
}

DecisionTable read_table(const XmlElement& e) {
  DecisionTable t;
  t.line = e.line;
  if (e.has("hitPolicy")) t.hit_policy = e.attr("hitPolicy");
  t.aggregation = e.attr("aggregation");
  for (const XmlElement* in : e.all("input")) {
    InputClause c;
    c.line = in->line;
    if (const XmlElement* x = in->child("inputExpression")) {
      c.expression = x->child_text("text");
      c.type_ref = x->attr("typeRef");
    }
    if (const XmlElement* v = in->child("inputValues")) c.input_values = v->child_text("text");
    t.inputs.push_back(std::move(c));
  }
  for (const XmlElement* out : e.all("output")) {
    OutputClause c;
    c.line = out->line;
    c.name = out->attr("name");
    c.type_ref = out->attr("typeRef");
    if (const XmlElement* v = out->child("outputValues")) c.output_values = v->child_text("text");
    if (const XmlElement* d = out->child("defaultOutputEntry")) {
      c.default_output = d->child_text("text");
      c.has_default = true;
    }
    t.outputs.push_back(std::move(c));
  }
  for (const XmlElement* r : e.all("rule")) {
    Rule rule;
    rule.line = r->line;
    for (const XmlElement* x : r->all("inputEntry")) rule.inputs.push_back({x->child_text("text"), x->line});
    for (const XmlElement* x : r->all("outputEntry")) rule.outputs.push_back({x->child_text("text"), x->line});
    t.rules.push_back(std::move(rule));
  }
  return t;
}

void read_invocation(const XmlElement& c, std::string& invoked, std::vector<Binding>& bindings) {
  invoked = c.child("literalExpression")->child_text("text");
  for (const XmlElement* b : c.all("binding")) {
    const XmlElement* param = b->child("parameter");
    const XmlElement* value = b->child("literalExpression");
    if (param == nullptr) continue;
    // Another boxed expression bound, or none (null): an empty text, refused when used.
    bindings.push_back({param->attr("name"), value == nullptr ? std::string() : value->child_text("text"), b->line});
  }
}

std::vector<ContextEntry> read_context(const XmlElement& c) {
  std::vector<ContextEntry> out;
  for (const XmlElement* e : c.all("contextEntry")) {
    ContextEntry entry;
    entry.line = e->line;
    if (const XmlElement* v = e->child("variable")) {
      entry.name = v->attr("name");
      entry.type_ref = v->attr("typeRef");
    }
    for (const XmlElement& x : e->children) {
      if (x.name == "variable" || x.name == "description" || x.name == "extensionElements") continue;
      entry.line = x.line;
      entry.element = x.name;
      if (x.name == "literalExpression") {
        entry.kind = LogicKind::literal;
        entry.text = x.child_text("text");
        if (entry.type_ref.empty()) entry.type_ref = x.attr("typeRef");
      } else if (x.name == "invocation" && x.child("literalExpression") != nullptr) {
        entry.kind = LogicKind::invocation;
        read_invocation(x, entry.invoked, entry.bindings);
      } else {
        entry.kind = LogicKind::other;
      }
      break;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

// Children of <decision> that are not its logic.
constexpr std::array<std::string_view, 16> kDecisionParts = {
    "variable",      "informationRequirement", "knowledgeRequirement",         "authorityRequirement",
    "description",   "question",               "allowedAnswers",               "extensionElements",
    "supportedObjective", "impactedPerformanceIndicator", "decisionMaker", "decisionOwner",
    "usingProcess",  "usingTask",              "documentation",                "label"};

Decision read_decision(const XmlElement& e, const std::string& ns) {
  Decision d;
  d.id = e.attr("id");
  d.name = e.attr("name");
  d.line = e.line;
  d.type_ref = variable_type(e);
  for (const XmlElement* r : e.all("informationRequirement")) {
    if (const XmlElement* i = r->child("requiredInput")) d.required_inputs.push_back(href_id(i->attr("href")));
    if (const XmlElement* x = r->child("requiredDecision")) d.required_decisions.push_back(href_id(x->attr("href")));
  }
  for (const XmlElement* r : e.all("knowledgeRequirement")) {
    if (const XmlElement* k = r->child("requiredKnowledge")) d.required_knowledge.push_back(href_id(k->attr("href")));
  }
  for (const XmlElement& c : e.children) {
    if (c.ns != ns) continue;  // a tool's extension elements
    bool part = false;
    for (std::string_view p : kDecisionParts) part = part || c.name == p;
    if (part) continue;
    d.logic_line = c.line;
    if (c.name == "decisionTable") {
      d.kind = LogicKind::table;
      d.table = read_table(c);
    } else if (c.name == "literalExpression") {
      d.kind = LogicKind::literal;
      d.literal = c.child_text("text");
      d.literal_language = c.attr("expressionLanguage");
    } else if (c.name == "invocation" && c.child("literalExpression") != nullptr) {
      d.kind = LogicKind::invocation;
      read_invocation(c, d.invoked, d.bindings);
    } else if (c.name == "context") {
      d.kind = LogicKind::context;
      d.context = read_context(c);
    } else {
      d.kind = LogicKind::other;
      d.logic_element = c.name;
    }
    break;
  }
  return d;
}

// A business knowledge model: its parameters and logic sit in <encapsulatedLogic>.
Decision read_bkm(const XmlElement& e, const std::string& ns) {
  Decision d = read_decision(e, ns);
  d.bkm = true;
  d.kind = LogicKind::none;
  const XmlElement* logic = e.child("encapsulatedLogic");
  if (logic == nullptr) return d;
  for (const XmlElement* p : logic->all("formalParameter")) d.parameters.push_back({p->attr("name"), p->attr("typeRef")});
  XmlElement body = *logic;
  body.children.clear();
  for (const XmlElement& c : logic->children) {
    if (c.name != "formalParameter") body.children.push_back(c);
  }
  Decision inner = read_decision(body, ns);
  d.kind = inner.kind;
  d.logic_element = inner.logic_element;
  d.logic_line = inner.logic_line;
  d.table = std::move(inner.table);
  d.literal = std::move(inner.literal);
  d.literal_language = std::move(inner.literal_language);
  d.invoked = std::move(inner.invoked);
  d.bindings = std::move(inner.bindings);
  d.context = std::move(inner.context);
  if (d.type_ref.empty()) d.type_ref = logic->attr("typeRef");
  return d;
}

}  // namespace

std::string dmn_version(const std::string& ns) {
  if (ns == "http://www.omg.org/spec/DMN/20151101/dmn.xsd") return "1.1";
  if (ns == "http://www.omg.org/spec/DMN/20180521/MODEL/") return "1.2";
  if (ns == "https://www.omg.org/spec/DMN/20191111/MODEL/") return "1.3";
  if (ns == "https://www.omg.org/spec/DMN/20211108/MODEL/") return "1.4";
  if (ns == "https://www.omg.org/spec/DMN/20230324/MODEL/") return "1.5";
  return {};
}

std::optional<Model> read_model(const XmlElement& root, const std::string& file, std::vector<ImportProblem>& problems) {
  Model m;
  m.version = dmn_version(root.ns);
  if (root.name != "definitions" || m.version.empty()) {
    problems.push_back({file, root.line, "<" + root.name + ">",
                        "not a DMN model: the root must be <definitions> in a DMN 1.1 to 1.5 namespace (found " +
                            (root.ns.empty() ? std::string("no namespace") : "`" + root.ns + "`") + ")",
                        "not DMN"});
    return std::nullopt;
  }
  m.name = root.attr("name");
  for (const XmlElement& c : root.children) {
    if (c.ns != root.ns) continue;
    if (c.name == "itemDefinition") {
      m.items.push_back(read_item(c));
    } else if (c.name == "inputData") {
      m.inputs.push_back({c.attr("id"), c.attr("name"), variable_type(c), c.line});
    } else if (c.name == "decision") {
      m.decisions.push_back(read_decision(c, root.ns));
    } else if (c.name == "businessKnowledgeModel") {
      m.bkms.push_back(read_bkm(c, root.ns));
    } else if (c.name == "decisionService" || c.name == "import") {
      m.unsupported.push_back({c.name, c.attr("name").empty() ? c.attr("namespace") : c.attr("name"), c.line});
    }
  }
  return m;
}

}  // namespace docket::dmn
