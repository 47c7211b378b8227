extension ConfigSchema {
    /// A schema that knows every key as a string with no default: nothing is unknown, nothing
    /// is required, every value is valid.
    ///
    /// For configurations that are not Seata's, read through `ZooKeeperProvider` or
    /// `LiveConfig` by applications with keys of their own; types are then checked where the
    /// values are read.
    public static let permissive: ConfigSchema = {
        // A pattern with nothing around its placeholder matches any non-empty key.
        do {
            return try ConfigSchema(properties: [KeySpec(name: "{key}", type: .string)], source: "permissive")
        } catch {
            fatalError("the permissive schema is consistent: \(error)")
        }
    }()
}
