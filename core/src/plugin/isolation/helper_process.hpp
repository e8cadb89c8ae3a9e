// The engine's side of one plugin helper process: start it, exchange frames with a deadline, restart it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/isolation/manifest.hpp"
#include "plugin/loader.hpp"

namespace docket::plugin {

struct HelperSpec {
  std::string path;                // the plugin as the user named it (messages)
  int plugin_fd = -1;              // the checked file, owned; handed to every helper as its fd 3
  ConfigValues config;             // what init reads with get_config
  std::filesystem::path program;   // docket-plugin-host
  std::chrono::milliseconds call_timeout{10000};
  std::chrono::milliseconds grace{1000};
};

// The answer to one request, or why there is none.
struct Exchange {
  bool answered = false;
  std::string payload;  // the answer's payload, when answered
  std::string failure;  // otherwise: "crashed: ...", "did not return within ...", ...
};

// One helper process serving one plugin. Requests are serialised (one call at a time). When the
// helper dies or overruns a deadline it is killed and reaped, and the next request starts a new
// one (loading the plugin anew, which must register exactly what it did the first time).
class HelperProcess {
 public:
  explicit HelperProcess(HelperSpec spec);
  ~HelperProcess();
  HelperProcess(const HelperProcess&) = delete;
  HelperProcess& operator=(const HelperProcess&) = delete;

  // Starts the helper and loads the plugin. Returns the manifest; otherwise `refusal` says why
  // (the plugin's own refusal, with `name`/`version` when it got that far, or a crash in init).
  std::optional<Manifest> start(Refusal& refusal, std::string& name, std::string& version);

  // Sends one request frame for the callback `policy` describes and waits for its answer: up to
  // its deadline plus the grace, or the call timeout when it declares none. Restarts the helper
  // first when the last one died. A failure names the plugin, the callback and what happened.
  Exchange exchange(std::string_view frame, const CallPolicy& policy);

  // The answer to `policy`'s call did not make sense (`detail`): kills the helper and returns
  // the failure message.
  std::string garbled(const CallPolicy& policy, std::string_view detail);

  [[nodiscard]] const std::string& plugin_name() const noexcept { return manifest_.name; }
  // The helper's process id while one runs, else -1 (tests).
  [[nodiscard]] pid_t pid();
  // How many helpers were started after the first (tests, logs).
  [[nodiscard]] unsigned restarts();

 private:
  bool spawn(std::string& error);
  std::optional<Manifest> load(Refusal& refusal, std::string& name, std::string& version);
  // How a helper ended: killed by a signal, or exited with a status.
  struct Ending {
    int signal = 0;
    int status = 0;
    std::string text;  // "was killed by SIGSEGV (Segmentation fault)", "exited with status 3"
  };
  // Closes the socket, kills the helper (or, with `gently`, gives it a moment to exit on its own)
  // and reaps it.
  Ending end_helper(bool gently = false);

  std::mutex mutex_;
  HelperSpec spec_;
  pid_t pid_ = -1;
  int socket_ = -1;
  Manifest manifest_;
  unsigned restarts_ = 0;
};

// Where docket-plugin-host is looked for when the request names none, in this order: next to the
// running executable (a build tree; a host that ships it beside itself); in docket/ beside the
// library docket's code runs in (installed: <prefix>/lib/docket next to <prefix>/lib/libdocket_core.so);
// <exe>/../lib/docket (an installed docket program).
[[nodiscard]] std::vector<std::filesystem::path> helper_program_candidates();
// The first candidate that is a file (else the first candidate): the helper program used when the
// request names none.
[[nodiscard]] std::filesystem::path default_helper_program();

}  // namespace docket::plugin
