/// Seata's AT lock-key format: `table:pk1,pk2;table2:pk`, and the row keys derived from it.
public enum LockKey {
    /// Separates resource, table and pk in a row key.
    public static let rowKeySeparator = "^^^"

    /// `resourceId^^^table^^^pk`; a `;` (possible in a resource id such as a SQL Server URL) is
    /// replaced by the separator, as Seata's `AbstractLocker.getRowKey` does.
    public static func rowKey(resourceId: String, tableName: String, pk: String) -> String {
        let key = resourceId + rowKeySeparator + tableName + rowKeySeparator + pk
        // A byte scan: the module sees Foundation's `contains(String)`, which goes through CFString.
        return key.utf8.contains(UInt8(ascii: ";")) ? key.replacingOccurrences(of: ";", with: rowKeySeparator) : key
    }

    /// The rows a lock key names, each once, in the order given.
    ///
    /// Parsing follows Seata's `AbstractLockManager.collectRowLocks`: tables are separated by
    /// `;`, the table name ends at the first `:`, primary keys are separated by `,`, blank keys
    /// are skipped, and a table part without `:` or without keys ends the parse (the rows before
    /// it are kept).
    public static func rows(
        of lockKey: String,
        resourceId: String,
        xid: String,
        transactionId: Int64,
        branchId: Int64
    ) -> [RowLock] {
        var rows: [RowLock] = []
        var seen: Set<String> = []
        // Parsed as bytes: `;`, `:` and `,` are ASCII, so they never occur inside another
        // character's UTF-8 bytes, and splitting by Character (grapheme breaking) cost 3 % of the
        // coordinator's CPU in the AT benchmark. Only the blank check needs Unicode, and only for
        // text beyond ASCII.
        for tablePart in lockKey.utf8.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false) {
            guard let colon = tablePart.firstIndex(of: UInt8(ascii: ":")) else { break }
            let table = String(Substring(tablePart[..<colon]))
            let keys = tablePart[tablePart.index(after: colon)...]
            if isBlank(keys) { break }
            for pk in keys.split(separator: UInt8(ascii: ",")) where !isBlank(pk) {
                let row = RowLock(
                    xid: xid,
                    transactionId: transactionId,
                    branchId: branchId,
                    resourceId: resourceId,
                    tableName: table,
                    pk: String(Substring(pk))
                )
                if seen.insert(row.rowKey).inserted { rows.append(row) }
            }
        }
        return rows
    }

    /// Whether `bytes` are all whitespace (Seata skips blank keys).
    private static func isBlank(_ bytes: Substring.UTF8View) -> Bool {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            return bytes.allSatisfy { $0 == 0x20 || (0x09...0x0D).contains($0) }
        }
        return Substring(bytes).allSatisfy(\.isWhitespace)
    }

    /// The lock key for `rows` (grouped by table, in first-seen order): how a branch's lock key
    /// is rebuilt from `lock_table`, which is all the db schema keeps of it.
    public static func lockKey(of rows: [RowLock]) -> String {
        var order: [String] = []
        var keys: [String: [String]] = [:]
        for row in rows {
            if keys[row.tableName] == nil { order.append(row.tableName) }
            keys[row.tableName, default: []].append(row.pk)
        }
        return order.map { "\($0):\(keys[$0]!.joined(separator: ","))" }.joined(separator: ";")
    }
}
