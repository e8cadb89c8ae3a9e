/* docket/plugin.h — the stable C ABI between the docket engine and site plugins (ABI 1.1). */
/*
 * A plugin is a shared library that exports exactly one symbol, docket_plugin_entry(), which
 * returns a pointer to a constant docket_plugin_descriptor. The engine dlopens the library,
 * checks the descriptor's ABI version and size, and calls init() with a table of host services
 * through which the plugin registers what it offers: typed functions that DSL expressions call,
 * actions that workflow steps hand work to, calendar providers, and event sinks. The header is
 * plain C11 (and valid C++17/20), so plugins can be written in C, C++, Rust or anything with a C
 * FFI; the plugin never links against the engine's C++ symbols. C++ authors use docket/plugin.hpp.
 *
 * Rules that keep a plugin built today loading in every later 1.x engine:
 *  1. Every struct that crosses the boundary starts with `size_t struct_size`, set by whoever
 *     fills it in to sizeof() of the struct *as that side compiled it*. Both sides check it.
 *  2. Within a major version structs only grow at the end; no field is ever removed, moved,
 *     resized or given a new meaning. A reader must not touch a field unless struct_size covers
 *     it: use DOCKET_STRUCT_HAS(type, ptr, field). New hooks are optional (may be NULL), and a
 *     host never requires a hook that an older minor did not have (only init is required).
 *  3. The first three fields of docket_plugin_descriptor (struct_size, abi_major, abi_minor) are
 *     frozen across *all* majors, so any engine can read them and refuse a plugin politely.
 *     The engine refuses a plugin whose abi_major differs from its own; any abi_minor is accepted
 *     (a plugin built against a newer minor must check struct_size, or the host's abi_minor,
 *     before it uses host services or fields that an older host does not have).
 *  4. docket_value has a fixed size forever; new kinds use the room its union already reserves.
 *     Enumerations (types, statuses, flags, event kinds) only gain values; a reader treats a value
 *     it does not know as "not supported", never as an error of the other side.
 *  5. Strings: values carry borrowed views {data, size} (UTF-8, not NUL-terminated), valid only
 *     for the duration of the call that hands them over. Names and messages are NUL-terminated
 *     UTF-8. Whatever one side must keep, it copies (the host copies names, signatures, results,
 *     calendar days and error messages the moment it gets them).
 *  6. Memory is never freed on the other side from where it was allocated. Memory a plugin hands
 *     back (a TEXT result, a calendar day's periods) is static or comes from ctx->alloc, which the
 *     host frees after the call. host->alloc_memory/free_memory are a pair: free with the same table.
 *  7. No exception, longjmp or panic may cross the boundary. In C++17 and later every callback
 *     type here is `noexcept`, so a C++ plugin's callbacks must be noexcept to compile.
 *  8. Errors: a callback returns a docket_status; the human-readable reason goes through the
 *     error hook of the context it was given (ctx->set_error during a call, host->set_error during
 *     init), and the host copies it.
 *  9. Libraries are never unloaded, so code and static data stay valid for the process lifetime.
 * 10. Threads: each callback's comment says which threads may call it. A function or action
 *     registered without DOCKET_FLAG_THREAD_SAFE is never called by two threads at once (the host
 *     serialises it); init and deinit run on the loading thread, once.
 *
 * Ownership at a glance:  host → plugin:  docket_host_services (process lifetime), call contexts,
 * argument values and requests (valid during the call).  plugin → host:  the descriptor and
 * code (process lifetime), definitions passed to register_* (copied during the call), results
 * (copied right after the call returns).
 */
#ifndef DOCKET_PLUGIN_H
#define DOCKET_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DOCKET_PLUGIN_ABI_MAJOR 1
#define DOCKET_PLUGIN_ABI_MINOR 1

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
enum {
  DOCKET_OK = 0,
  DOCKET_ERROR = 1,    /* failed; the reason went through set_error */
  DOCKET_RETRY = 2,    /* 1.1, actions only: a transient failure, deliver again later (with backoff) */
  DOCKET_CANCELLED = 3 /* 1.1: stopped because ctx->should_cancel() said so */
};

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

/* What a registered callback promises (1.1). The host reads flags only from definitions whose
 * struct_size covers them; a 1.0 function definition counts as DOCKET_FLAG_THREAD_SAFE (1.0
 * required every function to be reentrant) and nothing else. */
