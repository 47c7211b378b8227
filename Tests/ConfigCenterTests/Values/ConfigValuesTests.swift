import ConfigCenter
import Testing

@Suite struct ConfigValuesTests {
    @Test func originsDescribeWhereAValueCameFrom() {
        #expect(ConfigOrigin.file(path: "Config/config.txt", line: 12).description == "Config/config.txt:12")
        #expect(ConfigOrigin.znode(path: "/seata/store.mode").description == "znode /seata/store.mode")
        #expect(
            ConfigOrigin.znodeProperties(path: "/seata/seata.properties", line: 3).description
                == "znode /seata/seata.properties:3"
        )
        #expect(ConfigOrigin.environment(variable: "STORE_MODE").description == "environment STORE_MODE")
        #expect(ConfigOrigin.schemaDefault.description == "schema default")
        #expect(ConfigOrigin.commandLine(flag: "--store-mode").description == "command line --store-mode")
    }

    @Test func aDefaultValueKnowsItIsOne() {
        #expect(SourcedValue("file", origin: .schemaDefault).isDefault)
        #expect(!SourcedValue("file", origin: .znode(path: "/seata/store.mode")).isDefault)
    }

    @Test func iteratesSortedByKeyAndLaterMergeWins() {
        let stored = ConfigValues([
            "store.mode": SourcedValue("file", origin: .znode(path: "/seata/store.mode")),
            "a.key": SourcedValue("1", origin: .znode(path: "/seata/a.key")),
        ])
        let environment = ConfigValues([
            "store.mode": SourcedValue("db", origin: .environment(variable: "STORE_MODE"))
        ])
        let merged = stored.merging(environment)
        #expect(merged.keys == ["a.key", "store.mode"])
        #expect(merged.map(\.key) == ["a.key", "store.mode"])
        #expect(merged["store.mode"] == SourcedValue("db", origin: .environment(variable: "STORE_MODE")))
        #expect(merged.count == 2)
        #expect(merged.contains("a.key"))
        #expect(!merged.contains("b"))
    }

    @Test func keyNamesMustBeZNodeNames() {
        #expect(ConfigKeyName.validate("store.mode") == nil)
        #expect(ConfigKeyName.validate("service.vgroupMapping.default_tx_group") == nil)
        #expect(ConfigKeyName.validate("server.raft.server-addr") == nil)
        #expect(ConfigKeyName.validate("") == "is empty")
        #expect(ConfigKeyName.validate("a/b") == "contains '/', which would make it a deeper znode path")
        #expect(ConfigKeyName.validate(".") == "is '.', which ZooKeeper does not allow as a node name")
        #expect(ConfigKeyName.validate("..") == "is '..', which ZooKeeper does not allow as a node name")
        #expect(ConfigKeyName.validate(".hidden") == "starts with '.'")
        #expect(ConfigKeyName.validate("a key") == "contains whitespace (U+0020)")
        #expect(ConfigKeyName.validate("a\u{0}b") == "contains U+0000, which ZooKeeper does not allow in a node name")
        #expect(ConfigKeyName.validate("tab\tkey") == "contains whitespace (U+0009)")
        #expect(ConfigKeyName.validate("a\u{FFFE}") != nil)
        #expect(ConfigKeyName.validate("clé") == nil)
    }
}
