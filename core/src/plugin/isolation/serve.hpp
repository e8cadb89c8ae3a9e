// The helper's side of process isolation: load one plugin and answer the engine's calls.
#pragma once

namespace docket::plugin {

// Serves the engine on `socket_fd` with the plugin whose checked file is open as `plugin_fd`:
// loads it (init runs here), sends its manifest, then answers one request at a time until the
// engine closes the socket. Never returns: the process ends with _exit.
[[noreturn]] void serve_helper(int plugin_fd, int socket_fd);

}  // namespace docket::plugin
