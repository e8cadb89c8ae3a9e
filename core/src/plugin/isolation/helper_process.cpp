// Starting, supervising and restarting a plugin helper process (posix_spawn, never a shell).
#include "plugin/isolation/helper_process.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

#include "plugin/isolation/wire.hpp"

extern char** environ;

namespace docket::plugin {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

std::string ms_text(milliseconds ms) { return std::to_string(ms.count()) + " ms"; }

std::string signal_text(int sig) {
  const char* abbrev = ::sigabbrev_np(sig);
  const char* description = ::strsignal(sig);
  return std::string(abbrev != nullptr ? std::string("SIG") + abbrev : "signal " + std::to_string(sig)) +
         (description != nullptr ? std::string(" (") + description + ")" : std::string());
}

// posix_spawn's attributes and file actions, destroyed on every path.
struct SpawnSetup {
  posix_spawn_file_actions_t actions{};
  posix_spawnattr_t attr{};
  SpawnSetup() {
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawnattr_init(&attr);
  }
  ~SpawnSetup() {
    ::posix_spawn_file_actions_destroy(&actions);
    ::posix_spawnattr_destroy(&attr);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
};

}  // namespace

#ifndef DOCKET_HELPER_FROM_LIBDIR
#define DOCKET_HELPER_FROM_LIBDIR "docket"
#endif

std::vector<std::filesystem::path> helper_program_candidates() {
  namespace fs = std::filesystem;
  std::vector<fs::path> out;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) out.push_back(exe.parent_path() / "docket-plugin-host");
  // The library this code is in (libdocket_core.so, installed in <prefix>/lib): the helper is
  // installed in <prefix>/lib/docket. For a static docket this is the executable again.
  static const int anchor = 0;
  Dl_info info{};
  if (::dladdr(&anchor, &info) != 0 && info.dli_fname != nullptr) {
    const fs::path library = fs::weakly_canonical(fs::path(info.dli_fname), ec);
    if (!ec) out.push_back((library.parent_path() / DOCKET_HELPER_FROM_LIBDIR / "docket-plugin-host").lexically_normal());
  }
  // A program installed in <prefix>/bin (the docket program, or a host linking a static docket).
  if (!exe.empty()) {
    const fs::path installed = (exe.parent_path() / ".." / "lib" / "docket" / "docket-plugin-host").lexically_normal();
    if (std::find(out.begin(), out.end(), installed) == out.end()) out.push_back(installed);
  }
  return out;
}

std::filesystem::path default_helper_program() {
  const std::vector<std::filesystem::path> candidates = helper_program_candidates();
  for (const std::filesystem::path& candidate : candidates) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
  }
  return candidates.empty() ? std::filesystem::path("docket-plugin-host") : candidates.front();
}

HelperProcess::HelperProcess(HelperSpec spec) : spec_(std::move(spec)) {}

HelperProcess::~HelperProcess() {
  (void)end_helper(true);
  if (spec_.plugin_fd >= 0) ::close(spec_.plugin_fd);
}

pid_t HelperProcess::pid() {
  std::lock_guard<std::mutex> lock(mutex_);
  return pid_;
}

unsigned HelperProcess::restarts() {
  std::lock_guard<std::mutex> lock(mutex_);
  return restarts_;
}

bool HelperProcess::spawn(std::string& error) {
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
    error = std::string("cannot create a socket pair: ") + std::strerror(errno);
    return false;
  }
  // The helper gets the plugin file as fd 3 and its socket as fd 4. The descriptors handed on are
  // first moved above those numbers, so that no dup2 in the child lands on its own source.
  const int file = ::fcntl(spec_.plugin_fd, F_DUPFD_CLOEXEC, 10);
  const int child_end = ::fcntl(pair[1], F_DUPFD_CLOEXEC, 10);
  ::close(pair[1]);
  if (file < 0 || child_end < 0) {
    error = std::string("cannot duplicate a descriptor: ") + std::strerror(errno);
    for (int fd : {file, child_end, pair[0]}) {
      if (fd >= 0) ::close(fd);
    }
    return false;
  }
  SpawnSetup setup;
  ::posix_spawn_file_actions_addopen(&setup.actions, 0, "/dev/null", O_RDONLY, 0);
  ::posix_spawn_file_actions_adddup2(&setup.actions, 2, 1);  // a plugin's printf goes to the engine's log
  ::posix_spawn_file_actions_adddup2(&setup.actions, file, 3);
  ::posix_spawn_file_actions_adddup2(&setup.actions, child_end, 4);
  ::posix_spawn_file_actions_addclosefrom_np(&setup.actions, 5);  // nothing else of the engine's leaks in
  sigset_t none;
  sigset_t defaults;
  ::sigemptyset(&none);
  ::sigemptyset(&defaults);
  for (int sig = 1; sig < 32; ++sig) {
    if (sig != SIGKILL && sig != SIGSTOP) ::sigaddset(&defaults, sig);
  }
  ::posix_spawnattr_setsigmask(&setup.attr, &none);
  ::posix_spawnattr_setsigdefault(&setup.attr, &defaults);
  // Its own process group: a Ctrl-C meant for the engine does not kill the helpers under it.
  ::posix_spawnattr_setpgroup(&setup.attr, 0);
  ::posix_spawnattr_setflags(&setup.attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
  std::string program = spec_.program.string();
  std::string serve = "--serve";
  char* argv[] = {program.data(), serve.data(), nullptr};
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, program.c_str(), &setup.actions, &setup.attr, argv, environ);
  ::close(file);
  ::close(child_end);
  if (rc != 0) {
    ::close(pair[0]);
    error = "cannot start the plugin helper '" + program + "': " + std::strerror(rc);
    return false;
  }
  pid_ = pid;
  socket_ = pair[0];
  return true;
}

