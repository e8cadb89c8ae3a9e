/* docket.h — the C embedding API: a docket host from a configuration, operations by name, values in and out as JSON text. */
#ifndef DOCKET_DOCKET_H
#define DOCKET_DOCKET_H

/*
 * For hosts written in C, or in any language that calls C (Python ctypes, Java FFM/JNA, Go cgo,
 * C# P/Invoke). Valid C11 and C++. Guide: docs/embedding.md.
 *
 * Handles. A docket_host is opaque: docket_host_open() makes one from a docket.toml (program
 * files, plugins and their configuration, calendars, zone, store), docket_host_close() ends it.
 *
 * Errors. Every function returns a docket_host_status. On anything but DOCKET_HOST_OK,
 * docket_host_error(host) returns the message: what went wrong and the fix, as `docket check`
 * would print it (several lines for a configuration with several problems).
 *
 * Strings. Strings passed in are UTF-8 and NUL-terminated; the host copies what it keeps.
 * Strings handed out (the error, JSON answers) belong to the handle and stay valid until the next
 * call on the same handle (or its close): copy them to keep them.
 *
 * Values. Workflow arguments, step outcomes and parameter values are JSON text, by name:
 * {"app": {"id": "A1", "voltage_kv": 0.4, ...}}; outcomes {"feasible": true}; durations
 * "2 workdays", times "2025-09-26T09:00:00+08:00". Answers are JSON objects and arrays with times
 * as RFC 3339 instants in the host's zone.
 *
 * Time. Times passed in are "YYYY-MM-DDTHH:MM[:SS]" with "Z" or an offset ("+08:00"), or without
 * one, read in the host's zone. A host on a virtual clock ("clock": "virtual", the default) moves
 * only on docket_host_advance_to(); a host on the wall clock calls docket_host_run_due() when
 * docket_host_next_due() comes.
 *
 * Threads. A handle is used by one thread at a time (calls on one handle must not overlap); the
 * action callback runs on the thread that made the call. Different handles are independent,
 * but only one may write to a given SQLite store at a time (the second is refused).
 *
 * Durability. Each operation commits to the store before it returns. After a crash, opening a
 * host on the same store carries on: timers are re-armed and undelivered actions offered again.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DOCKET_HOST_API_VERSION 1

/* The library exports these functions and nothing else. */
#if defined(__GNUC__) || defined(__clang__)
#define DOCKET_C_API __attribute__((visibility("default")))
#else
#define DOCKET_C_API
#endif

typedef struct docket_host docket_host;

typedef enum docket_host_status {
  DOCKET_HOST_OK = 0,
  DOCKET_HOST_E_CONFIG = 1,   /* the configuration, the program or a plugin has problems */
  DOCKET_HOST_E_VALUE = 2,    /* a value does not fit: bad JSON, a missing or unknown name, a wrong type */
  DOCKET_HOST_E_ENGINE = 3,   /* the engine refused: unknown instance, workflow or step; a step not active */
  DOCKET_HOST_E_STORE = 4,    /* the store could not be read or written (nothing of the operation was kept) */
  DOCKET_HOST_E_USAGE = 5,    /* a NULL handle or argument where one is needed */
  DOCKET_HOST_E_INTERNAL = 6  /* anything else: a bug in docket (the message says what) */
} docket_host_status;

/* Called once per action no plugin delivers (notify, supervise, escalate, the host's own), after
 * the operation that asked for it committed. `action_json`:
 * {"instance": 1, "name": "notify", "key": "1:sla:...", "at": "...", "args": [...], "role": ..., "sla": ..., "level": 0}
 * Return 0 when delivered; non-zero is a failed attempt, retried later with backoff (the key stays
 * the same, so a receiver can drop repeats). */
typedef int (*docket_action_fn)(void* user, const char* action_json);

/* The library's version, "MAJOR.MINOR.PATCH", and the API version it implements. */
DOCKET_C_API const char* docket_version(void);
DOCKET_C_API int docket_host_api_version(void);

