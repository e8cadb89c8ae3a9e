#!/usr/bin/env python3
"""A Python host for docket through its C API (ctypes, nothing beyond Debian's python3): one 95598 meter installation on SQLite."""
import argparse
import ctypes
import json
import sys


class DocketError(Exception):
    pass


class Docket:
    """The C API of docket/docket.h, one method per function; errors become DocketError with docket's message."""

    def __init__(self, library, options):
        self.lib = ctypes.CDLL(library)
        lib = self.lib
        c_host = ctypes.c_void_p
        lib.docket_version.restype = ctypes.c_char_p
        lib.docket_host_open.argtypes = [ctypes.c_char_p, ctypes.POINTER(c_host)]
        lib.docket_host_close.argtypes = [c_host]
        lib.docket_host_error.argtypes = [c_host]
        lib.docket_host_error.restype = ctypes.c_char_p
        lib.docket_host_start.argtypes = [c_host, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                                          ctypes.POINTER(ctypes.c_uint64)]
        lib.docket_host_complete.argtypes = [c_host, ctypes.c_uint64, ctypes.c_char_p, ctypes.c_char_p]
        lib.docket_host_signal.argtypes = [c_host, ctypes.c_uint64, ctypes.c_char_p]
        lib.docket_host_advance_to.argtypes = [c_host, ctypes.c_char_p]
        for name in ("status_json", "slas_json", "audit_json", "actions_json"):
            getattr(lib, "docket_host_" + name).argtypes = [c_host, ctypes.c_uint64,
                                                             ctypes.POINTER(ctypes.c_char_p)]
        self.host = c_host()
        status = lib.docket_host_open(json.dumps(options).encode(), ctypes.byref(self.host))
        if status != 0:
            message = lib.docket_host_error(self.host).decode()
            lib.docket_host_close(self.host)
            raise DocketError(message)

    def close(self):
        self.lib.docket_host_close(self.host)

    def _check(self, status):
        if status != 0:
            raise DocketError(self.lib.docket_host_error(self.host).decode())

    def start(self, workflow, args, key=None):
        instance = ctypes.c_uint64()
        self._check(self.lib.docket_host_start(self.host, workflow.encode(), json.dumps(args).encode(),
                                               key.encode() if key else None, ctypes.byref(instance)))
        return instance.value

    def complete(self, instance, step, outcomes=None):
        self._check(self.lib.docket_host_complete(self.host, instance, step.encode(),
                                                  json.dumps(outcomes or {}).encode()))

    def signal(self, instance, event):
        self._check(self.lib.docket_host_signal(self.host, instance, event.encode()))

    def advance_to(self, time):
        self._check(self.lib.docket_host_advance_to(self.host, time.encode()))

    def _read(self, name, instance):
        out = ctypes.c_char_p()
        self._check(getattr(self.lib, "docket_host_" + name)(self.host, instance, ctypes.byref(out)))
        return json.loads(out.value.decode())

    def status(self, instance):
        return self._read("status_json", instance)

    def slas(self, instance):
        return self._read("slas_json", instance)

    def audit(self, instance):
        return self._read("audit_json", instance)

    def actions(self, instance):
        return self._read("actions_json", instance)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lib", required=True, help="libdocket_c.so")
    parser.add_argument("--config", required=True, help="examples/95598 (its docket.toml)")
    parser.add_argument("--store", required=True, help="a SQLite file for the instances")
    a = parser.parse_args()

    docket = Docket(a.lib, {"config": a.config, "store": a.store, "start": "2025-09-26T09:00"})
    app = {"id": "A1", "address": "上海市浦东新区张杨路 500 号",
           "customer": {"id": "C-1001", "voltage_kv": 0.38, "tariff": "commercial", "dual_source": False,
                        "important": False, "load_level": 3, "contract_kva": 80, "area": "urban"}}
    ticket = docket.start("meter_install", {"app": app}, key="A1")
    assert docket.start("meter_install", {"app": app}, key="A1") == ticket, "a retried start must not start another"
    docket.advance_to("2025-09-26T10:30")
    docket.complete(ticket, "accept")
    docket.advance_to("2025-09-29T11:00")
    docket.signal(ticket, "customer_pending")
    docket.advance_to("2025-09-30T09:15")
    docket.signal(ticket, "customer_ready")
    docket.advance_to("2025-10-09T15:40")
    docket.complete(ticket, "survey", {"feasible": True})
    print("after the survey:", json.dumps(docket.status(ticket), ensure_ascii=False))
    install = docket.slas(ticket)[0]
    print(f"SLA {install['name']}: {install['phase']}, due {install['due']}, breached {install['breached']}")
    docket.advance_to("2025-10-10T10:00")
    docket.complete(ticket, "install")
    docket.advance_to("2025-10-10T14:30")
    docket.complete(ticket, "energize")
    docket.advance_to("2025-10-11T16:00")
    docket.complete(ticket, "revisit")
    status = docket.status(ticket)
    print("finished:", json.dumps(status, ensure_ascii=False))
    print(f"audit trail: {len(docket.audit(ticket))} entries; actions: "
          + ", ".join(f"{x['name']} {x['state']}" for x in docket.actions(ticket)))
    docket.close()
    if status["state"] != "finished" or status["end"] != "done":
        print("error: the installation did not finish at `done`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except DocketError as e:
        print(f"docket: {e}", file=sys.stderr)
        sys.exit(1)
