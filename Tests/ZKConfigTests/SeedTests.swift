import Foundation
import Testing
import ZooKeeper
import ZooKeeperTestSupport

extension EndToEnd {
    /// `zkconfig seed` against the real server, read back by an independent client (kazoo).
    @Suite struct SeedTests {
        @Test(.enabled(if: Fixtures.hasSeata, "needs ../shared/fixtures/seata/config.txt"))
        func seataFixtureIsWrittenByteExact() async throws {
            let root = TestEnvironment.uniqueRoot("seed-seata")
            let result = try await CLI.run(["seed", "--from", Fixtures.seata], root: root)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("126 created"))
            let expected = try Fixtures.values(ofPropertiesFile: Fixtures.seata)
            #expect(expected.count == 126)
            let tree = try #require(try await Kazoo.read(root))
            #expect(tree.children.count == 126)
            for (key, value) in expected {
                #expect(tree.children[key]?.bytes == Array(value.utf8), "\(key)")
            }
            // The values Seata's own script mangles or cannot write at all.
            #expect(tree.children["server.maxCommitRetryTimeout"]?.text == "-1")
            #expect(tree.children["store.db.url"]?.text.contains("&") == true)
            #expect(tree.children["store.db.url"]?.text.contains("=") == true)
            #expect(tree.children["store.publicKey"]?.bytes == [])
            try await cleanUp(root)
        }

        @Test func awkwardValuesAreWrittenByteExact() async throws {
            let root = TestEnvironment.uniqueRoot("seed-awkward")
            let values: KeyValuePairs<String, String> = [
                "dash": "-Xmx512m -Dfoo=bar",
                "spaces": "a b  c",
                "leading": " two leading spaces kept",
                "query": "jdbc:mysql://127.0.0.1:3306/seata?rewriteBatchedStatements=true&useSSL=false",
                "unicode": "中文 ü € 🙂",
                "empty": "",
                "newline": "line1\nline2",
            ]
            let text = values.map { "\($0.key)=" + escape($0.value) }.joined(separator: "\n") + "\n"
            let file = try Fixtures.write(text)
            let result = try await CLI.run(["seed", "--from", file], root: root)
            #expect(result.status == 0, "\(result.stderr)")
            let tree = try #require(try await Kazoo.read(root))
            #expect(tree.children.count == values.count)
            for (key, value) in values {
                #expect(tree.children[key]?.bytes == Array(value.utf8), "\(key)")
            }
            try await cleanUp(root)
        }

        @Test(.enabled(if: Fixtures.hasSeata, "needs ../shared/fixtures/seata/config.txt"))
        func secondSeedChangesNothing() async throws {
            let root = TestEnvironment.uniqueRoot("seed-twice")
            #expect(try await CLI.run(["seed", "--from", Fixtures.seata], root: root).status == 0)
            let before = try await Kazoo.read(root)
            let second = try await CLI.run(["seed", "--from", Fixtures.seata], root: root)
            #expect(second.status == 0)
            #expect(second.stdout.isEmpty)
            #expect(second.stderr.contains("no changes"))
            let after = try await Kazoo.read(root)
            #expect(after == before)  // data, versions and mzxids alike
            try await cleanUp(root)
        }

        @Test func valueSetByHandSurvivesASeedWithoutOverwrite() async throws {
            let root = TestEnvironment.uniqueRoot("seed-hand")
            let file = try Fixtures.write("store.mode=file\nstore.file.dir=file_store/data\n")
            #expect(try await CLI.run(["seed", "--from", file], root: root).status == 0)
            let client = try await TestEnvironment.connect()
            try await client.set(root + "/store.mode", data: Array("db".utf8))

            let kept = try await CLI.run(["seed", "--from", file], root: root)
            #expect(kept.status == 0)
            #expect(kept.stdout == "keep store.mode=db (input has file; --overwrite replaces it)\n")
            #expect(try await client.get(root + "/store.mode").string == "db")

            let overwritten = try await CLI.run(["seed", "--from", file, "--overwrite"], root: root)
            #expect(overwritten.status == 0)
            #expect(overwritten.stdout == "update store.mode=file (was db)\n")
            #expect(try await client.get(root + "/store.mode").string == "file")
            await client.close()
            try await cleanUp(root)
        }

