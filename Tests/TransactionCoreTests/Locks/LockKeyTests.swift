import Testing
import TransactionCore

/// Seata's lock-key format and row keys (TC.md "AT global row locks"; AbstractLockManager).
struct LockKeyTests {
    static func rows(_ lockKey: String) -> [String] {
        LockKey.rows(of: lockKey, resourceId: "jdbc:mysql://db/shop", xid: "x", transactionId: 1, branchId: 2)
            .map(\.rowKey)
    }

    @Test func rowKeysJoinResourceTableAndPrimaryKey() {
        #expect(Self.rows("orders:1") == ["jdbc:mysql://db/shop^^^orders^^^1"])
    }

    @Test func severalTablesAndSeveralKeysEachGiveARow() {
        #expect(
            Self.rows("orders:1,2;items:7")
                == [
                    "jdbc:mysql://db/shop^^^orders^^^1", "jdbc:mysql://db/shop^^^orders^^^2",
                    "jdbc:mysql://db/shop^^^items^^^7",
                ]
        )
    }

    @Test func compositeKeysStayOneRow() {
        let rows = LockKey.rows(of: "stock:3_17,3_18", resourceId: "r", xid: "x", transactionId: 1, branchId: 2)
        #expect(rows.map(\.pk) == ["3_17", "3_18"])
        #expect(rows.map(\.tableName) == ["stock", "stock"])
    }

    @Test func blankKeysAreSkippedAndRepeatsCountOnce() {
        #expect(
            Self.rows("orders:1,,1, ,2") == ["jdbc:mysql://db/shop^^^orders^^^1", "jdbc:mysql://db/shop^^^orders^^^2"]
        )
    }

    @Test func aTablePartWithoutColonOrKeysEndsTheParseAsInSeata() {
        #expect(Self.rows("orders:1;broken;items:2") == ["jdbc:mysql://db/shop^^^orders^^^1"])
        #expect(Self.rows("orders:;items:2") == [])
        #expect(Self.rows("") == [])
    }

    @Test func textBeyondASCIIFollowsTheSameRules() {
        #expect(
            Self.rows("commandes:é1,\u{2003},é1;articles:7")
                == ["jdbc:mysql://db/shop^^^commandes^^^é1", "jdbc:mysql://db/shop^^^articles^^^7"]
        )
        #expect(Self.rows("commandes:\u{2003};articles:7") == [])
        #expect(Self.rows("tâble:1;cassé;items:2") == ["jdbc:mysql://db/shop^^^tâble^^^1"])
    }

    @Test func tabsAndLineBreaksAreBlankToo() {
        #expect(
            Self.rows("orders:1,\t,\r\n,2") == [
                "jdbc:mysql://db/shop^^^orders^^^1", "jdbc:mysql://db/shop^^^orders^^^2",
            ]
        )
        #expect(Self.rows("orders: \t;items:2") == [])
    }

    @Test func aSemicolonInTheResourceIdIsReplacedInTheRowKey() {
        #expect(
            LockKey.rowKey(resourceId: "jdbc:sqlserver://h;db=x", tableName: "t", pk: "1")
                == "jdbc:sqlserver://h^^^db=x^^^t^^^1"
        )
    }

    @Test func theLockKeyIsRebuiltFromRows() {
        let rows = LockKey.rows(of: "orders:1,2;items:7", resourceId: "r", xid: "x", transactionId: 1, branchId: 2)
        #expect(LockKey.lockKey(of: rows) == "orders:1,2;items:7")
    }

    @Test func applicationDataFlagsAreReadAsJSONBooleansOnly() {
        #expect(LockOptions(applicationData: "") == LockOptions())
        #expect(LockOptions(applicationData: #"{"autoCommit":false}"#) == LockOptions(autoCommit: false))
        #expect(
            LockOptions(applicationData: #"{"autoCommit":true,"skipCheckLock":true}"#)
                == LockOptions(skipCheckLock: true)
        )
        #expect(LockOptions(applicationData: #"{"autoCommit":0,"skipCheckLock":"true"}"#) == LockOptions())
        #expect(LockOptions(applicationData: "not json autoCommit") == LockOptions())
    }
}
