// swift-tools-version: 6.2

import PackageDescription

let strict: [SwiftSetting] = [
    // swift-configuration 1.4.0 is built with this feature; providers we write must match it.
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "zookeeper-config-center",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ZooKeeper", targets: ["ZooKeeper"]),
        .library(name: "ConfigCenter", targets: ["ConfigCenter"]),
        .library(name: "Coordinator", targets: ["Coordinator"]),
        .library(name: "SeataProtocol", targets: ["SeataProtocol"]),
        .library(name: "TransactionCore", targets: ["TransactionCore"]),
        .library(name: "FileStore", targets: ["FileStore"]),
        .library(name: "SeataClient", targets: ["SeataClient"]),
        .library(name: "SeataClientZooKeeper", targets: ["SeataClientZooKeeper"]),
        .library(name: "DatabaseStore", targets: ["DatabaseStore"]),
        .executable(name: "zkconfig", targets: ["zkconfig"]),
        .executable(name: "coordinator", targets: ["coordinator"]),
        .executable(name: "tcc-sample", targets: ["tcc-sample"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Seata's application.yml as a bootstrap file.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
    ],
    targets: [
        // The ZooKeeper C client (Debian: libzookeeper-mt-dev). Debian ships no pkg-config file.
        .systemLibrary(
            name: "CZooKeeper",
            providers: [.apt(["libzookeeper-mt-dev"])]
        ),
        .target(
            name: "ZooKeeper",
            dependencies: [
                "CZooKeeper",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ConfigCenter",
            dependencies: [
                "ZooKeeper",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict,
            // Config/schema.json compiled in: the default schema travels inside every binary.
            plugins: [.plugin(name: "EmbedSchema")]
        ),
        // Seata's RPC protocol v1 and its `seata` codec: frames, messages, wire constants.
        // Knows nothing of sockets, sessions or configuration.
        .target(
            name: "SeataProtocol",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio")
            ],
            swiftSettings: strict
        ),
        // Tasks that run on a SwiftNIO event loop (the transport's connections, the database
        // store's PostgreSQL connections), so their channel work stays on one thread; and the
        // loops made Swift's global executor (coordinator, benchmark client).
        .target(
            name: "EventLoopExecutor",
            dependencies: [
                "CConcurrencyHook",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // The transaction coordinator's core: sessions, status machines, row locks, phase
        // two, recovery jobs, and the store protocol. Never sees bytes or sockets.
        .target(
            name: "TransactionCore",
            dependencies: [
                "SeataProtocol",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // A Swift TM/RM client for Seata's protocol: connections to every coordinator, routing by
        // xid, registration, heartbeats, reconnects, TC→RM phase-two handlers, TCC helpers.
        .target(
            name: "SeataClient",
            dependencies: [
                "SeataProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // SeataClient's discovery through Seata's ZooKeeper registry (its own target, so the client
        // itself needs no C library).
        .target(
            name: "SeataClientZooKeeper",
            dependencies: ["SeataClient", "ZooKeeper"],
            swiftSettings: strict
        ),
        // store.mode=file: the session store as an embedded SQLite database (WAL).
        .target(
            name: "FileStore",
            dependencies: [
                "TransactionCore",
                "SeataProtocol",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The writer binds its prepared statements through SQLite's C API (Debian's libsqlite3).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // store.mode=db: the session store in PostgreSQL, shared by several coordinators.
        .target(
            name: "DatabaseStore",
            dependencies: [
                "TransactionCore",
                "SeataProtocol",
                "EventLoopExecutor",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                // sslmode's certificate checks are NIOSSL settings.
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Coordinator",
            dependencies: [
                "ConfigCenter",
                "ZooKeeper",
                "CommandLineContract",
                "SeataProtocol",
                "TransactionCore",
                "FileStore",
                "DatabaseStore",
                "EventLoopExecutor",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Yams", package: "Yams"),
                // The console's login tokens: HS256 JWTs signed with seata.security.secretKey.
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            swiftSettings: strict,
            // Console/ (the operators' web page and its OpenAPI description) compiled in.
            plugins: [.plugin(name: "EmbedConsole")]
        ),
        .executableTarget(
            name: "zkconfig",
            dependencies: [
                "ConfigCenter",
                "ZooKeeper",
                "CommandLineContract",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "coordinator",
            dependencies: [
                "Coordinator",
                "EventLoopExecutor",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // The address of Swift's global-executor hook, for binaries linked with the runtime
        // static (where SwiftNIO's `dlsym` cannot find it).
        .target(name: "CConcurrencyHook"),
        // What both executables promise to scripts: the exit codes and the version.
        .target(
            name: "CommandLineContract",
            swiftSettings: strict
        ),
        // Generates the embedded copy of Config/schema.json at build time (see Plugins/EmbedSchema).
        .plugin(
            name: "EmbedSchema",
            capability: .buildTool(),
            exclude: ["embed-schema.sh"]
        ),
        // Generates the embedded copy of Console/ at build time (see Plugins/EmbedConsole).
        .plugin(
            name: "EmbedConsole",
            capability: .buildTool(),
            exclude: ["embed-console.sh"]
        ),

        // A sample TCC service on the Swift client: one transaction committed, one rolled back.
        .executableTarget(
            name: "tcc-sample",
            dependencies: [
                "SeataClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/TCCSample",
            swiftSettings: strict
        ),

        // Benchmark harness (Tools/bench/zookeeper-bench.sh builds it in release mode).
        .executableTarget(
            name: "ZooKeeperBenchmark",
            dependencies: ["ZooKeeper"],
            path: "Tools/bench/ZooKeeperBenchmark",
            swiftSettings: strict
        ),
        // Loading and propagation benchmark harness (Tools/bench/load-bench.sh, release mode).
        .executableTarget(
            name: "LoadBenchmark",
            dependencies: [
                "ConfigCenter",
                "ZooKeeper",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tools/bench/LoadBenchmark",
            swiftSettings: strict
        ),

        // The transaction core's own cost without a network (Tools/bench/core-bench.sh, release mode).
        .executableTarget(
            name: "CoreBenchmark",
            dependencies: [
                "TransactionCore",
                "FileStore",
                "SeataProtocol",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tools/bench/CoreBenchmark",
            swiftSettings: strict
        ),
        // Transaction benchmark harness (Tools/bench/tc-bench.sh, release mode): TMs and RMs on
        // SeataClient against a coordinator or the floor.
        .executableTarget(
            name: "TCBenchmark",
            dependencies: [
                "SeataClient",
                "EventLoopExecutor",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tools/bench/TCBenchmark",
            swiftSettings: strict
        ),
        // The benchmark's floor: a do-nothing NIO responder of Seata frames with the same round
        // trips per transaction as a coordinator (Tools/bench/tc-bench.sh).
        .executableTarget(
            name: "TCFloor",
            dependencies: [
                "SeataProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tools/bench/TCFloor",
            swiftSettings: strict
        ),

        // Test support: finds (or starts) the real ZooKeeper the tests use, runs the
        // project's executables. Not a product; tests only.
        .target(
            name: "ZooKeeperTestSupport",
            dependencies: ["ZooKeeper"],
            path: "Tests/ZooKeeperTestSupport",
            swiftSettings: strict
        ),
        // Test support: the real PostgreSQL the tests use (Tools/postgres.sh).
        .target(
            name: "DatabaseTestSupport",
            dependencies: ["ZooKeeperTestSupport"],
            path: "Tests/DatabaseTestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "DatabaseStoreTests",
            dependencies: [
                "DatabaseStore", "DatabaseTestSupport", "ZooKeeperTestSupport", "TransactionCore", "SeataProtocol",
            ],
            swiftSettings: strict
        ),
        // Several coordinators on one PostgreSQL, Seata's ZooKeeper registry, crashes and
        // restarts: real processes, a real database and ZooKeeper (debug pass only).
        .testTarget(
            name: "ClusterTests",
            dependencies: [
                "SeataClient",
                "SeataClientZooKeeper",
                "SeataProtocol",
                "ConfigCenter",
                "ZooKeeper",
                "ZooKeeperTestSupport",
                "DatabaseTestSupport",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ZooKeeperTests",
            dependencies: ["ZooKeeper", "ZooKeeperTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ConfigCenterTests",
            dependencies: [
                "ConfigCenter",
                "ZooKeeper",
                "ZooKeeperTestSupport",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ConfigurationTesting", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // Test data read from disk through #filePath, not bundled as resources.
            exclude: ["Corpus"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ZKConfigTests",
            dependencies: ["ConfigCenter", "ZooKeeper", "ZooKeeperTestSupport", "CommandLineContract"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SeataProtocolTests",
            dependencies: [
                "SeataProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SeataClientTests",
            dependencies: [
                "SeataClient",
                "SeataProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TransactionCoreTests",
            dependencies: [
                "TransactionCore",
                "SeataProtocol",
                "FileStore",
                // Tests read the SQLite file through a connection of their own.
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Test support for the suites that run the coordinator as a process: the harness, a
        // coordinator per test, recording RMs, the console's HTTP client. Tests only.
        .target(
            name: "CoordinatorTestSupport",
            dependencies: [
                "ConfigCenter",
                "ZooKeeper",
                "ZooKeeperTestSupport",
                "DatabaseTestSupport",
                "SeataClient",
                "SeataProtocol",
            ],
            path: "Tests/CoordinatorTestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "CoordinatorTests",
            dependencies: [
                "Coordinator",
                "EventLoopExecutor",
                "SeataProtocol",
                "SeataClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                "ConfigCenter",
                "ZooKeeper",
                "ZooKeeperTestSupport",
                "CoordinatorTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        // The operators' console: its API on a real coordinator, the actions, login, the
        // OpenAPI description, the web page in a real browser, schemathesis. Debug pass only.
        .testTarget(
            name: "ConsoleTests",
            dependencies: [
                "Coordinator",
                "TransactionCore",
                "FileStore",
                "SeataProtocol",
                "SeataClient",
                "ZooKeeperTestSupport",
                "CoordinatorTestSupport",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
    ]
)
