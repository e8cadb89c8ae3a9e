// A C++ host: one 95598 meter installation kept in SQLite, driven by name with JSON values (docs/embedding.md).
#include <docket/host/host.hpp>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: meter_install_host CONFIG STORE.sqlite\n";
    return 2;
  }
  try {
    docket::host::Host host({.config = argv[1], .store = argv[2], .start_text = "2025-09-26T09:00"});
    const docket::InstanceId ticket = host.start("meter_install", R"({"app": {"id": "A1", "address": "张杨路 500 号",
        "customer": {"id": "C-1001", "voltage_kv": 0.38, "tariff": "commercial", "dual_source": false,
                     "important": false, "load_level": 3, "contract_kva": 80, "area": "urban"}}})", "A1");
    auto at = [&](const char* time) { host.advance_to(host.time(time)); };
    at("2025-09-26T10:30"), host.complete(ticket, "accept");
    at("2025-09-29T16:00"), host.complete(ticket, "survey", R"({"feasible": true})");
    std::cout << "SLA clocks: " << host.slas_json(ticket) << "\n";
    at("2025-10-10T10:00"), host.complete(ticket, "install");
    at("2025-10-10T14:30"), host.complete(ticket, "energize");
    at("2025-10-11T16:00"), host.complete(ticket, "revisit");
    std::cout << "status: " << host.status_json(ticket) << "\n";
    std::cout << "actions: " << host.actions_json(ticket) << "\n";
    return host.engine().status(ticket).end == "done" ? 0 : 1;
  } catch (const std::exception& e) {  // HostError (configuration), EngineError, ValueError, StoreError
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
