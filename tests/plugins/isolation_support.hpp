// Helpers for the process isolation tests: the faulty plugin's request and its arm file.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "docket/core/plugin_host.hpp"

namespace docket::test {

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// While this file exists, the faulty plugin's f.armed, f.deliver, f-cal and f.sink commit the fault
// its first word names ("segv", "abort", "loop", "retry", ...). It lives outside the helper, so a
// restarted helper sees the same state.
class ArmFile {
 public:
  ArmFile() {
    path_ = std::filesystem::temp_directory_path() /
            ("docket_arm_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    disarm();
  }
  ~ArmFile() { disarm(); }
  ArmFile(const ArmFile&) = delete;
  ArmFile& operator=(const ArmFile&) = delete;

  void arm(const std::string& fault) const { std::ofstream(path_) << fault << "\n"; }
  void disarm() const { std::filesystem::remove(path_); }
  [[nodiscard]] std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// The faulty plugin, in a helper process (or in this one), reading `arm`.
inline PluginRequest faulty_request(const ArmFile& arm, PluginIsolation mode = PluginIsolation::process,
                                    std::chrono::milliseconds call_timeout = std::chrono::seconds(5)) {
  PluginRequest request;
  request.path = DOCKET_TEST_PLUGIN_FAULTY;
  request.config = {{"arm_file", Value(arm.path())}};
  request.isolation.mode = mode;
  request.isolation.helper = DOCKET_PLUGIN_HOST;
  request.isolation.call_timeout = call_timeout;
  request.isolation.grace = std::chrono::milliseconds(100);
  return request;
}

}  // namespace docket::test
