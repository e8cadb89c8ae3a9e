// `docket serve`: builds the Service from docket.toml, listens with cpp-httplib, and shuts down gracefully on SIGINT/SIGTERM.
#include "serve/serve_command.hpp"

#include <httplib.h>
#include <pthread.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "serve/http_api.hpp"
#include "serve/service.hpp"

namespace docket::serve {

namespace {

// "127.0.0.1:8095" or "[::1]:8095" into host and port; false when it is not of that form.
bool split_listen(const std::string& listen, std::string& host, int& port) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size() || listen.size() - colon > 6) return false;
  for (std::size_t i = colon + 1; i < listen.size(); ++i) {
    if (listen[i] < '0' || listen[i] > '9') return false;
  }
  port = std::stoi(listen.substr(colon + 1));
  if (port > 65535) return false;
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return true;
}

}  // namespace

int run_serve(const ServeOptions& options) {
  // SIGINT and SIGTERM are taken by one thread (sigwait) in every thread's stead: the server stops
  // accepting, the requests under way finish, then the engine's runner commits its batch and stops.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a client gone mid-answer is that request's problem only

  host::HostOptions host_options;
  host_options.config = options.config.empty() ? "docket.toml" : options.config;
  host_options.plugins = options.plugins;
  host_options.store = options.store;
  host_options.zone = options.zone;
  host_options.shared_lease = std::chrono::milliseconds(options.shared_lease_ms);
  std::unique_ptr<Service> service;
  try {
    service = std::make_unique<Service>(host_options, options.test_clock);
  } catch (const std::exception& e) {
    std::cerr << "docket serve: " << e.what() << "\n";
    return 1;
  }
  const host::Config& config = service->config();
  const std::string listen = options.listen.empty() ? config.serve_listen : options.listen;
  std::string address;
  int port = 0;
  if (!split_listen(listen, address, port)) {
    std::cerr << "docket serve: --listen `" << listen << "` is not ADDRESS:PORT (e.g. 127.0.0.1:8095; port 0: any free port)\n";
    return 1;
  }
  ApiOptions api;
  api.token = config.serve_token;
  if (const char* token = std::getenv("DOCKET_SERVE_TOKEN"); token != nullptr && *token != '\0') api.token = token;
  api.max_body = config.serve_max_body;
  if (api.token.empty()) {
    std::cerr << "docket serve: no [serve] token and no DOCKET_SERVE_TOKEN: the API is read-only\n";
  }

  httplib::Server server;
  // A kept-alive connection holds one worker thread while it waits for its next request: the default
  // pool (max(8, cores)) would leave a ninth client waiting. 64 workers; the engine is one thread anyway.
  server.new_task_queue = [] { return new httplib::ThreadPool(64); };
  // httplib writes a response's head and body separately: with Nagle's algorithm on, the body waits
  // for the client's delayed ACK of the head (40 ms on Linux) — every answer with a body took 40-90 ms.
  server.set_tcp_nodelay(true);
  install_routes(server, *service, api);
  const int bound = port == 0 ? server.bind_to_any_port(address) : (server.bind_to_port(address, port) ? port : -1);
  if (bound < 0) {
    std::cerr << "docket serve: cannot listen on " << listen
              << " (in use, or not an address of this machine): choose another with --listen or [serve] listen\n";
    return 1;
  }
  const std::string shown = address.find(':') != std::string::npos ? "[" + address + "]" : address;
  std::cout << "docket serve: listening on http://" << shown << ":" << bound << std::endl;

  std::atomic<bool> signalled{false};
  std::jthread signals([&server, &signalled, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    signalled = true;
    server.stop();
  });
  const bool ok = server.listen_after_bind();
  // listen_after_bind returns once stop() ran and the worker threads finished their requests.
  if (!ok) {
    std::cerr << "docket serve: the listener stopped unexpectedly\n";
  }
  service.reset();  // the runner's last batch commits; delivery results are flushed
  if (!signalled) {
    // Stopped by something else than a signal: wake the signal thread so it can be joined.
    pthread_kill(signals.native_handle(), SIGTERM);
  }
  std::cout << "docket serve: stopped" << std::endl;
  return ok ? 0 : 1;
}

}  // namespace docket::serve
