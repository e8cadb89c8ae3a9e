// A library built WITHOUT docket_add_plugin: it leaks symbols, so the export check must fail on it.
#include <docket/plugin.h>

#include <string>

std::string leaked_helper(const std::string& s) { return s + "!"; }

extern "C" DOCKET_PLUGIN_EXPORT const docket_plugin_descriptor* docket_plugin_entry(void) { return nullptr; }
