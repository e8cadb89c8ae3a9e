// `docket serve` end to end: the real program on loopback, spoken to over HTTP with cpp-httplib's client.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "serve_process.hpp"

namespace {

using Json = nlohmann::json;
using docket::testing::ServeProcess;
namespace fs = std::filesystem;

const std::string kToken = "serve-test-token-0123456789";
const std::string kConfig = std::string(DOCKET_SOURCE_DIR) + "/examples/95598/docket.toml";

Json application(const std::string& id, double kv = 0.38) {
  return {{"app",
           {{"id", id},
            {"address", "上海市浦东新区张杨路 500 号"},
            {"customer",
             {{"id", "C-" + id},
              {"voltage_kv", kv},
              {"tariff", "commercial"},
              {"dual_source", false},
              {"important", false},
              {"load_level", 3},
              {"contract_kva", 80},
              {"area", "urban"}}}}}};
}

class Serve : public ::testing::Test {
 protected:
  void SetUp() override {
    ::signal(SIGPIPE, SIG_IGN);  // a server that refuses a body it did not read closes the connection under the writer
    dir_ = fs::temp_directory_path() / ("docket-serve-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(dir_);
  }

  std::string store() const { return (dir_ / "serve.sqlite").string(); }

  ServeProcess& start_server(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--config", kConfig, "--store", store(), "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    server_ = std::make_unique<ServeProcess>(DOCKET_BIN, args, std::vector<std::string>{"DOCKET_SERVE_TOKEN=" + kToken});
    return *server_;
  }

  httplib::Client client() const {
    httplib::Client c(server_->host(), server_->port());
    c.set_read_timeout(30, 0);
    return c;
  }
  httplib::Headers auth() const { return {{"Authorization", "Bearer " + kToken}}; }

  httplib::Result post(const std::string& path, const Json& body) {
    return client().Post(path.c_str(), auth(), body.dump(), "application/json");
  }

  static Json body(const httplib::Result& r) { return Json::parse(r->body); }

  fs::path dir_;
  std::unique_ptr<ServeProcess> server_;
};

TEST_F(Serve, AnswersHealthOnLoopbackAndRefusesWritesWithoutTheToken) {
  start_server();
  EXPECT_EQ(server_->host(), "127.0.0.1");
  auto health = client().Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(body(health)["status"], "ok");
  EXPECT_EQ(body(health)["open_instances"], 0);

  auto none = client().Post("/v1/instances", Json({{"workflow", "meter_install"}}).dump(), "application/json");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(body(none)["error"]["field"], "Authorization");
  auto wrong = client().Post("/v1/instances", {{"Authorization", "Bearer not-the-token-at-all"}},
                             Json({{"workflow", "meter_install"}}).dump(), "application/json");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(body(client().Get("/healthz"))["open_instances"], 0) << "nothing was started";
  // On the wall clock there is no clock to move.
  auto clock = post("/v1/test/clock", {{"now", "2030-01-01T00:00"}});
  ASSERT_TRUE(clock);
  EXPECT_EQ(clock->status, 404) << clock->body;
}

TEST_F(Serve, ATestClockMovesOnlyWhenToldAndFiresEachTimerAtItsOwnTime) {
  start_server({"--test-clock", "2025-11-03T09:00"});
  EXPECT_EQ(body(client().Get("/healthz"))["now"], "2025-11-03T09:00:00+08:00");
  auto started = post("/v1/instances", {{"workflow", "meter_install"}, {"args", application("K1")}, {"key", "K1"}});
  ASSERT_TRUE(started);
  ASSERT_EQ(started->status, 201) << started->body;
  const std::string base = "/v1/instances/" + std::to_string(body(started)["instance"].get<std::uint64_t>());
  const std::size_t before = body(client().Get((base + "/audit").c_str())).size();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(body(client().Get("/healthz"))["now"], "2025-11-03T09:00:00+08:00") << "the clock moved by itself";

  auto moved = post("/v1/test/clock", {{"now", "2025-11-28T09:00"}});
  ASSERT_TRUE(moved);
  ASSERT_EQ(moved->status, 200) << moved->body;
  EXPECT_EQ(body(moved)["now"], "2025-11-28T09:00:00+08:00");
  // The SLA's timers fired on the way, each at its own time (not at the time the clock jumped to).
  const Json trail = body(client().Get((base + "/audit").c_str()));
  ASSERT_GT(trail.size(), before) << trail.dump();
  std::set<std::string> fired_at;
  for (std::size_t i = before; i < trail.size(); ++i) fired_at.insert(trail[i]["at"].get<std::string>());
  EXPECT_FALSE(fired_at.contains("2025-11-28T09:00:00+08:00")) << trail.dump();
  EXPECT_GE(fired_at.size(), 1U);

  auto back = post("/v1/test/clock", {{"now", "2025-11-27T09:00"}});
  ASSERT_TRUE(back);
  EXPECT_EQ(back->status, 409) << back->body;
  auto bad = post("/v1/test/clock", {{"now", "soon"}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400) << bad->body;
  EXPECT_EQ(body(bad)["error"]["field"], "now") << bad->body;
}

TEST_F(Serve, StartsOneInstancePerIdempotencyKey) {
  start_server();
  auto first = post("/v1/instances", {{"workflow", "meter_install"}, {"args", application("A1")}, {"key", "A1"}});
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 201) << first->body;
  const auto id = body(first)["instance"].get<std::uint64_t>();
  EXPECT_TRUE(body(first)["started"].get<bool>());

  // A retried request (same key, same arguments) answers the first instance and starts nothing.
  auto again = post("/v1/instances", {{"workflow", "meter_install"}, {"args", application("A1")}, {"key", "A1"}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200) << again->body;
  EXPECT_EQ(body(again)["instance"].get<std::uint64_t>(), id);
  EXPECT_FALSE(body(again)["started"].get<bool>());

  // The key in the Idempotency-Key header works the same.
  httplib::Headers headers = auth();
  headers.emplace("Idempotency-Key", "A1");
  auto header = client().Post("/v1/instances", headers, Json({{"workflow", "meter_install"}, {"args", application("A1")}}).dump(),
                              "application/json");
  ASSERT_TRUE(header);
  EXPECT_EQ(header->status, 200);
  EXPECT_EQ(body(header)["instance"].get<std::uint64_t>(), id);

  // The same key with other arguments is a clash, not a second ticket.
  auto clash = post("/v1/instances", {{"workflow", "meter_install"}, {"args", application("A2")}, {"key", "A1"}});
  ASSERT_TRUE(clash);
  EXPECT_EQ(clash->status, 409) << clash->body;
  EXPECT_NE(body(clash)["error"]["message"].get<std::string>().find("already started"), std::string::npos);
  EXPECT_EQ(body(client().Get("/healthz"))["open_instances"], 1);
}

TEST_F(Serve, EveryBadRequestIsA4xxWithAJsonErrorNamingTheField) {
  start_server();
  struct Case {
    std::string path;
    std::string body;
    int status;
    std::string field;
  };
  const std::vector<Case> cases{
      {"/v1/instances", "", 400, "body"},
      {"/v1/instances", "{not json", 400, "body"},
      {"/v1/instances", "[1, 2]", 400, "body"},
      {"/v1/instances", R"({"args": {}})", 400, "workflow"},
      {"/v1/instances", R"({"workflow": 7})", 400, "workflow"},
      {"/v1/instances", R"({"workflow": "meter_install", "colour": "red"})", 400, "colour"},
      {"/v1/instances", R"({"workflow": "meter_install", "args": []})", 400, "args"},
      {"/v1/instances/999/complete", R"({"step": "accept"})", 404, ""},
      {"/v1/instances/1/signal", R"({})", 400, "event"},
      {"/v1/instances/1/update", R"({"param": "app"})", 400, "value"},
  };
  for (const Case& c : cases) {
    auto r = client().Post(c.path.c_str(), auth(), c.body, "application/json");
    ASSERT_TRUE(r) << c.path;
    EXPECT_EQ(r->status, c.status) << c.path << " " << c.body << " -> " << r->body;
    ASSERT_EQ(r->get_header_value("Content-Type"), "application/json") << c.body;
    const Json e = body(r)["error"];
    EXPECT_TRUE(e["message"].is_string()) << r->body;
    if (!c.field.empty()) {
      EXPECT_EQ(e.value("field", ""), c.field) << c.body << " -> " << r->body;
    }
  }

  // A value of the wrong type names its path inside the arguments.
  Json args = application("B2");
  args["app"]["customer"]["voltage_kv"] = "high";
  auto typed = post("/v1/instances", {{"workflow", "meter_install"}, {"args", args}});
  ASSERT_TRUE(typed);
  EXPECT_EQ(typed->status, 400) << typed->body;
  EXPECT_NE(body(typed)["error"]["field"].get<std::string>().find("voltage_kv"), std::string::npos) << typed->body;

  // An unknown workflow, route or instance: 404 with JSON.
  auto workflow = post("/v1/instances", {{"workflow", "meter_instal"}});
  ASSERT_TRUE(workflow);
  EXPECT_EQ(workflow->status, 404) << workflow->body;
  auto route = client().Get("/v1/nothing");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->status, 404);
  EXPECT_TRUE(body(route)["error"]["message"].is_string());
  auto instance = client().Get("/v1/instances/12345/slas");
  ASSERT_TRUE(instance);
  EXPECT_EQ(instance->status, 404);

  // Bodies above [serve] max_body_bytes (1 MiB by default) are refused with 413 before they are read.
  auto big = client().Post("/v1/instances", auth(), std::string(2 << 20, ' '), "application/json");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(body(big)["error"]["field"], "body");

  // Nesting beyond 64 levels is refused, not parsed.
  std::string deep = R"({"workflow": "meter_install", "args": )" + std::string(100, '[') + std::string(100, ']') + "}";
  auto nested = client().Post("/v1/instances", auth(), deep, "application/json");
  ASSERT_TRUE(nested);
  EXPECT_EQ(nested->status, 400);
  EXPECT_EQ(body(client().Get("/healthz"))["open_instances"], 0) << "no bad request started anything";
}

TEST_F(Serve, RunsAMeterInstallationAndShowsItsClocksTrailAndActions) {
  start_server();
  auto started = post("/v1/instances", {{"workflow", "meter_install"}, {"args", application("C1")}, {"key", "C1"}});
  ASSERT_TRUE(started);
  ASSERT_EQ(started->status, 201) << started->body;
  const std::string base = "/v1/instances/" + std::to_string(body(started)["instance"].get<std::uint64_t>());

  auto accepted = post(base + "/complete", {{"step", "accept"}});
  ASSERT_TRUE(accepted);
  ASSERT_EQ(accepted->status, 200) << accepted->body;
  EXPECT_EQ(body(accepted)["active"], Json::array({"survey"}));

  auto paused = post(base + "/signal", {{"event", "customer_pending"}});
  ASSERT_TRUE(paused);
  ASSERT_EQ(paused->status, 200) << paused->body;
  auto slas = client().Get((base + "/slas").c_str());
  ASSERT_TRUE(slas);
  ASSERT_EQ(slas->status, 200);
  EXPECT_EQ(body(slas)[0]["name"], "install");
  EXPECT_EQ(body(slas)[0]["phase"], "paused");

  ASSERT_EQ(post(base + "/signal", {{"event", "customer_ready"}})->status, 200);
  // A step that is not active is refused with 409 and the engine's reason.
  auto wrong = post(base + "/complete", {{"step", "energize"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 409) << wrong->body;
  // An outcome of the wrong type names the outcome.
  auto typed = post(base + "/complete", {{"step", "survey"}, {"outcomes", {{"feasible", "yes"}}}});
  ASSERT_TRUE(typed);
  EXPECT_EQ(typed->status, 400) << typed->body;
  EXPECT_NE(body(typed)["error"]["field"].get<std::string>().find("feasible"), std::string::npos) << typed->body;

  auto surveyed = post(base + "/complete", {{"step", "survey"}, {"outcomes", {{"feasible", true}}}});
  ASSERT_TRUE(surveyed);
  ASSERT_EQ(surveyed->status, 200) << surveyed->body;
  EXPECT_EQ(body(surveyed)["active"], Json::array({"install"}));

  // install is done by the plugin action site.schedule_meter: it is in the outbox with its key.
  auto actions = client().Get((base + "/actions").c_str());
  ASSERT_TRUE(actions);
  ASSERT_EQ(actions->status, 200);
  bool scheduled = false;
  for (const Json& a : body(actions)) scheduled = scheduled || a["name"] == "site.schedule_meter";
  EXPECT_TRUE(scheduled) << actions->body;
  auto outbox = client().Get("/v1/outbox");
  ASSERT_TRUE(outbox);
  EXPECT_EQ(outbox->status, 200);
  EXPECT_GE(body(outbox).size(), 1U);
  auto bad_state = client().Get("/v1/outbox?state=lost");
  ASSERT_TRUE(bad_state);
  EXPECT_EQ(bad_state->status, 400);
  EXPECT_EQ(body(bad_state)["error"]["field"], "state");

  auto trail = client().Get((base + "/audit").c_str());
  ASSERT_TRUE(trail);
  ASSERT_EQ(trail->status, 200);
  std::vector<std::string> kinds;
  for (const Json& e : body(trail)) kinds.push_back(e["kind"]);
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "started"), kinds.end()) << trail->body;
  EXPECT_NE(std::find(kinds.begin(), kinds.end(), "completed"), kinds.end()) << trail->body;
  // Times are RFC 3339 in the configured zone (Asia/Shanghai).
  EXPECT_TRUE(std::regex_match(body(trail)[0]["at"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?\+08:00)")))
      << body(trail)[0]["at"];

  // update re-targets the SLA and answers the clocks.
  Json customer = application("C1")["app"];
  customer["customer"]["area"] = "rural";
  auto updated = post(base + "/update", {{"param", "app"}, {"value", customer}});
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->status, 200) << updated->body;
  EXPECT_EQ(body(updated)[0]["name"], "install");
}

TEST_F(Serve, MetricsAreValidPrometheusTextWithTheServiceFigures) {
  start_server();
  ASSERT_EQ(post("/v1/instances", {{"workflow", "meter_install"}, {"args", application("M1")}})->status, 201);
  ASSERT_EQ(post("/v1/instances/1/complete", {{"step", "accept"}})->status, 200);
  ASSERT_EQ(post("/v1/instances/1/complete", {{"step", "nothing"}})->status, 409);
  auto metrics = client().Get("/metrics");
  ASSERT_TRUE(metrics);
  ASSERT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->get_header_value("Content-Type").find("text/plain; version=0.0.4"), std::string::npos);
  // Every line is a comment (# HELP / # TYPE) or a sample: name{labels} value.
  const std::regex sample(R"([a-z_]+(\{([a-z_]+="[^"]*",?)*\})? [-+]?([0-9.e+-]+|Inf|NaN))");
  std::istringstream lines(metrics->body);
  std::string line;
  std::map<std::string, std::string> samples;
  while (std::getline(lines, line)) {
    if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) continue;
    ASSERT_TRUE(std::regex_match(line, sample)) << "not a Prometheus sample: " << line;
    samples[line.substr(0, line.rfind(' '))] = line.substr(line.rfind(' ') + 1);
  }
  EXPECT_EQ(samples["docket_instances{workflow=\"meter_install\",state=\"open\"}"], "1") << metrics->body;
  EXPECT_EQ(samples["docket_operation_seconds_count{op=\"start\"}"], "1");
  EXPECT_EQ(samples["docket_operation_seconds_count{op=\"complete\"}"], "2");
  EXPECT_EQ(samples["docket_operation_errors_total{op=\"complete\"}"], "1");
  EXPECT_EQ(samples["docket_operation_seconds_bucket{op=\"start\",le=\"+Inf\"}"], "1");
  EXPECT_TRUE(samples.contains("docket_open_tickets{workflow=\"meter_install\",sla_state=\"running\"}")) << metrics->body;
  EXPECT_TRUE(samples.contains("docket_outbox_actions{state=\"pending\"}"));
  EXPECT_TRUE(samples.contains("docket_sla_events_total{kind=\"breached\"}"));
  EXPECT_TRUE(samples.contains("docket_action_deliveries_total{outcome=\"failed\"}"));
  EXPECT_TRUE(samples.contains("docket_timer_lag_seconds"));
  EXPECT_EQ(samples["docket_http_responses_total{class=\"4xx\"}"], "1");
}