        @Test func dryRunWritesNothing() async throws {
            let root = TestEnvironment.uniqueRoot("seed-dry") + "/nested/seata"
            let file = try Fixtures.write("a=1\nb=2\n")
            let result = try await CLI.run(["seed", "--from", file, "--dry-run"], root: root)
            #expect(result.status == 0)
            #expect(result.stdout == "create a=1\ncreate b=2\n")
            #expect(result.stderr.contains("nothing written"))
            #expect(try await Kazoo.read(root) == nil)

            let json = try await CLI.run(["seed", "--from", file, "--dry-run", "--format", "json"], root: root)
            let plan = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            #expect(plan?["applied"] as? Bool == false)
            #expect(plan?["dryRun"] as? Bool == true)
            #expect((plan?["summary"] as? [String: Int])?["create"] == 2)
            #expect(try await Kazoo.read(root) == nil)
        }

        @Test func rootAndParentsAreCreated() async throws {
            let top = TestEnvironment.uniqueRoot("seed-parents")
            let root = top + "/a/b/seata"
            let file = try Fixtures.write("k=v\n")
            let result = try await CLI.run(["seed", "--from", file], root: root)
            #expect(result.status == 0)
            #expect(try await Kazoo.read(root)?.children["k"]?.text == "v")
            try await cleanUp(top)
        }

        @Test func pruneRemovesOnlyExtras() async throws {
            let root = TestEnvironment.uniqueRoot("seed-prune")
            let file = try Fixtures.write("a=1\nb=2\n")
            #expect(try await CLI.run(["seed", "--from", file], root: root).status == 0)
            let client = try await TestEnvironment.connect()
            try await client.create(root + "/extra", data: Array("x".utf8))
            try await client.create(root + "/extra2", data: [])
            await client.close()
            let before = try #require(try await Kazoo.read(root))

            let withoutPrune = try await CLI.run(["seed", "--from", file], root: root)
            #expect(withoutPrune.status == 0)
            #expect(try await Kazoo.read(root) == before)

            let pruned = try await CLI.run(["seed", "--from", file, "--prune"], root: root)
            #expect(pruned.status == 0)
            #expect(pruned.stdout == "delete extra (was x)\ndelete extra2 (was )\n")
            let after = try #require(try await Kazoo.read(root))
            #expect(Set(after.children.keys) == ["a", "b"])
            #expect(after.children["a"] == before.children["a"])
            #expect(after.children["b"] == before.children["b"])
            try await cleanUp(root)
        }

        @Test(.enabled(if: Fixtures.hasSeata, "needs ../shared/fixtures/seata/config.txt"))
        func singleNodeLayoutHoldsTheWholeFile() async throws {
            let top = TestEnvironment.uniqueRoot("seed-node")
            let node = top + "/seata.properties"
            let first = try await CLI.run(["seed", "--from", Fixtures.seata, "--layout", "node:\(node)"])
            #expect(first.status == 0, "\(first.stderr)")
            let stored = try #require(try await Kazoo.read(node))
            var written: [String: String] = [:]
            for entry in try PropertiesFile.entries(stored.node.text) { written[entry.key] = entry.value }
            #expect(written == (try Fixtures.values(ofPropertiesFile: Fixtures.seata)))

            let second = try await CLI.run(["seed", "--from", Fixtures.seata, "--layout", "node:\(node)"])
            #expect(second.status == 0)
            #expect(second.stderr.contains("no changes"))
            #expect(try await Kazoo.read(node) == stored)

            let get = try await CLI.run(["get", "server.maxCommitRetryTimeout", "--layout", "node:\(node)"])
            #expect(get.stdout == "-1\n")
            try await cleanUp(top)
        }

