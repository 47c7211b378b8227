/// Checks a set of values against the schema and reports every problem at once.
///
/// The rules, in Seata's terms:
/// - An empty value means "unset", as an empty znode does in Seata. It is an error where a value
///   is needed (a required key, or one a condition requires); on an optional key with a default
///   it is a warning that the default applies; otherwise it is fine.
/// - Every non-empty value must fit its key's type. A key that the validated side does not read
///   (a client key, validating the server) is still checked, but its problems are warnings: they
///   cannot stop that side.
/// - Unknown keys and renamed keys are errors: a typo'd key is silently ignored otherwise, which is
///   exactly what an operator needs to hear about.
/// - Secret values never appear in a problem.
public struct ConfigValidator: Sendable {
    /// The schema values are checked against.
    public let schema: ConfigSchema
    private let suggester: KeySuggester

    /// Makes a validator for a schema.
    public init(schema: ConfigSchema) {
        self.schema = schema
        var candidates = schema.keys.keys.map { (name: $0, suggestion: $0) }
        for entry in schema.renamed {
            if let replacement = entry.replacement {
                candidates.append((name: entry.name, suggestion: replacement))
            }
        }
        self.suggester = KeySuggester(candidates: candidates)
    }

    /// Every problem of `values`, validated as read by `side`.
    ///
    /// With `applyDefaults`, keys the schema gives a default count as set to it when conditions
    /// are evaluated and required keys are checked (as the coordinator will run); without, only
    /// the values given count.
    public func validate(_ values: ConfigValues, side: KeySide, applyDefaults: Bool = true) -> ValidationReport {
        let effective = applyDefaults ? schema.applyingDefaults(to: values, side: side) : values
        var conditionallyRequired: [String: ConditionalRequirement] = [:]
        for requirement in schema.requirements where requirement.applies(to: effective, schema: schema) {
            for key in requirement.required where schema.spec(for: key)?.side.isRead(by: side) ?? true {
                if conditionallyRequired[key] == nil {
                    conditionallyRequired[key] = requirement
                }
            }
        }

        var problems: [ValidationProblem] = []
        for (key, value) in values {
            if let problem = checkName(key, value: value, values: values) {
                problems.append(problem)
            } else if let spec = schema.spec(for: key), !value.value.isEmpty || conditionallyRequired[key] == nil {
                // An empty value a condition requires is reported below, naming the condition.
                problems += check(value, of: key, spec: spec, side: side)
            }
        }
        for spec in schema.properties where spec.required && !spec.isPattern && spec.side.isRead(by: side) {
            if effective[spec.name] == nil {
                problems.append(
                    ValidationProblem(
                        key: spec.name,
                        kind: .missing,
                        severity: .error,
                        message: "missing",
                        suggestion: "set it to \(spec.expectedForm)"
                    )
                )
            }
        }
        for (key, requirement) in conditionallyRequired.sorted(by: { $0.key < $1.key }) {
            let value = effective[key]
            guard value?.value.isEmpty ?? true else { continue }
            let alreadyReported = problems.contains { $0.key == key && ($0.kind == .missing || $0.kind == .empty) }
            guard !alreadyReported else { continue }
            let state = value == nil ? "missing" : "empty"
            let conditionKeys = requirement.conditions.map(\.key).joined(separator: " or ")
            problems.append(
                ValidationProblem(
                    key: key,
                    kind: .conditionUnmet,
                    severity: .error,
                    message: "required when \(requirement), but \(state)",
                    origin: value?.origin,
                    suggestion: "set \(key), or change \(conditionKeys)",
                    condition: requirement.description
                )
            )
        }
        return ValidationReport(problems: problems)
    }

    /// The problem with the key's name itself: renamed, or unknown to the schema.
    private func checkName(_ key: String, value: SourcedValue, values: ConfigValues) -> ValidationProblem? {
        if let renamed = schema.renamedKey(key) {
            let message: String
            let suggestion: String
            if let replacement = renamed.replacement {
                message = "renamed to \(replacement): \(renamed.reason)"
                if let current = values[replacement] {
                    suggestion = "remove it; \(replacement) is set too (\(current.origin))"
                } else {
                    suggestion = "rename it to \(replacement)"
                }
            } else {
                message = "not read under this name: \(renamed.reason)"
                suggestion = "remove it"
            }
            return ValidationProblem(
                key: key,
                kind: .renamedKey,
                severity: .error,
                message: message,
                origin: value.origin,
                suggestion: suggestion,
                suggestedKey: renamed.replacement
            )
        }
        guard schema.spec(for: key) == nil else { return nil }
        let meant = suggester.suggestion(for: key)
        return ValidationProblem(
            key: key,
            kind: .unknownKey,
            severity: .error,
            message: meant.map { "unknown key; did you mean \($0)?" } ?? "unknown key",
            origin: value.origin,
            suggestion: meant.map { "rename it to \($0)" }
                ?? "remove it, or add it to the schema (Config/schema.json) if it is meant to be read",
            suggestedKey: meant
        )
    }

    /// The problems with one known key's value: empty where a default applies, or not fitting its type.
    private func check(_ value: SourcedValue, of key: String, spec: KeySpec, side: KeySide) -> [ValidationProblem] {
        let severity: ValidationProblem.Severity = spec.side.isRead(by: side) ? .error : .warning
        if value.value.isEmpty {
            if spec.required && spec.side.isRead(by: side) {
                return [
                    ValidationProblem(
                        key: key,
                        kind: .empty,
                        severity: .error,
                        message: "empty, but a value is required",
                        origin: value.origin,
                        suggestion: "set it to \(spec.expectedForm)"
                    )
                ]
            }
            if let defaultValue = spec.defaultValue, spec.side.isRead(by: side) {
                return [
                    ValidationProblem(
                        key: key,
                        kind: .empty,
                        severity: .warning,
                        message: "empty, so the default \(schema.redact(key: key, value: defaultValue)) applies",
                        origin: value.origin,
                        suggestion: "set a value, or remove the key"
                    )
                ]
            }
            return []
        }
        guard case .failure(let error) = spec.parse(value.value) else { return [] }
        let shown = schema.isSecret(key) ? ConfigSchema.redacted : Self.quoted(value.value)
        var suggestion = "change it to \(spec.expectedForm)"
        if error.fitsWhenTrimmed {
            suggestion = "remove the whitespace around the value"
        } else if error.kind == .notAllowed, !schema.isSecret(key), let allowed = spec.allowedValues,
            let meant = KeySuggester(candidates: allowed.map { ($0, $0) }).suggestion(for: value.value)
        {
            suggestion = "did you mean \(meant)?"
        }
        return [
            ValidationProblem(
                key: key,
                kind: error.kind == .wrongType ? .wrongType : .notAllowed,
                severity: severity,
                message: error.message(shown: shown),
                origin: value.origin,
                suggestion: suggestion
            )
        ]
    }

    /// A value in single quotes, with control characters escaped so a problem stays on one line.
    static func quoted(_ value: String) -> String {
        var text = "'"
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default:
                if scalar.properties.generalCategory == .control {
                    text += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        return text + "'"
    }
}