typedef uint32_t docket_flags;
enum {
  DOCKET_FLAG_PURE = 1u << 0,        /* same arguments, same result, no side effects: calls may be
                                        cached, folded at compile time, or skipped */
  DOCKET_FLAG_THREAD_SAFE = 1u << 1, /* may run on several threads at once; without it the host
                                        serialises calls to this callback */
  DOCKET_FLAG_MAY_BLOCK = 1u << 2    /* may wait on I/O or locks: the host keeps it off paths that
                                        must not wait, and honours timeout_ms */
};

/* ---- Calls: the context every callback gets ------------------------------------------------- */

typedef struct docket_host_services docket_host_services;

/* Handed to every call of a plugin callback; owned by the host, valid only during the call. */
typedef struct docket_call_context docket_call_context;
struct docket_call_context {
  size_t struct_size;
  /* The user_data given in the callback's definition. */
  void* user_data;
  /* Reports why this call failed; the host copies `message` (NUL-terminated UTF-8). Call it and
   * then return DOCKET_ERROR (or DOCKET_RETRY from an action). The last message wins. */
  void (*set_error)(docket_call_context* ctx, const char* message) DOCKET_PLUGIN_NOEXCEPT;
  /* Scratch memory for a result (TEXT data, calendar periods): `size` bytes owned and freed by
   * the host after it has copied the result. Returns NULL when out of memory. Never free it. */
  void* (*alloc)(docket_call_context* ctx, size_t size) DOCKET_PLUGIN_NOEXCEPT;
  /* ---- 1.1 (check DOCKET_STRUCT_HAS(docket_call_context, ctx, host) first) ---- */
  /* The services table the plugin got at init, to log from inside a call. */
  const docket_host_services* host;
  /* True once the call is past its deadline (the definition's timeout_ms) or the host is shutting
   * down. A callback that may block polls it and then returns DOCKET_CANCELLED. The host flags a
   * call that overran its deadline in its log. */
  bool (*should_cancel)(docket_call_context* ctx) DOCKET_PLUGIN_NOEXCEPT;
};

/* ---- Functions: callable from DSL expressions, type-checked at compile time ------------------ */

/* A plugin function. `args` holds exactly the declared parameters, in order and of the declared
 * kinds (the checker has type-checked the call). On success store a value of the declared result
 * kind in *result and return DOCKET_OK; a TEXT result must point at static data or at memory from
 * ctx->alloc. On failure call ctx->set_error and return DOCKET_ERROR.
 * Threads: any thread; concurrently only when registered with DOCKET_FLAG_THREAD_SAFE. */
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
  /* ---- 1.1 ---- */
  docket_flags flags;  /* DOCKET_FLAG_* */
  uint32_t timeout_ms; /* after this long ctx->should_cancel() turns true; 0: no deadline */
} docket_function_def;

/* ---- Actions: what a workflow step (`by action site.schedule_meter(app.id)`) hands over ------ */

/* One delivery of an action (1.1). Owned by the host, valid during the call. */
typedef struct docket_action_request {
  size_t struct_size;
  const docket_value* args; /* the declared parameters, type-checked by the checker */
  size_t arg_count;
  /* Stable across redeliveries of the same action: "<instance>:<step>:<visit>". An action is
   * delivered at least once; use the key to do the work at most once on your side. */
  docket_string_view idempotency_key;
  uint64_t instance; /* the workflow instance that asked */
  uint32_t attempt;  /* 1 on the first delivery, 2 on the first retry, ... */
} docket_action_request;

/* Carries out an action. Return DOCKET_OK when it is done (or was already done under this key),
 * DOCKET_RETRY after set_error for a transient failure (the host redelivers it later with
 * backoff), DOCKET_ERROR after set_error for a permanent one.
 * Threads: the thread that delivers the outbox; concurrently only with DOCKET_FLAG_THREAD_SAFE. */
typedef docket_status (*docket_action_fn)(docket_call_context* ctx,
                                          const docket_action_request* request) DOCKET_PLUGIN_NOEXCEPT;