// SIGTERM while clients are busy: every answered start is kept, nothing is half done, and the server
// exits 0 after the requests under way. Started again on the same store it knows every answered ticket.
TEST_F(Serve, ShutsDownGracefullyKeepingEveryAnsweredOperation) {
  start_server();
  std::atomic<bool> stop{false};
  std::vector<std::map<std::string, std::uint64_t>> answered(4);
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&, c] {
      httplib::Client http(server_->host(), server_->port());
      for (int i = 0; !stop && i < 100000; ++i) {
        const std::string key = "T" + std::to_string(c) + "-" + std::to_string(i);
        auto r = http.Post("/v1/instances", auth(),
                           Json({{"workflow", "meter_install"}, {"args", application(key)}, {"key", key}}).dump(),
                           "application/json");
        if (!r) break;  // the server has stopped listening
        if (r->status == 201) answered[static_cast<std::size_t>(c)][key] = Json::parse(r->body)["instance"];
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(server_->stop(SIGTERM), 0) << server_->stderr_text();
  stop = true;
  for (std::thread& t : clients) t.join();
  std::size_t total = 0;
  for (const auto& a : answered) total += a.size();
  ASSERT_GT(total, 0U) << "the clients got no answers before the stop";

  start_server();
  for (const auto& a : answered) {
    for (const auto& [key, id] : a) {
      auto r = post("/v1/instances", {{"workflow", "meter_install"}, {"args", application(key)}, {"key", key}});
      ASSERT_TRUE(r);
      ASSERT_EQ(r->status, 200) << key << " was answered 201 before the stop but is not kept: " << r->body;
      ASSERT_EQ(body(r)["instance"].get<std::uint64_t>(), id);
    }
  }
  // Nothing beyond what was answered, save requests cut off before their answer reached the client.
  const auto open = body(client().Get("/healthz"))["open_instances"].get<std::size_t>();
  EXPECT_GE(open, total);
  EXPECT_LE(open, total + 4);
}

TEST_F(Serve, DeployRecordsTheConfigurationAsANewVersionOnlyWhenItChanged) {
  start_server();
  auto health = body(client().Get("/healthz"));
  const auto version = health["version"].get<std::uint32_t>();
  auto deployed = client().Post("/v1/deploy", auth(), "", "application/json");
  ASSERT_TRUE(deployed);
  ASSERT_EQ(deployed->status, 200) << deployed->body;
  EXPECT_EQ(body(deployed)["version"].get<std::uint32_t>(), version) << "the same sources are the same version";
  ASSERT_EQ(post("/v1/instances", {{"workflow", "meter_install"}, {"args", application("D1")}})->status, 201);
}

TEST_F(Serve, RefusesAConfigurationOrAddressItCannotUse) {
  EXPECT_THROW(ServeProcess(DOCKET_BIN, {"--config", kConfig, "--store", store(), "--listen", "127.0.0.1:99999"}),
               std::runtime_error);
  EXPECT_THROW(ServeProcess(DOCKET_BIN, {"--config", kConfig, "--store", "/nonexistent/dir/x.sqlite", "--listen",
                                         "127.0.0.1:0"}),
               std::runtime_error);
}

}  // namespace
