#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""QMP client of the lab's query-stats test (tests/lab/qmp_stats.sh).

Usage: qmp_stats.py SOCKET COMMAND...
  schemas      query-stats-schemas: "schema TARGET PROVIDER NAME TYPE UNIT BASE
               EXPONENT", one line per statistic
  vcpu         query-stats, target vcpu, provider kvm: "vcpu INDEX NAME VALUE...",
               INDEX the vCPU's cpu-index (query-cpus-fast), a list's
               elements in QMP's order
  vm           query-stats, target vm, provider kvm: "vm - NAME VALUE..."
  info-stats   HMP's "info stats vcpu" (the human view), as HMP prints it
  stop, cont   pause and resume the guest's vCPUs ("done")
  quit         end QEMU ("done")

The lines are made for awk: the shell test compares them with debugfs.  The
QMP conversation (greeting, qmp_capabilities, events skipped) is here and
only here.  Exit status: 0, 1 when QMP answers an error or the connection
fails (the reason on stderr), 64 on a usage error.
"""
import json
import socket
import sys


class Qmp:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(30)
        self.sock.connect(path)
        self.stream = self.sock.makefile("r", encoding="utf-8")
        greeting = self._message()
        if "QMP" not in greeting:
            raise RuntimeError(f"no QMP greeting: {greeting}")
        self.execute("qmp_capabilities")

    def _message(self):
        line = self.stream.readline()
        if not line:
            raise RuntimeError("QMP connection closed")
        return json.loads(line)

    def execute(self, command, arguments=None):
        request = {"execute": command}
        if arguments is not None:
            request["arguments"] = arguments
        self.sock.sendall(json.dumps(request).encode() + b"\n")
        while True:
            reply = self._message()
            if "event" in reply:
                continue
            if "error" in reply:
                raise RuntimeError(f"{command}: {reply['error']}")
            return reply["return"]


def words(value):
    """A statistic's value as words: a number, a list's numbers, or 0/1."""
    if isinstance(value, bool):
        return [str(int(value))]
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def schemas(qmp):
    for schema in qmp.execute("query-stats-schemas"):
        for stat in schema["stats"]:
            print("schema", schema["target"], schema["provider"], stat["name"],
                  stat["type"], stat.get("unit", "-"), stat.get("base", "-"),
                  stat.get("exponent", "-"))


def vcpu_stats(qmp):
    index = {cpu["qom-path"]: cpu["cpu-index"] for cpu in qmp.execute("query-cpus-fast")}
    results = qmp.execute("query-stats",
                          {"target": "vcpu", "providers": [{"provider": "kvm"}]})
    for result in results:
        for stat in result["stats"]:
            print("vcpu", index[result["qom-path"]], stat["name"], *words(stat["value"]))


def vm_stats(qmp):
    results = qmp.execute("query-stats",
                          {"target": "vm", "providers": [{"provider": "kvm"}]})
    for result in results:
        for stat in result["stats"]:
            print("vm", "-", stat["name"], *words(stat["value"]))


def info_stats(qmp):
    print(qmp.execute("human-monitor-command",
                      {"command-line": "info stats vcpu exits_by_reason kvm"}), end="")


def control(command):
    """A command whose answer is empty: print "done" once QMP took it."""
    def run(qmp):
        qmp.execute(command)
        print("done")
    return run


def main(argv):
    commands = {"schemas": schemas, "vcpu": vcpu_stats, "vm": vm_stats, "info-stats": info_stats,
                "stop": control("stop"), "cont": control("cont"), "quit": control("quit")}
    if len(argv) < 3 or any(c not in commands for c in argv[2:]):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 64
    try:
        qmp = Qmp(argv[1])
        for command in argv[2:]:
            commands[command](qmp)
    except (OSError, RuntimeError, ValueError, KeyError) as err:
        print(f"qmp_stats.py: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
