// import_dmn: read the model (and test cases), declare its types, write each decision in dependency order,
// refuse per decision what has no equivalent, and lay the text out as `docket fmt` does.
#include "docket/import/dmn_import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <set>

#include "dmn_read.hpp"
#include "docket/dsl/format.hpp"
#include "tck_read.hpp"
#include "write_decision.hpp"
#include "write_tests.hpp"
#include "xml_tree.hpp"

namespace docket::dmn {

namespace {

// Every input data a decision reads, itself or through the decisions it requires, in file order; and the
// decisions in an order where each comes after those it requires. A cycle refuses the decisions on it.
void order_decisions(ModelContext& ctx, std::vector<Signature*>& order) {
  std::map<std::string, int> state;  // 1 visiting, 2 done
  std::function<std::set<std::string>(Signature&)> visit = [&](Signature& sig) -> std::set<std::string> {
    const Decision& d = *sig.decision;
    std::set<std::string> reads(d.required_inputs.begin(), d.required_inputs.end());
    if (state[d.id] == 1) {
      sig.refused = Refused{"it requires itself, through other decisions", "cycle"};
      sig.refused_line = d.line;
      return reads;
    }
    if (state[d.id] == 2) {
      reads.insert(sig.inputs.begin(), sig.inputs.end());
      return reads;
    }
    state[d.id] = 1;
    for (const std::string& id : d.required_decisions) {
      auto it = ctx.decisions.find(id);
      if (it == ctx.decisions.end()) continue;
      std::set<std::string> more = visit(it->second);
      reads.insert(more.begin(), more.end());
    }
    state[d.id] = 2;
    for (const std::string& id : ctx.input_order) {
      if (reads.count(id) != 0) sig.inputs.push_back(id);
    }
    order.push_back(&sig);
    return reads;
  };
  for (const Decision& d : ctx.model->decisions) {
    auto it = ctx.decisions.find(d.id);
    if (it != ctx.decisions.end() && it->second.decision == &d) visit(it->second);
  }
}

// Business knowledge models in an order where each comes after those it invokes; a cycle refuses.
void order_bkms(ModelContext& ctx, std::vector<Signature*>& order) {
  std::map<std::string, int> state;
  std::function<void(Signature&)> visit = [&](Signature& sig) {
    const std::string& id = sig.decision->id;
    if (state[id] == 1) {
      sig.refused = Refused{"it invokes itself, through other business knowledge models", "cycle"};
      sig.refused_line = sig.decision->line;
      return;
    }
    if (state[id] == 2) return;
    state[id] = 1;
    for (const std::string& k : sig.decision->required_knowledge) {
      auto it = ctx.bkms.find(k);
      if (it != ctx.bkms.end()) visit(it->second);
    }
    state[id] = 2;
    order.push_back(&sig);
  };
  for (auto& [id, sig] : ctx.bkms) visit(sig);
}

}  // namespace

std::string render(const ImportProblem& p) {
  return fmt::format("{}:{}: error: {}: {} ({})", p.file, p.line, p.element, p.reason, p.feature);
}

ImportResult import_dmn(const ImportInput& input) {
  ImportResult result;
  XmlDocument doc = read_xml(input.model_xml);
  if (!doc.root) {
    result.problems.push_back({input.model_name, doc.error_line, "XML", doc.error, "not XML"});
    return result;
  }
  std::optional<Model> model = read_model(*doc.root, input.model_name, result.problems);
  if (!model) return result;
  result.read = true;

  NameTable names;
  TypeTable types;
  types.add_items(model->items, names);
  ModelContext ctx;
  ctx.model = &*model;
  ctx.types = &types;
  ctx.names = &names;
  for (const Decision& d : model->decisions) {
    Signature sig;
    sig.decision = &d;
    sig.id = names.claim(snake_name(d.name));
    if (d.id.empty() || ctx.decisions.count(d.id) != 0) {
      result.problems.push_back({input.model_name, d.line, fmt::format("decision \"{}\"", d.name),
                                 "a decision without a unique id", "decision"});
      continue;
    }
    ctx.decisions.emplace(d.id, std::move(sig));
  }
  for (const Decision& b : model->bkms) {
    Signature sig;
    sig.decision = &b;
    sig.id = names.claim(snake_name(b.name));
    NameTable params;
    for (const FormalParameter& f : b.parameters) {
      std::string id = snake_name(f.name);
      while (names.taken(id)) id += "_in";
      sig.params.push_back({f.name, params.claim(id), DType{}});
    }
    if (b.id.empty() || ctx.bkms.count(b.id) != 0) {
      result.problems.push_back({input.model_name, b.line, fmt::format("businessKnowledgeModel \"{}\"", b.name),
                                 "a business knowledge model without a unique id", "BKM"});
      continue;
    }
    ctx.bkms.emplace(b.id, std::move(sig));
  }
  // A BKM's output type, when it declares none, is that of a decision that does nothing but invoke it.
  for (const Decision& d : model->decisions) {
    if (d.kind != LogicKind::invocation || d.type_ref.empty()) continue;
    for (auto& [id, sig] : ctx.bkms) {
      if (sig.decision->name == d.invoked && sig.decision->type_ref.empty() && sig.type_hint.empty()) {
        sig.type_hint = d.type_ref;
      }
    }
  }
  NameTable params;  // one decision may read every input data: their parameters must differ
  for (const InputData& in : model->inputs) {
    InputInfo info;
    info.input = &in;
    std::string wanted = snake_name(in.name);
    while (names.taken(wanted)) wanted += "_in";
    info.param = params.claim(wanted);
    std::optional<TypeRefusal> r;
    info.type = types.resolve(in.type_ref, r);
    if (r) info.refused = Refused{r->reason, r->feature};
    if (!r && !info.type.known()) info.refused = Refused{"it has no type (FEEL's Any)", "untyped value"};
    ctx.input_order.push_back(in.id);
    ctx.inputs.emplace(in.id, std::move(info));
  }
  for (auto& [id, sig] : ctx.decisions) {
    const Decision& d = *sig.decision;
    std::vector<std::string> known;
    for (const std::string& i : d.required_inputs) {
      if (ctx.inputs.count(i) != 0) known.push_back(i);
    }
    if (known.size() != d.required_inputs.size()) {
      sig.refused = Refused{"it requires input data that is not in the model (an imported model?)", "import"};
      sig.refused_line = d.line;
    }
  }

  std::vector<Signature*> order;
  order_bkms(ctx, order);
  order_decisions(ctx, order);
  std::string decisions;
  for (Signature* sig : order) {
    const std::string element =
        fmt::format("{} \"{}\"", sig->decision->bkm ? "businessKnowledgeModel" : "decision", sig->decision->name);
    if (sig->refused) {
      result.problems.push_back({input.model_name, sig->refused_line, element, sig->refused->reason,
                                 sig->refused->feature});
      continue;
    }
    int line = sig->decision->line;
    try {
      decisions += write_decision(ctx, *sig, line);
      sig->written = true;
      result.decisions += sig->decision->bkm ? 0 : 1;
    } catch (const Refused& r) {
      sig->refused = r;
      sig->refused_line = line;
      result.problems.push_back({input.model_name, line, element, r.reason, r.feature});
    }
  }
  for (const Unsupported& u : model->unsupported) {
    result.problems.push_back({input.model_name, u.line, fmt::format("{} \"{}\"", u.element, u.name),
                               fmt::format("<{}> has no docket equivalent", u.element), u.element});
  }

  std::string tests;
  if (!input.tests_name.empty()) {
    XmlDocument tdoc = read_xml(input.tests_xml);
    if (!tdoc.root) {
      result.problems.push_back({input.tests_name, tdoc.error_line, "XML", tdoc.error, "not XML"});
    } else if (std::optional<std::vector<TckCase>> cases = read_tck_cases(*tdoc.root, input.tests_name, result.problems)) {
      tests = write_tests(ctx, *cases, input.tests_name, result.problems, result.tests);
    }
  }
  std::stable_sort(result.problems.begin(), result.problems.end(), [](const ImportProblem& a, const ImportProblem& b) {
    return a.file == b.file ? a.line < b.line : a.file < b.file;
  });

  const std::string module = input.module_name.empty() ? snake_name(model->name.empty() ? "imported" : model->name)
                                                       : input.module_name;
  std::string text = fmt::format("# Imported by `docket import` from {} (DMN {}, model \"{}\").\nmodule {}\n\n",
                                 comment_text(input.model_name), model->version, comment_text(model->name), module);
  text += types.declarations() + decisions + tests;
  SourceSet sources;
  const std::uint32_t id = sources.add("imported.dkt", text);
  Diagnostics diagnostics;
  std::optional<std::string> formatted = dsl::format_source(sources, id, diagnostics);
  if (formatted) {
    result.text = std::move(*formatted);
  } else {
    result.text = std::move(text);
    const std::string why = diagnostics.all().empty() ? std::string("?") : diagnostics.all().front().message;
    result.problems.push_back({input.model_name, 0, "the written .dkt",
                               "it does not parse (an import bug; please report it): " + why, "internal"});
  }
  return result;
}

}  // namespace docket::dmn
