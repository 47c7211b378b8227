import ConfigCenter
import Foundation
import Testing

@Suite struct ConfigSchemaTests {
    @Test func repositorySchemaLoads() throws {
        let schema = try Schemas.repository()
        #expect(schema.properties.count >= 125)
        #expect(schema.renamed.count == 3)
    }

    @Test func storeModeIsARequiredServerEnum() throws {
        let spec = try #require(try Schemas.repository().spec(for: "store.mode"))
        #expect(spec.type == .enumeration)
        #expect(spec.allowedValues == ["file", "db", "redis", "raft"])
        #expect(spec.required)
        #expect(spec.defaultValue == nil)
        #expect(spec.side == .server)
        #expect(spec.restartRequired)
    }

    @Test func restartRequiredSeparatesStartupKeysFromLiveOnes() throws {
        let schema = try Schemas.repository()
        for key in [
            "store.mode", "store.lock.mode", "store.session.mode", "store.file.dir", "store.db.url",
            "store.redis.single.host", "server.raft.serverAddr", "transport.heartbeat", "metrics.enabled",
        ] {
            #expect(schema.spec(for: key)?.restartRequired == true, "\(key)")
        }
        for key in [
            "server.recovery.committingRetryPeriod", "server.maxCommitRetryTimeout", "server.undo.logSaveDays",
            "log.exceptionRate",
        ] {
            #expect(schema.spec(for: key)?.restartRequired == false, "\(key)")
        }
    }

    @Test func requirementsEncodeTheEffectiveStoreModes() throws {
        let schema = try Schemas.repository()
        for mode in ["store.session.mode", "store.lock.mode"] {
            let db = try #require(schema.requirements.first { $0.description == "\(mode)=db" })
            #expect(
                db.required == [
                    "store.db.datasource", "store.db.dbType", "store.db.driverClassName", "store.db.url",
                    "store.db.user",
                ]
            )
            let conditions = ["\(mode)=redis", "store.redis.mode=sentinel"].sorted().joined(separator: " and ")
            let sentinel = try #require(schema.requirements.first { $0.description == conditions })
            #expect(sentinel.required == ["store.redis.sentinel.masterName", "store.redis.sentinel.sentinelHosts"])
        }
        let raft = try #require(schema.requirements.first { $0.description == "store.session.mode=raft" })
        #expect(raft.required == ["server.raft.serverAddr"])
        #expect(!schema.requirements.contains { $0.conditions.contains { $0.key == "store.mode" } })
    }

    @Test func driftKeysAreRenamed() throws {
        let schema = try Schemas.repository()
        #expect(schema.renamedKey("server.raft.server-addr")?.replacement == "server.raft.serverAddr")
        #expect(
            schema.renamedKey("server.recovery.asynCommittingRetryPeriod")?.replacement
                == "server.recovery.asyncCommittingRetryPeriod"
        )
        let vgroup = try #require(schema.renamedKey("store.db.vgroupTable"))
        #expect(vgroup.replacement == nil)
        #expect(schema.spec(for: "store.db.vgroupTable") == nil)
    }

    @Test func patternsCoverNamedGroupsAndClusters() throws {
        let schema = try Schemas.repository()
        #expect(
            schema.spec(for: "service.vgroupMapping.order_tx_group")?.name == "service.vgroupMapping.{txServiceGroup}"
        )
        #expect(
            schema.spec(for: "service.vgroupMapping.default_tx_group")?.name == "service.vgroupMapping.default_tx_group"
        )
        #expect(schema.spec(for: "service.shanghai.grouplist")?.type == .hostPortList)
        #expect(schema.spec(for: "service.vgroupMapping.") == nil)
        #expect(schema.spec(for: "no.such.key") == nil)
    }

    @Test func secretsAreRedacted() throws {
        let schema = try Schemas.repository()
        for key in [
            "store.db.password", "store.redis.password", "store.redis.sentinel.sentinelPassword", "store.publicKey",
        ] {
            #expect(schema.isSecret(key), "\(key)")
            #expect(schema.redact(key: key, value: "hunter2") == "<redacted>")
        }
        #expect(schema.redact(key: "store.db.password", value: "") == "")
        #expect(schema.redact(key: "store.db.user", value: "seata") == "seata")
        #expect(schema.isSecret("my.custom.apiToken"))
        #expect(!schema.isSecret("my.custom.timeout"))
    }

    @Test func defaultsCarryTheirOrigin() throws {
        let schema = try Schemas.repository()
        let defaults = schema.defaults(for: .server)
        #expect(defaults["store.file.flushDiskMode"] == SourcedValue("async", origin: .schemaDefault))
        #expect(defaults["coordinator.registry.path"]?.value == "/seata-coordinator/instances")
        #expect(defaults["client.rm.sqlParserType"] == nil)
        #expect(defaults["store.mode"] == nil)
        let applied = schema.applyingDefaults(
            to: ConfigValues(["store.file.flushDiskMode": SourcedValue("sync", origin: .znode(path: "/seata/x"))]),
            side: .server
        )
        #expect(applied["store.file.flushDiskMode"]?.value == "sync")
        #expect(applied["store.redis.mode"]?.isDefault == true)
    }

    @Test(.enabled(if: TestPaths.hasSeataFixture, "needs ../shared/fixtures/seata/config.txt"))
    func everyStockKeyIsKnownAndEveryStockValueFitsItsType() throws {
        let schema = try Schemas.repository()
        let values = try PropertiesParser.parse(TestPaths.bytes(TestPaths.seataFixture), source: "config.txt").values()
        #expect(values.count == 126)
        for (key, value) in values {
            if schema.renamedKey(key) != nil { continue }
            let spec = try #require(schema.spec(for: key), "\(key) is not in the schema")
            if value.value.isEmpty { continue }
            #expect((try? spec.parse(value.value).get()) != nil, "\(key)=\(value.value)")
        }
        let known = values.keys.filter { schema.spec(for: $0) != nil }
        let renamed = values.keys.filter { schema.renamedKey($0) != nil }
        #expect(known.count == 123)
        #expect(renamed.count == 3)
    }

    @Test func defaultConfigUsesOnlyValidKeyNames() throws {
        let document = try PropertiesParser.parse(contentsOfFile: TestPaths.defaultConfig.path)
        #expect(document.warnings.isEmpty)
        for entry in document.entries {
            #expect(ConfigKeyName.validate(entry.key) == nil, "\(entry.key)")
        }
        #expect(document.values()["store.mode"]?.value == "file")
    }
}

