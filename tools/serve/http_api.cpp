// docket serve's routes: each parses its JSON body, calls the Service, and answers JSON; every failure a 4xx/5xx naming the field.
#include "serve/http_api.hpp"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "docket/core/json_depth.hpp"
#include "docket/core/json_value.hpp"
#include "docket/core/store.hpp"
#include "docket/host/host.hpp"
#include "serve/board_page.hpp"
#include "serve/service.hpp"

namespace docket::serve {

namespace {

using Json = nlohmann::json;

// A request that cannot be served: the status, a code, the field at fault (may be empty) and why.
struct ApiError {
  int status;
  std::string code;
  std::string field;
  std::string message;
};

void answer(httplib::Response& res, int status, const std::string& json) {
  res.status = status;
  res.set_content(json, "application/json");
}

void answer_error(httplib::Response& res, const ApiError& e) {
  Json error = {{"code", e.code}, {"message", e.message}};
  if (!e.field.empty()) error["field"] = e.field;
  answer(res, e.status, Json({{"error", error}}).dump(-1, ' ', false, Json::error_handler_t::replace));
}

// "app.customer.voltage_kv: expected a number" names the path before ": ".
std::string field_of(const std::string& context, const std::string& message) {
  const std::size_t colon = message.find(": ");
  if (colon == std::string::npos || message.substr(0, colon).find_first_of(" `") != std::string::npos) return context;
  return context + "." + message.substr(0, colon);
}

// Runs a handler, turning what it throws into a JSON error: the field is `context` (where in the
// request values came from) refined by the value's path.
template <class Handler>
httplib::Server::Handler guarded(Service& service, const char* context, Handler handler) {
  return [&service, context, handler](const httplib::Request& req, httplib::Response& res) {
    try {
      handler(req, res);
    } catch (const ApiError& e) {
      answer_error(res, e);
    } catch (const ValueError& e) {
      answer_error(res, {400, "bad_value", field_of(context, e.what()), e.what()});
    } catch (const EngineError& e) {
      const std::string message = e.what();
      const bool missing = message.starts_with("there is no instance") || message.starts_with("no workflow named");
      answer_error(res, {missing ? 404 : 409, missing ? "not_found" : "refused", "", message});
    } catch (const host::HostError& e) {
      answer_error(res, {422, "program_problems", "", e.what()});
    } catch (const StoreFenced& e) {
      // This process's lease ended (it stalled past it) and others took over: it writes nothing more.
      answer_error(res, {503, "fenced", "", e.what()});
    } catch (const StoreError& e) {
      answer_error(res, {503, "store_unavailable", "", e.what()});
    } catch (const std::exception& e) {
      answer_error(res, {500, "internal", "", std::string("internal error: ") + e.what()});
    }
    service.metrics().count_request(res.status);
  };
}

Json body_of(const httplib::Request& req) {
  if (req.body.empty()) throw ApiError{400, "bad_request", "body", "the request needs a JSON object as its body"};
  if (json_depth(req.body) > kMaxJsonDepth) {
    throw ApiError{400, "bad_request", "body", "the body nests JSON more than 64 levels deep"};
  }
  Json j = Json::parse(req.body, nullptr, false);
  if (j.is_discarded()) throw ApiError{400, "bad_request", "body", "the body is not valid JSON"};
  if (!j.is_object()) throw ApiError{400, "bad_request", "body", "the body must be a JSON object"};
  return j;
}

std::string text_field(const Json& body, const char* name, bool required) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) throw ApiError{400, "missing_field", name, std::string("the body needs \"") + name + "\""};
    return {};
  }
  if (!it->is_string()) throw ApiError{400, "bad_value", name, std::string("\"") + name + "\" must be a string"};
  return it->get<std::string>();
}

std::string object_field(const Json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return "{}";
  if (!it->is_object()) throw ApiError{400, "bad_value", name, std::string("\"") + name + "\" must be a JSON object"};
  return it->dump();
}

void only_fields(const Json& body, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : body.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      std::string list;
      for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      throw ApiError{400, "unknown_field", key, "unknown field \"" + key + "\" (known: " + list + ")"};
    }
  }
}

InstanceId instance_of(const httplib::Request& req) {
  const std::string& text = req.matches[1];
  if (text.size() > 18) throw ApiError{404, "not_found", "instance", "there is no instance " + text};
  return std::stoull(text);
}

// Constant-time comparison, so that the token cannot be guessed byte by byte from response times.
bool same(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  return diff == 0;
}

}  // namespace

