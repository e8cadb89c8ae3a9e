// The C API (docket/docket.h) called as a C host would: statuses, messages owned by the handle, no exception escapes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <algorithm>
#include <string>

#include "docket/docket.h"

namespace {

namespace fs = std::filesystem;

const char* kApp = R"({"app": {"id": "A1", "address": "x", "customer": {"id": "C-1001", "voltage_kv": 0.38,
    "tariff": "commercial", "dual_source": false, "important": false, "load_level": 3, "contract_kva": 80,
    "area": "urban"}}})";

class CApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("DOCKET_PLUGIN_PATH", (fs::path(DOCKET_BINARY_DIR) / "plugins").c_str(), 1);
    store = fs::temp_directory_path() / ("docket-capi-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".sqlite");
    fs::remove(store);
  }
  void TearDown() override {
    docket_host_close(host);
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(store.string() + suffix);
  }
  std::string options(const std::string& extra = "") const {
    nlohmann::json o = {{"config", (fs::path(DOCKET_SOURCE_DIR) / "examples/95598").string()},
                        {"store", store.string()},
                        {"start", "2025-09-26T09:00"}};
    if (!extra.empty()) o.update(nlohmann::json::parse(extra));
    return o.dump();
  }

  fs::path store;
  docket_host* host = nullptr;
};

TEST_F(CApi, OpensStartsCompletesAndReadsAsJson) {
  ASSERT_EQ(docket_host_open(options().c_str(), &host), DOCKET_HOST_OK) << docket_host_error(host);
  uint64_t ticket = 0;
  ASSERT_EQ(docket_host_start(host, "meter_install", kApp, "A1", &ticket), DOCKET_HOST_OK) << docket_host_error(host);
  EXPECT_EQ(docket_host_complete(host, ticket, "accept", nullptr), DOCKET_HOST_OK) << docket_host_error(host);
  uint64_t found = 0;
  EXPECT_EQ(docket_host_find(host, "A1", &found), DOCKET_HOST_OK);
  EXPECT_EQ(found, ticket);
  const char* json = nullptr;
  ASSERT_EQ(docket_host_status_json(host, ticket, &json), DOCKET_HOST_OK);
  const nlohmann::json status = nlohmann::json::parse(json);
  EXPECT_EQ(status["active"], nlohmann::json::array({"survey"}));
  ASSERT_EQ(docket_host_next_due(host, &json), DOCKET_HOST_OK);
  EXPECT_NE(std::string(json), "") << "the survey's deadline and the SLA's warning are due later";
  ASSERT_EQ(docket_host_now(host, &json), DOCKET_HOST_OK);
  EXPECT_EQ(std::string(json), "2025-09-26T09:00:00+08:00");
  EXPECT_STREQ(docket_host_error(host), "");
}

TEST_F(CApi, EveryFailureIsAStatusWithTheMessageOnTheHandle) {
  EXPECT_EQ(docket_host_open("{\"confg\": \"x\"}", &host), DOCKET_HOST_E_CONFIG);
  EXPECT_NE(std::string(docket_host_error(host)).find("unknown key `confg`"), std::string::npos) << docket_host_error(host);
  docket_host_close(host);
  EXPECT_EQ(docket_host_open("not json", &host), DOCKET_HOST_E_CONFIG);
  docket_host_close(host);
  EXPECT_EQ(docket_host_open(options(R"({"zone": "Mars/Olympus"})").c_str(), &host), DOCKET_HOST_E_CONFIG);
  EXPECT_NE(std::string(docket_host_error(host)).find("Mars/Olympus"), std::string::npos) << docket_host_error(host);
  uint64_t ticket = 0;
  EXPECT_EQ(docket_host_start(host, "meter_install", kApp, nullptr, &ticket), DOCKET_HOST_E_ENGINE)
      << "a handle whose open failed holds no host";
  docket_host_close(host);

  ASSERT_EQ(docket_host_open(options().c_str(), &host), DOCKET_HOST_OK) << docket_host_error(host);
  EXPECT_EQ(docket_host_start(host, "meter_install", R"({"app": {"id": 5}})", nullptr, &ticket), DOCKET_HOST_E_VALUE);
  EXPECT_NE(std::string(docket_host_error(host)).find("app"), std::string::npos) << docket_host_error(host);
  EXPECT_EQ(docket_host_start(host, "no_such_flow", "{}", nullptr, &ticket), DOCKET_HOST_E_ENGINE);
  EXPECT_EQ(docket_host_start(host, nullptr, "{}", nullptr, &ticket), DOCKET_HOST_E_USAGE);
  EXPECT_EQ(docket_host_complete(host, 999, "accept", nullptr), DOCKET_HOST_E_ENGINE);
  EXPECT_EQ(docket_host_advance_to(host, "soon"), DOCKET_HOST_E_VALUE);
  EXPECT_EQ(docket_host_advance_to(host, "2025-09-01T09:00"), DOCKET_HOST_E_ENGINE) << "time does not go back";
  EXPECT_EQ(docket_host_run_due(nullptr), DOCKET_HOST_E_USAGE);
  EXPECT_STREQ(docket_host_error(nullptr), "no handle (NULL)");
}

// A callback that fails is a failed delivery attempt: the action is offered again later, same key.
TEST_F(CApi, AFailingActionCallbackIsRetriedWithTheSameKey) {
  ASSERT_EQ(docket_host_open(options().c_str(), &host), DOCKET_HOST_OK) << docket_host_error(host);
  struct Seen {
    std::vector<std::string> keys;
    int fail_first = 1;
  } seen;
  auto deliver = [](void* user, const char* action_json) -> int {
    auto* s = static_cast<Seen*>(user);
    s->keys.push_back(nlohmann::json::parse(action_json)["key"]);
    return s->fail_first-- > 0 ? 1 : 0;
  };
  ASSERT_EQ(docket_host_on_action(host, deliver, &seen), DOCKET_HOST_OK);
  uint64_t ticket = 0;
  ASSERT_EQ(docket_host_start(host, "meter_install", kApp, "A1", &ticket), DOCKET_HOST_OK) << docket_host_error(host);
  ASSERT_EQ(docket_host_advance_to(host, "2025-10-02T12:00"), DOCKET_HOST_OK) << docket_host_error(host);
  ASSERT_GE(seen.keys.size(), 2U);
  EXPECT_EQ(std::count(seen.keys.begin(), seen.keys.end(), seen.keys[0]), 2) << "the failed attempt was retried with its key";
  const char* json = nullptr;
  ASSERT_EQ(docket_host_actions_json(host, ticket, &json), DOCKET_HOST_OK);
  bool delivered_after_two = false;
  for (const auto& a : nlohmann::json::parse(json)) {
    if (a["key"] == seen.keys[0]) delivered_after_two = a["state"] == "delivered" && a["attempts"] == 2;
  }
  EXPECT_TRUE(delivered_after_two) << json;
}

}  // namespace
