/* bench_plugin: bench.add(int, int) -> int in plain C, for the plugin call overhead benchmark. */
#include <docket/plugin.h>

#include <string.h>

static docket_status bench_add(docket_call_context* ctx, const docket_value* args, size_t arg_count,
                               docket_value* result) {
  (void)ctx;
  (void)arg_count;
  result->kind = DOCKET_TYPE_INT;
  result->integer = args[0].integer + args[1].integer;
  return DOCKET_OK;
}

static docket_status bench_init(const docket_host_services* host) {
  static const docket_type int_int[] = {DOCKET_TYPE_INT, DOCKET_TYPE_INT};
  docket_function_def def;
  memset(&def, 0, sizeof def);
  def.struct_size = sizeof def;
  def.name = "bench.add";
  def.param_types = int_int;
  def.param_count = 2;
  def.result_type = DOCKET_TYPE_INT;
  def.call = bench_add;
  def.flags = DOCKET_FLAG_PURE | DOCKET_FLAG_THREAD_SAFE;
  return host->register_function(host, &def);
}

static const docket_plugin_descriptor descriptor = {
    sizeof(docket_plugin_descriptor), DOCKET_PLUGIN_ABI_MAJOR, DOCKET_PLUGIN_ABI_MINOR, "bench_plugin", "1.0.0",
    bench_init, NULL, NULL};

DOCKET_PLUGIN_EXPORT const docket_plugin_descriptor* docket_plugin_entry(void) { return &descriptor; }
