// A test plugin that registers a function and then fails its init: nothing may be registered.
#include <docket/plugin.h>

namespace {

docket_status answer(docket_call_context*, const docket_value*, size_t, docket_value* result) noexcept {
  result->kind = DOCKET_TYPE_INT;
  result->integer = 42;
  return DOCKET_OK;
}

docket_status init(const docket_host_services* host) noexcept {
  docket_function_def def{};
  def.struct_size = sizeof def;
  def.name = "failing.answer";
  def.result_type = DOCKET_TYPE_INT;
  def.call = &answer;
  if (host->register_function(host, &def) != DOCKET_OK) return DOCKET_ERROR;
  host->log(host, DOCKET_LOG_WARN, "connecting to db.example:5432 timed out");
  host->set_error(host, "meter database unreachable at db.example:5432");
  return DOCKET_ERROR;
}

constexpr docket_plugin_descriptor descriptor{
    sizeof(docket_plugin_descriptor), DOCKET_PLUGIN_ABI_MAJOR, DOCKET_PLUGIN_ABI_MINOR, "failing_init", "1.0.0",
    &init, nullptr, nullptr};

}  // namespace

DOCKET_PLUGIN_EXPORT const docket_plugin_descriptor* docket_plugin_entry(void) { return &descriptor; }