typedef struct docket_action_def {
  size_t struct_size;
  const char* name;               /* dotted, like a function name: "site.schedule_meter" */
  const docket_type* param_types; /* param_count of them; may be NULL when 0 */
  size_t param_count;
  docket_flags flags;  /* DOCKET_FLAG_THREAD_SAFE, DOCKET_FLAG_MAY_BLOCK (PURE means nothing here) */
  uint32_t timeout_ms; /* as for functions */
  docket_action_fn run;
  void* user_data; /* ctx->user_data */
} docket_action_def;

/* ---- Calendars: working days and hours for business-time durations (`2 workdays`) ---------- */

/* A working period on one local day: [start_minute, end_minute) after local midnight, 0..1440. */
typedef struct docket_work_period {
  uint16_t start_minute;
  uint16_t end_minute;
} docket_work_period;

/* One local calendar day as the provider sees it. The host zero-fills it and sets struct_size;
 * the plugin writes only fields that struct_size covers. */
typedef struct docket_calendar_day {
  size_t struct_size;
  bool working; /* a working day (also a make-up working day on a weekend, 调休) */
  /* The working periods of a working day, in order, not overlapping; static memory or ctx->alloc. */
  const docket_work_period* periods;
  size_t period_count;
  /* Optional, for explanations: "National Day", "make-up working day". Static or ctx->alloc. */
  docket_string_view note;
} docket_calendar_day;

/* Describes the local date year-month-day (month 1..12, day 1..31) in the calendar's zone.
 * Return DOCKET_OK, or DOCKET_ERROR after set_error (e.g. a year the provider has no data for).
 * Threads: any thread; concurrently only with DOCKET_FLAG_THREAD_SAFE. Calendars should be PURE. */
typedef docket_status (*docket_calendar_day_fn)(docket_call_context* ctx, int32_t year, uint32_t month,
                                                uint32_t day, docket_calendar_day* out) DOCKET_PLUGIN_NOEXCEPT;

typedef struct docket_calendar_def {
  size_t struct_size;
  const char* name;      /* what a workflow names: calendar "cn-workdays"; [A-Za-z0-9_.-]+ */
  const char* time_zone; /* IANA zone of its local days, e.g. "Asia/Shanghai" */
  docket_calendar_day_fn day;
  void* user_data;
  docket_flags flags;
} docket_calendar_def;

/* ---- Event sinks: audit trails, metrics ------------------------------------------------------ */

typedef uint32_t docket_event_kind;
enum {
  DOCKET_EVENT_STARTED = 1,         /* an instance started */
  DOCKET_EVENT_ENTERED = 2,         /* a step or wait became active */
  DOCKET_EVENT_COMPLETED = 3,       /* a step completed */
  DOCKET_EVENT_SIGNAL = 4,          /* a named event arrived */
  DOCKET_EVENT_TOOK = 5,            /* an edge was taken */
  DOCKET_EVENT_DEADLINE_MISSED = 6, /* a step's deadline passed while it was active */
  DOCKET_EVENT_ACTION = 7,          /* an action was emitted */
  DOCKET_EVENT_ENDED = 8,           /* an instance reached an end */
  DOCKET_EVENT_FAILED = 9,          /* an instance failed (detail: why) */
  DOCKET_EVENT_SLA = 10,            /* 1.1: an SLA clock started, paused, resumed, stopped, ... */
  DOCKET_EVENT_SLA_WARNED = 11,     /* 1.1: an SLA warning fell due (node: the SLA) */
  DOCKET_EVENT_SLA_BREACHED = 12,   /* 1.1: an SLA's due time passed */
  DOCKET_EVENT_SLA_ESCALATED = 13   /* 1.1: a rung of an SLA's escalation ladder */
  /* Sinks ignore kinds they do not know: later versions add more. */
};

/* One engine event; owned by the host, valid during the call. */
typedef struct docket_event {
  size_t struct_size;
  docket_event_kind kind;
  uint64_t instance;
  int64_t at_unix_ns;        /* the engine's (injected) clock */
  docket_string_view node;   /* the step concerned, may be empty */
  docket_string_view detail; /* human-readable */
} docket_event;

/* Receives an event. A failure (DOCKET_ERROR after set_error) is logged; it never stops the engine.
 * Threads: the engine's thread; concurrently only with DOCKET_FLAG_THREAD_SAFE. Keep it fast:
 * buffer and hand slow work to your own thread. */
typedef docket_status (*docket_event_sink_fn)(docket_call_context* ctx,
                                              const docket_event* event) DOCKET_PLUGIN_NOEXCEPT;

