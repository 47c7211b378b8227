import Foundation

/// Where Seata's reference encodings and captured client traffic are
/// (`../shared/fixtures/seata-protocol/` beside the checkout); nil when absent.
enum ProtocolFixtures {
    static let directory: URL? = {
        let here = URL(fileURLWithPath: #filePath)
        let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidate = root.deletingLastPathComponent().appendingPathComponent("shared/fixtures/seata-protocol")
        return FileManager.default.fileExists(atPath: candidate.path) ? candidate : nil
    }()
}
