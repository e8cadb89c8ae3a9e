// A test plugin that registers one name twice and ignores the refusal; its deinit logs.
#include <docket/plugin.h>

namespace {

const docket_host_services* services = nullptr;

docket_status answer(docket_call_context*, const docket_value*, size_t, docket_value* result) noexcept {
  result->kind = DOCKET_TYPE_BOOL;
  result->boolean = true;
  return DOCKET_OK;
}

docket_status init(const docket_host_services* host) noexcept {
  services = host;
  docket_function_def def{};
  def.struct_size = sizeof def;
  def.name = "dup.twice";
  def.result_type = DOCKET_TYPE_BOOL;
  def.call = &answer;
  (void)host->register_function(host, &def);
  (void)host->register_function(host, &def);  // refused: the name is taken
  return DOCKET_OK;                           // and the plugin does not notice
}

void deinit() noexcept { services->log(services, DOCKET_LOG_INFO, "duplicate_plugin deinit"); }

constexpr docket_plugin_descriptor descriptor{
    sizeof(docket_plugin_descriptor), DOCKET_PLUGIN_ABI_MAJOR, DOCKET_PLUGIN_ABI_MINOR, "duplicate", "1.0.0",
    &init, &deinit, nullptr};

}  // namespace

DOCKET_PLUGIN_EXPORT const docket_plugin_descriptor* docket_plugin_entry(void) { return &descriptor; }