void install_routes(httplib::Server& server, Service& service, const ApiOptions& options) {
  server.set_payload_max_length(options.max_body);
  // Writes need the bearer token; bodies above the limit are refused before they are read.
  server.set_pre_routing_handler([&service, options](const httplib::Request& req, httplib::Response& res) {
    auto refuse = [&](const ApiError& e) {
      answer_error(res, e);
      res.set_header("Connection", "close");  // the body was not read: the connection cannot carry another request
      service.metrics().count_request(res.status);
      return httplib::Server::HandlerResponse::Handled;
    };
    // Bodies above the limit are httplib's (set_payload_max_length): it answers 413 through the error
    // handler below after discarding the body, so that the client, still sending, reads the answer.
    if (req.method != "GET" && req.method != "HEAD") {
      if (options.token.empty()) {
        return refuse({403, "writes_disabled", "", "writes are disabled: set [serve] token in docket.toml, or "
                                                   "DOCKET_SERVE_TOKEN, and send it as Authorization: Bearer <token>"});
      }
      const std::string auth = req.get_header_value("Authorization");
      if (!auth.starts_with("Bearer ") || !same(std::string_view(auth).substr(7), options.token)) {
        res.set_header("WWW-Authenticate", "Bearer");
        return refuse({401, "unauthorized", "Authorization", "writes need the header Authorization: Bearer <token>"});
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 404) {
      answer_error(res, {404, "not_found", "", "no such route: see docs/serve.md for the API"});
    } else if (res.status == 413) {
      answer_error(res, {413, "too_large", "body", "the body is larger than [serve] max_body_bytes"});
    } else {
      answer_error(res, {res.status, "bad_request", "", "the request could not be served"});
    }
  });

  server.Get("/healthz", guarded(service, "", [&service](const httplib::Request&, httplib::Response& res) {
    answer(res, 200, service.health());
  }));
  server.Get("/metrics", guarded(service, "", [&service](const httplib::Request&, httplib::Response& res) {
    res.set_content(service.metrics_text(), "text/plain; version=0.0.4");
  }));
  server.Get("/", [&service](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(board_page()), "text/html; charset=utf-8");
    service.metrics().count_request(200);
  });
  server.Get("/v1/board", guarded(service, "", [&service](const httplib::Request&, httplib::Response& res) {
    answer(res, 200, service.board());
  }));
  server.Get("/v1/outbox", guarded(service, "state", [&service](const httplib::Request& req, httplib::Response& res) {
    answer(res, 200, service.outbox(req.get_param_value("state")));
  }));
  server.Get(R"(/v1/instances/(\d+))", guarded(service, "", [&service](const httplib::Request& req, httplib::Response& res) {
    answer(res, 200, service.status(instance_of(req)));
  }));
  server.Get(R"(/v1/instances/(\d+)/(slas|audit|actions))",
             guarded(service, "", [&service](const httplib::Request& req, httplib::Response& res) {
               const InstanceId id = instance_of(req);
               const std::string what = req.matches[2];
               answer(res, 200, what == "slas" ? service.slas(id) : what == "audit" ? service.audit(id) : service.actions(id));
             }));

  server.Post("/v1/instances", guarded(service, "args", [&service](const httplib::Request& req, httplib::Response& res) {
    const Json body = body_of(req);
    only_fields(body, {"workflow", "args", "key"});
    std::string key = text_field(body, "key", false);
    const std::string header = req.get_header_value("Idempotency-Key");
    if (!header.empty() && !key.empty() && header != key) {
      throw ApiError{400, "bad_value", "key", "\"key\" and the Idempotency-Key header differ: give one of them"};
    }
    if (key.empty()) key = header;
    const Service::Started s = service.start(text_field(body, "workflow", true), object_field(body, "args"), key);
    answer(res, s.started ? 201 : 200, Json({{"instance", s.instance}, {"started", s.started}}).dump());
  }));
  server.Post(R"(/v1/instances/(\d+)/complete)",
              guarded(service, "outcomes", [&service](const httplib::Request& req, httplib::Response& res) {
                const Json body = body_of(req);
                only_fields(body, {"step", "outcomes"});
                const InstanceId id = instance_of(req);
                answer(res, 200, service.complete(id, text_field(body, "step", true), object_field(body, "outcomes")));
              }));
  server.Post(R"(/v1/instances/(\d+)/signal)",
              guarded(service, "event", [&service](const httplib::Request& req, httplib::Response& res) {
                const Json body = body_of(req);
                only_fields(body, {"event"});
                const InstanceId id = instance_of(req);
                answer(res, 200, service.signal(id, text_field(body, "event", true)));
              }));
  server.Post(R"(/v1/instances/(\d+)/update)",
              guarded(service, "value", [&service](const httplib::Request& req, httplib::Response& res) {
                const Json body = body_of(req);
                only_fields(body, {"param", "value"});
                if (!body.contains("value")) throw ApiError{400, "missing_field", "value", "the body needs \"value\""};
                const InstanceId id = instance_of(req);
                answer(res, 200, service.update(id, text_field(body, "param", true), body["value"].dump()));
              }));
  if (service.test_clock()) {
    // Only with --test-clock: the engine's clock moves when a test says so (a write: the token).
    server.Post("/v1/test/clock", guarded(service, "now", [&service](const httplib::Request& req, httplib::Response& res) {
      const Json body = body_of(req);
      only_fields(body, {"now"});
      answer(res, 200, service.set_time(text_field(body, "now", true)));
    }));
  }
  server.Post("/v1/deploy", guarded(service, "", [&service](const httplib::Request&, httplib::Response& res) {
    answer(res, 200, service.deploy());
  }));
}

}  // namespace docket::serve
