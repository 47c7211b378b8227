"""seata-python's AT resource manager over MariaDB, rolled back by the coordinator.

    at_rollback.py --tc HOST:PORT [--db-host H --db-port P --db-name D --db-user U --db-password W]
                   [--table T] [--row-id N] [--keep-row] [--report-success] [--phase2-wait S] ...

The database arguments default to MARIADB_HOST, MARIADB_PORT, MARIADB_DATABASE, MARIADB_USER and
MARIADB_PASSWORD (eval "$(Tools/mariadb.sh info DIR)" sets them).

1. Over a plain connection: creates the business table and seata-python's undo_log table when
   missing, and inserts a fresh row (a new id per run, so runs never share a row lock).
2. Starts seata-python's TM and RM (RegisterTM; RegisterRM with the resource id
   mysql://HOST:PORT/DB), begins a global transaction, and runs a real UPDATE of that row
   through the AT data source proxy: its local commit sends BranchRegister with the row's lock
   key (TABLE:ID) and writes the undo log in the same local transaction.
3. Checks, over the plain connection, that the update is committed and its undo_log row exists.
4. Rolls back globally. The coordinator must push BranchRollback to this RM, which restores the
   row from the undo log, deletes the undo_log row and answers PhaseTwo_Rollbacked.
5. Checks the GlobalRollback answer (Rollbacked), that the RM received the push, that the row
   holds its values from before the update and that the undo_log row is gone; each wait is
   bounded by --phase2-wait.

Prints JSON lines (rows before, after phase one, after the rollback; xid, branch id, lock key,
statuses); exit 0 only when every check holds.
"""

import os
import random
import time

import client_session as cs

BALANCE_BEFORE, NAME_BEFORE = 100, "before"
BALANCE_AFTER, NAME_AFTER = 40, "after"

# seata-python's undo table, exactly as its UndoLogManager documents it (MySQL syntax).
UNDO_LOG_DDL = """
CREATE TABLE IF NOT EXISTS `undo_log` (
    `branch_id`     BIGINT       NOT NULL COMMENT 'branch transaction id',
    `xid`           VARCHAR(128) NOT NULL COMMENT 'global transaction id',
    `context`       VARCHAR(128) NOT NULL COMMENT 'undo_log context,such as serialization',
    `rollback_info` LONGBLOB     NOT NULL COMMENT 'rollback info',
    `log_status`    INT(11)      NOT NULL COMMENT '0:normal status,1:defense status',
    `log_created`   DATETIME(6)  NOT NULL COMMENT 'create datetime',
    `log_modified`  DATETIME(6)  NOT NULL COMMENT 'modify datetime',
    UNIQUE KEY `ux_undo_log` (`xid`, `branch_id`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8 COMMENT ='AT transaction mode undo table'
"""

# The business table: AT mode needs a primary key (it is the lock key and the undo's WHERE).
BUSINESS_DDL = """
CREATE TABLE IF NOT EXISTS `{table}` (
    `id`      BIGINT      NOT NULL,
    `balance` INT         NOT NULL,
    `name`    VARCHAR(64) NOT NULL,
    PRIMARY KEY (`id`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4
"""


def add_arguments(parser):
    env = os.environ.get
    parser.add_argument("--db-host", default=env("MARIADB_HOST", "127.0.0.1"))
    parser.add_argument("--db-port", type=int, default=int(env("MARIADB_PORT", "3306")))
    parser.add_argument("--db-name", default=env("MARIADB_DATABASE", "seata_at"))
    parser.add_argument("--db-user", default=env("MARIADB_USER", "seata"))
    parser.add_argument("--db-password", default=env("MARIADB_PASSWORD", "seata"))
    parser.add_argument("--table", default="seata_py_account", help="the business table")
    parser.add_argument("--row-id", type=int, default=None, help="the row's id (default: a new one per run)")
    parser.add_argument("--keep-row", action="store_true", help="leave the row in the table at the end")
    parser.add_argument("--report-success", action="store_true",
                        help="client.rm.report-success-enable: send BranchReport(PhaseOne_Done) after the local commit")
    parser.add_argument("--phase2-wait", type=float, default=10.0,
                        help="seconds to wait for the BranchRollback push and the restored row")
    parser.add_argument("--name", default="seata-python-at-rollback", help="transactionName sent in GlobalBegin")


