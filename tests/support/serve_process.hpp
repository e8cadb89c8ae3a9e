// A `docket serve` process for tests: started with arguments and environment, its port read from its
// first line of output, stopped with SIGTERM (graceful) or SIGKILL, every wait bounded by a deadline.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace docket::testing {

class ServeProcess {
 public:
  static constexpr int kRunning = -1000;

  // Runs `docket serve args...` with `env` ("NAME=value") added to this process's environment.
  // Throws when the server does not print its address within `patience` (its stderr in the message).
  ServeProcess(const std::string& docket, const std::vector<std::string>& args, const std::vector<std::string>& env = {},
               std::chrono::seconds patience = std::chrono::seconds(60)) {
    static int counter = 0;
    stderr_path_ = std::filesystem::temp_directory_path() /
                   ("docket-serve-stderr-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".log");
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      const int err = ::open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (err >= 0) ::dup2(err, STDERR_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      for (const std::string& e : env) ::putenv(const_cast<char*>(e.c_str()));
      std::vector<char*> argv{const_cast<char*>(docket.c_str()), const_cast<char*>("serve")};
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(docket.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    out_ = out[0];
    const std::string line = read_line(patience);
    const std::string marker = "listening on http://";
    const std::size_t at = line.find(marker);
    if (at == std::string::npos) {
      kill(SIGKILL);
      throw std::runtime_error("docket serve did not start: '" + line + "'; stderr: " + stderr_text());
    }
    const std::string address = line.substr(at + marker.size());
    const std::size_t colon = address.rfind(':');
    host_ = address.substr(0, colon);
    port_ = std::stoi(address.substr(colon + 1));
  }

  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  ~ServeProcess() {
    if (exit_code_ == kRunning) kill(SIGKILL);
    if (out_ >= 0) ::close(out_);
    std::error_code ec;
    std::filesystem::remove(stderr_path_, ec);
  }

  [[nodiscard]] const std::string& host() const { return host_; }
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] pid_t pid() const { return pid_; }

  void signal(int sig) const { ::kill(pid_, sig); }

  // Sends `sig` and waits for the exit: the exit code, 128+N for a signal N, or kRunning when it did
  // not end within `patience`.
  int stop(int sig = SIGTERM, std::chrono::seconds patience = std::chrono::seconds(60)) {
    ::kill(pid_, sig);
    return wait(patience);
  }
  void kill(int sig) {
    ::kill(pid_, sig);
    wait(std::chrono::seconds(30));
  }

  int wait(std::chrono::seconds patience) {
    if (exit_code_ != kRunning) return exit_code_;
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return exit_code_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return kRunning;
  }

  // What the server wrote to stdout after its first line (read to the end once it exited).
  std::string rest_of_output() {
    std::string text;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::read(out_, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(n));
    return text;
  }

  [[nodiscard]] std::string stderr_text() const {
    std::ifstream in(stderr_path_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  std::string read_line(std::chrono::seconds patience) {
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char c = 0;
      if (::read(out_, &c, 1) != 1) break;
      if (c == '\n') return line;
      line += c;
    }
    return line;
  }

  pid_t pid_ = -1;
  int out_ = -1;
  int exit_code_ = kRunning;
  std::string host_;
  int port_ = 0;
  std::filesystem::path stderr_path_;
};

}  // namespace docket::testing
