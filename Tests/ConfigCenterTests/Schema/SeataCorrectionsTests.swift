import ConfigCenter
import Testing

/// The schema says what Seata's code reads (apache/incubator-seata 2.x at 0b9d7c9): each test
/// here is one correction of an earlier schema that disagreed with it.
@Suite struct SeataCorrectionsTests {
    private let schema: ConfigSchema
    private let validator: ConfigValidator

    init() throws {
        schema = try Schemas.repository()
        validator = ConfigValidator(schema: schema)
    }

    /// Problems of `key=value` beside a minimal valid file-mode configuration, validated as the server.
    private func problems(_ key: String, _ value: String, side: KeySide = .server) -> [ValidationProblem] {
        validator.validate(.lines(["store.mode": "file", key: value]), side: side).problems(for: key)
    }

    private func severities(_ key: String, _ value: String) -> [ValidationProblem.Severity] {
        problems(key, value).map(\.severity)
    }

    @Test func transportShutdownWaitDefaultsTo13SecondsAndIsTheServers() throws {
        let spec = try #require(schema.spec(for: "transport.shutdown.wait"))
        #expect(spec.defaultValue == "13")
        #expect(spec.side == .server)
    }

    @Test func transportSerializationIsAListWhoseFirstKnownEntryIsTheCodec() throws {
        let spec = try #require(schema.spec(for: "transport.serialization"))
        #expect(spec.type == .list)
        #expect(spec.defaultValue == "seata,protobuf,kryo,hessian")
        #expect(problems("transport.serialization", "seata,protobuf,kryo,hessian,jackson").isEmpty)
        #expect(spec.parse("kryo,seata") == .success(.list(["kryo", "seata"])))
        // Unknown names are skipped by Seata with a warning: a warning here too, naming the codec used.
        let fst = try #require(problems("transport.serialization", "fst,kryo").first)
        #expect(fst.severity == .warning)
        #expect(fst.kind == .unknownItem)
        #expect(fst.message.contains("'fst'"))
        #expect(fst.message.hasSuffix("uses kryo"))
        // Nothing known at all: Seata has no codec (its list is empty, get(0) throws).
        #expect(severities("transport.serialization", "fst,avro") == [.error])
        // Not trimmed: ' protobuf' is not a name Seata knows.
        let spaced = try #require(problems("transport.serialization", "seata, protobuf").first)
        #expect(spaced.severity == .warning)
        #expect(spaced.message.contains("' protobuf'"))
    }

    @Test func sevenzIsRefusedForEveryCompressorNamingTheAllowedOnes() {
        for key in ["transport.compressor", "client.undo.compress.type", "server.raft.compressor"] {
            let problem = problems(key, "sevenz", side: .both).first
            #expect(problem?.severity == .error, "\(key)")
            #expect(problem?.kind == .notAllowed, "\(key)")
            #expect(problem?.message.contains("none, gzip, zip, bzip2, lz4, deflater, zstd") == true, "\(key)")
            #expect(problems(key, "zstd", side: .both).isEmpty, "\(key)")
        }
    }

    @Test func keysSeataComparesCaseSensitivelyRefuseAnotherCase() {
        for (key, good, bad) in [
            ("store.redis.mode", "sentinel", "SENTINEL"), ("store.redis.mode", "single", "SINGLE"),
            ("store.redis.type", "pipeline", "PIPELINE"), ("store.file.flushDiskMode", "sync", "SYNC"),
            ("transport.protocol", "seata", "SEATA"), ("transport.protocol", "grpc", "gRPC"),
        ] {
            #expect(problems(key, good, side: .both).filter { $0.kind == .notAllowed }.isEmpty, "\(key)=\(good)")
            let problem = problems(key, bad, side: .both).first { $0.kind == .notAllowed }
            #expect(problem?.severity == .error, "\(key)=\(bad)")
            #expect(problem?.suggestion == "did you mean \(good)?", "\(key)=\(bad)")
            #expect(problem?.message.contains("case-sensitively") == true, "\(key)=\(bad)")
        }
        // Other enums are compared as Seata compares them, without regard to case.
        #expect(problems("store.mode", "FILE").isEmpty)
        #expect(problems("transport.compressor", "GZIP", side: .both).isEmpty)
        // And a requirement does not apply to a differently cased value.
        let upper = validator.validate(
            .lines(["store.mode": "redis", "store.redis.mode": "Sentinel"]),
            side: .server
        )
        #expect(upper.errors.map(\.key) == ["store.redis.mode"])
    }

