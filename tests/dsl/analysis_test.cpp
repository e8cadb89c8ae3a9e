// dsl::analyze: the symbol index (declarations, uses, slots, types) and what survives mistakes.
#include <gtest/gtest.h>

#include <string>

#include "docket/dsl/analysis.hpp"
#include "docket/dsl/compile.hpp"

namespace docket::dsl {
namespace {

constexpr const char* kProgram = R"(module m
enum Area { urban, rural }
record Customer {
  id   : text
  area : Area   # where the customer lives
}

decision far(c: Customer) -> bool {
  hit first
  rule when c.area == rural then true
  otherwise Area.urban != c.area
}

table limit(area: Area) -> (days: int, note: text) {
  hit unique
  | area  || days | note   |
  | urban || 5    | "city" |
  | rural || 7    | "far"  |
}

workflow install(c: Customer) {
  calendar "cn-national"
  step survey by role "crew" outcome feasible: bool
  wait away
  end done, rejected
  flow {
    start -> survey
    survey -> done when survey.feasible and limit(c.area).days > 3
    survey -> rejected otherwise
    survey -> away on customer_away
    away -> survey on customer_back
  }
}

test "far customers" {
  start install(Customer { id: "C1", area: rural })
  signal customer_away
  expect active away
}
)";

struct Analysed {
  SourceSet sources;
  std::unique_ptr<Analysis> analysis;
  std::uint32_t file = 0;
  std::string text;