@Suite struct ConfigSchemaLoadingTests {
    private func error(_ json: String) -> String? {
        do {
            _ = try Schemas.fromJSON(json)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func acceptsSpringStyleTypedDefaults() throws {
        let schema = try Schemas.fromJSON(
            """
            {"properties": [
              {"name": "a.int", "type": "int", "defaultValue": 5, "sourceType": "ignored"},
              {"name": "a.bool", "type": "bool", "defaultValue": false},
              {"name": "a.text", "type": "string", "defaultValue": "x"}
            ]}
            """
        )
        #expect(schema.spec(for: "a.int")?.defaultValue == "5")
        #expect(schema.spec(for: "a.bool")?.defaultValue == "false")
        #expect(schema.spec(for: "a.int")?.side == .both)
    }

    @Test func reportsMistakesWithTheFileAndProperty() {
        #expect(
            error(#"{"properties": [{"name": "a", "type": "integer"}]}"#)?
                .hasPrefix("test-schema.json: property a: unknown type \"integer\" (known: string, int,") == true
        )
        #expect(
            error(#"{"properties": [{"name": "a", "type": "enum"}]}"#)
                == "test-schema.json: property a: type enum needs \"values\""
        )
        #expect(
            error(#"{"properties": [{"name": "a", "type": "int", "defaultValue": "x"}]}"#)
                == "test-schema.json: property a: the default value 'x' does not fit: expected an integer, got it"
        )
        #expect(
            error(#"{"properties": [{"name": "a", "type": "int"}, {"name": "a", "type": "int"}]}"#)
                == "test-schema.json: property a: listed twice"
        )
        #expect(
            error(
                #"{"properties": [{"name": "a", "type": "int"}], "requirements": [{"when": {"a": "1"}, "require": ["b"]}]}"#
            )
                == "test-schema.json: requirement when a=1: b is not a property"
        )
        #expect(
            error(
                #"{"properties": [{"name": "a", "type": "int"}], "renamed": [{"name": "old", "replacement": "new"}]}"#
            )
                == "test-schema.json: renamed old: the replacement new is not a property"
        )
        #expect(
            error(#"{"properties": [{"name": "a/b", "type": "int"}]}"#)
                == "test-schema.json: property a/b: the name contains '/', which would make it a deeper znode path"
        )
        #expect(error(#"{"properties": [{"type": "int"}]}"#) == "test-schema.json: properties[0].name is missing")
        #expect(error("{")?.hasPrefix("test-schema.json: invalid JSON") == true)
    }
}
