/* oot_triple: oot.triple(int) -> int, a plugin built out of tree with find_package(docket COMPONENTS sdk). */
#include <docket/plugin.h>

#include <string.h>

static docket_status oot_triple(docket_call_context* ctx, const docket_value* args, size_t arg_count,
                                docket_value* result) {
  (void)ctx;
  (void)arg_count;
  result->kind = DOCKET_TYPE_INT;
  result->integer = 3 * args[0].integer;
  return DOCKET_OK;
}

static docket_status oot_init(const docket_host_services* host) {
  static const docket_type one_int[] = {DOCKET_TYPE_INT};
  docket_function_def def;
  memset(&def, 0, sizeof def);
  def.struct_size = sizeof def;
  def.name = "oot.triple";
  def.param_types = one_int;
  def.param_count = 1;
  def.result_type = DOCKET_TYPE_INT;
  def.call = oot_triple;
  def.flags = DOCKET_FLAG_PURE | DOCKET_FLAG_THREAD_SAFE;
  return host->register_function(host, &def);
}

static const docket_plugin_descriptor descriptor = {
    sizeof(docket_plugin_descriptor), DOCKET_PLUGIN_ABI_MAJOR, DOCKET_PLUGIN_ABI_MINOR, "oot_triple", "1.0.0",
    oot_init, NULL, NULL};

DOCKET_PLUGIN_EXPORT const docket_plugin_descriptor* docket_plugin_entry(void) { return &descriptor; }
