"""seata-python's TM against a coordinator: GlobalBegin, GlobalStatus (Begin), GlobalCommit
(Committed), GlobalStatus (Committed or Finished). Prints JSON lines; exit 0 only on success.

    tm_commit.py --tc HOST:PORT [--group G] [--deadline S] [--rpc-timeout S] [--tx-timeout MS]
"""

import tm_transaction

tm_transaction.main("commit", "Committed", __doc__)
