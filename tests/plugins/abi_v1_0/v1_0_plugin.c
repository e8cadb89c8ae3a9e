/* A plugin built against the frozen ABI 1.0 header (abi_v1_0/docket/plugin.h): every build must load it. */
#include <docket/plugin.h>

#include <string.h>

/* Proof that this file really sees the 1.0 header, not the current one. */
_Static_assert(DOCKET_PLUGIN_ABI_MAJOR == 1 && DOCKET_PLUGIN_ABI_MINOR == 0, "build against the frozen 1.0 header");

/* old.mul(int, int) -> int */
static docket_status old_mul(docket_call_context* ctx, const docket_value* args, size_t arg_count,
                             docket_value* result) {
  (void)ctx;
  (void)arg_count;
  result->kind = DOCKET_TYPE_INT;
  result->integer = args[0].integer * args[1].integer;
  return DOCKET_OK;
}

/* old.shout(text) -> text: upper-cases ASCII into host scratch memory. */
static docket_status old_shout(docket_call_context* ctx, const docket_value* args, size_t arg_count,
                               docket_value* result) {
  size_t i;
  char* out = (char*)ctx->alloc(ctx, args[0].text.size);
  (void)arg_count;
  if (out == NULL) {
    ctx->set_error(ctx, "out of memory");
    return DOCKET_ERROR;
  }
  for (i = 0; i < args[0].text.size; ++i) {
    char c = args[0].text.data[i];
    out[i] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
  }
  result->kind = DOCKET_TYPE_TEXT;
  result->text.data = out;
  result->text.size = args[0].text.size;
  return DOCKET_OK;
}

/* old.fail() -> bool: always reports an error through the 1.0 context. */
static docket_status old_fail(docket_call_context* ctx, const docket_value* args, size_t arg_count,
                              docket_value* result) {
  (void)args;
  (void)arg_count;
  (void)result;
  ctx->set_error(ctx, "old plugin says no");
  return DOCKET_ERROR;
}

static docket_status add(const docket_host_services* host, const char* name, const docket_type* params, size_t n,
                         docket_type result, docket_function_fn call) {
  docket_function_def def;
  memset(&def, 0, sizeof def);
  def.struct_size = sizeof def; /* 56 bytes: the 1.0 size */
  def.name = name;
  def.param_types = params;
  def.param_count = n;
  def.result_type = result;
  def.call = call;
  return host->register_function(host, &def);
}

static docket_status v1_0_init(const docket_host_services* host) {
  static const docket_type int_int[] = {DOCKET_TYPE_INT, DOCKET_TYPE_INT};
  static const docket_type text[] = {DOCKET_TYPE_TEXT};
  if (host->abi_major != 1) return DOCKET_ERROR;
  if (add(host, "old.mul", int_int, 2, DOCKET_TYPE_INT, old_mul) != DOCKET_OK ||
      add(host, "old.shout", text, 1, DOCKET_TYPE_TEXT, old_shout) != DOCKET_OK ||
      add(host, "old.fail", NULL, 0, DOCKET_TYPE_BOOL, old_fail) != DOCKET_OK) {
    return DOCKET_ERROR;
  }
  return DOCKET_OK;
}

static const docket_plugin_descriptor descriptor = {
    sizeof(docket_plugin_descriptor), DOCKET_PLUGIN_ABI_MAJOR, DOCKET_PLUGIN_ABI_MINOR, "abi_v1_0", "1.0.0",
    v1_0_init, NULL, NULL};

DOCKET_PLUGIN_EXPORT const docket_plugin_descriptor* docket_plugin_entry(void) { return &descriptor; }