    @Test func sizesSeataParsesWithIntegerParseIntAreIntegers() {
        for key in [
            "store.file.maxBranchSessionSize", "store.file.maxGlobalSessionSize", "store.file.fileWriteBufferCacheSize",
            "server.applicationDataLimit", "server.raft.maxAppendBufferSize",
        ] {
            #expect(schema.spec(for: key)?.type == .int, "\(key)")
            #expect(severities(key, "64k") == [.error], "\(key)")
            #expect(problems(key, "65536").isEmpty, "\(key)")
        }
    }

    @Test func undoLogSaveDaysIsAShortWhereZeroOrLessMeansSeven() {
        #expect(problems("server.undo.logSaveDays", "32767").isEmpty)
        #expect(severities("server.undo.logSaveDays", "32768") == [.error])
        #expect(problems("server.undo.logSaveDays", "0").isEmpty)
        #expect(problems("server.undo.logSaveDays", "-1").isEmpty)
    }

    @Test func whitespaceAroundAnyTypedValueIsAnErrorAsSeataNeverTrims() {
        for (key, value) in [
            ("server.maxCommitRetryTimeout", "-1 "), ("store.file.maxGlobalSessionSize", " 512"),
            ("server.rollbackRetryTimeoutUnlockEnable", "true "), ("store.mode", " file"),
            ("coordinator.shutdown.drainTimeout", "10s "), ("service.default.grouplist", "127.0.0.1:8091 "),
            ("metrics.exporterList", "prometheus "), ("store.file.dir", "file_store/data "),
            ("store.redis.single.port", " 6379"), ("store.db.url", "jdbc:mysql://h:3306/seata "),
        ] {
            let problem = problems(key, value, side: .both).first
            #expect(problem?.severity == .error, "\(key)='\(value)'")
            #expect(problem?.message.contains("whitespace around it") == true, "\(key)='\(value)'")
            #expect(problem?.suggestion == "remove the whitespace around the value", "\(key)='\(value)'")
        }
        // Inside a list, items are not trimmed either.
        #expect(severities("metrics.exporterList", "prometheus, prometheus") == [.error])
        // Free text keeps its spaces.
        #expect(problems("transport.threadFactory.bossThreadPrefix", "Netty Boss ").isEmpty)
    }

    @Test func requirementsFollowTheEffectiveSessionAndLockModes() {
        func errors(_ pairs: KeyValuePairs<String, String>) -> [String] {
            validator.validate(.lines(pairs), side: .server).errors.map(\.key)
        }
        let db = [
            "store.db.datasource", "store.db.dbType", "store.db.driverClassName", "store.db.url", "store.db.user",
        ]
        // store.mode=db, but both effective modes are file: Seata never opens the database.
        #expect(errors(["store.mode": "db", "store.session.mode": "file", "store.lock.mode": "file"]).isEmpty)
        // Either effective mode db needs it, whatever store.mode says.
        #expect(errors(["store.mode": "file", "store.session.mode": "db"]) == db)
        #expect(errors(["store.mode": "file", "store.lock.mode": "db"]) == db)
        #expect(errors(["store.mode": "db"]) == db)
        // Sentinel keys when the effective redis mode is sentinel and redis is used.
        let sentinel = ["store.redis.sentinel.masterName", "store.redis.sentinel.sentinelHosts"]
        #expect(errors(["store.mode": "file", "store.lock.mode": "redis", "store.redis.mode": "sentinel"]) == sentinel)
        #expect(errors(["store.mode": "redis", "store.lock.mode": "file", "store.session.mode": "file"]).isEmpty)
        // Raft needs the member list when the effective session mode is raft.
        #expect(errors(["store.mode": "file", "store.session.mode": "raft"]) == ["server.raft.serverAddr"])
        #expect(errors(["store.mode": "raft", "store.session.mode": "file"]).isEmpty)
        // The effective modes are what the coordinator runs with, and say where they came from.
        let loaded = ConfigLoader(schema: schema, side: .server, environment: [:])
        let effective = try? loaded.load(file: TestPaths.defaultConfig.path).effective
        #expect(effective?["store.session.mode"]?.value == "file")
        #expect(effective?["store.session.mode"]?.origin == .defaultFrom(key: "store.mode"))
        #expect(effective?["store.lock.mode"]?.isDefault == true)
    }

    @Test func separatorsAreTheOnesSeataSplitsOn() {
        #expect(severities("store.redis.sentinel.sentinelHosts", "h1:26379;h2:26379") == [.error])
        #expect(problems("store.redis.sentinel.sentinelHosts", "h1:26379,h2:26379").isEmpty)
        #expect(severities("service.default.grouplist", "h1:8091,h2:8091") == [.warning])  // a client key
        #expect(problems("service.default.grouplist", "h1:8091;h2:8091").isEmpty)
        #expect(problems("service.shanghai.grouplist", "h1:8091;h2:8091").isEmpty)
        #expect(severities("service.shanghai.grouplist", "h1:8091,h2:8091") == [.warning])
    }

