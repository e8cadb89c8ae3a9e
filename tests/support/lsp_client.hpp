// A language-server client for tests and benchmarks: spawns a server (the real `docket lsp`), speaks
// JSON-RPC with LSP framing over pipes, and waits for answers and notifications with deadlines, so
// a server that hangs fails the test instead of blocking it.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <cerrno>
#include <functional>
#include <optional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace docket::testing {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

class LspClient {
 public:
  // Starts `program args...` with its stdin and stdout on pipes; its stderr goes to a file
  // (stderr_text()).
  LspClient(const std::string& program, const std::vector<std::string>& args) {
    stderr_path_ = std::filesystem::temp_directory_path() /
                   ("docket-lsp-stderr-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++) + ".log");
    int in[2];
    int out[2];
    if (::pipe(in) != 0 || ::pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::dup2(in[0], STDIN_FILENO);
      ::dup2(out[1], STDOUT_FILENO);
      int err = ::open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (err >= 0) ::dup2(err, STDERR_FILENO);
      ::close(in[0]);
      ::close(in[1]);
      ::close(out[0]);
      ::close(out[1]);
      std::vector<char*> argv;
      argv.push_back(const_cast<char*>(program.c_str()));
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(program.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    to_server_ = in[1];
    from_server_ = out[0];
    ::signal(SIGPIPE, SIG_IGN);
  }

  LspClient(const LspClient&) = delete;
  LspClient& operator=(const LspClient&) = delete;

  ~LspClient() {
    if (to_server_ >= 0) ::close(to_server_);
    if (pid_ > 0 && exit_code_ == kRunning) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    if (from_server_ >= 0) ::close(from_server_);
    std::error_code ec;
    std::filesystem::remove(stderr_path_, ec);
  }

  // Sends raw bytes (for tests of malformed input).
  void send_raw(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(to_server_, bytes.data() + done, bytes.size() - done);
      if (n <= 0) throw std::runtime_error("the server's input is closed");
      done += static_cast<std::size_t>(n);
    }
  }
  void send(const json& message) {
    std::string body = message.dump();
    send_raw("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  }

  int request(const std::string& method, const json& params) {
    const int id = next_id_++;
    send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
    return id;
  }
  void notify(const std::string& method, const json& params) {
    send({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
  }

  // The response to request `id` (notifications meanwhile are kept in `notifications`).
  json response(int id, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    return wait([&](const json& m) { return m.contains("id") && m["id"] == id && !m.contains("method"); }, timeout,
                "the response to request " + std::to_string(id));
  }
  // request() then response(): the whole response object ({result} or {error}).
  json call(const std::string& method, const json& params,
            std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    return response(request(method, params), timeout);
  }

  // The first message (already received or still to come) that `match` accepts; taken out of the
  // received notifications.
  json wait(const std::function<bool(const json&)>& match, std::chrono::milliseconds timeout,
            const std::string& what) {
    for (auto it = received_.begin(); it != received_.end(); ++it) {
      if (match(*it)) {
        json m = *it;
        received_.erase(it);
        return m;
      }
    }
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      json m = read_message(deadline, what);
      if (match(m)) return m;
      received_.push_back(std::move(m));
    }
  }
  // The next publishDiagnostics for `uri` (with `version`, when given).
  json diagnostics(const std::string& uri, std::optional<std::int64_t> version = std::nullopt,
                   std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    return wait(
        [&](const json& m) {
          return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri &&
                 (!version || (m["params"].contains("version") && m["params"]["version"] == *version));
        },
        timeout, "diagnostics for " + uri)["params"];
  }
  // Drops every notification received so far.
  void forget_notifications() { received_.clear(); }
  // The notifications received so far (not yet taken by wait()).
  const std::vector<json>& received() const { return received_; }

  void close_input() {
    if (to_server_ >= 0) ::close(to_server_);
    to_server_ = -1;
  }
  // The server's exit code once it ends (-1 when killed by a signal); kills it after `timeout`.
  int wait_exit(std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    const auto deadline = Clock::now() + timeout;
    while (exit_code_ == kRunning) {
      int status = 0;
      pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        break;
      }
      if (Clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        exit_code_ = -2;
        throw std::runtime_error("the server did not exit in time");
      }
      ::usleep(10000);
    }
    return exit_code_;
  }
  std::string stderr_text() const {
    std::ifstream in(stderr_path_);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  static constexpr int kRunning = -1000;
  static int& counter() {
    static int n = 0;
    return n;
  }

  bool fill(Clock::time_point deadline, const std::string& what) {
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) throw std::runtime_error("timed out waiting for " + what + "; server stderr:\n" + stderr_text());
      pollfd p{from_server_, POLLIN, 0};
      int r = ::poll(&p, 1, static_cast<int>(left));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) continue;
      char chunk[65536];
      ssize_t n = ::read(from_server_, chunk, sizeof chunk);
      if (n <= 0) throw std::runtime_error("the server closed its output while waiting for " + what + "; stderr:\n" + stderr_text());
      buffer_.append(chunk, static_cast<std::size_t>(n));
      return true;
    }
  }

  json read_message(Clock::time_point deadline, const std::string& what) {
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) fill(deadline, what);
    const std::string header = buffer_.substr(0, end);
    const std::size_t at = header.find("Content-Length: ");
    if (at == std::string::npos) throw std::runtime_error("a message without Content-Length: " + header);
    const std::size_t length = std::stoul(header.substr(at + 16));
    while (buffer_.size() < end + 4 + length) fill(deadline, what);
    json m = json::parse(buffer_.substr(end + 4, length));
    buffer_.erase(0, end + 4 + length);
    return m;
  }

  pid_t pid_ = -1;
  int to_server_ = -1;
  int from_server_ = -1;
  int next_id_ = 1;
  int exit_code_ = kRunning;
  std::string buffer_;
  std::vector<json> received_;
  std::filesystem::path stderr_path_;
};

}  // namespace docket::testing
