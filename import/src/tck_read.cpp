// Reads the TCK's testCases XML: each case's inputNode values and resultNode expectations.
#include "tck_read.hpp"

namespace docket::dmn {

namespace {

// The value held by `e` (an inputNode, component, item or expected element).
TckValue read_value(const XmlElement& e) {
  TckValue v;
  v.line = e.line;
  if (const XmlElement* value = e.child("value")) {
    v.line = value->line;
    if (value->attr("nil") == "true") return v;
    v.kind = TckValue::Kind::scalar;
    std::string type = value->attr("type");
    const std::size_t colon = type.find(':');
    v.xsd_type = colon == std::string::npos ? type : type.substr(colon + 1);
    v.text = value->text;
    return v;
  }
  if (const XmlElement* list = e.child("list")) {
    v.kind = TckValue::Kind::list;
    v.line = list->line;
    for (const XmlElement* item : list->all("item")) v.items.push_back(read_value(*item));
    return v;
  }
  std::vector<const XmlElement*> comps = e.all("component");
  if (!comps.empty()) {
    v.kind = TckValue::Kind::structure;
    for (const XmlElement* c : comps) v.components.push_back({c->attr("name"), read_value(*c)});
  }
  return v;  // nothing given: nil
}

}  // namespace

std::optional<std::vector<TckCase>> read_tck_cases(const XmlElement& root, const std::string& file,
                                                   std::vector<ImportProblem>& problems) {
  if (root.name != "testCases") {
    problems.push_back({file, root.line, "<" + root.name + ">", "not a TCK test-case file: the root must be <testCases>",
                        "not TCK test cases"});
    return std::nullopt;
  }
  std::vector<TckCase> cases;
  for (const XmlElement* c : root.all("testCase")) {
    TckCase tc;
    tc.id = c->attr("id");
    tc.line = c->line;
    if (c->attr("type") == "decisionService") tc.invocable = c->attr("invocableName");
    for (const XmlElement* in : c->all("inputNode")) tc.inputs.emplace_back(in->attr("name"), read_value(*in));
    for (const XmlElement* r : c->all("resultNode")) {
      TckResult res;
      res.name = r->attr("name");
      res.line = r->line;
      res.error_result = r->attr("errorResult") == "true";
      if (const XmlElement* ex = r->child("expected")) res.expected = read_value(*ex);
      tc.results.push_back(std::move(res));
    }
    cases.push_back(std::move(tc));
  }
  return cases;
}

}  // namespace docket::dmn
