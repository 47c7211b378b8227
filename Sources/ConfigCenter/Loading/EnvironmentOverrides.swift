/// Seata's environment overrides: `STORE_MODE` overrides `store.mode`.
///
/// The variable is named like the key, upper-cased, with `.` and `-` as `_`. An empty
/// variable overrides nothing, as in Seata (it treats blank as unset).
public struct EnvironmentOverrides: Sendable {
    /// The process environment (or a test's).
    public let environment: [String: String]

    /// Overrides read from `environment`.
    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// The variable that overrides `key`.
    public static func variable(for key: String) -> String {
        String(key.uppercased().map { $0 == "." || $0 == "-" ? "_" : $0 })
    }

    /// The overriding values for `keys`, with their variables as origins.
    public func values(for keys: some Sequence<String>) -> ConfigValues {
        var values = ConfigValues()
        for key in keys {
            let variable = Self.variable(for: key)
            if let value = environment[variable], !value.isEmpty {
                values[key] = SourcedValue(value, origin: .environment(variable: variable))
            }
        }
        return values
    }
}
