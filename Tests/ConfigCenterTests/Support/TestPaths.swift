import Foundation

/// Paths the tests read, computed from this file's location so they work from any working directory.
enum TestPaths {
    /// The package root (the folder holding Package.swift).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // ConfigCenterTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// Seata's stock config.txt in the shared fixtures beside the repository (absent in some clones).
    static let seataFixture = packageRoot.appendingPathComponent("../shared/fixtures/seata/config.txt").standardized

    /// Whether the Seata fixture is there; tests that need it are skipped when it is not.
    static var hasSeataFixture: Bool { FileManager.default.fileExists(atPath: seataFixture.path) }

    /// The committed properties corpus and its expected outputs.
    static let propertiesCorpus = packageRoot.appendingPathComponent("Tests/ConfigCenterTests/Corpus/properties")

    /// The repository's schema.
    static let schema = packageRoot.appendingPathComponent("Config/schema.json")

    /// The repository's default configuration.
    static let defaultConfig = packageRoot.appendingPathComponent("Config/config.txt")

    /// The Java oracle for the properties parser.
    static let oracle = packageRoot.appendingPathComponent("Tools/properties-oracle/PropertiesOracle.java")

    /// Reads a file's bytes.
    static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }
}
