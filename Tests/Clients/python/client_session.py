"""What every script here shares: its command line, seata-python's configuration, the TM and RM
clients of seata-python 0.1 started as an application starts them, a deadline, and the result
lines on stdout.

seata-python's threads are not daemons and never stop, so every way out of a script goes
through `finish`, which flushes the output and ends the process with `os._exit`. Its log goes to
stderr (never to ~/logs, where its own `Configuration` would send it), so stdout carries only
the JSON result lines: one object per line, each with an "event"; the last one is
{"event": "result", "ok": true|false, ...}.
"""

import argparse
import json
import os
import shutil
import socket
import sys
import tempfile
import threading
import time

# Exit codes: one definition, used by every script (and read by the Swift tests).
EXIT_OK = 0
EXIT_CHECK_FAILED = 1  # the coordinator answered, but not what Seata's TC answers
EXIT_USAGE = 2  # bad arguments
EXIT_UNREACHABLE = 3  # no coordinator at the address, or a request was not answered in time
EXIT_DEADLINE = 4  # the script's own deadline passed

# Numbers from seata-python's enums, so a result line carries the name and the wire value.
GLOBAL_STATUS_NAMES = {
    0: "UnKnown", 1: "Begin", 2: "Committing", 3: "CommitRetrying", 4: "Rollbacking",
    5: "RollbackRetrying", 6: "TimeoutRollbacking", 7: "TimeoutRollbackRetrying",
    8: "AsyncCommitting", 9: "Committed", 10: "CommitFailed", 11: "Rollbacked",
    12: "RollbackFailed", 13: "TimeoutRollbacked", 14: "TimeoutRollbackFailed", 15: "Finished",
}

_output_lock = threading.Lock()
_finished = threading.Event()
_config_dir = None  # the folder of seata-python's YAML file, removed on the way out


def emit(event, **fields):
    """Writes one JSON result line on stdout."""
    line = json.dumps({"event": event, **fields}, default=str, sort_keys=False)
    with _output_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def finish(code, **fields):
    """Prints the result line and ends the process (seata-python's threads would keep it alive)."""
    if _finished.is_set():
        # A second way out (the deadline firing during a normal finish) must not print twice.
        os._exit(code)
    _finished.set()
    if _config_dir is not None:
        shutil.rmtree(_config_dir, ignore_errors=True)
    emit("result", ok=(code == EXIT_OK), exit_code=code, **fields)
    sys.stderr.flush()
    os._exit(code)


def fail(code, reason, **fields):
    """Ends the script with a failure that says what went wrong."""
    finish(code, reason=reason, **fields)


def status_fields(prefix, status):
    """A global status as {prefix: name, prefix_code: number}, for result lines."""
    if status is None:
        return {prefix: None, prefix + "_code": None}
    code = status.value if hasattr(status, "value") else int(status)
    return {prefix: GLOBAL_STATUS_NAMES.get(code, str(code)), prefix + "_code": code}


def status_name(status):
    """The name of a global status (an enum member or a number), or None."""
    return status_fields("s", status)["s"]


def host_port(text, what):
    """Parses HOST:PORT, or ends the script with a usage error naming the argument."""
    host, sep, port = (text or "").rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        fail(EXIT_USAGE, "{} must be HOST:PORT, got {!r}".format(what, text))
    return host, int(port)


