// A test plugin that claims the next ABI major: the host must refuse it without calling init.
#include <docket/plugin.h>

namespace {

docket_status init(const docket_host_services* host) noexcept {
  host->set_error(host, "init of bad_major_plugin must never run");
  return DOCKET_ERROR;
}

constexpr docket_plugin_descriptor descriptor{
    sizeof(docket_plugin_descriptor), DOCKET_PLUGIN_ABI_MAJOR + 1, 3, "bad_major", "1.0.0", &init, nullptr, nullptr};

}  // namespace

DOCKET_PLUGIN_EXPORT const docket_plugin_descriptor* docket_plugin_entry(void) { return &descriptor; }
