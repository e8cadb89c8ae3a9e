/* docket/plugin.h as released with ABI 1.0 — FROZEN copy for tests/plugins/abi_v1_0; never edit it. */
/*
 * A plugin is a shared library that exports exactly one symbol, docket_plugin_entry(), which
 * returns a pointer to a constant docket_plugin_descriptor. The engine dlopens the library,
 * checks the descriptor's ABI version and size, and calls init() with a table of host services
 * through which the plugin registers typed functions that DSL expressions may call. The header
 * is plain C11 (and valid C++), so plugins can be written in C, C++, Rust or anything with a C FFI;
 * the plugin never links against the engine's C++ symbols.
 *
 * Rules that keep a plugin built today loading in every later 1.x engine:
 *  1. Every struct that crosses the boundary starts with `size_t struct_size`, set by whoever
 *     fills it in to sizeof() of the struct *as that side compiled it*. Both sides check it.
 *  2. Within a major version structs only grow at the end; no field is ever removed, moved,
 *     resized or given a new meaning. A reader must not touch a field unless struct_size covers
 *     it: use DOCKET_STRUCT_HAS(type, ptr, field). New hooks are optional (may be NULL).
 *  3. The first three fields of docket_plugin_descriptor (struct_size, abi_major, abi_minor) are
 *     frozen across *all* majors, so any engine can read them and refuse a plugin politely.
 *     The engine refuses a plugin whose abi_major differs from its own; any abi_minor is accepted
 *     (a plugin built against a newer minor must check struct_size before using newer host
 *     services).
 *  4. docket_value has a fixed size forever; new kinds use the room its union already reserves.
 *  5. Strings: values carry borrowed views {data, size} (UTF-8, not NUL-terminated), valid only
 *     for the duration of the call that hands them over. Names and messages are NUL-terminated
 *     UTF-8. Whatever one side must keep, it copies (the host copies names, signatures, results
 *     and error messages).
 *  6. Memory is never freed on the other side from where it was allocated.
 *  7. No exception, longjmp or panic may cross the boundary. In C++17 and later every callback
 *     type here is `noexcept`, so a C++ plugin's callbacks must be noexcept to compile.
 *  8. Errors: a callback returns a docket_status; the human-readable reason goes through the
 *     error hook of the context it was given (set_error), and the host copies it.
 *  9. Libraries are never unloaded, so code and static data stay valid for the process lifetime.
 */
#ifndef DOCKET_PLUGIN_H
#define DOCKET_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DOCKET_PLUGIN_ABI_MAJOR 1
#define DOCKET_PLUGIN_ABI_MINOR 0

/* The name of the one exported symbol, for dlsym(). */
#define DOCKET_PLUGIN_ENTRY_SYMBOL "docket_plugin_entry"

/* Marks the entry symbol as exported when the rest of the plugin is built with hidden visibility. */
#if defined(_WIN32)
#define DOCKET_PLUGIN_EXPORT __declspec(dllexport)
#elif defined(__GNUC__) || defined(__clang__)
#define DOCKET_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define DOCKET_PLUGIN_EXPORT
#endif

/* Callback types are noexcept in C++17 and later (rule 7); the ABI is the same either way. */
#if defined(__cplusplus) && __cplusplus >= 201703L
#define DOCKET_PLUGIN_NOEXCEPT noexcept
#else
#define DOCKET_PLUGIN_NOEXCEPT
#endif

/* True when the struct at `ptr`, as filled in by the other side, is big enough to hold `field`. */
#if defined(__cplusplus)
#define DOCKET_FIELD_SIZE_(type, field) sizeof(static_cast<type*>(nullptr)->field)
#else
#define DOCKET_FIELD_SIZE_(type, field) sizeof(((type*)0)->field)
#endif
#define DOCKET_STRUCT_HAS(type, ptr, field) \
  ((ptr)->struct_size >= offsetof(type, field) + DOCKET_FIELD_SIZE_(type, field))

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Status, types and values ---------------------------------------------------------------- */