HelperProcess::Ending HelperProcess::end_helper(bool gently) {
  Ending ending;
  if (socket_ >= 0) {
    ::close(socket_);  // an idle helper exits when its socket closes
    socket_ = -1;
  }
  if (pid_ < 0) return ending;
  // Killing a helper that has already died changes nothing: its status was fixed when it died.
  const auto until = steady_clock::now() + milliseconds(gently ? 500 : 0);
  if (!gently) ::kill(pid_, SIGKILL);
  int status = 0;
  pid_t got = 0;
  while (true) {
    got = ::waitpid(pid_, &status, gently ? WNOHANG : 0);
    if (got < 0 && errno == EINTR) continue;
    if (got != 0) break;
    if (steady_clock::now() >= until) {
      ::kill(pid_, SIGKILL);
      gently = false;
      continue;
    }
    std::this_thread::sleep_for(milliseconds(2));
  }
  pid_ = -1;
  if (got < 0) {
    ending.text = std::string("ended; its exit status is unknown (") + std::strerror(errno) + ")";
  } else if (WIFSIGNALED(status)) {
    ending.signal = WTERMSIG(status);
    ending.text = "was killed by " + signal_text(ending.signal);
  } else {
    ending.status = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
    ending.text = "exited with status " + std::to_string(ending.status);
  }
  return ending;
}

std::optional<Manifest> HelperProcess::load(Refusal& refusal, std::string& name, std::string& version) {
  std::string error;
  if (!spawn(error)) {
    std::string searched;
    for (const std::filesystem::path& candidate : helper_program_candidates()) {
      searched += (searched.empty() ? "" : ", ") + candidate.string();
    }
    refusal = Refusal{error, "install docket-plugin-host where docket looks for it (" + searched +
                             "), or name it in the plugin request (IsolationOptions::helper); or load the plugin "
                             "in-process"};
    return std::nullopt;
  }
  wire::Writer request(wire::Op::load);
  request.text(spec_.path);
  request.u32(static_cast<std::uint32_t>(spec_.config.size()));
  for (const auto& [key, value] : spec_.config) {
    request.text(key);
    docket_value v{};
    if (value.holds<bool>()) {
      v.kind = DOCKET_TYPE_BOOL;
      v.boolean = value.as_bool();
    } else if (value.holds<std::int64_t>()) {
      v.kind = DOCKET_TYPE_INT;
      v.integer = value.as_int();
    } else if (value.holds<double>()) {
      v.kind = DOCKET_TYPE_NUMBER;
      v.number = value.as_number();
    } else if (value.holds<std::string>()) {
      v.kind = DOCKET_TYPE_TEXT;
      v.text = docket_string_view{value.as_text().data(), value.as_text().size()};
    } else {
      v.kind = DOCKET_TYPE_TEXT;  // the CLI never passes other kinds; an empty text keeps the frame whole
    }
    request.value(v);
  }
  const std::string fix = "correct the plugin (load it in-process under a debugger to see where), or remove it from "
                          "the configuration";
  std::string payload;
  const wire::Received got = wire::send_frame(socket_, request.frame())
                                 ? wire::receive_frame(socket_, payload, steady_clock::now() + spec_.call_timeout)
                                 : wire::Received::closed;
  if (got == wire::Received::timeout) {
    (void)end_helper();
    refusal = Refusal{"its init did not return within " + ms_text(spec_.call_timeout) +
                          " (the isolated call timeout); its helper process was killed",
                      fix};
    return std::nullopt;
  }
  if (got != wire::Received::frame) {
    const Ending ending = end_helper();
    refusal = Refusal{"it crashed while loading in its helper process, which " + ending.text, fix};
    return std::nullopt;
  }
  wire::Reader in(payload);
  if (in.op() == wire::Op::refused) {
    name = in.text();
    version = in.text();
    refusal.reason = in.text();
    refusal.fix = in.text();
    (void)end_helper(true);
    if (!in.failed()) return std::nullopt;
  } else if (in.op() == wire::Op::manifest) {
    if (auto manifest = read_manifest(in)) {
      name = manifest->name;
      version = manifest->version;
      return manifest;
    }
  }
  (void)end_helper();
  refusal = Refusal{"its helper process answered the load with a malformed message", fix};
  return std::nullopt;
}

