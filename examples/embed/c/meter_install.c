/* A C host: one 95598 meter installation kept in SQLite, through docket/docket.h (docs/embedding.md). */
#include <docket/docket.h>

#include <stdio.h>
#include <string.h>

/* Stops at the first failure with docket's message. */
#define CHECK(call)                                                    \
  do {                                                                 \
    if ((call) != DOCKET_HOST_OK) {                                    \
      fprintf(stderr, "error: %s\n", docket_host_error(host));         \
      docket_host_close(host);                                         \
      return 1;                                                        \
    }                                                                  \
  } while (0)

/* Actions no plugin delivers (the SLA's notify, supervise, escalate) arrive here. */
static int deliver(void* user, const char* action_json) {
  int* count = (int*)user;
  ++*count;
  printf("action: %s\n", action_json);
  return 0;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: meter_install_c CONFIG STORE.sqlite\n");
    return 2;
  }
  char options[4096];
  snprintf(options, sizeof options, "{\"config\": \"%s\", \"store\": \"%s\", \"start\": \"2025-09-26T09:00\"}", argv[1],
           argv[2]);
  docket_host* host = NULL;
  CHECK(docket_host_open(options, &host));
  int delivered = 0;
  CHECK(docket_host_on_action(host, deliver, &delivered));

  uint64_t ticket = 0;
  CHECK(docket_host_start(host, "meter_install",
                          "{\"app\": {\"id\": \"A1\", \"address\": \"Zhangyang Road 500\", \"customer\": {\"id\": "
                          "\"C-1001\", \"voltage_kv\": 0.38, \"tariff\": \"commercial\", \"dual_source\": false, "
                          "\"important\": false, \"load_level\": 3, \"contract_kva\": 80, \"area\": \"urban\"}}}",
                          "A1", &ticket));
  CHECK(docket_host_advance_to(host, "2025-09-26T10:30"));
  CHECK(docket_host_complete(host, ticket, "accept", NULL));
  CHECK(docket_host_advance_to(host, "2025-10-09T15:40")); /* late: the SLA's warnings fall due on the way */
  CHECK(docket_host_complete(host, ticket, "survey", "{\"feasible\": true}"));
  CHECK(docket_host_advance_to(host, "2025-10-10T10:00"));
  CHECK(docket_host_complete(host, ticket, "install", NULL));
  CHECK(docket_host_complete(host, ticket, "energize", NULL));
  CHECK(docket_host_advance_to(host, "2025-10-11T16:00"));
  CHECK(docket_host_complete(host, ticket, "revisit", NULL));

  const char* status = NULL;
  CHECK(docket_host_status_json(host, ticket, &status));
  printf("status: %s\n", status);
  const int done = strstr(status, "\"end\":\"done\"") != NULL;
  printf("%d action(s) delivered to this host\n", delivered);
  docket_host_close(host);
  return done ? 0 : 1;
}
