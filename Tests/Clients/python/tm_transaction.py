"""A global transaction with no branches, driven by seata-python's TM: begin, status, commit or
rollback, status again. Shared by tm_commit.py and tm_rollback.py."""

import client_session as cs

# What Seata's TC answers GlobalStatus for a transaction that has ended and been removed.
FINISHED = "Finished"


def main(end, expected, description):
    args = cs.arguments(description, lambda parser: parser.add_argument(
        "--name", default="seata-python-" + end, help="transactionName sent in GlobalBegin"))

    def flow():
        session = cs.start(args)
        tx = session.new_transaction()
        tx.begin(args.tx_timeout, args.name)
        xid = tx.xid
        cs.emit("begin", xid=xid, timeout_ms=args.tx_timeout, name=args.name, seconds=session.elapsed())
        parts = (xid or "").split(":")
        if len(parts) < 3 or not parts[-1].isdigit() or not parts[-2].isdigit():
            cs.fail(cs.EXIT_CHECK_FAILED, "the xid {!r} is not HOST:PORT:TRANSACTION_ID".format(xid), xid=xid)

        begun = tx.get_status()
        cs.emit("status", xid=xid, **cs.status_fields("status", begun))
        if cs.status_name(begun) != "Begin":
            cs.fail(cs.EXIT_CHECK_FAILED, "GlobalStatus right after GlobalBegin is not Begin", xid=xid,
                    **cs.status_fields("status", begun))

        getattr(tx, end)()
        ended = tx.status
        cs.emit(end, xid=xid, seconds=session.elapsed(), **cs.status_fields("status", ended))
        if cs.status_name(ended) != expected:
            cs.fail(cs.EXIT_CHECK_FAILED, "Global{} answered {}, not {}".format(
                end.capitalize(), cs.status_name(ended), expected), xid=xid,
                **cs.status_fields("status", ended))

        after = tx.get_status()
        cs.emit("status", xid=xid, **cs.status_fields("status", after))
        if cs.status_name(after) not in (expected, FINISHED):
            cs.fail(cs.EXIT_CHECK_FAILED, "GlobalStatus after Global{} is {}, neither {} nor {}".format(
                end.capitalize(), cs.status_name(after), expected, FINISHED), xid=xid,
                **cs.status_fields("status", after))

        return dict(xid=xid, seconds=session.elapsed(), **cs.status_fields("status_begun", begun),
                    **cs.status_fields("status_" + end, ended), **cs.status_fields("status_after", after))

    cs.run(flow)