  explicit Analysed(std::string t, const FunctionRegistry& f = FunctionRegistry{}) : text(std::move(t)) {
    file = sources.add("m.dkt", text);
    analysis = analyze(sources, f);
  }
  const SymbolIndex& index() const { return analysis->index; }
  // The occurrence at the `nth` place `needle` is written, `delta` bytes in.
  const Occurrence* at(const std::string& needle, int nth = 0, std::uint32_t delta = 1) const {
    std::size_t p = text.find(needle);
    for (int i = 0; i < nth; ++i) p = text.find(needle, p + 1);
    EXPECT_NE(p, std::string::npos) << needle;
    return index().occurrence_at(file, static_cast<std::uint32_t>(p) + delta);
  }
  const Symbol* symbol_at(const std::string& needle, int nth = 0, std::uint32_t delta = 1) const {
    const Occurrence* o = at(needle, nth, delta);
    return o == nullptr || o->symbol == kNoSymbol ? nullptr : &index().symbols[o->symbol];
  }
  std::string name_of(std::uint32_t symbol) const { return index().symbols[symbol].name; }
};

TEST(Analysis, CleanProgramHasNoDiagnosticsAndTheSameModuleAsCompile) {
  Analysed a(kProgram);
  EXPECT_TRUE(a.analysis->diagnostics.all().empty());
  SourceSet sources;
  sources.add("m.dkt", kProgram);
  Diagnostics d;
  std::optional<ir::Module> m = compile(sources, FunctionRegistry{}, d);
  ASSERT_TRUE(m);
  EXPECT_EQ(a.analysis->module.decisions.size(), m->decisions.size());
  EXPECT_EQ(a.analysis->module.workflows.size(), m->workflows.size());
  EXPECT_EQ(a.analysis->module.tests.size(), m->tests.size());
}

TEST(Analysis, UsesResolveToTheirDeclarations) {
  Analysed a(kProgram);
  const Symbol* field = a.symbol_at("c.area == rural", 0, 3);
  ASSERT_NE(field, nullptr);
  EXPECT_EQ(field->kind, SymbolKind::field);
  EXPECT_EQ(field->name, "area");
  EXPECT_EQ(a.name_of(field->parent), "Customer");
  EXPECT_EQ(field->type.name(), "Area");
  EXPECT_EQ(a.text.substr(field->name_range.begin, 4), "area");
  EXPECT_EQ(a.text.substr(field->extent.begin, field->extent.end - field->extent.begin), "area : Area");

  const Symbol* member = a.symbol_at("rural then", 0, 1);
  ASSERT_NE(member, nullptr);
  EXPECT_EQ(member->kind, SymbolKind::member);
  EXPECT_EQ(a.name_of(member->parent), "Area");
  const Symbol* qualified = a.symbol_at("Area.urban", 0, 6);
  ASSERT_NE(qualified, nullptr);
  EXPECT_EQ(qualified->kind, SymbolKind::member);
  EXPECT_EQ(qualified->name, "urban");

  const Symbol* param = a.symbol_at("c.area == rural", 0, 0);
  ASSERT_NE(param, nullptr);
  EXPECT_EQ(param->kind, SymbolKind::parameter);
  EXPECT_EQ(a.name_of(param->parent), "far");

  const Symbol* output = a.symbol_at(".days > 3", 0, 2);
  ASSERT_NE(output, nullptr);
  EXPECT_EQ(output->kind, SymbolKind::output);
  EXPECT_EQ(a.name_of(output->parent), "limit");
  EXPECT_EQ(output->type.name(), "int");

  const Symbol* outcome = a.symbol_at("survey.feasible", 0, 8);
  ASSERT_NE(outcome, nullptr);
  EXPECT_EQ(outcome->kind, SymbolKind::outcome);
  EXPECT_EQ(a.name_of(outcome->parent), "survey");

  const Symbol* started = a.symbol_at("start install", 0, 7);
  ASSERT_NE(started, nullptr);
  EXPECT_EQ(started->kind, SymbolKind::workflow);

  const Symbol* event = a.symbol_at("signal customer_away", 0, 8);
  ASSERT_NE(event, nullptr);
  EXPECT_EQ(event->kind, SymbolKind::event);
  EXPECT_EQ(a.text.find("customer_away"), event->name_range.begin);  // declared by its first use in the flow

  const Symbol* calendar = a.symbol_at("\"cn-national\"", 0, 2);
  ASSERT_NE(calendar, nullptr);
  EXPECT_EQ(calendar->kind, SymbolKind::calendar);
  EXPECT_FALSE(calendar->name_range.valid());
}

TEST(Analysis, OccurrencesOfASymbolAreAllItsUses) {
  Analysed a(kProgram);
  const Occurrence* o = a.at("area : Area");
  ASSERT_NE(o, nullptr);
  ASSERT_TRUE(o->declaration);
  std::vector<std::string> places;
  for (const Occurrence* r : a.index().occurrences_of(o->symbol)) places.push_back(a.text.substr(r->range.begin - 2, 6));
  // The declaration, `c.area` three times, and `area:` in the test's record value.
  EXPECT_EQ(places, (std::vector<std::string>{"  area", "c.area", "c.area", "c.area", ", area"}))
      << ::testing::PrintToString(places);
}

TEST(Analysis, SlotsSayWhatCouldBeWritten) {
  Analysed a(kProgram);
  const Occurrence* value = a.at("rural then");
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(value->slot, SlotKind::value);
  EXPECT_EQ(value->expected.name(), "Area");
  EXPECT_EQ(a.name_of(value->scope), "far");
  const Occurrence* node = a.at("-> rejected otherwise", 0, 4);
  ASSERT_NE(node, nullptr);
  EXPECT_EQ(node->slot, SlotKind::node);
  EXPECT_EQ(a.name_of(node->scope), "install");
  const Occurrence* type = a.at("Customer) -> bool");
  ASSERT_NE(type, nullptr);
  EXPECT_EQ(type->slot, SlotKind::type);
  const Occurrence* active = a.at("expect active away", 0, 15);
  ASSERT_NE(active, nullptr);
  EXPECT_EQ(active->slot, SlotKind::active);
}

TEST(Analysis, HalfTypedNamesKeepTheirSlots) {
  std::string text = kProgram;
  text.replace(text.find("c.area == rural"), 15, "c.ar == rural");
  text.replace(text.find("survey.feasible"), 15, "survey.fea");
  Analysed a(text);
  const Occurrence* field = a.at("c.ar ==", 0, 3);
  ASSERT_NE(field, nullptr);
  EXPECT_EQ(field->symbol, kNoSymbol);
  EXPECT_EQ(field->slot, SlotKind::field);
  EXPECT_EQ(a.name_of(field->scope), "Customer");
  const Occurrence* outcome = a.at("survey.fea ", 0, 8);
  ASSERT_NE(outcome, nullptr);
  EXPECT_EQ(outcome->slot, SlotKind::outcome);
  EXPECT_EQ(a.name_of(outcome->scope), "survey");
  // The rest still resolves.
  ASSERT_NE(a.symbol_at("Area.urban", 0, 6), nullptr);
}

TEST(Analysis, ABrokenLineIsBlankedAndTheRestOfItsDeclarationKept) {
  std::string text = kProgram;
  text.insert(text.find("  wait away"), "  step check by\n");  // half a line
  Analysed a(text);
  ASSERT_EQ(a.analysis->diagnostics.all().size(), 1U);
  EXPECT_EQ(a.analysis->diagnostics.all()[0].code, "D0101");
  // The same syntax error as compile() reports, and nothing else.
  SourceSet sources;
  sources.add("m.dkt", text);
  Diagnostics d;
  (void)compile(sources, FunctionRegistry{}, d);
  ASSERT_FALSE(d.all().empty());
  EXPECT_EQ(d.all()[0].message, a.analysis->diagnostics.all()[0].message);
  // The workflow is known, steps and all: the test that starts it resolves, the flow too.
  ASSERT_EQ(a.analysis->module.workflows.size(), 1U);
  const Symbol* survey = a.symbol_at("-> survey\n", 0, 4);
  ASSERT_NE(survey, nullptr);
  EXPECT_EQ(survey->kind, SymbolKind::step);
  ASSERT_NE(a.symbol_at("expect active away", 0, 15), nullptr);
}

TEST(Analysis, ABrokenFirstLineDropsTheDeclarationAsCompileDoes) {
  std::string text = kProgram;
  text.replace(text.find("decision far(c: Customer)"), 25, "decision far(c: Customer");
  Analysed a(text);
  EXPECT_EQ(a.analysis->diagnostics.all()[0].code, "D0101");
  EXPECT_EQ(a.index().find(SymbolKind::decision, "far"), std::nullopt);
  EXPECT_NE(a.index().find(SymbolKind::workflow, "install"), std::nullopt);
}

TEST(Analysis, ExpressionsCarryTheirTypes) {
  Analysed a(kProgram);
  const std::uint32_t at = static_cast<std::uint32_t>(a.text.find("limit(c.area).days > 3"));
  // `limit(c.area).days`: the value of the whole postfix chain (the call inside it is a name).
  const TypedRange* days = a.index().expression_at(a.file, at + 2);
  ASSERT_NE(days, nullptr);
  EXPECT_EQ(days->type.name(), "int");
  const TypedRange* argument = a.index().expression_at(a.file, at + 8);
  ASSERT_NE(argument, nullptr);
  EXPECT_EQ(argument->type.name(), "Area");
  const TypedRange* comparison = a.index().expression_at(a.file, at + 19);
  ASSERT_NE(comparison, nullptr);
  EXPECT_EQ(comparison->type.name(), "bool");
}

TEST(Analysis, PluginFunctionsAreSymbolsWithoutASourcePlace) {
  FunctionRegistry f;
  f.add({"site.district", {Type::text()}, Type::text(), "site_district.so"}, [](auto) { return Value("x"); });
  Analysed a("module m\ndecision d(a: text) -> bool {\n  hit first\n  otherwise site.district(a) == \"x\"\n}\n", f);
  EXPECT_TRUE(a.analysis->diagnostics.all().empty());
  const Symbol* fn = a.symbol_at("site.district", 0, 6);
  ASSERT_NE(fn, nullptr);
  EXPECT_EQ(fn->kind, SymbolKind::function);
  EXPECT_EQ(fn->name, "site.district");
  EXPECT_EQ(fn->type.name(), "text");
  EXPECT_FALSE(fn->name_range.valid());
}

TEST(Analysis, ReservedWordsAndNames) {
  EXPECT_TRUE(is_reserved_word("when"));
  EXPECT_FALSE(is_reserved_word("level"));  // contextual: fields may be named so
  EXPECT_TRUE(is_valid_name("_x2"));
  EXPECT_FALSE(is_valid_name("2x"));
  EXPECT_FALSE(is_valid_name("otherwise"));
  EXPECT_FALSE(is_valid_name("a-b"));
  EXPECT_FALSE(is_valid_name(""));
}

}  // namespace
}  // namespace docket::dsl
