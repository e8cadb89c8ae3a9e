// The HTTP/JSON API of `docket serve` (routes, bearer token on writes, body limits, JSON errors naming the field).
#pragma once

#include <string>

namespace httplib {
class Server;
}

namespace docket::serve {

class Service;

struct ApiOptions {
  std::string token;              // writes need "Authorization: Bearer <token>"; empty: writes are refused
  std::size_t max_body = 1 << 20;  // larger request bodies get 413
};

// Routes (docs/serve.md): GET /healthz, /metrics, / (the SLA board page), /v1/board, /v1/outbox,
// /v1/instances/N[/slas|/audit|/actions]; POST /v1/instances, /v1/instances/N/complete|signal|update,
// /v1/deploy; with a test clock (Service::test_clock) also POST /v1/test/clock.
void install_routes(httplib::Server& server, Service& service, const ApiOptions& options);

}  // namespace docket::serve
