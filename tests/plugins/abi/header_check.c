/* Compiled by ctest as C11 with -Wall -Wextra -Wpedantic -Werror: docket/plugin.h stays valid C. */
#include <docket/plugin.h>

/* The 1.0 layout on LP64 (x86-64, aarch64): these offsets are promises to every 1.0 plugin. */
_Static_assert(sizeof(void*) != 8 || offsetof(docket_plugin_descriptor, init) == 32, "descriptor moved");
_Static_assert(sizeof(void*) != 8 || offsetof(docket_function_def, user_data) == 48, "function_def moved");
_Static_assert(sizeof(void*) != 8 || offsetof(docket_host_services, set_error) == 32, "host services moved");
_Static_assert(sizeof(void*) != 8 || offsetof(docket_call_context, alloc) == 24, "call context moved");

static docket_status f(docket_call_context* ctx, const docket_value* args, size_t n, docket_value* out) {
  (void)args;
  (void)n;
  if (!DOCKET_STRUCT_HAS(docket_call_context, ctx, should_cancel)) return DOCKET_ERROR;
  out->kind = DOCKET_TYPE_BOOL;
  out->boolean = true;
  return DOCKET_OK;
}

docket_function_fn header_check_function(void);
docket_function_fn header_check_function(void) { return f; }
