/// A fixed list of coordinators, as Seata's file registry reads it from
/// `service.<cluster>.grouplist` (`host:port;host:port`).
public struct StaticCoordinators: CoordinatorDiscovery, Sendable, Hashable {
    /// The coordinators.
    public var addresses: [CoordinatorAddress]

    /// A list of addresses.
    public init(_ addresses: [CoordinatorAddress]) {
        self.addresses = addresses
    }

    /// Parses a grouplist: addresses separated by `;` (Seata's separator) or `,`.
    ///
    /// - Throws: ``SeataClientError/Code/invalidAddress`` for an empty list or a malformed entry.
    public init(grouplist: String) throws {
        var addresses: [CoordinatorAddress] = []
        for entry in grouplist.split(whereSeparator: { $0 == ";" || $0 == "," }) where !entry.trimmingSpaces.isEmpty {
            addresses.append(try CoordinatorAddress(parsing: String(entry)))
        }
        guard !addresses.isEmpty else {
            throw SeataClientError(
                .invalidAddress,
                message: "the grouplist '\(grouplist)' names no coordinator: write host:port;host:port"
            )
        }
        self.init(addresses)
    }

    /// Resolves a transaction service group as Seata's file registry does:
    /// `service.vgroupMapping.<group>` names a cluster, and `service.<cluster>.grouplist` lists
    /// its coordinators.
    ///
    /// - Parameters:
    ///   - properties: client configuration keys and values (a parsed `file.conf` or config center).
    ///   - transactionServiceGroup: the group, e.g. `default_tx_group`.
    /// - Throws: ``SeataClientError/Code/invalidAddress`` naming the missing or malformed key.
    public init(properties: [String: String], transactionServiceGroup: String) throws {
        let mappingKey = "service.vgroupMapping.\(transactionServiceGroup)"
        guard let cluster = properties[mappingKey].map({ String($0.trimmingSpaces) }), !cluster.isEmpty else {
            throw SeataClientError(
                .invalidAddress,
                message:
                    "\(mappingKey) is not set: map the group to a cluster, for example \(mappingKey)=default"
            )
        }
        let listKey = "service.\(cluster).grouplist"
        guard let grouplist = properties[listKey] else {
            throw SeataClientError(
                .invalidAddress,
                message: "\(listKey) is not set (\(mappingKey)=\(cluster)): list the coordinators, for example "
                    + "\(listKey)=127.0.0.1:8091"
            )
        }
        do {
            try self.init(grouplist: grouplist)
        } catch var error as SeataClientError {
            error.message = "\(listKey): " + error.message
            throw error
        }
    }

    /// The list, once; then the stream finishes.
    public func coordinators() -> AsyncStream<[CoordinatorAddress]> {
        let addresses = addresses
        return AsyncStream { continuation in
            continuation.yield(addresses)
            continuation.finish()
        }
    }

    /// `grouplist host:port;host:port`.
    public var description: String {
        "grouplist " + addresses.map(\.description).joined(separator: ";")
    }
}