def arguments(description, add_arguments=None):
    """The command line every script takes, plus the script's own arguments."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--tc", default=os.environ.get("SEATA_TC"),
                        help="the coordinator's transaction port, HOST:PORT (env SEATA_TC)")
    parser.add_argument("--group", default=os.environ.get("SEATA_TX_GROUP", "my_test_tx_group"),
                        help="transaction service group, mapped to the cluster 'default' (env SEATA_TX_GROUP)")
    parser.add_argument("--application-id", default="seata-python-test",
                        help="applicationId sent in RegisterTM/RegisterRM")
    parser.add_argument("--deadline", type=float, default=float(os.environ.get("SEATA_PY_DEADLINE", "30")),
                        help="seconds after which the script gives up whatever it waits for (env SEATA_PY_DEADLINE)")
    parser.add_argument("--rpc-timeout", type=float, default=10.0,
                        help="seconds seata-python waits for each answer (its own default is 30)")
    parser.add_argument("--tx-timeout", type=int, default=60000,
                        help="the global transaction's timeout in ms, sent in GlobalBegin")
    parser.add_argument("--log-level", default=os.environ.get("SEATA_PY_LOG", "INFO"),
                        help="seata-python's log level on stderr (env SEATA_PY_LOG)")
    if add_arguments is not None:
        add_arguments(parser)
    try:
        args = parser.parse_args()
    except SystemExit as exit_request:
        # argparse exits with 0 for --help and 2 for errors; either way, end here.
        os._exit(exit_request.code if isinstance(exit_request.code, int) else EXIT_USAGE)
    if not args.tc:
        fail(EXIT_USAGE, "no coordinator address: pass --tc HOST:PORT or set SEATA_TC")
    if "." in args.group:
        # seata-python looks keys up by splitting on '.', so such a group can never be found.
        fail(EXIT_USAGE, "--group must not contain '.', got {!r}".format(args.group))
    args.tc_host, args.tc_port = host_port(args.tc, "--tc")
    return args


def _client_config(args, report_success):
    """seata-python's YAML configuration: its client.yml with this coordinator in the grouplist."""
    flag = "true" if report_success else "false"
    return """\
application-id: {app}
tx-service-group: {group}
config:
  type: file
registry:
  type: file
client:
  rm:
    report-retry-count: 5
    table-meta-check-enable: false
    report-success-enable: {flag}
    lock:
      retry-interval: 0.01
      retry-times: 30
      retry-policy-branch-rollback-on-conflict: true
  tm:
    commit-retry-count: 5
    rollback-retry-count: 5
    default-global-transaction-timeout: 60000
  undo:
    data-validation: true
    log-table: undo_log
    only-care-update-columns: true
service:
  vgroupMapping:
    {group}: default
  grouplist:
    default: "{host}:{port}"
""".format(app=args.application_id, group=args.group, flag=flag, host=args.tc_host, port=args.tc_port)


class Session:
    """seata-python's TM and RM clients, connected and registered, with what they observed.

    The hooks only record: registration answers, and the RM's branch register, report and
    rollback calls with their results. They change nothing on the wire.
    """

    def __init__(self, args):
        self.args = args
        self.registrations = []  # {"role", "identified", "version", "seconds"}
        self.branch_registers = []  # {"xid", "resource_id", "lock_keys", "branch_id"|"error"}
        self.branch_reports = []  # {"xid", "branch_id", "status"}
        self.branch_rollbacks = []  # {"xid", "branch_id", "resource_id", "branch_status"}
        self._started = time.monotonic()
        self._condition = threading.Condition()

    def elapsed(self):
        return round(time.monotonic() - self._started, 3)

    def new_transaction(self):
        from seata.tm.api.GlobalTransactionContext import GlobalTransactionContext
        return GlobalTransactionContext.create_new()

    def wait_for(self, predicate, seconds):
        """Waits until predicate() holds, at most `seconds`; returns its last value."""
        deadline = time.monotonic() + seconds
        with self._condition:
            while True:
                value = predicate()
                remaining = deadline - time.monotonic()
                if value or remaining <= 0:
                    return value
                self._condition.wait(min(remaining, 0.05))

    def _record(self, into, entry):
        with self._condition:
            into.append(entry)
            self._condition.notify_all()

    def install_hooks(self):
        from seata.core.rpc.v1.RmRemotingClient import RmRemotingClient
        from seata.core.rpc.v1.TmRemotingClient import TmRemotingClient
        from seata.rm.datasource.DataSourceResourceManager import DataSourceResourceManager

        session = self

        def registration_hook(role, original):
            def on_reg_response(client, request, response):
                # seata-python logs "register success" whatever the answer (its `result` field
                # is never decoded); `identified` is what the coordinator said.
                session._record(session.registrations, {
                    "role": role, "identified": bool(getattr(response, "identified", False)),
                    "version": getattr(response, "version", None), "seconds": session.elapsed()})
                return original(client, request, response)
            return on_reg_response

        TmRemotingClient.on_reg_response = registration_hook("TM", TmRemotingClient.on_reg_response)
        RmRemotingClient.on_reg_response = registration_hook("RM", RmRemotingClient.on_reg_response)

        original_register = DataSourceResourceManager.branch_register
        original_report = DataSourceResourceManager.branch_report
        original_rollback = DataSourceResourceManager.branch_rollback

        def branch_register(manager, branch_type, resource_id, client_id, xid, application_data, lock_keys):
            entry = {"xid": xid, "resource_id": resource_id, "lock_keys": lock_keys}
            try:
                entry["branch_id"] = original_register(manager, branch_type, resource_id, client_id, xid,
                                                       application_data, lock_keys)
                return entry["branch_id"]
            except BaseException as error:
                entry["error"] = "{}: {}".format(type(error).__name__, getattr(error, "message", error))
                raise
            finally:
                session._record(session.branch_registers, entry)

        def branch_report(manager, branch_type, xid, branch_id, status, application_data):
            session._record(session.branch_reports, {"xid": xid, "branch_id": branch_id, "status": str(status)})
            return original_report(manager, branch_type, xid, branch_id, status, application_data)

        def branch_rollback(manager, branch_type, xid, branch_id, resource_id, application_data):
            entry = {"xid": xid, "branch_id": branch_id, "resource_id": resource_id, "seconds": session.elapsed()}
            try:
                status = original_rollback(manager, branch_type, xid, branch_id, resource_id, application_data)
                entry["branch_status"] = getattr(status, "name", str(status))
                return status
            except BaseException as error:
                entry["error"] = "{}: {}".format(type(error).__name__, error)
                raise
            finally:
                session._record(session.branch_rollbacks, entry)

        DataSourceResourceManager.branch_register = branch_register
        DataSourceResourceManager.branch_report = branch_report
        DataSourceResourceManager.branch_rollback = branch_rollback