args = cs.arguments(__doc__, add_arguments)


def plain_connection():
    import pymysql
    return pymysql.connect(host=args.db_host, port=args.db_port, user=args.db_user, password=args.db_password,
                           database=args.db_name, autocommit=True, connect_timeout=5, read_timeout=10,
                           write_timeout=10)


def read_row(db, row_id):
    with db.cursor() as cursor:
        cursor.execute("SELECT id, balance, name FROM `{}` WHERE id = %s".format(args.table), (row_id,))
        row = cursor.fetchone()
    return None if row is None else {"id": row[0], "balance": row[1], "name": row[2]}


def undo_rows(db, xid):
    with db.cursor() as cursor:
        cursor.execute("SELECT branch_id, log_status, context FROM undo_log WHERE xid = %s", (xid,))
        return [{"branch_id": r[0], "log_status": r[1], "context": r[2]} for r in cursor.fetchall()]


def poll(check, seconds):
    """check() until it returns something true, at most `seconds`; returns the last value."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(0.05)


def flow():
    try:
        db = plain_connection()
    except Exception as error:  # pymysql raises its own OperationalError family
        cs.fail(cs.EXIT_UNREACHABLE, "cannot connect to MariaDB at {}:{} as {} (database {}): {}".format(
            args.db_host, args.db_port, args.db_user, args.db_name, error))
    row_id = args.row_id if args.row_id is not None else int(time.time() * 1000) * 1000 + random.randrange(1000)
    with db.cursor() as cursor:
        cursor.execute(UNDO_LOG_DDL)
        cursor.execute(BUSINESS_DDL.format(table=args.table))
        cursor.execute("DELETE FROM `{}` WHERE id = %s".format(args.table), (row_id,))
        cursor.execute("INSERT INTO `{}` (id, balance, name) VALUES (%s, %s, %s)".format(args.table),
                       (row_id, BALANCE_BEFORE, NAME_BEFORE))
    before = read_row(db, row_id)
    cs.emit("row", phase="before", table=args.table, row=before)

    session = cs.start(args, report_success=args.report_success)

    from dbutils.pooled_db import PooledDB
    import pymysql
    from seata.rm.datasource.DataSourceProxy import DataSourceProxy
    from seata.sqlparser.util.JdbcConstants import JdbcConstants

    pool = PooledDB(creator=pymysql, host=args.db_host, port=args.db_port, user=args.db_user,
                    password=args.db_password, database=args.db_name, connect_timeout=5, read_timeout=10,
                    write_timeout=10)
    # Creating the proxy registers the resource: RegisterRM on the RM's connection, answered
    # before this returns.
    proxy = DataSourceProxy(pool, JdbcConstants.MYSQL)
    resource_id = proxy.get_resource_id()
    rm = [r for r in session.registrations if r["role"] == "RM"]
    if not rm or not all(r["identified"] for r in rm):
        cs.fail(cs.EXIT_CHECK_FAILED, "the coordinator did not identify the RM", registrations=session.registrations)
    cs.emit("registered", role="RM", resource_id=resource_id, identified=True, seconds=rm[0]["seconds"])

    tx = session.new_transaction()
    tx.begin(args.tx_timeout, args.name)
    xid = tx.xid
    cs.emit("begin", xid=xid, timeout_ms=args.tx_timeout, name=args.name, seconds=session.elapsed())

    connection = proxy.connection()
    cursor = connection.cursor()
    cursor.execute("UPDATE {} SET balance = %s, name = %s WHERE id = %s".format(args.table),
                   (BALANCE_AFTER, NAME_AFTER, row_id))
    # The local commit: BranchRegister (lock key), undo_log insert, commit.
    connection.commit()
    cursor.close()
    connection.close()

    registered = [b for b in session.branch_registers if b["xid"] == xid]
    if not registered or "branch_id" not in registered[-1]:
        # seata-python ignores a failed BranchRegister and commits locally anyway: say so here.
        cs.fail(cs.EXIT_CHECK_FAILED, "BranchRegister failed (seata-python committed the update without a branch)",
                xid=xid, branch_registers=registered)
    branch = registered[-1]
    expected_lock_key = "{}:{}".format(args.table, row_id)
    cs.emit("branch", xid=xid, branch_id=branch["branch_id"], resource_id=branch["resource_id"],
            lock_key=branch["lock_keys"], seconds=session.elapsed())
    if branch["lock_keys"] != expected_lock_key:
        cs.fail(cs.EXIT_CHECK_FAILED, "lock key {!r}, expected {!r}".format(branch["lock_keys"], expected_lock_key))

    after_phase_one = read_row(db, row_id)
    undo_after_phase_one = undo_rows(db, xid)
    cs.emit("row", phase="after_phase_one", xid=xid, row=after_phase_one, undo_log=undo_after_phase_one)
    if after_phase_one != {"id": row_id, "balance": BALANCE_AFTER, "name": NAME_AFTER}:
        cs.fail(cs.EXIT_CHECK_FAILED, "the update is not committed locally", row=after_phase_one)
    if [u["branch_id"] for u in undo_after_phase_one] != [branch["branch_id"]]:
        cs.fail(cs.EXIT_CHECK_FAILED, "expected one undo_log row for branch {}".format(branch["branch_id"]),
                undo_log=undo_after_phase_one)

    if args.report_success:
        reported = session.wait_for(lambda: [r for r in session.branch_reports if r["xid"] == xid], 1.0)
        cs.emit("branch_report", xid=xid, reports=reported)

    tx.rollback()
    rolled_back = tx.status
    cs.emit("rollback", xid=xid, seconds=session.elapsed(), **cs.status_fields("status", rolled_back))

    pushes = session.wait_for(lambda: [r for r in session.branch_rollbacks if r["xid"] == xid], args.phase2_wait)
    cs.emit("branch_rollback", xid=xid, pushes=pushes)
    restored = poll(lambda: read_row(db, row_id) == before, args.phase2_wait)
    undo_gone = poll(lambda: not undo_rows(db, xid), args.phase2_wait)
    after_rollback = read_row(db, row_id)
    undo_after_rollback = undo_rows(db, xid)
    cs.emit("row", phase="after_rollback", xid=xid, row=after_rollback, undo_log=undo_after_rollback)

    evidence = dict(
        xid=xid, branch_id=branch["branch_id"], resource_id=resource_id, lock_key=branch["lock_keys"],
        row_before=before, row_after_phase_one=after_phase_one, row_after_rollback=after_rollback,
        undo_log_after_phase_one=len(undo_after_phase_one), undo_log_after_rollback=len(undo_after_rollback),
        branch_rollbacks=pushes, seconds=session.elapsed(), **cs.status_fields("status_rollback", rolled_back))
    if not args.keep_row:
        with db.cursor() as cleanup:
            cleanup.execute("DELETE FROM `{}` WHERE id = %s".format(args.table), (row_id,))

    if cs.status_name(rolled_back) != "Rollbacked":
        cs.fail(cs.EXIT_CHECK_FAILED, "GlobalRollback answered {}, not Rollbacked".format(cs.status_name(rolled_back)),
                **evidence)
    if not pushes:
        cs.fail(cs.EXIT_CHECK_FAILED, "no BranchRollback reached the RM within {} s".format(args.phase2_wait),
                **evidence)
    if [p.get("branch_id") for p in pushes] != [branch["branch_id"]] or pushes[0].get("branch_status") != \
            "PhaseTwo_Rollbacked":
        cs.fail(cs.EXIT_CHECK_FAILED, "expected one BranchRollback of branch {} ending PhaseTwo_Rollbacked".format(
            branch["branch_id"]), **evidence)
    if not restored:
        cs.fail(cs.EXIT_CHECK_FAILED, "the row was not restored by the undo log", **evidence)
    if not undo_gone:
        cs.fail(cs.EXIT_CHECK_FAILED, "the undo_log row is still there after the rollback", **evidence)
    return evidence


cs.run(flow)
