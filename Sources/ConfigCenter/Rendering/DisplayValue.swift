/// How one value is shown on one line of output: secrets as `<redacted>`, and escaped as a
/// properties value, so a newline or a leading space cannot break or hide in the line.
public enum DisplayValue {
    /// `value` for display next to `key`: redacted when `schema` says it is a secret, then
    /// escaped as `PropertiesWriter` escapes values.
    public static func text(key: String, value: String, schema: ConfigSchema) -> String {
        let shown = schema.redact(key: key, value: value)
        return shown == ConfigSchema.redacted ? shown : PropertiesWriter.escapeValue(shown)
    }

    /// `key=value` as a properties line (key escaped, value redacted and escaped).
    public static func line(key: String, value: String, schema: ConfigSchema) -> String {
        PropertiesWriter.escapeKey(key) + "=" + text(key: key, value: value, schema: schema)
    }

    /// `value` for JSON output: redacted when secret, otherwise exactly as stored.
    public static func json(key: String, value: String?, schema: ConfigSchema) -> String? {
        value.map { schema.redact(key: key, value: $0) }
    }
}
