import ConfigCenter
import Foundation
import Testing

/// The schema compiled into the binaries, and the files that override it.
@Suite struct BuiltInSchemaTests {
    private let repositorySchema = TestPaths.schema.path

    @Test func theBuiltInSchemaIsConfigSchemaJSONAsBuilt() throws {
        let builtIn = try ConfigSchema.builtIn()
        let file = try ConfigSchema.load(from: repositorySchema)
        #expect(builtIn.source == "built-in")
        #expect(builtIn.properties == file.properties)
        #expect(builtIn.requirements == file.requirements)
        #expect(builtIn.renamed == file.renamed)
        #expect(builtIn.version == file.version)
        #expect(builtIn.version != nil)
    }

    @Test func withoutAPathOrVariableTheBuiltInSchemaIsUsed() throws {
        // No file is looked for: not in the working directory, not beside the executable.
        let schema = try ConfigSchema.load(explicitPath: nil, environment: ["ZKCONFIG_SCHEMA": ""])
        #expect(schema.source == "built-in")
        #expect(schema.spec(for: "store.mode") != nil)
    }

    @Test func anExplicitPathWinsOverTheEnvironment() throws {
        let schema = try ConfigSchema.load(
            explicitPath: repositorySchema,
            environment: ["ZKCONFIG_SCHEMA": "/nonexistent"]
        )
        #expect(schema.source == repositorySchema)
    }

    @Test func theEnvironmentVariableOverridesTheBuiltInSchema() throws {
        let schema = try ConfigSchema.load(explicitPath: nil, environment: ["ZKCONFIG_SCHEMA": repositorySchema])
        #expect(schema.source == repositorySchema)
        #expect(schema.versionLine.hasSuffix("from \(repositorySchema)"))
    }

    @Test func aMissingFileIsAnErrorNotAFallBack() {
        for (explicit, environment) in [
            ("/nonexistent/schema.json", [:]), (nil, ["ZKCONFIG_SCHEMA": "/nonexistent/x.json"]),
        ] {
            do {
                _ = try ConfigSchema.load(explicitPath: explicit, environment: environment)
                Issue.record("expected an error for \(String(describing: explicit)) \(environment)")
            } catch {
                #expect(error.description.contains("/nonexistent/"))
                #expect(error.description.contains("no schema file there"))
            }
        }
    }

    @Test func theVersionLineSaysWhatTheSchemaDescribes() throws {
        let line = try ConfigSchema.builtIn().versionLine
        #expect(line.hasPrefix("schema 2 (Apache Seata 2.x"), "\(line)")
        #expect(line.contains("0b9d7c9"))
        #expect(line.hasSuffix(", built-in"))
    }
}
