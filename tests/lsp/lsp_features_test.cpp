// `docket lsp` on the 95598 example: hover, definition and references across modules, completion in
// each context, formatting, rename and the outline, checked against the example's own text.
#include <cstdlib>

#include "lsp_test_support.hpp"

namespace docket::testing {
namespace {

std::string hover_text(const json& response) {
  if (!response.contains("result") || !response["result"].is_object()) return "(no hover) " + response.dump();
  return response["result"]["contents"]["value"].get<std::string>();
}

TEST_F(LspTest, HoverShowsDeclarationsTypesAndComments) {
  const std::filesystem::path mi = example("meter_install.dkt");
  const std::string text = read_file(mi);
  open(mi, text);
  // A field of a record declared in another module, with the comment written beside it.
  std::string h = hover_text(client().call("textDocument/hover", at(mi, position_of(text, "app.customer.area == remote", 0, 13))));
  EXPECT_NE(h.find("area : Area"), std::string::npos) << h;
  EXPECT_NE(h.find("field of record `Customer` — customers.dkt:16"), std::string::npos) << h;
  EXPECT_NE(h.find("type `Area`"), std::string::npos) << h;
  // A parameter.
  h = hover_text(client().call("textDocument/hover", at(mi, position_of(text, "survey_team(app)", 0, 12))));
  EXPECT_NE(h.find("app: Application"), std::string::npos) << h;
  EXPECT_NE(h.find("parameter of workflow `meter_install`"), std::string::npos) << h;
  // A step, after a Chinese label on the same line (UTF-16 columns), with its trailing comment.
  h = hover_text(client().call("textDocument/hover", at(mi, position_of(text, "revisit -> done", 0, 1))));
  EXPECT_NE(h.find("step revisit \"回访\" by role \"counter\" within 24h"), std::string::npos) << h;
  EXPECT_NE(h.find("clock time, 7×24"), std::string::npos) << h;
  // A plugin function, with the plugin it came from.
  h = hover_text(client().call("textDocument/hover", at(mi, position_of(text, "site.district", 0, 6))));
  EXPECT_NE(h.find("site.district(text) -> text"), std::string::npos) << h;
  EXPECT_NE(h.find("site_district.so"), std::string::npos) << h;
  // A calendar, from docket.toml's include.
  h = hover_text(client().call("textDocument/hover", at(mi, position_of(text, "\"cn-national\"", 0, 3))));
  EXPECT_NE(h.find("calendar \"cn-national\""), std::string::npos) << h;
  EXPECT_NE(h.find("Asia/Shanghai"), std::string::npos) << h;
  EXPECT_NE(h.find("cn.toml"), std::string::npos) << h;
  // An expression that is not a name: its type.
  h = hover_text(client().call("textDocument/hover", at(mi, position_of(text, ".limit", 0, 0))));
  EXPECT_NE(h.find("type `duration`"), std::string::npos) << h;
}

TEST_F(LspTest, DefinitionCrossesModulesAndFiles) {
  const std::filesystem::path mi = example("meter_install.dkt");
  const std::filesystem::path customers = example("customers.dkt");
  const std::string text = read_file(mi);
  const std::string ctext = read_file(customers);
  open(mi, text);
  // `segment` is declared in module customers (customers.dkt).
  json d = client().call("textDocument/definition", at(mi, position_of(text, "segment(app.customer)", 0, 3)));
  ASSERT_TRUE(d["result"].is_object()) << d.dump();
  EXPECT_EQ(d["result"]["uri"], file_uri(customers));
  EXPECT_EQ(d["result"]["range"]["start"], position_of(ctext, "segment(c: Customer)"));
  // A type.
  d = client().call("textDocument/definition", at(mi, position_of(text, ": Customer", 0, 3)));
  EXPECT_EQ(d["result"]["uri"], file_uri(customers));
  EXPECT_EQ(d["result"]["range"]["start"], position_of(ctext, "Customer {"));
  // A table's output, through the row the call returns.
  d = client().call("textDocument/definition", at(mi, position_of(text, ".limit", 0, 2)));
  EXPECT_EQ(d["result"]["range"]["start"], position_of(ctext, "limit: duration"));
  // A step used in the SLA, declared below it in the same file.
  d = client().call("textDocument/definition", at(mi, position_of(text, "until energize", 0, 7)));
  EXPECT_EQ(d["result"]["uri"], file_uri(mi));
  EXPECT_EQ(d["result"]["range"]["start"], position_of(text, "energize \"送电\""));
  // A calendar: where docket.toml's include defines it.
  d = client().call("textDocument/definition", at(mi, position_of(text, "cn-national", 0, 1)));
  ASSERT_TRUE(d["result"].is_object()) << d.dump();
  EXPECT_NE(d["result"]["uri"].get<std::string>().find("calendars/cn.toml"), std::string::npos);
  const std::string toml = read_file(std::filesystem::path(DOCKET_EXAMPLES) / "calendars" / "cn.toml");
  EXPECT_EQ(d["result"]["range"]["start"]["line"], position_of(toml, "[calendars.cn-national]")["line"]);
  // A workflow started by a test, from tests.dkt.
  const std::filesystem::path tests = example("tests.dkt");
  const std::string ttext = read_file(tests);
  open(tests, ttext);
  d = client().call("textDocument/definition", at(tests, position_of(ttext, "start meter_install", 0, 8)));
  EXPECT_EQ(d["result"]["uri"], file_uri(mi));
  EXPECT_EQ(d["result"]["range"]["start"], position_of(text, "meter_install(app"));
}

TEST_F(LspTest, ReferencesFindEveryUseAcrossFiles) {
  const std::filesystem::path customers = example("customers.dkt");
  const std::string ctext = read_file(customers);
  open(customers, ctext);
  json r = client().call("textDocument/references",
                         at(customers, position_of(ctext, "area         : Area", 0, 1), {{"context", {{"includeDeclaration", true}}}}));
  ASSERT_TRUE(r["result"].is_array()) << r.dump();
  // Count the uses of the field by hand: `.area` after a customer, and `area:` in record values.
  int expected = 1;  // the declaration
  std::set<std::string> files;
  for (const char* f : {"customers.dkt", "meter_install.dkt", "fault_repair.dkt", "complaint.dkt", "revisit.dkt",
                        "proactive_visit.dkt", "tests.dkt"}) {
    const std::string t = read_file(example(f));
    for (std::size_t at = t.find("customer.area"); at != std::string::npos; at = t.find("customer.area", at + 1)) ++expected;
    for (std::size_t at = t.find("c.area"); at != std::string::npos; at = t.find("c.area", at + 1)) ++expected;
    for (std::size_t at = t.find(" area: "); at != std::string::npos; at = t.find(" area: ", at + 1)) {
      expected += t.compare(at + 7, 4, "Area") == 0 ? 0 : 1;  // `area: Area` declares a table parameter
    }
  }
  for (const json& loc : r["result"]) files.insert(loc["uri"].get<std::string>());
  EXPECT_EQ(static_cast<int>(r["result"].size()), expected) << r.dump(2);
  EXPECT_GE(files.size(), 3U);
  json without = client().call("textDocument/references",
                               at(customers, position_of(ctext, "area         : Area", 0, 1), {{"context", {{"includeDeclaration", false}}}}));
  EXPECT_EQ(without["result"].size(), r["result"].size() - 1);
}

TEST_F(LspTest, CompletionKnowsEachContext) {
  const std::filesystem::path mi = example("meter_install.dkt");
  const std::string original = read_file(mi);
  open(mi, original);
  // Types a line into the workflow and completes at its end.
  int version = 1;
  auto complete_after = [&](const std::string& anchor, const std::string& typed) {
    std::string text = original;
    const std::size_t where = text.find(anchor);
    EXPECT_NE(where, std::string::npos) << anchor;
    text.insert(where, typed + "\n");
    ++version;
    client().notify("textDocument/didChange", {{"textDocument", {{"uri", file_uri(mi)}, {"version", version}}},
                                               {"contentChanges", {{{"text", text}}}}});
    // The cursor at the end of what was typed (found from where it went in, not by searching).
    return labels(client().call("textDocument/completion", at(mi, cursor_at(text, where + typed.size()))));
  };
  // Fields of a record, after `app.customer.`
  auto l = complete_after("  otherwise \"field_crew\"", "  rule when app.customer.");
  EXPECT_TRUE(has(l, "voltage_kv") && has(l, "area") && has(l, "grade")) << ::testing::PrintToString(l);
  EXPECT_FALSE(has(l, "survey_team"));
  // Enum members where an Area is expected.
  l = complete_after("  otherwise \"field_crew\"", "  rule when app.customer.area == ");
  EXPECT_TRUE(has(l, "urban") && has(l, "rural") && has(l, "remote")) << ::testing::PrintToString(l);
  EXPECT_TRUE(has(l, "app"));  // parameters too
  // Members after `Area.`
  l = complete_after("  otherwise \"field_crew\"", "  rule when app.customer.area == Area.");
  EXPECT_EQ(l, (std::vector<std::string>{"urban", "rural", "remote"}));
  // Steps (and waits and ends) in a flow line.
  l = complete_after("    install -> energize", "    accept -> ");
  EXPECT_TRUE(has(l, "survey") && has(l, "waiting_customer") && has(l, "done") && has(l, "revisit")) << ::testing::PrintToString(l);
  // Events after `on`.
  l = complete_after("    install -> energize", "    survey -> waiting_customer on customer_");
  EXPECT_TRUE(has(l, "customer_pending") && has(l, "customer_ready")) << ::testing::PrintToString(l);
  // Outcomes after a step's name.
  l = complete_after("    survey -> rejected otherwise", "    survey -> install when survey.");
  EXPECT_EQ(l, std::vector<std::string>{"feasible"});
  // Plugin functions after `site.`
  l = complete_after("  otherwise \"field_crew\"", "  rule when site.");
  EXPECT_TRUE(has(l, "district")) << ::testing::PrintToString(l);
  // Plugin actions after `by action site.`
  l = complete_after("  step energize", "  step fit by action site.");
  EXPECT_TRUE(has(l, "schedule_meter")) << ::testing::PrintToString(l);
  // Calendars from docket.toml, inside the quotes.
  l = complete_after("  label \"标准装表接电流程\"", "  calendar \"cn");
  EXPECT_TRUE(has(l, "cn-national")) << ::testing::PrintToString(l);
  // Types after a colon.
  l = complete_after("  end done, rejected", "  step fit by role \"x\" outcome ok: ");
  EXPECT_TRUE(has(l, "number") && has(l, "Customer") && has(l, "Area")) << ::testing::PrintToString(l);
  // Keywords at the start of a workflow line.
  l = complete_after("  end done, rejected", "  ");
  EXPECT_TRUE(has(l, "step") && has(l, "wait") && has(l, "flow") && has(l, "sla") && has(l, "repeat every"))
      << ::testing::PrintToString(l);
  // After `by`: role or action.
  l = complete_after("  end done, rejected", "  step fit by ");
  EXPECT_EQ(l, (std::vector<std::string>{"role", "action"}));
  // Units written after a number and a space.
  l = complete_after("  end done, rejected", "  step fit by role \"x\" within 2 ");
  EXPECT_TRUE(has(l, "workdays") && has(l, "workhours") && has(l, "months")) << ::testing::PrintToString(l);
}

TEST_F(LspTest, CompletionInTestsAndRecordValues) {
  const std::filesystem::path tests = example("tests.dkt");
  const std::string original = read_file(tests);
  open(tests, original);
  int version = 1;
  auto complete_after = [&](const std::string& typed) {
    std::string text = original + "\ntest \"typing\" {\n" + typed;
    const std::size_t cursor = text.size();
    text += "\n}\n";
    ++version;
    client().notify("textDocument/didChange", {{"textDocument", {{"uri", file_uri(tests)}, {"version", version}}},
                                               {"contentChanges", {{{"text", text}}}}});
    return labels(client().call("textDocument/completion", at(tests, cursor_at(text, cursor))));
  };
  const std::string start = "  start fault_repair(Fault { id: \"F1\", phone: \"1\", customer: Customer { id: \"C\", "
                            "voltage_kv: 0.22, tariff: residential, dual_source: false, important: false, load_level: 3, "
                            "contract_kva: 8, area: urban } })\n";
  auto l = complete_after("  start ");
  EXPECT_TRUE(has(l, "meter_install") && has(l, "fault_repair")) << ::testing::PrintToString(l);
  l = complete_after(start + "  complete ");
  EXPECT_TRUE(has(l, "accept") && has(l, "arrive") && has(l, "repair")) << ::testing::PrintToString(l);
  EXPECT_FALSE(has(l, "closed"));  // an end is not completed
  l = complete_after(start + "  expect ended ");
  EXPECT_TRUE(has(l, "closed")) << ::testing::PrintToString(l);
  EXPECT_FALSE(has(l, "accept"));
  l = complete_after(start + "  complete repair with ");
  EXPECT_EQ(l, std::vector<std::string>{"fixed"});
  l = complete_after("  expect segment(Customer { id: \"C1\", ");
  EXPECT_TRUE(has(l, "voltage_kv") && has(l, "tariff") && has(l, "area")) << ::testing::PrintToString(l);
  l = complete_after("  ");
  EXPECT_TRUE(has(l, "expect") && has(l, "complete") && has(l, "advance") && has(l, "expect started"))
      << ::testing::PrintToString(l);
}

TEST_F(LspTest, FormattingGivesDocketFmtsLayout) {
  const std::filesystem::path path = example("customers.dkt");
  const std::string messy = "module customers\nenum   Area {urban,rural}\nrecord C {  id : text\n    area:Area }\n";
  open(path, messy);
  json r = client().call("textDocument/formatting", {{"textDocument", {{"uri", file_uri(path)}}},
                                                     {"options", {{"tabSize", 2}, {"insertSpaces", true}}}});
  ASSERT_TRUE(r["result"].is_array()) << r.dump();
  ASSERT_EQ(r["result"].size(), 1U);
  // The same text `docket fmt` prints for it.
  const std::filesystem::path tmp = std::filesystem::temp_directory_path() / ("docket-lsp-fmt-" + std::to_string(::getpid()) + ".dkt");
  std::ofstream(tmp) << messy;
  std::string cmd = std::string("'") + DOCKET_BIN + "' fmt '" + tmp.string() + "'";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string expected;
  char buf[4096];
  std::size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) expected.append(buf, n);
  ASSERT_EQ(::pclose(pipe), 0);
  std::filesystem::remove(tmp);
  EXPECT_EQ(r["result"][0]["newText"], expected);
  EXPECT_EQ(r["result"][0]["range"]["start"], (json{{"line", 0}, {"character", 0}}));
  EXPECT_EQ(r["result"][0]["range"]["end"], (json{{"line", 4}, {"character", 0}}));
  // A file that does not parse is left alone.
  client().notify("textDocument/didChange", {{"textDocument", {{"uri", file_uri(path)}, {"version", 2}}},
                                             {"contentChanges", {{{"text", "module customers\nenum Area {\n"}}}}});
  r = client().call("textDocument/formatting", {{"textDocument", {{"uri", file_uri(path)}}}, {"options", json::object()}});
  EXPECT_EQ(r["result"], json::array());
}

TEST_F(LspTest, RenameEditsEveryFileAndRefusesBadNames) {
  const std::filesystem::path fr = example("fault_repair.dkt");
  const std::string text = read_file(fr);
  open(fr, text);
  const json pos = position_of(text, "step arrive", 0, 6);
  json prepare = client().call("textDocument/prepareRename", at(fr, pos));
  ASSERT_TRUE(prepare["result"].is_object()) << prepare.dump();
  EXPECT_EQ(prepare["result"]["placeholder"], "arrive");
  json r = client().call("textDocument/rename", at(fr, pos, {{"newName", "on_site"}}));
  ASSERT_TRUE(r["result"].is_object()) << r.dump();
  const json& changes = r["result"]["changes"];
  // Every `arrive` of the workflow and of the tests that drive it, by hand.
  auto count_word = [](const std::string& t, const std::string& w) {
    int n = 0;
    for (std::size_t at = t.find(w); at != std::string::npos; at = t.find(w, at + 1)) {
      const bool left = at == 0 || !(std::isalnum(static_cast<unsigned char>(t[at - 1])) || t[at - 1] == '_');
      const std::size_t e = at + w.size();
      const bool right = e >= t.size() || !(std::isalnum(static_cast<unsigned char>(t[e])) || t[e] == '_');
      n += left && right ? 1 : 0;
    }
    return n;
  };
  ASSERT_TRUE(changes.contains(file_uri(fr))) << changes.dump(2);
  EXPECT_EQ(static_cast<int>(changes[file_uri(fr)].size()), count_word(text, "arrive"));
  const std::string ttext = read_file(example("tests.dkt"));
  ASSERT_TRUE(changes.contains(file_uri(example("tests.dkt")))) << changes.dump(2);
  EXPECT_EQ(static_cast<int>(changes[file_uri(example("tests.dkt"))].size()), count_word(ttext, "arrive"));
  for (const json& e : changes[file_uri(fr)]) EXPECT_EQ(e["newText"], "on_site");

  json reserved = client().call("textDocument/rename", at(fr, pos, {{"newName", "when"}}));
  EXPECT_NE(reserved["error"]["message"].get<std::string>().find("reserved"), std::string::npos) << reserved.dump();
  json bad = client().call("textDocument/rename", at(fr, pos, {{"newName", "2fast"}}));
  EXPECT_TRUE(bad.contains("error"));
  json clash = client().call("textDocument/rename", at(fr, pos, {{"newName", "repair"}}));
  EXPECT_NE(clash["error"]["message"].get<std::string>().find("already exists"), std::string::npos) << clash.dump();
  json plugin = client().call("textDocument/prepareRename", at(example("meter_install.dkt"),
                                                                position_of(read_file(example("meter_install.dkt")), "site.district", 0, 6)));
  EXPECT_TRUE(plugin.contains("error")) << plugin.dump();
}

TEST_F(LspTest, OutlineListsTheFilesDeclarations) {
  const std::filesystem::path path = example("customers.dkt");
  open(path);
  json r = client().call("textDocument/documentSymbol", {{"textDocument", {{"uri", file_uri(path)}}}});
  ASSERT_TRUE(r["result"].is_array()) << r.dump();
  std::vector<std::string> top;
  for (const json& s : r["result"]) top.push_back(s["name"]);
  EXPECT_EQ(top, (std::vector<std::string>{"Tariff", "Area", "Customer", "segment", "install_limit"}));
  const json& customer = r["result"][2];
  ASSERT_EQ(customer["children"].size(), 9U);
  EXPECT_EQ(customer["children"][8]["name"], "grade");
  EXPECT_EQ(customer["children"][8]["detail"], "text");
}

}  // namespace
}  // namespace docket::testing
