// A test plugin whose action definition is shorter than ABI 1.1's: the host must refuse the plugin.
#include <docket/plugin.h>

#include <cstddef>

namespace {

docket_status run(docket_call_context*, const docket_action_request*) noexcept { return DOCKET_OK; }

docket_status init(const docket_host_services* host) noexcept {
  docket_action_def def{};
  def.struct_size = offsetof(docket_action_def, run);  // as if built against a pre-release header
  def.name = "short.act";
  def.run = &run;
  return host->register_action(host, &def);
}

constexpr docket_plugin_descriptor descriptor{
    sizeof(docket_plugin_descriptor), DOCKET_PLUGIN_ABI_MAJOR, DOCKET_PLUGIN_ABI_MINOR, "short_action", "1.0.0",
    &init, nullptr, nullptr};

}  // namespace

DOCKET_PLUGIN_EXPORT const docket_plugin_descriptor* docket_plugin_entry(void) { return &descriptor; }
