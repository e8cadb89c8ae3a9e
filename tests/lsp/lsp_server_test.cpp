// `docket lsp` driven as an editor drives it: lifecycle, diagnostics as the analyst types, malformed input.
#include "lsp_test_support.hpp"

namespace docket::testing {
namespace {

TEST_F(LspTest, InitializeAnnouncesTheFeatures) {
  EXPECT_EQ(capabilities_["positionEncoding"], "utf-16");
  EXPECT_EQ(capabilities_["textDocumentSync"]["change"], 2);  // incremental
  EXPECT_TRUE(capabilities_["hoverProvider"].get<bool>());
  EXPECT_TRUE(capabilities_["definitionProvider"].get<bool>());
  EXPECT_TRUE(capabilities_["referencesProvider"].get<bool>());
  EXPECT_TRUE(capabilities_["documentFormattingProvider"].get<bool>());
  EXPECT_TRUE(capabilities_["renameProvider"]["prepareProvider"].get<bool>());
  EXPECT_EQ(capabilities_["completionProvider"]["triggerCharacters"][0], ".");
}

TEST(LspLifecycle, RequestsBeforeInitializeAreRefusedAndExitWithoutShutdownFails) {
  LspClient client(DOCKET_BIN, {"lsp"});
  json early = client.call("textDocument/hover", {{"textDocument", {{"uri", "file:///x.dkt"}}}, {"position", {{"line", 0}, {"character", 0}}}});
  ASSERT_TRUE(early.contains("error")) << early.dump();
  EXPECT_EQ(early["error"]["code"], -32002);
  json init = client.call("initialize", {{"capabilities", json::object()}});
  ASSERT_TRUE(init.contains("result"));
  json again = client.call("initialize", {{"capabilities", json::object()}});
  EXPECT_EQ(again["error"]["code"], -32600);
  client.notify("exit", nullptr);
  EXPECT_EQ(client.wait_exit(), 1);  // exit before shutdown
}

TEST(LspLifecycle, EndOfInputStopsTheServer) {
  LspClient client(DOCKET_BIN, {"lsp"});
  ASSERT_TRUE(client.call("initialize", {{"capabilities", json::object()}}).contains("result"));
  client.close_input();
  EXPECT_EQ(client.wait_exit(), 1);
}

TEST(LspLifecycle, Utf8PositionsWhenTheClientOffersThem) {
  LspClient client(DOCKET_BIN, {"lsp"});
  json init = client.call("initialize", {{"capabilities", {{"general", {{"positionEncodings", {"utf-8", "utf-16"}}}}}}});
  EXPECT_EQ(init["result"]["capabilities"]["positionEncoding"], "utf-8");
  const std::filesystem::path path = example("meter_install.dkt");
  const std::string text = read_file(path);
  client.notify("textDocument/didOpen",
                {{"textDocument", {{"uri", file_uri(path)}, {"languageId", "docket"}, {"version", 1}, {"text", text}}}});
  (void)client.diagnostics(file_uri(path), 1);
  // `survey_team` after a Chinese label: in UTF-8 the column counts bytes.
  const std::size_t at = text.find("survey_team(app)  within");
  const std::size_t line_start = text.rfind('\n', at) + 1;
  std::uint32_t line = 0;
  for (std::size_t i = 0; i < at; ++i) line += text[i] == '\n' ? 1U : 0U;
  json hover = client.call("textDocument/hover", {{"textDocument", {{"uri", file_uri(path)}}},
                                                  {"position", {{"line", line}, {"character", at - line_start + 2}}}});
  ASSERT_TRUE(hover["result"].is_object()) << hover.dump();
  EXPECT_NE(hover["result"]["contents"]["value"].get<std::string>().find("decision survey_team(app: Application) -> text"),
            std::string::npos);
  client.call("shutdown", nullptr);
  client.notify("exit", nullptr);
  EXPECT_EQ(client.wait_exit(), 0);
}

TEST_F(LspTest, MalformedMessagesGetErrorsAndTheServerGoesOn) {
  client().send_raw("Content-Length: 9\r\n\r\n{not json");
  json bad = client().wait([](const json& m) { return m.contains("error"); }, std::chrono::seconds(10), "a parse error");
  EXPECT_EQ(bad["error"]["code"], -32700);
  client().send_raw("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n");
  json header = client().wait([](const json& m) { return m.contains("error"); }, std::chrono::seconds(10), "a header error");
  EXPECT_EQ(header["error"]["code"], -32700);
  EXPECT_NE(header["error"]["message"].get<std::string>().find("Content-Length"), std::string::npos);
  json unknown = client().call("textDocument/codeLens", {{"textDocument", {{"uri", "file:///x.dkt"}}}});
  EXPECT_EQ(unknown["error"]["code"], -32601);
  json no_position = client().call("textDocument/hover", {{"textDocument", {{"uri", file_uri(example("customers.dkt"))}}}});
  EXPECT_EQ(no_position["error"]["code"], -32602);
  // Still serving.
  json diagnostics = open(example("customers.dkt"));
  EXPECT_TRUE(diagnostics["diagnostics"].empty()) << diagnostics.dump(2);
}

TEST_F(LspTest, ErrorsAppearAsTypedAndGoWhenFixed) {
  const std::filesystem::path path = example("customers.dkt");
  std::string text = read_file(path);
  json clean = open(path, text);
  EXPECT_TRUE(clean["diagnostics"].empty()) << clean.dump(2);

  // Type a mistake: `c.voltage_kv` becomes `c.voltge_kv` (incremental change: delete one `a`).
  json at_a = position_of(text, "c.voltage_kv >= 110", 0, 6);
  json after_a = at_a;
  after_a["character"] = at_a["character"].get<int>() + 1;
  client().notify("textDocument/didChange",
                  {{"textDocument", {{"uri", file_uri(path)}, {"version", 2}}},
                   {"contentChanges", {{{"range", {{"start", at_a}, {"end", after_a}}}, {"text", ""}}}}});
  json broken = client().diagnostics(file_uri(path), 2);
  ASSERT_EQ(broken["diagnostics"].size(), 1U) << broken.dump(2);
  const json& d = broken["diagnostics"][0];
  EXPECT_EQ(d["code"], "D0302");
  EXPECT_EQ(d["severity"], 1);
  EXPECT_EQ(d["source"], "docket");
  EXPECT_NE(d["message"].get<std::string>().find("record Customer has no field `voltge_kv`"), std::string::npos);
  EXPECT_NE(d["message"].get<std::string>().find("hint: did you mean `voltage_kv`?"), std::string::npos);
  EXPECT_EQ(d["range"]["start"]["line"], at_a["line"]);
  EXPECT_EQ(d["range"]["start"]["character"], at_a["character"].get<int>() - 4);  // the field name, after `c.`

  // Fix it again (two changes in one notification: retype the letter, then nothing).
  client().notify("textDocument/didChange",
                  {{"textDocument", {{"uri", file_uri(path)}, {"version", 3}}},
                   {"contentChanges", {{{"range", {{"start", at_a}, {"end", at_a}}}, {"text", "a"}},
                                       {{"range", {{"start", at_a}, {"end", at_a}}}, {"text", ""}}}}});
  json fixed = client().diagnostics(file_uri(path), 3);
  EXPECT_TRUE(fixed["diagnostics"].empty()) << fixed.dump(2);
}

TEST_F(LspTest, ErrorsInOneFileShowWhereTheyAreAndNotesBecomeRelatedInformation) {
  const std::filesystem::path customers = example("customers.dkt");
  std::string text = read_file(customers);
  open(customers, text);
  // A second `Area` declared: D0202 with a note at the first.
  text += "\nenum Area { north, south }\n";
  client().notify("textDocument/didChange", {{"textDocument", {{"uri", file_uri(customers)}, {"version", 2}}},
                                             {"contentChanges", {{{"text", text}}}}});
  json d = client().diagnostics(file_uri(customers), 2);
  bool seen = false;
  for (const json& item : d["diagnostics"]) {
    if (item["code"] != "D0202") continue;
    seen = true;
    ASSERT_EQ(item["relatedInformation"].size(), 1U) << item.dump(2);
    EXPECT_EQ(item["relatedInformation"][0]["message"], "first declared here");
    EXPECT_EQ(item["relatedInformation"][0]["location"]["range"]["start"], position_of(text, "Area {"));
  }
  EXPECT_TRUE(seen) << d.dump(2);
}

TEST_F(LspTest, AFileOutsideTheConfigurationJoinsItsProgram) {
  // A new file beside docket.toml, not listed in it yet, using the program's names.
  const std::filesystem::path path = example("new_rules.dkt");
  json d = open(path, "module extra\nimport customers\n\ndecision far(c: Customer) -> bool {\n  hit first\n"
                      "  otherwise c.area == remote or c.aera == rural\n}\n");
  ASSERT_EQ(d["diagnostics"].size(), 1U) << d.dump(2);
  EXPECT_EQ(d["diagnostics"][0]["code"], "D0302");  // `aera`; `Customer` and `remote` resolved
}

TEST_F(LspTest, ABrokenLineKeepsTheRestOfItsWorkflowKnown) {
  const std::filesystem::path path = example("meter_install.dkt");
  std::string text = read_file(path);
  // Half a line typed in the middle of the workflow.
  const std::string half = "  step verify \"核实\" by\n";
  text.insert(text.find("  wait waiting_customer"), half);
  json d = open(path, text);
  ASSERT_EQ(d["diagnostics"].size(), 1U) << d.dump(2);
  EXPECT_EQ(d["diagnostics"][0]["code"], "D0101");
  // The rest of the workflow is known: hover on a step in its flow.
  json hover = client().call("textDocument/hover", at(path, position_of(text, "energize -> revisit", 0, 2)));
  ASSERT_TRUE(hover["result"].is_object()) << hover.dump();
  EXPECT_NE(hover["result"]["contents"]["value"].get<std::string>().find("step energize \"送电\" by role \"field_crew\""),
            std::string::npos) << hover.dump(2);
  // tests.dkt starts meter_install: no follow-on errors there (the hover above answered after
  // every diagnostic of this analysis went out).
  for (const json& m : client().received()) {
    if (m.value("method", "") != "textDocument/publishDiagnostics") continue;
    if (m["params"]["uri"].get<std::string>().find("tests.dkt") == std::string::npos) continue;
    EXPECT_TRUE(m["params"]["diagnostics"].empty()) << m.dump(2);
  }
}

}  // namespace
}  // namespace docket::testing
