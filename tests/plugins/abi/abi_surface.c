/* The C surface of docket/plugin.h as a library, so abidw/abidiff can compare it with a baseline. */
#include <docket/plugin.h>

/* One exported function per struct: abidw records each type reachable from an exported symbol.
 * A later minor adds functions for the structs it adds; none of these may ever go away. */
#define DOCKET_SURFACE(type) \
  DOCKET_PLUGIN_EXPORT size_t docket_abi_surface_##type(const type* p) { return p->struct_size; }

DOCKET_SURFACE(docket_plugin_descriptor)
DOCKET_SURFACE(docket_host_services)
DOCKET_SURFACE(docket_call_context)
DOCKET_SURFACE(docket_function_def)
#if DOCKET_PLUGIN_ABI_MINOR >= 1
DOCKET_SURFACE(docket_action_def)
DOCKET_SURFACE(docket_action_request)
DOCKET_SURFACE(docket_calendar_def)
DOCKET_SURFACE(docket_calendar_day)
DOCKET_SURFACE(docket_event_sink_def)
DOCKET_SURFACE(docket_event)
#endif

DOCKET_PLUGIN_EXPORT docket_type docket_abi_surface_docket_value(const docket_value* v) { return v->kind; }
DOCKET_PLUGIN_EXPORT size_t docket_abi_surface_docket_string_view(const docket_string_view* v) { return v->size; }
DOCKET_PLUGIN_EXPORT docket_plugin_entry_fn docket_abi_surface_entry(void) { return 0; }