typedef struct docket_event_sink_def {
  size_t struct_size;
  const char* name; /* dotted: "audit.kafka" */
  docket_event_sink_fn on_event;
  void* user_data;
  docket_flags flags;
} docket_event_sink_def;

/* ---- Host services --------------------------------------------------------------------------- */

typedef uint32_t docket_log_level;
enum { DOCKET_LOG_DEBUG = 0, DOCKET_LOG_INFO = 1, DOCKET_LOG_WARN = 2, DOCKET_LOG_ERROR = 3 };

/* The services the host offers, passed to init. The table (and everything reachable from it)
 * stays valid for the life of the process, so a plugin may keep the pointer and log later.
 * Every service takes the table itself as its first argument. */
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

  /* ---- 1.1 (check DOCKET_STRUCT_HAS(docket_host_services, host, <field>) first) ---- */
  /* Memory from the host's heap, for plugins that want the host's accounting. Free it only with
   * free_memory of this table. alloc_memory returns NULL when out of memory. Any thread. */
  void* (*alloc_memory)(const docket_host_services* host, size_t size) DOCKET_PLUGIN_NOEXCEPT;
  void (*free_memory)(const docket_host_services* host, void* ptr) DOCKET_PLUGIN_NOEXCEPT;
  /* The time, in nanoseconds since 1970-01-01 UTC: during a call made by an engine, that engine's
   * injected clock (virtual in tests and simulations); otherwise the wall clock. Never read the
   * system clock yourself when deciding anything that a test should reproduce. Any thread. */
  int64_t (*now_unix_ns)(const docket_host_services* host) DOCKET_PLUGIN_NOEXCEPT;
  /* Reads this plugin's configuration value `key` (docket.toml: [plugins.config.<plugin name>]).
   * DOCKET_OK and *out filled (BOOL, INT, NUMBER or TEXT; a TEXT view stays valid until init
   * returns), or DOCKET_ERROR when the key is not set (nothing is logged). Only during init. */
  docket_status (*get_config)(const docket_host_services* host, const char* key,
                              docket_value* out) DOCKET_PLUGIN_NOEXCEPT;
  /* Register an action, a calendar provider, an event sink; only during init, with the same
   * refusal rules as register_function. */
  docket_status (*register_action)(const docket_host_services* host,
                                   const docket_action_def* def) DOCKET_PLUGIN_NOEXCEPT;
  docket_status (*register_calendar)(const docket_host_services* host,
                                     const docket_calendar_def* def) DOCKET_PLUGIN_NOEXCEPT;
  docket_status (*register_event_sink)(const docket_host_services* host,
                                       const docket_event_sink_def* def) DOCKET_PLUGIN_NOEXCEPT;
};

/* ---- The entry point ------------------------------------------------------------------------- */

/* What docket_plugin_entry() returns. Fill it in as
 *   { sizeof(docket_plugin_descriptor), DOCKET_PLUGIN_ABI_MAJOR, DOCKET_PLUGIN_ABI_MINOR, ... }
 * Unchanged since 1.0. */
typedef struct docket_plugin_descriptor {
  size_t struct_size; /* frozen across all majors (rule 3) */
  uint32_t abi_major; /* frozen across all majors */
  uint32_t abi_minor; /* frozen across all majors */
  const char* name;    /* NUL-terminated, e.g. "site_district"; required */
  const char* version; /* NUL-terminated, the plugin's own version, e.g. "1.0.0"; may be NULL */
  /* Required. Called on the loading thread before any callback is called; registers everything.
   * Returns DOCKET_OK, or calls host->set_error and returns DOCKET_ERROR (then nothing it
   * registered is kept). After a successful init the library is not initialised again, even when
   * loaded into another registry; after a failed init, or after deinit, a later load calls it anew. */
  docket_status (*init)(const docket_host_services* host) DOCKET_PLUGIN_NOEXCEPT;
  /* Optional. Undoes a successful init, once, when no callback of the plugin will be called
   * again (the host calls it only when it refuses the plugin after init succeeded). */
  void (*deinit)(void) DOCKET_PLUGIN_NOEXCEPT;
  /* Optional. Returns the plugin's implementation of a named, versioned extension interface (a
   * struct starting with struct_size), or NULL. Reserved for later minors; 1.x hosts up to 1.1
   * never call it. */
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
