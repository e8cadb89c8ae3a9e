// docket's log: a host's sink receives each line with its level and plugin; levels filter; text and JSON forms.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "docket/core/log.hpp"

namespace docket {
namespace {

struct LogCapture {
  std::vector<std::string> lines;
  LogCapture() {
    set_log_sink([this](const LogRecord& r) { lines.push_back(log_text(r)); });
  }
  ~LogCapture() {
    set_log_sink(nullptr);
    set_log_level(LogLevel::info);
  }
};

TEST(Log, AHostsSinkReceivesLinesAtOrAboveTheLevel) {
  LogCapture capture;
  set_log_level(LogLevel::warn);
  log(LogLevel::info, "site_district", "dropped");
  log(LogLevel::warn, "site_district", "helper process restarted (restart 1)");
  log(LogLevel::error, "", "the engine's own");
  EXPECT_EQ(capture.lines, (std::vector<std::string>{"[plugin site_district] warning: helper process restarted (restart 1)",
                                                      "docket: error: the engine's own"}));
  set_log_level(LogLevel::debug);
  EXPECT_TRUE(log_enabled(LogLevel::debug));
}

TEST(Log, JsonLinesAreValidJsonWhateverTheBytes) {
  const std::string bad = std::string("crew \xff") + "\"quoted\"";
  const nlohmann::json j = nlohmann::json::parse(log_json(LogRecord{LogLevel::error, "site_phone", bad}));
  EXPECT_EQ(j["level"], "error");
  EXPECT_EQ(j["plugin"], "site_phone");
  EXPECT_EQ(j["message"], "crew \xEF\xBF\xBD\"quoted\"");
  EXPECT_FALSE(nlohmann::json::parse(log_json(LogRecord{LogLevel::info, "", "x"})).contains("plugin"));
}

TEST(Log, ASinkThatThrowsLosesOneLineNotTheProcess) {
  set_log_sink([](const LogRecord&) { throw std::runtime_error("sink down"); });
  testing::internal::CaptureStderr();
  log(LogLevel::error, "p", "m");
  EXPECT_NE(testing::internal::GetCapturedStderr().find("a log line was lost"), std::string::npos);
  set_log_sink(nullptr);
}

}  // namespace
}  // namespace docket
