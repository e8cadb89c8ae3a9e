// A test library that exports a function but not docket_plugin_entry: not a docket plugin.
#include <docket/plugin.h>

extern "C" DOCKET_PLUGIN_EXPORT int not_a_docket_entry(void) { return 42; }
