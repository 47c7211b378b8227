import Hummingbird
import NIOCore
import TransactionCore

/// The ops port's request context: what the connection says about the request (the client's
/// address for logs and the login rate bound, the local address it came in on, which decides
/// whether the console answers) and, after login, the operator the console acts for.
struct OpsRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The client's address.
    let remoteAddress: SocketAddress?
    /// The local address the connection came in on.
    let localAddress: SocketAddress?
    /// The logged-in console user (set by the console's token check).
    var consoleOperator: Operator?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.localAddress = source.channel.localAddress
    }

    /// `ip:port` of the client, for logs.
    var clientDescription: String? {
        guard let remoteAddress, let ip = remoteAddress.ipAddress else { return nil }
        return remoteAddress.port.map { "\(ip):\($0)" } ?? ip
    }
}
