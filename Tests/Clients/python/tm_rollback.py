"""seata-python's TM against a coordinator: GlobalBegin, GlobalStatus (Begin), GlobalRollback
(Rollbacked), GlobalStatus (Rollbacked or Finished). Prints JSON lines; exit 0 only on success.

    tm_rollback.py --tc HOST:PORT [--group G] [--deadline S] [--rpc-timeout S] [--tx-timeout MS]
"""

import tm_transaction

tm_transaction.main("rollback", "Rollbacked", __doc__)