    @Test func undoLogSerializationAllowsOnlyWhatSeataImplements() {
        for good in ["fastjson", "jackson", "kryo", "protostuff"] {
            #expect(problems("client.undo.logSerialization", good, side: .client).isEmpty, "\(good)")
        }
        for bad in ["fastjson2", "gson", "hessian"] {
            #expect(
                problems("client.undo.logSerialization", bad, side: .client).map(\.severity) == [.error],
                "\(bad)"
            )
        }
    }

    @Test func whoReadsTheTransportAndClientKeys() {
        #expect(schema.spec(for: "transport.protocol")?.side == .client)
        #expect(schema.spec(for: "transport.shutdown.wait")?.side == .server)
        for spec in schema.properties where spec.name.hasPrefix("client.") {
            #expect(spec.side == .client, "\(spec.name)")
        }
    }

    @Test func keysTheServerReadsThatConfigTxtLacksHaveSeatasDefaults() throws {
        let defaults = schema.applyingDefaults(to: ConfigValues(), side: .server)
        #expect(defaults["server.raft.group"]?.value == "default")
        #expect(defaults["server.retryDeadThreshold"]?.value == "130000")
        #expect(defaults["server.xaerNotaRetryTimeout"]?.value == "60000")
        #expect(defaults["server.enableCheckAuth"]?.value == "true")
        #expect(defaults["store.redis.host"]?.value == "127.0.0.1")
        #expect(defaults["store.redis.port"]?.value == "6379")
        // The legacy names are the fallbacks of the single-mode ones, as in Seata's JedisPooledFactory.
        #expect(defaults["store.redis.single.host"]?.value == "127.0.0.1")
        let legacy = schema.applyingDefaults(
            to: ConfigValues(["store.redis.host": SourcedValue("redis.internal", origin: .znode(path: "/seata/x"))]),
            side: .server
        )
        #expect(legacy["store.redis.single.host"]?.value == "redis.internal")
        #expect(legacy["store.redis.single.host"]?.origin == .defaultFrom(key: "store.redis.host"))
    }

    @Test func keysWithNoEffectInSeataAreWarnedUnlessSetAsTheStockFileSetsThem() {
        for (key, changed) in [
            ("server.raft.serialization", "kryo"), ("transport.threadFactory.shareBossWorker", "true"),
            ("client.tm.interceptorOrder", "100"), ("client.rm.tccActionInterceptorOrder", "100"),
            ("tcc.fence.logTableName", "fence"), ("tcc.fence.cleanPeriod", "2h"),
        ] {
            let warned = problems(key, changed, side: .both)
            #expect(warned.map(\.severity) == [.warning], "\(key)")
            #expect(warned.first?.kind == .noEffect)
            #expect(warned.first?.message.hasPrefix("no effect in Seata") == true, "\(key)")
            let stock = schema.spec(for: key)?.defaultValue ?? ""
            #expect(problems(key, stock, side: .both).map(\.severity) == [.note], "\(key)=\(stock)")
        }
    }

    @Test func descriptionsSayWhichKeysSeataReadsOnlyAtStartup() throws {
        for key in [
            "server.recovery.committingRetryPeriod", "server.recovery.asyncCommittingRetryPeriod",
            "server.recovery.rollbackingRetryPeriod", "server.recovery.timeoutRetryPeriod",
            "server.maxCommitRetryTimeout", "server.maxRollbackRetryTimeout", "server.xaerNotaRetryTimeout",
            "server.undo.logDeletePeriod", "server.applicationDataLimit", "server.applicationDataLimitCheck",
        ] {
            let spec = try #require(schema.spec(for: key), "\(key)")
            #expect(spec.description.contains("Seata reads it once, at startup"), "\(key)")
            // This coordinator applies them live; the schema says so with restartRequired.
            #expect(!spec.restartRequired, "\(key)")
        }
    }

    @Test func theFormatDocumentNoLongerClaimsSeataIgnoresCase() throws {
        let document = String(
            decoding: try TestPaths.bytes(TestPaths.packageRoot.appendingPathComponent("Config/SCHEMA.md")),
            as: UTF8.self
        )
        #expect(!document.contains("Compared without regard to case, as Seata does."))
        #expect(document.contains("caseSensitive"))
    }
}
