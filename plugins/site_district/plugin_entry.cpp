// The site_district plugin's entry: its descriptor, init, and the site.district trampoline.
#include <docket/plugin.h>

#include <string_view>

#include "district_lookup.hpp"

namespace {

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// site.district(address: text) -> text. No exception may leave: everything is caught here.
docket_status district(docket_call_context* ctx, const docket_value* args, size_t arg_count,
                       docket_value* result) noexcept {
  if (arg_count != 1 || args[0].kind != DOCKET_TYPE_TEXT) {
    ctx->set_error(ctx, "site.district expects one text argument");
    return DOCKET_ERROR;
  }
  const std::string_view address(args[0].text.data, args[0].text.size);
  if (is_blank(address)) {
    ctx->set_error(ctx, "address is empty");
    return DOCKET_ERROR;
  }
  try {
    const std::string_view id = site_district::district_of(address);  // static storage
    result->kind = DOCKET_TYPE_TEXT;
    result->text.data = id.data();
    result->text.size = id.size();
    return DOCKET_OK;
  } catch (...) {
    ctx->set_error(ctx, "site.district: out of memory");
    return DOCKET_ERROR;
  }
}

constexpr docket_type district_params[] = {DOCKET_TYPE_TEXT};

docket_status init(const docket_host_services* host) noexcept {
  docket_function_def def{};
  def.struct_size = sizeof def;
  def.name = "site.district";
  def.param_types = district_params;
  def.param_count = 1;
  def.result_type = DOCKET_TYPE_TEXT;
  def.call = &district;
  def.user_data = nullptr;
  return host->register_function(host, &def);
}

constexpr docket_plugin_descriptor descriptor{
    sizeof(docket_plugin_descriptor), DOCKET_PLUGIN_ABI_MAJOR, DOCKET_PLUGIN_ABI_MINOR, "site_district", "1.0.0",
    &init, nullptr, nullptr};

}  // namespace

DOCKET_PLUGIN_EXPORT const docket_plugin_descriptor* docket_plugin_entry(void) { return &descriptor; }
