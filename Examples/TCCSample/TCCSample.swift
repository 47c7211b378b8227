import ArgumentParser
import Logging
import SeataClient
import Synchronization

/// A TCC service on the Swift client, end to end against a coordinator.
///
/// One transaction commits (the coordinator confirms both branches) and one rolls back (it cancels
/// both, in reverse order). Each line says what was sent or what the coordinator called.
@main
struct TCCSample: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tcc-sample",
        abstract: "Run two TCC transactions (one committed, one rolled back) against a Seata coordinator."
    )

    @Option(help: "The coordinator's transaction address, host:port.")
    var coordinator = "127.0.0.1:8091"

    @Option(help: "Seconds to wait for the coordinator's registration answers.")
    var connectTimeout = 3

    @Flag(help: "Log the client's connections and retries.")
    var verbose = false

    func run() async throws {
        let address: CoordinatorAddress
        do {
            address = try CoordinatorAddress(parsing: coordinator)
        } catch {
            throw ValidationError("--coordinator: \(error)")
        }
        var logger = Logger(label: "tcc-sample")
        logger.logLevel = verbose ? .debug : .error
        let calls = PhaseTwoCalls()
        let client = SeataClient(
            configuration: SeataClientConfiguration(
                applicationId: "tcc-sample",
                transactionServiceGroup: "default_tx_group"
            ),
            discovery: StaticCoordinators([address]),
            resources: [calls.resource("inventory"), calls.resource("payment")],
            logger: logger
        )
        do {
            try await client.start(timeout: .seconds(connectTimeout))
        } catch {
            await client.shutdown()
            print(
                """
                tcc-sample: cannot reach the coordinator at \(address): \(error)
                Start it first (./Tools/run.sh brings one up on 127.0.0.1:8091), or pass --coordinator host:port.
                """
            )
            throw ExitCode(69)
        }
        print("tcc-sample: TM and RM registered with the coordinator at \(address); TCC resources: inventory, payment")
        let outcome: Bool
        do {
            let committed = try await placeOrder(client, calls)
            let rolledBack = try await declinedOrder(client, calls)
            outcome = committed && rolledBack
        } catch {
            await client.shutdown()
            print("tcc-sample: \(error)")
            throw ExitCode(1)
        }
        await client.shutdown()
        if !outcome { throw ExitCode(1) }
    }

    /// Begin, try both branches, commit: the coordinator calls confirm on each.
    private func placeOrder(_ client: SeataClient, _ calls: PhaseTwoCalls) async throws -> Bool {
        print("\n1. An order that commits")
        let transaction = GlobalTransaction(xid: try await client.begin(name: "place-order"), client: client)
        line("begin", "xid \(transaction.xid)")
        let stock = try await tryBranch(transaction, "inventory", #"{"sku":"book-42","quantity":2}"#)
        let money = try await tryBranch(transaction, "payment", #"{"amount":"30.00 EUR"}"#)
        print("   commit: the coordinator confirms each branch")
        let status = try await client.commit(xid: transaction.xid)
        let seen = await calls.wait(for: [("confirm", stock), ("confirm", money)])
        line("end status", "\(status)")
        return report(status == .committed && seen, "expected Committed after confirm on both branches")
    }

    /// Begin, try both branches, roll back: the coordinator calls cancel on each, last first.
    private func declinedOrder(_ client: SeataClient, _ calls: PhaseTwoCalls) async throws -> Bool {
        print("\n2. An order whose payment is declined: it rolls back")
        let transaction = GlobalTransaction(xid: try await client.begin(name: "place-order"), client: client)
        line("begin", "xid \(transaction.xid)")
        let stock = try await tryBranch(transaction, "inventory", #"{"sku":"book-7","quantity":1}"#)
        let money = try await tryBranch(transaction, "payment", #"{"amount":"99.00 EUR"}"#)
        print("   payment declined → rollback: the coordinator cancels each branch, the last one first")
        let status = try await client.rollback(xid: transaction.xid)
        let seen = await calls.wait(for: [("cancel", money), ("cancel", stock)])
        line("end status", "\(status)")
        return report(
            status == .rollbacked && seen,
            "expected Rollbacked after cancel on both branches, in reverse order"
        )
    }

    private func tryBranch(_ transaction: GlobalTransaction, _ resource: String, _ data: String) async throws -> Int64 {
        try await transaction.tcc(resourceId: resource, applicationData: data) { branch in
            line("try \(resource)", "branch \(branch.branchId) registered, \(data)")
            return branch.branchId
        }
    }

    private func report(_ ok: Bool, _ expectation: String) -> Bool {
        if !ok { print("   tcc-sample: \(expectation)") }
        return ok
    }
}

/// One line of the sample's output: what, then the details, in columns.
func line(_ what: String, _ detail: String, indent: Int = 3) {
    let width = 23 - indent
    let padded = what.count < width ? what + String(repeating: " ", count: width - what.count) : what + " "
    print(String(repeating: " ", count: indent) + padded + detail)
}

/// The confirm and cancel calls the coordinator made, printed as they come, in order.
final class PhaseTwoCalls: Sendable {
    private let calls = Mutex<[(String, Int64)]>([])

    /// A TCC resource whose confirm and cancel print and record each call.
    func resource(_ name: String) -> ResourceHandler {
        .tcc(
            resourceId: name,
            confirm: { branch in self.record("confirm", name, branch) },
            cancel: { branch in self.record("cancel", name, branch) }
        )
    }

    private func record(_ phase: String, _ name: String, _ branch: BranchEndRequest) {
        calls.withLock { calls in
            calls.append((phase, branch.branchId))
            line("\(phase) \(name)", "branch \(branch.branchId), called by the coordinator", indent: 5)
        }
    }

    /// Waits up to 5 s until these calls, in this order, are the latest ones made.
    func wait(for expected: [(String, Int64)]) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            let seen = calls.withLock { $0.suffix(expected.count).map { $0 } }
            if seen.count == expected.count, zip(seen, expected).allSatisfy({ $0 == $1 }) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        let all = calls.withLock { $0.map { "\($0.0) \($0.1)" }.joined(separator: ", ") }
        print("   the coordinator's calls so far: \(all.isEmpty ? "none" : all)")
        return false
    }
}