def _watch_deadline(seconds):
    def expire():
        fail(EXIT_DEADLINE, "the script's deadline of {} s passed (a request or a BranchRollback push never "
                            "came?)".format(seconds))
    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()


def _check_reachable(args):
    # seata-python connects without blocking and, when refused, its I/O thread dies with a
    # traceback; every request then waits out its timeout. Say it plainly, at once.
    try:
        socket.create_connection((args.tc_host, args.tc_port), timeout=3).close()
    except OSError as error:
        fail(EXIT_UNREACHABLE, "cannot connect to the coordinator at {}:{}: {}".format(
            args.tc_host, args.tc_port, error))


def start(args, report_success=False):
    """Configures seata-python, connects its TM and RM clients, and checks the TM registered.

    Call before importing any seata module: some of them read the configuration when imported.
    """
    _watch_deadline(args.deadline)
    _check_reachable(args)

    from loguru import logger
    logger.remove()
    logger.add(sys.stderr, level=args.log_level.upper(), format="{time:HH:mm:ss.SSS} {level} {thread.name} {message}")

    global _config_dir
    _config_dir = tempfile.mkdtemp(prefix="seata-python-")
    config_path = os.path.join(_config_dir, "client.yml")
    with open(config_path, "w") as config_file:
        config_file.write(_client_config(args, report_success))
    # seata-python's ConfigFactory reads its YAML from the path in this variable.
    os.environ["config.name"] = config_path

    from seata.core.rpc.v1.RemotingClient import RemotingClient
    RemotingClient.RPC_TIMEOUT = args.rpc_timeout

    session = Session(args)
    session.install_hooks()

    # As an application starts it: a TM client (connects, sends RegisterTM and waits for the
    # answer) and an RM client (connects; it registers when a data source is created).
    from seata.boot.GlobalTransactionScanner import GlobalTransactionScanner
    try:
        GlobalTransactionScanner()
    except TimeoutError:
        fail(EXIT_UNREACHABLE, "RegisterTM was not answered within {} s".format(args.rpc_timeout),
             registrations=session.registrations)
    tm = [r for r in session.registrations if r["role"] == "TM"]
    if not tm:
        fail(EXIT_UNREACHABLE, "seata-python sent no RegisterTM (no connection to {} within 15 s?)".format(args.tc))
    if not all(r["identified"] for r in tm):
        fail(EXIT_CHECK_FAILED, "the coordinator did not identify the TM", registrations=session.registrations)
    emit("registered", role="TM", identified=True, version=tm[0]["version"], seconds=tm[0]["seconds"])
    return session


def run(main):
    """Runs main(), which returns the success line's fields; any exception becomes a failure."""
    try:
        fields = main() or {}
    except TimeoutError as error:
        fail(EXIT_UNREACHABLE, "a request was not answered in time: {!r}".format(error))
    except BaseException as error:  # noqa: BLE001 - every way out must be os._exit, even SystemExit
        fail(EXIT_CHECK_FAILED, "{}: {}".format(type(error).__name__, getattr(error, "message", None) or error))
    finish(EXIT_OK, **fields)