        @Test func planLargerThanOneRequestIsAppliedInOrderedMultisAndConverges() async throws {
            let root = TestEnvironment.uniqueRoot("seed-large")
            let text = (0..<12_000).map { "service.vgroupMapping.tx-group-\($0)=cluster-\($0 % 7)\n" }.joined()
            let file = try Fixtures.write(text)
            let dryRun = try await CLI.run(["seed", "--from", file, "--dry-run"], root: root)
            #expect(dryRun.status == 0, "\(dryRun.stderr)")
            #expect(
                dryRun.stderr.contains(
                    "the plan is larger than one request (jute.maxbuffer), so it would be applied as 2 multis, "
                        + "each atomic but not all of them together"
                ),
                "\(dryRun.stderr)"
            )
            let first = try await CLI.run(["seed", "--from", file], root: root)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stderr.contains("12000 created; 2 multis of 12001 operations in all, each atomic"))
            let client = try await TestEnvironment.connect()
            #expect(try await client.children(root).count == 12_000)
            #expect(try await client.get(root + "/service.vgroupMapping.tx-group-11999").string == "cluster-1")
            await client.close()
            let second = try await CLI.run(["seed", "--from", file], root: root)
            #expect(second.status == 0)
            #expect(second.stderr.contains("no changes"))
            try await cleanUp(root)
        }

        @Test(.enabled(if: Fixtures.hasSeata, "needs ../shared/fixtures/seata/config.txt"))
        func exportRoundTripsThroughSeed() async throws {
            let source = TestEnvironment.uniqueRoot("export-src")
            #expect(try await CLI.run(["seed", "--from", Fixtures.seata], root: source).status == 0)
            let client = try await TestEnvironment.connect()
            try await client.set(source + "/store.db.password", data: Array("s3cret-pw".utf8))
            await client.close()
            let original = try #require(try await Kazoo.read(source))

            for format in ["properties", "json"] {
                let export = try await CLI.run(["export", "--format", format, "--include-secrets"], root: source)
                #expect(export.status == 0)
                let file = try Fixtures.write(export.stdout, name: format == "json" ? "export.json" : "export.txt")
                let copy = TestEnvironment.uniqueRoot("export-dst")
                let seeded = try await CLI.run(["seed", "--from", file], root: copy)
                #expect(seeded.status == 0, "\(seeded.stderr)")
                let tree = try #require(try await Kazoo.read(copy))
                #expect(tree.children.mapValues(\.hex) == original.children.mapValues(\.hex))
                try await cleanUp(copy)
            }

            // Without --include-secrets the placeholder is never written.
            let redacted = try await CLI.run(["export"], root: source)
            #expect(!redacted.stdout.contains("s3cret-pw"))
            let file = try Fixtures.write(redacted.stdout)
            let copy = TestEnvironment.uniqueRoot("export-redacted")
            let seeded = try await CLI.run(["seed", "--from", file], root: copy)
            #expect(seeded.status == 0)
            #expect(seeded.stdout.contains("skip store.db.password"))
            #expect(try await Kazoo.read(copy)?.children["store.db.password"] == nil)
            try await cleanUp(copy)
            try await cleanUp(source)
        }

        @Test func aMissingChrootIsNamedWithHowToCreateItAndExits78() async throws {
            let connect = try TestEnvironment.sharedConnectString()
            let chroot = TestEnvironment.uniqueRoot("chroot")
            let file = try Fixtures.write("store.mode=file\n")
            let zkconfig = ProcessRunner.executable("zkconfig")
            let seed = try await ProcessRunner.run(
                zkconfig,
                ["--connect", connect + chroot, "--root", "/seata", "seed", "--from", file],
                environment: ["ZK_AUTH": nil]
            )
            #expect(seed.status == 78, "\(seed.stderr)")
            #expect(
                seed.stderr.contains("the chroot \(chroot) of the connect string \(connect)\(chroot) does not exist")
            )
            #expect(seed.stderr.contains("zkCli.sh -server \(connect) create \(chroot)"))
            #expect(seed.stderr.contains("zkconfig --connect \(connect) --root \(chroot)/seata seed --from FILE"))
            #expect(!seed.stderr.contains("run the seed again"))
            #expect(seed.elapsed < .seconds(10), "no retries")
            let set = try await ProcessRunner.run(
                zkconfig,
                ["--connect", connect + chroot, "set", "store.mode", "file"],
                environment: ["ZK_AUTH": nil]
            )
            #expect(set.status == 78, "\(set.stderr)")

            // Created through the servers without the chroot, as the message says, it works.
            let created = try await CLI.run(["seed", "--from", file], root: chroot + "/seata")
            #expect(created.status == 0)
            let again = try await ProcessRunner.run(
                zkconfig,
                ["--connect", connect + chroot, "--root", "/seata", "validate"],
                environment: ["ZK_AUTH": nil]
            )
            #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
            try await cleanUp(chroot)
        }

        @Test func anInputWithoutKeysIsRefusedUnlessAllowed() async throws {
            let root = TestEnvironment.uniqueRoot("seed-empty")
            #expect(try await CLI.run(["set", "store.mode", "file"], root: root).status == 0)
            let empty = try Fixtures.write("# only a comment\n")
            let refused = try await CLI.run(["seed", "--from", empty, "--prune"], root: root)
            #expect(refused.status == 65)
            #expect(refused.stderr.contains("warning: 0 keys in \(empty)"))
            #expect(refused.stderr.contains("--allow-empty"))
            #expect(try await Kazoo.read(root)?.children["store.mode"] != nil, "nothing pruned")
            #expect(try await CLI.run(["diff", "--from", empty], root: root).status == 65)
            let allowed = try await CLI.run(["seed", "--from", empty, "--allow-empty"], root: root)
            #expect(allowed.status == 0, "\(allowed.stderr)")
            #expect(allowed.stderr.contains("warning: 0 keys in \(empty)"))
            try await cleanUp(root)
        }

        @Test func inputFileMistakesSayWhereTheyAre() async throws {
            let root = TestEnvironment.uniqueRoot("seed-inputs")
            let directory = NSTemporaryDirectory() + "zkconfig-dir-" + UUID().uuidString.prefix(8)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let folder = try await CLI.run(["seed", "--from", directory], root: root)
            #expect(folder.status == 65)
            #expect(folder.stderr.contains("\(directory): is a directory"), "\(folder.stderr)")

            let broken = try Fixtures.write("{\n  \"store.mode\": \"file\",\n  \"b\" \"x\"\n}\n", name: "broken.json")
            let syntax = try await CLI.run(["seed", "--from", broken], root: root)
            #expect(syntax.status == 65)
            #expect(
                syntax.stderr.contains("\(broken):3:7: not valid JSON: expected ':' after the key"),
                "\(syntax.stderr)"
            )

            let twice = try Fixtures.write("{\"store.mode\": \"db\",\n \"store.mode\": \"file\"}\n", name: "twice.json")
            let duplicate = try await CLI.run(["seed", "--from", twice], root: root)
            #expect(duplicate.status == 0, "\(duplicate.stderr)")
            #expect(
                duplicate.stderr.contains(
                    "\(twice):2: warning: duplicate key 'store.mode' (also set on line 1); the value on line 2 wins"
                ),
                "\(duplicate.stderr)"
            )
            #expect(try await Kazoo.read(root)?.children["store.mode"]?.text == "file")

            // A read command says nothing about writing.
            let diff = try await CLI.run(["diff", "--from", broken], root: root)
            #expect(diff.status == 65)
            #expect(!diff.stderr.contains("written"), "\(diff.stderr)")
            try await cleanUp(root)
        }

        private func escape(_ value: String) -> String {
            var out = value.replacingOccurrences(of: "\n", with: "\\n")
            if out.hasPrefix(" ") { out = "\\" + out }
            return out
        }
    }
}

/// Deletes a test's root.
func cleanUp(_ root: String) async throws {
    let client = try await TestEnvironment.connect()
    _ = try? await client.deleteRecursively(root)
    await client.close()
}