/* docket's own log lines (plugin messages, isolated plugin helpers restarting, overruns), for the
 * whole process: each as one JSON object {"level": "warning", "plugin": "...", "message": "..."}.
 * `min_level` is "debug", "info", "warning" or "error" (NULL: keep the current level, by default
 * info or the DOCKET_LOG environment variable). NULL `fn` restores the default: text on stderr.
 * The callback may run on any thread that runs plugins; docket serialises the calls. */
typedef void (*docket_log_fn)(void* user, const char* record_json);
DOCKET_C_API void docket_set_log(docket_log_fn fn, void* user, const char* min_level);

/* Opens a host. `options_json` is an object (NULL or "{}" for none of them):
 *   "config":  a docket.toml, or a folder holding one
 *   "files":   [".dkt files besides the configuration's"]
 *   "plugins": ["plugin libraries besides the configuration's"]
 *   "store":   a SQLite file or a postgresql:// URL (default: the configuration's [store], else memory)
 *   "zone":    an IANA zone or offset (default: the configuration's [run] zone)
 *   "clock":   "virtual" (default) or "wall"
 *   "start":   where a virtual clock starts ("2025-09-22T09:00", in the zone)
 * *host is set whatever the status (NULL only when memory ran out): on failure it holds the
 * error, so read docket_host_error(*host), then close it. */
DOCKET_C_API docket_host_status docket_host_open(const char* options_json, docket_host** host);
DOCKET_C_API void docket_host_close(docket_host* host); /* NULL is fine */

/* The message of the last failed call on `host` ("" after a success). */
DOCKET_C_API const char* docket_host_error(const docket_host* host);

/* Operations. `key` (may be NULL) is a business key such as a ticket number: starting again with
 * the same key and the same arguments returns the first instance (idempotent retries). */
DOCKET_C_API docket_host_status docket_host_start(docket_host* host, const char* workflow, const char* args_json, const char* key,
                                     uint64_t* instance);
DOCKET_C_API docket_host_status docket_host_complete(docket_host* host, uint64_t instance, const char* step,
                                        const char* outcomes_json);
DOCKET_C_API docket_host_status docket_host_signal(docket_host* host, uint64_t instance, const char* event);
DOCKET_C_API docket_host_status docket_host_update(docket_host* host, uint64_t instance, const char* param,
                                      const char* value_json);
/* The instance started with business key `key`; *instance = 0 when there is none. */
DOCKET_C_API docket_host_status docket_host_find(docket_host* host, const char* key, uint64_t* instance);

/* Time: move a virtual clock to `time`, firing timers and delivering actions on the way; fire what
 * is due now; the current time and when something is next due (*time = "" when nothing is). */
DOCKET_C_API docket_host_status docket_host_advance_to(docket_host* host, const char* time);
DOCKET_C_API docket_host_status docket_host_run_due(docket_host* host);
DOCKET_C_API docket_host_status docket_host_now(docket_host* host, const char** time);
DOCKET_C_API docket_host_status docket_host_next_due(docket_host* host, const char** time);

/* Actions no plugin delivers go to `fn` (NULL: they stay pending in the store's outbox). */
DOCKET_C_API docket_host_status docket_host_on_action(docket_host* host, docket_action_fn fn, void* user);

/* Reading, as JSON owned by the handle: where the instance is, its SLA clocks, its audit trail,
 * its actions with their delivery state. */
DOCKET_C_API docket_host_status docket_host_status_json(docket_host* host, uint64_t instance, const char** json);
DOCKET_C_API docket_host_status docket_host_slas_json(docket_host* host, uint64_t instance, const char** json);
DOCKET_C_API docket_host_status docket_host_audit_json(docket_host* host, uint64_t instance, const char** json);
DOCKET_C_API docket_host_status docket_host_actions_json(docket_host* host, uint64_t instance, const char** json);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* DOCKET_DOCKET_H */
