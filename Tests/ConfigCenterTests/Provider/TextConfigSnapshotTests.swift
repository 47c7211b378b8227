import ConfigCenter
import Configuration
import Testing

/// Text to typed values, as the providers convert them.
@Suite struct TextConfigSnapshotTests {
    let snapshot = TextConfigSnapshot(
        providerName: "test",
        entries: [
            "flag.yes": .init(text: "YES", isSecret: false),
            "flag.zero": .init(text: "0", isSecret: false),
            "hosts": .init(text: "a:1, b:2 ,c:3", isSecret: false),
            "ports": .init(text: "1, 2,3", isSecret: false),
            "port": .init(text: "8091", isSecret: false),
            "ratio": .init(text: "0.5", isSecret: false),
            "store.db.password": .init(text: "hunter2", isSecret: true),
        ]
    )

    @Test func textIsReadAsTheTypeAskedFor() throws {
        #expect(try snapshot.value(forKey: ["flag", "yes"], type: .bool).value?.content == .bool(true))
        #expect(try snapshot.value(forKey: ["flag", "zero"], type: .bool).value?.content == .bool(false))
        #expect(
            try snapshot.value(forKey: ["hosts"], type: .stringArray).value?.content
                == .stringArray(["a:1", "b:2", "c:3"])
        )
        #expect(try snapshot.value(forKey: ["ports"], type: .intArray).value?.content == .intArray([1, 2, 3]))
        #expect(try snapshot.value(forKey: ["port"], type: .int).value?.content == .int(8091))
        #expect(try snapshot.value(forKey: ["port"], type: .string).value?.content == .string("8091"))
        #expect(try snapshot.value(forKey: ["ratio"], type: .double).value?.content == .double(0.5))
        #expect(try snapshot.value(forKey: ["missing"], type: .int).value == nil)
        #expect(try snapshot.value(forKey: ["port"], type: .int).encodedKey == "port")
    }

    @Test func aValueOfAnotherTypeThrowsWithoutShowingIt() throws {
        let error = #expect(throws: ZooKeeperProviderError.self) {
            try snapshot.value(forKey: ["store", "db", "password"], type: .int)
        }
        #expect(error == ZooKeeperProviderError(key: "store.db.password", type: .int))
        #expect(error?.description.contains("hunter2") == false)
        #expect(throws: ZooKeeperProviderError.self) { try snapshot.value(forKey: ["hosts"], type: .intArray) }
    }

    @Test func secretsStayMarked() throws {
        let value = try #require(try snapshot.value(forKey: ["store", "db", "password"], type: .string).value)
        #expect(value.isSecret)
        #expect(!value.description.contains("hunter2"))
    }
}
