// Running `dot -Tsvg` as a child process: DOT on its stdin, SVG from its stdout, errors from stderr.
#include "cli/graph/svg_render.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

extern char** environ;

namespace docket::cli {

namespace {

// Closes a descriptor once.
struct Fd {
  int fd = -1;
  Fd() = default;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { close(); }
  void close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

bool make_pipe(Fd& read_end, Fd& write_end) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  read_end.fd = fds[0];
  write_end.fd = fds[1];
  return true;
}

}  // namespace

std::optional<std::string> render_svg(const std::string& dot_text, std::string& error, const SvgRenderOptions& options) {
  Fd in_r, in_w, out_r, out_w, err_r, err_w;
  if (!make_pipe(in_r, in_w) || !make_pipe(out_r, out_w) || !make_pipe(err_r, err_w)) {
    error = fmt::format("error: cannot create pipes to run {}: {}", options.dot_program, std::strerror(errno));
    return std::nullopt;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_r.fd, 0);
  posix_spawn_file_actions_adddup2(&actions, out_w.fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_w.fd, 2);
  // A child that dies early must not kill docket with SIGPIPE: ignored here while we write, and
  // set back to the default in the child.
  struct sigaction ignore {};
  struct sigaction previous {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  struct RestorePipe {
    struct sigaction* previous;
    ~RestorePipe() { ::sigaction(SIGPIPE, previous, nullptr); }
  } restore{&previous};
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
  std::string program = options.dot_program;
  std::array<char*, 3> argv{program.data(), const_cast<char*>("-Tsvg"), nullptr};
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, program.c_str(), &actions, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0) {
    error = fmt::format("error: cannot run `{}` to draw SVG: {}\n  hint: install Graphviz (Debian: apt-get install "
                        "graphviz), or write DOT with --format dot and render it elsewhere",
                        options.dot_program, std::strerror(rc));
    return std::nullopt;
  }
  in_r.close();
  out_w.close();
  err_w.close();
  ::fcntl(in_w.fd, F_SETFL, O_NONBLOCK);
  // The child writes while it reads: feed its stdin and drain stdout and stderr together.
  std::string out;
  std::string err;
  std::size_t written = 0;
  if (dot_text.empty()) in_w.close();
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  bool timed_out = false;
  while (out_r.fd >= 0 || err_r.fd >= 0) {
    std::vector<pollfd> fds;
    if (in_w.fd >= 0) fds.push_back({in_w.fd, POLLOUT, 0});
    if (out_r.fd >= 0) fds.push_back({out_r.fd, POLLIN, 0});
    if (err_r.fd >= 0) fds.push_back({err_r.fd, POLLIN, 0});
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    int ready = ::poll(fds.data(), fds.size(), static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) break;
    for (const pollfd& p : fds) {
      if (p.revents == 0) continue;
      if (p.fd == in_w.fd) {
        ssize_t n = ::write(in_w.fd, dot_text.data() + written, dot_text.size() - written);
        if (n > 0) written += static_cast<std::size_t>(n);
        if (n < 0 && errno != EAGAIN && errno != EINTR) in_w.close();  // the child stopped reading
        if (written == dot_text.size()) in_w.close();
        continue;
      }
      Fd& from = p.fd == out_r.fd ? out_r : err_r;
      char buffer[65536];
      ssize_t n = ::read(from.fd, buffer, sizeof buffer);
      if (n > 0) (p.fd == out_r.fd ? out : err).append(buffer, static_cast<std::size_t>(n));
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) from.close();
    }
  }
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    error = fmt::format("error: `{} -Tsvg` did not finish within {} s and was stopped", options.dot_program,
                        options.timeout.count() / 1000);
    return std::nullopt;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string why = WIFEXITED(status) ? fmt::format("exit {}", WEXITSTATUS(status)) : "killed by a signal";
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
      error = fmt::format("error: cannot run `{}` to draw SVG (not found)\n  hint: install Graphviz (Debian: apt-get "
                          "install graphviz)",
                          options.dot_program);
      return std::nullopt;
    }
    error = fmt::format("error: `{} -Tsvg` failed ({}): {}", options.dot_program, why, err);
    return std::nullopt;
  }
  return out;
}

}  // namespace docket::cli
