// `docket lsp`: the language server on stdin/stdout; messages for people go to stderr.
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <string_view>
#include <iostream>

#include "cli/commands.hpp"
#include "lsp/server.hpp"

namespace docket::cli {

int run_lsp() {
  // A client that goes away mid-write must end the server with an error, not a signal.
  std::signal(SIGPIPE, SIG_IGN);
  lsp::Transport transport(STDIN_FILENO, STDOUT_FILENO);
  const char* timing = std::getenv("DOCKET_LSP_TIMING");
  lsp::Server server(transport, std::cerr, timing != nullptr && std::string_view(timing) == "1");
  return server.run();
}

}  // namespace docket::cli
