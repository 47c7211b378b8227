import ConfigCenter
import Foundation
import Testing

@Suite struct SchemaLocationTests {
    private let repositorySchema = TestPaths.schema.path

    @Test func anExplicitPathWins() throws {
        let path = try ConfigSchema.locate(
            explicitPath: repositorySchema,
            environment: ["ZKCONFIG_SCHEMA": "/nonexistent"],
            currentDirectory: "/",
            executablePath: nil
        )
        #expect(path == repositorySchema)
    }

    @Test func aMissingExplicitPathIsAnError() {
        #expect(throws: ConfigSchemaError.self) {
            try ConfigSchema.locate(
                explicitPath: "/nonexistent/schema.json",
                environment: [:],
                currentDirectory: "/",
                executablePath: nil
            )
        }
    }

    @Test func theEnvironmentVariableComesNext() throws {
        let path = try ConfigSchema.locate(
            explicitPath: nil,
            environment: ["ZKCONFIG_SCHEMA": repositorySchema],
            currentDirectory: "/",
            executablePath: nil
        )
        #expect(path == repositorySchema)
    }

    @Test func thenTheWorkingDirectory() throws {
        let path = try ConfigSchema.locate(
            explicitPath: nil,
            environment: [:],
            currentDirectory: TestPaths.packageRoot.path,
            executablePath: nil
        )
        #expect(path == repositorySchema)
    }

    @Test func thenTheFoldersAboveTheExecutable() throws {
        let executable = TestPaths.packageRoot.appendingPathComponent(".build/debug/zkconfig").path
        let path = try ConfigSchema.locate(
            explicitPath: nil,
            environment: [:],
            currentDirectory: "/",
            executablePath: executable
        )
        #expect(path == repositorySchema)
    }

    @Test func theRunningTestBinaryFindsTheRepositorySchema() throws {
        #expect(try ConfigSchema.locate(explicitPath: nil) == repositorySchema)
    }

    @Test func notFoundSaysWhereItLookedAndWhatToDo() {
        do {
            _ = try ConfigSchema.locate(
                explicitPath: nil,
                environment: [:],
                currentDirectory: "/nonexistent-cwd",
                executablePath: "/nonexistent-bin/zkconfig"
            )
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("/nonexistent-cwd/Config/schema.json"))
            #expect(error.description.contains("/nonexistent-bin/Config/schema.json"))
            #expect(error.description.hasSuffix("pass --schema PATH or set ZKCONFIG_SCHEMA"))
        }
    }
}