typedef int32_t docket_status;
enum { DOCKET_OK = 0, DOCKET_ERROR = 1 };

/* The docket types a signature may use, also the kind of a docket_value. 0 is never valid.
 * Values are stable; later minors may add kinds (duration and time are planned) at new numbers. */
typedef uint32_t docket_type;
enum {
  DOCKET_TYPE_INVALID = 0,
  DOCKET_TYPE_BOOL = 1,   /* bool:   docket_value.boolean */
  DOCKET_TYPE_INT = 2,    /* int:    docket_value.integer (64-bit signed) */
  DOCKET_TYPE_NUMBER = 3, /* number: docket_value.number (IEEE double) */
  DOCKET_TYPE_TEXT = 4    /* text:   docket_value.text (borrowed UTF-8 view) */
};

/* A borrowed UTF-8 string: not NUL-terminated, valid only as long as the call that passed it. */
typedef struct docket_string_view {
  const char* data; /* may be NULL only when size is 0 */
  size_t size;
} docket_string_view;

/* A value crossing the boundary: a kind (a docket_type) and the matching union member. Its size
 * never changes: the union reserves 16 bytes for kinds added later. */
typedef struct docket_value {
  docket_type kind;
  union {
    bool boolean;
    int64_t integer;
    double number;
    docket_string_view text;
    uint64_t reserved_[2];
  };
} docket_value;

#if defined(__cplusplus)
static_assert(sizeof(docket_value) == 8 + 16 || sizeof(void*) != 8, "docket_value is frozen");
#else
_Static_assert(sizeof(docket_value) == 8 + 16 || sizeof(void*) != 8, "docket_value is frozen");
#endif

/* ---- Calling a plugin function --------------------------------------------------------------- */

/* Handed to every call of a plugin function; owned by the host, valid only during the call. */
typedef struct docket_call_context docket_call_context;
struct docket_call_context {
  size_t struct_size;
  /* The user_data given in the function's docket_function_def. */
  void* user_data;
  /* Reports why this call failed; the host copies `message` (NUL-terminated UTF-8). Call it and
   * then return DOCKET_ERROR. The last message wins. */
  void (*set_error)(docket_call_context* ctx, const char* message) DOCKET_PLUGIN_NOEXCEPT;
  /* Scratch memory for a TEXT result: `size` bytes owned and freed by the host after it has
   * copied the result. Returns NULL when out of memory. Never free it yourself. */
  void* (*alloc)(docket_call_context* ctx, size_t size) DOCKET_PLUGIN_NOEXCEPT;
};

/* A plugin function. `args` holds exactly the declared parameters, in order and of the declared
 * kinds (the checker has type-checked the call). On success store a value of the declared result
 * kind in *result and return DOCKET_OK; a TEXT result must point at static data or at memory from
 * ctx->alloc. On failure call ctx->set_error and return DOCKET_ERROR.
 * Threads: the host may call a function from any thread, also concurrently; keep it reentrant. */
typedef docket_status (*docket_function_fn)(docket_call_context* ctx, const docket_value* args,
                                            size_t arg_count,
                                            docket_value* result) DOCKET_PLUGIN_NOEXCEPT;

/* Declares one function to register; the host copies everything it needs during the call. */
typedef struct docket_function_def {
  size_t struct_size;
  /* Dotted, NUL-terminated, in the plugin's namespace: "site.district". Each segment is
   * [A-Za-z_][A-Za-z0-9_]*; at least two segments. */
  const char* name;
  /* The parameter types, param_count of them (param_types may be NULL when it is 0). */
  const docket_type* param_types;
  size_t param_count;
  docket_type result_type;
  docket_function_fn call;
  /* Passed back as ctx->user_data on every call (one trampoline can serve many functions). */
  void* user_data;
} docket_function_def;

/* ---- Host services --------------------------------------------------------------------------- */

