/* A test plugin in plain C11: proves plugin.h compiles as C and works through the ABI. */
#include <docket/plugin.h>

#include <string.h>

/* c.add(int, int) -> int */
static docket_status c_add(docket_call_context* ctx, const docket_value* args, size_t arg_count,
                           docket_value* result) {
  (void)ctx;
  (void)arg_count;
  result->kind = DOCKET_TYPE_INT;
  result->integer = args[0].integer + args[1].integer;
  return DOCKET_OK;
}

/* c.div(int, int) -> int; reports division by zero through the context. */
static docket_status c_div(docket_call_context* ctx, const docket_value* args, size_t arg_count,
                           docket_value* result) {
  (void)arg_count;
  if (args[1].integer == 0) {
    ctx->set_error(ctx, "division by zero");
    return DOCKET_ERROR;
  }
  result->kind = DOCKET_TYPE_INT;
  result->integer = args[0].integer / args[1].integer;
  return DOCKET_OK;
}

/* c.concat(text, text) -> text, built in scratch memory from the host. */
static docket_status c_concat(docket_call_context* ctx, const docket_value* args, size_t arg_count,
                              docket_value* result) {
  size_t size = args[0].text.size + args[1].text.size;
  char* out = (char*)ctx->alloc(ctx, size);
  (void)arg_count;
  if (out == NULL) {
    ctx->set_error(ctx, "out of memory");
    return DOCKET_ERROR;
  }
  if (args[0].text.size > 0) memcpy(out, args[0].text.data, args[0].text.size);
  if (args[1].text.size > 0) memcpy(out + args[0].text.size, args[1].text.data, args[1].text.size);
  result->kind = DOCKET_TYPE_TEXT;
  result->text.data = out;
  result->text.size = size;
  return DOCKET_OK;
}

/* c.scale(number, bool) -> number; user_data carries the factor, to show it reaches the call. */
static docket_status c_scale(docket_call_context* ctx, const docket_value* args, size_t arg_count,
                             docket_value* result) {
  const double* factor = (const double*)ctx->user_data;
  (void)arg_count;
  result->kind = DOCKET_TYPE_NUMBER;
  result->number = args[1].boolean ? args[0].number * *factor : args[0].number;
  return DOCKET_OK;
}

/* c.wrong_kind() -> int, but returns a number: a plugin bug the host must catch. */
static docket_status c_wrong_kind(docket_call_context* ctx, const docket_value* args, size_t arg_count,
                                  docket_value* result) {
  (void)ctx;
  (void)args;
  (void)arg_count;
  result->kind = DOCKET_TYPE_NUMBER;
  result->number = 1.5;
  return DOCKET_OK;
}

static double scale_factor = 2.5;

static docket_status add_function(const docket_host_services* host, const char* name, const docket_type* params,
                                  size_t param_count, docket_type result, docket_function_fn call, void* user_data) {
  docket_function_def def;
  memset(&def, 0, sizeof def);
  def.struct_size = sizeof def;
  def.name = name;
  def.param_types = params;
  def.param_count = param_count;
  def.result_type = result;
  def.call = call;
  def.user_data = user_data;
  return host->register_function(host, &def);
}

static docket_status c_init(const docket_host_services* host) {
  static const docket_type int_int[] = {DOCKET_TYPE_INT, DOCKET_TYPE_INT};
  static const docket_type text_text[] = {DOCKET_TYPE_TEXT, DOCKET_TYPE_TEXT};
  static const docket_type number_bool[] = {DOCKET_TYPE_NUMBER, DOCKET_TYPE_BOOL};
  if (!DOCKET_STRUCT_HAS(docket_host_services, host, set_error)) return DOCKET_ERROR;
  if (add_function(host, "c.add", int_int, 2, DOCKET_TYPE_INT, c_add, NULL) != DOCKET_OK ||
      add_function(host, "c.div", int_int, 2, DOCKET_TYPE_INT, c_div, NULL) != DOCKET_OK ||
      add_function(host, "c.concat", text_text, 2, DOCKET_TYPE_TEXT, c_concat, NULL) != DOCKET_OK ||
      add_function(host, "c.scale", number_bool, 2, DOCKET_TYPE_NUMBER, c_scale, &scale_factor) !=
          DOCKET_OK ||
      add_function(host, "c.wrong_kind", NULL, 0, DOCKET_TYPE_INT, c_wrong_kind, NULL) != DOCKET_OK) {
    return DOCKET_ERROR;
  }
  host->log(host, DOCKET_LOG_INFO, "c_plugin ready");
  return DOCKET_OK;
}

static const docket_plugin_descriptor descriptor = {
    sizeof(docket_plugin_descriptor), DOCKET_PLUGIN_ABI_MAJOR, DOCKET_PLUGIN_ABI_MINOR, "c_plugin", "0.1.0",
    c_init, NULL, NULL};

DOCKET_PLUGIN_EXPORT const docket_plugin_descriptor* docket_plugin_entry(void) {
  return &descriptor;
}
