// A test plugin whose descriptor claims fewer bytes than ABI 1.0 defines: refused before init.
#include <docket/plugin.h>

#include <cstddef>

namespace {

docket_status init(const docket_host_services* host) noexcept {
  host->set_error(host, "init of short_struct_plugin must never run");
  return DOCKET_ERROR;
}

// As if built against a pre-release header that ended after `name`.
constexpr docket_plugin_descriptor descriptor{offsetof(docket_plugin_descriptor, version),
                                              DOCKET_PLUGIN_ABI_MAJOR,
                                              DOCKET_PLUGIN_ABI_MINOR,
                                              "short_struct",
                                              "1.0.0",
                                              &init,
                                              nullptr,
                                              nullptr};

}  // namespace

DOCKET_PLUGIN_EXPORT const docket_plugin_descriptor* docket_plugin_entry(void) { return &descriptor; }