typedef uint32_t docket_log_level;
enum { DOCKET_LOG_DEBUG = 0, DOCKET_LOG_INFO = 1, DOCKET_LOG_WARN = 2, DOCKET_LOG_ERROR = 3 };

/* The services the host offers, passed to init. The table (and everything reachable from it)
 * stays valid for the life of the process, so a plugin may keep the pointer and log later.
 * Every service takes the table itself as its first argument. */
typedef struct docket_host_services docket_host_services;
struct docket_host_services {
  size_t struct_size;
  /* The host's ABI version (major equals the plugin's; minor may be older or newer). */
  uint32_t abi_major;
  uint32_t abi_minor;
  /* Writes a NUL-terminated message to the engine's log, tagged with the plugin's name.
   * Any thread, any time. */
  void (*log)(const docket_host_services* host, docket_log_level level,
              const char* message) DOCKET_PLUGIN_NOEXCEPT;
  /* Registers a function; only during init. Returns DOCKET_ERROR (and the reason is kept by the
   * host) for a bad definition or a name that is already taken; the whole plugin is then refused,
   * so init should just return DOCKET_ERROR. */
  docket_status (*register_function)(const docket_host_services* host,
                                     const docket_function_def* def) DOCKET_PLUGIN_NOEXCEPT;
  /* Reports why init failed; the host copies `message`. Only during init. */
  void (*set_error)(const docket_host_services* host, const char* message) DOCKET_PLUGIN_NOEXCEPT;
};

/* ---- The entry point ------------------------------------------------------------------------- */

/* What docket_plugin_entry() returns. Fill it in as
 *   { sizeof(docket_plugin_descriptor), DOCKET_PLUGIN_ABI_MAJOR, DOCKET_PLUGIN_ABI_MINOR, ... } */
typedef struct docket_plugin_descriptor {
  size_t struct_size; /* frozen across all majors (rule 3) */
  uint32_t abi_major; /* frozen across all majors */
  uint32_t abi_minor; /* frozen across all majors */
  const char* name;    /* NUL-terminated, e.g. "site_district"; required */
  const char* version; /* NUL-terminated, the plugin's own version, e.g. "1.0.0"; may be NULL */
  /* Required. Called on the loading thread before any function is called; registers everything.
   * Returns DOCKET_OK, or calls host->set_error and returns DOCKET_ERROR (then nothing it
   * registered is kept). After a successful init the library is not initialised again, even when
   * loaded into another registry; after a failed init, or after deinit, a later load calls it anew. */
  docket_status (*init)(const docket_host_services* host) DOCKET_PLUGIN_NOEXCEPT;
  /* Optional. Undoes a successful init, once, when no function of the plugin will be called
   * again (a 1.0 host calls it only when it refuses the plugin after init succeeded). */
  void (*deinit)(void) DOCKET_PLUGIN_NOEXCEPT;
  /* Optional. Returns the plugin's implementation of a named, versioned extension interface (a
   * struct starting with struct_size), or NULL. Reserved for later minors; 1.0 hosts never call it. */
  const void* (*get_interface)(const char* name, uint32_t version) DOCKET_PLUGIN_NOEXCEPT;
} docket_plugin_descriptor;

/* The one exported symbol. It is a function rather than an exported data object because every
 * language with a C FFI can export a function (exporting constant data is awkward from Rust or
 * Go), because a function may build its descriptor on first use, and because the prototype below
 * makes the compiler check the plugin's definition. It must return the same pointer every time,
 * to a descriptor that lives for the whole process. Define it in exactly one file of a plugin:
 *   DOCKET_PLUGIN_EXPORT const docket_plugin_descriptor* docket_plugin_entry(void) { ... } */
DOCKET_PLUGIN_EXPORT const docket_plugin_descriptor* docket_plugin_entry(void);

/* The type of docket_plugin_entry, for hosts that look it up with dlsym(). */
typedef const docket_plugin_descriptor* (*docket_plugin_entry_fn)(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* DOCKET_PLUGIN_H */
