import FileStore
import Logging
import SeataProtocol
import Synchronization
import TransactionCore

/// A manual clock in milliseconds since 1970, shared by the coordinator under test.
final class TestClock: Sendable {
    private let now: Mutex<Int64>

    init(_ start: Int64 = 1_750_000_000_000) { now = Mutex(start) }

    var milliseconds: Int64 { now.withLock { $0 } }

    func advance(milliseconds: Int64) { now.withLock { $0 += milliseconds } }
}

/// Settings a test can change while jobs run.
final class LiveSettings: Sendable {
    private let value: Mutex<CoreSettings>

    init(_ settings: CoreSettings = CoreSettings()) { value = Mutex(settings) }

    var current: CoreSettings { value.withLock { $0 } }

    func update(_ change: (inout CoreSettings) -> Void) { value.withLock { change(&$0) } }
}

/// A coordinator core over a real file store in a temporary folder and a scripted messenger.
struct Harness {
    let folder: TemporaryDirectory
    let store: FileStore
    let messenger: FakeMessenger
    let clock: TestClock
    let settings: LiveSettings
    let coordinator: TransactionCoordinator
    /// The core's writes, when the harness was made `recording`.
    let writes: RecordingStore?

    static let tm = (applicationId: "shop", group: "default_tx_group")
    static let rm = "shop:127.0.0.1:40000"

    /// - Parameters:
    ///   - mode: The store's flush mode.
    ///   - settings: The coordinator's settings (changeable later through `settings`).
    ///   - wallClock: Use the real clock (tests of job cadence) instead of a manual one.
    ///   - folder: The store folder (a new temporary one by default).
    ///   - recording: Record the core's writes in `writes` (the console's queries are then
    ///     not served: the recorder is not a console store).
    /// - Throws: When the store cannot be opened.
    init(
        mode: FileStore.FlushDiskMode = .async,
        settings: CoreSettings = CoreSettings(),
        wallClock: Bool = false,
        folder: TemporaryDirectory? = nil,
        recording: Bool = false
    ) throws {
        let folder = try folder ?? TemporaryDirectory()
        var quiet = Logger(label: "test.store")
        quiet.logLevel = .critical
        let store = try FileStore.open(
            path: folder.path,
            options: FileStore.Options(flushDiskMode: mode),
            logger: quiet
        )
        let messenger = FakeMessenger()
        let clock = TestClock()
        let live = LiveSettings(settings)
        let now: @Sendable () -> Int64
        if wallClock {
            now = { WallClock.milliseconds() }
        } else {
            now = { clock.milliseconds }
        }
        var logger = Logger(label: "test.coordinator")
        logger.logLevel = .critical
        self.folder = folder
        self.store = store
        self.messenger = messenger
        self.clock = clock
        self.settings = live
        let writes = recording ? RecordingStore(base: store) : nil
        self.writes = writes
        self.coordinator = TransactionCoordinator(
            store: writes ?? store,
            messenger: messenger,
            host: "127.0.0.1",
            port: 8091,
            ids: IdGenerator(workerId: 1, notBefore: store.largestId),
            settings: { live.current },
            logger: logger,
            clock: now
        )
    }

    func close() async {
        await store.close()
        folder.remove()
    }

    /// A second coordinator on this harness's messenger and clock, over `store` (a test's
    /// wrapper of the harness's store), with its own worker id.
    func coordinator(over store: any SessionStore, workerId: Int) -> TransactionCoordinator {
        TransactionCoordinator(
            store: store,
            messenger: messenger,
            host: "127.0.0.1",
            port: 8091,
            ids: IdGenerator(workerId: workerId),
            clock: { [clock] in clock.milliseconds }
        )
    }

    func begin(timeout: Int = 60_000, name: String = "order") async throws -> String {
        try await coordinator.begin(
            applicationId: Self.tm.applicationId,
            transactionServiceGroup: Self.tm.group,
            name: name,
            timeout: timeout
        )
    }

    func register(
        _ xid: String,
        _ type: BranchType = .tcc,
        resource: String,
        lockKey: String = "",
        applicationData: String = ""
    ) async throws -> Int64 {
        try await coordinator.registerBranch(
            xid: xid,
            branchType: type,
            resourceId: resource,
            clientId: Self.rm,
            lockKey: lockKey,
            applicationData: applicationData
        )
    }

    func session(_ xid: String) async throws -> GlobalSession? { try await store.global(xid: xid) }
}

/// The TransactionError a call throws, or nil.
func transactionError(_ body: () async throws -> some Any) async -> TransactionError? {
    do {
        _ = try await body()
        return nil
    } catch let error as TransactionError {
        return error
    } catch {
        return TransactionError(.unknown, "\(error)")
    }
}
