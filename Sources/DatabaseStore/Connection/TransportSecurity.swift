import NIOSSL
import PostgresNIO

/// `sslmode` as postgres-nio's TLS settings, with libpq's meanings.
enum TransportSecurity {
    static func poolTLS(_ mode: SSLMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .allow, .prefer: .prefer(configuration(verifying: .none))
        case .require: .require(configuration(verifying: .none))
        case .verifyCA: .require(configuration(verifying: .noHostnameVerification))
        case .verifyFull: .require(configuration(verifying: .fullVerification))
        }
    }

    static func connectionTLS(_ mode: SSLMode) throws -> PostgresConnection.Configuration.TLS {
        switch mode {
        case .disable: return .disable
        case .allow, .prefer: return .prefer(try NIOSSLContext(configuration: configuration(verifying: .none)))
        case .require: return .require(try NIOSSLContext(configuration: configuration(verifying: .none)))
        case .verifyCA:
            return .require(try NIOSSLContext(configuration: configuration(verifying: .noHostnameVerification)))
        case .verifyFull: return .require(try NIOSSLContext(configuration: configuration(verifying: .fullVerification)))
        }
    }

    private static func configuration(verifying: CertificateVerification) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = verifying
        return configuration
    }
}
