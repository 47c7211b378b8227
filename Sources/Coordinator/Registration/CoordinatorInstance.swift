import CommandLineContract
import Foundation

/// What a coordinator registers about itself: where clients reach it (the advertised
/// transaction address, as in its XIDs), where its ops endpoints are, and which process it is.
///
/// The node is named by the transaction address, `HOST:PORT`: unique per coordinator that
/// clients can reach, and never a wildcard. The payload tells a person who holds a name when
/// two coordinators claim the same one.
struct CoordinatorInstance: Encodable {
    /// The advertised host (`--advertise-host`, else the listen address, else this host's
    /// primary address).
    var address: String
    /// The transaction port.
    var port: Int
    /// The ops endpoints' base URL.
    var http: String
    /// This machine's host name.
    var hostname: String
    var pid: Int32
    var startTime: String
    var version: String

    /// The node's name under the registry folder.
    var nodeName: String { "\(address):\(port)" }

    /// An instance started now, by this process.
    static func current(address: String, port: Int, httpHost: String, httpPort: Int) -> CoordinatorInstance {
        let shownHTTPHost = AdvertisedAddress.isWildcard(httpHost) ? address : httpHost
        let bracketed = shownHTTPHost.contains(":") ? "[\(shownHTTPHost)]" : shownHTTPHost
        return CoordinatorInstance(
            address: address,
            port: port,
            http: "http://\(bracketed):\(httpPort)",
            hostname: ProcessInfo.processInfo.hostName,
            pid: getpid(),
            startTime: ISO8601DateFormatter().string(from: Date()),
            version: ProductVersion.current
        )
    }

    /// The JSON the node holds.
    var payload: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings and numbers always encode.
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8))
    }
}
