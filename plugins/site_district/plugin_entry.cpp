// The site_district plugin's entry: site.district registered through the C++ wrapper (plugin.hpp).
#include <docket/plugin.hpp>

#include <stdexcept>
#include <string_view>

#include "district_lookup.hpp"

namespace {

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// site.district(address: text) -> text. The wrapper turns the exception into the call's error.
std::string_view district(std::string_view address) {
  if (is_blank(address)) throw std::invalid_argument("address is empty");
  return site_district::district_of(address);
}

void init(docket::sdk::Registrar& r) { r.function<&district>("site.district", docket::sdk::pure); }

}  // namespace

DOCKET_PLUGIN("site_district", "1.1.0", init)