std::optional<Manifest> HelperProcess::start(Refusal& refusal, std::string& name, std::string& version) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto manifest = load(refusal, name, version);
  if (manifest) manifest_ = *manifest;
  return manifest;
}

std::string HelperProcess::garbled(const CallPolicy& policy, std::string_view detail) {
  std::lock_guard<std::mutex> lock(mutex_);
  (void)end_helper();
  std::string failure = "plugin " + manifest_.name + " garbled its answer in " + policy.what + " (" +
                        std::string(detail) + "): its helper process was killed; the next call starts a new helper";
  log_line(manifest_.name, DOCKET_LOG_ERROR, failure);
  return failure;
}

Exchange HelperProcess::exchange(std::string_view frame, const CallPolicy& policy) {
  std::lock_guard<std::mutex> lock(mutex_);
  Exchange out;
  const std::string& plugin = manifest_.name;
  const std::string next = "; the next call starts a new helper";
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (pid_ < 0) {
      Refusal refusal;
      std::string name;
      std::string version;
      auto manifest = load(refusal, name, version);
      if (!manifest) {
        out.failure = "plugin " + plugin + " could not be restarted for " + policy.what + ": " + refusal.reason;
        log_line(plugin, DOCKET_LOG_ERROR, out.failure);
        return out;
      }
      if (!same_registrations(manifest->registered, manifest_.registered)) {
        (void)end_helper();
        out.failure = "plugin " + plugin + " registered other callbacks after its helper restarted than at first, "
                      "so " + policy.what + " is not called";
        log_line(plugin, DOCKET_LOG_ERROR, out.failure);
        return out;
      }
      ++restarts_;
      log_line(plugin, DOCKET_LOG_WARN, "helper process restarted (restart " + std::to_string(restarts_) + ")");
    }
    if (!wire::send_frame(socket_, frame)) {
      // It ended while idle (killed from outside): start another and send the request again, once.
      const Ending ending = end_helper();
      log_line(plugin, DOCKET_LOG_WARN, "its idle helper process " + ending.text + "; starting another");
      continue;
    }
    const std::chrono::milliseconds limit =
        policy.timeout_ms > 0 ? milliseconds(policy.timeout_ms) + spec_.grace : spec_.call_timeout;
    switch (wire::receive_frame(socket_, out.payload, steady_clock::now() + limit)) {
      case wire::Received::frame: out.answered = true; return out;
      case wire::Received::timeout: {
        (void)end_helper();
        const std::string why = policy.timeout_ms > 0
                                    ? "its deadline of " + std::to_string(policy.timeout_ms) + " ms plus " +
                                          ms_text(spec_.grace) + " of grace; it does not stop when should_cancel says so"
                                    : "the isolated call timeout; it declares no deadline of its own";
        out.failure = policy.what + " of plugin " + plugin + " did not return within " + ms_text(limit) + " (" + why +
                      "): its helper process was killed" + next;
        break;
      }
      case wire::Received::oversized: {
        (void)end_helper();
        out.failure = "plugin " + plugin + " garbled its answer in " + policy.what +
                      " (a frame longer than the protocol allows, or bytes after its answer): its helper process was killed" + next;
        break;
      }
      case wire::Received::closed:
      case wire::Received::error: {
        const Ending ending = end_helper();
        out.failure = ending.signal != 0
                          ? "plugin " + plugin + " crashed in " + policy.what + ": its helper process " + ending.text + next
                          : "plugin " + plugin + " ended its helper process in " + policy.what + " (it " + ending.text +
                                ")" + next;
        break;
      }
    }
    log_line(plugin, DOCKET_LOG_ERROR, out.failure);
    out.payload.clear();
    return out;
  }
  out.failure = "plugin " + plugin + " has no working helper process for " + policy.what;
  return out;
}

}  // namespace docket::plugin
