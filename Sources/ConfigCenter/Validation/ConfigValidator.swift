/// Checks a set of values against the schema and reports every problem at once.
///
/// The rules, in Seata's terms:
/// - An empty value means "unset", as an empty znode does in Seata. It is an error where a value
///   is needed (a required key, or one a condition requires); on an optional key with a default
///   it is a warning that the default applies; otherwise it is fine.
/// - Every non-empty value must fit its key's type; Seata never trims, so neither does this.
///   A key that the validated side does not read (a client key, validating the server) is
///   still checked, but its problems are warnings: they cannot stop that side.
/// - Requirements follow the effective values: schema defaults, defaults taken from another key
///   (`store.session.mode` from `store.mode`) and migrated renamed keys included.
/// - Unknown keys are warnings, with a did-you-mean: a typo'd key is silently ignored by Seata, which
///   an operator needs to hear about, but a key this schema does not know (an application's own, a
///   newer Seata's) never stops a coordinator or the acceptance of a live change of other keys.
///   Writing one is refused by `zkconfig set` unless forced.
/// - Renamed keys are warnings, never a refusal (Seata's own stock file has three), with the fix;
///   a renamed key and its new name set to different values is an error. Keys that have no
///   effect in Seata are warnings, or notes when set to the value Seata would use anyway.
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
        let migrated = schema.migrating(values)
        let effective = applyDefaults ? schema.applyingDefaults(to: migrated, side: side) : migrated
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
            if let renamed = schema.renamedKey(key) {
                problems += checkRenamed(renamed, value: value, values: values, side: side)
            } else if let problem = checkKnown(key, value: value) {
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
                    message: "required when \(describe(requirement, in: effective)), but \(state)",
                    origin: value?.origin,
                    suggestion: "set \(key), or change \(conditionKeys)",
                    condition: requirement.description,
                    fix: [.set(key: key, value: nil)]
                )
            )
        }
        return ValidationReport(problems: problems)
    }

    /// `store.session.mode=db (schema default: the value of store.mode)`: the condition, with
    /// where a value came from when it was not set by itself.
    private func describe(_ requirement: ConditionalRequirement, in effective: ConfigValues) -> String {
        requirement.conditions
            .map { condition in
                if let origin = effective[condition.key]?.origin, case .defaultFrom = origin {
                    return "\(condition) (\(origin))"
                }
                return condition.description
            }
            .joined(separator: " and ")
    }

    /// An unknown key, with a did-you-mean; nil for a key the schema knows.
    private func checkKnown(_ key: String, value: SourcedValue) -> ValidationProblem? {
        guard schema.spec(for: key) == nil else { return nil }
        let meant = suggester.suggestion(for: key)
        return ValidationProblem(
            key: key,
            kind: .unknownKey,
            severity: .warning,
            message: meant.map { "unknown key; did you mean \($0)?" } ?? "unknown key",
            origin: value.origin,
            suggestion: meant.map { "rename it to \($0)" }
                ?? "remove it, or add it to the schema (Config/schema.json) if it is meant to be read",
            suggestedKey: meant
        )
    }

    /// A key Seata does not read under this name: a warning with the fix, its value checked
    /// against the new name's type when it is migrated, and an error when both names are set
    /// to different values.
    private func checkRenamed(_ renamed: RenamedKey, value: SourcedValue, values: ConfigValues, side: KeySide)
        -> [ValidationProblem]
    {
        let key = renamed.name
        let shownValue: String? =
            schema.isSecret(key) || CredentialMask.containsCredentials(value.value) ? nil : value.value
        guard let replacement = renamed.replacement else {
            return [
                ValidationProblem(
                    key: key,
                    kind: .renamedKey,
                    severity: .warning,
                    message: "has no effect: \(renamed.reason)",
                    origin: value.origin,
                    suggestion: "delete it",
                    fix: [.delete(key: key)]
                )
            ]
        }
        let spec = schema.spec(for: replacement)
        let read = spec?.side.isRead(by: side) ?? true
        if let current = values[replacement], !current.value.isEmpty, !value.value.isEmpty {
            if current.value == value.value {
                return [
                    ValidationProblem(
                        key: key,
                        kind: .renamedKey,
                        severity: .warning,
                        message: "renamed to \(replacement) (\(renamed.reason)), which is set to the same value",
                        origin: value.origin,
                        suggestion: "delete it",
                        suggestedKey: replacement,
                        fix: [.delete(key: key)]
                    )
                ]
            }
            let differ =
                schema.isSecret(key)
                ? "a different value" : ConfigValidator.quoted(schema.redact(key: replacement, value: current.value))
            return [
                ValidationProblem(
                    key: key,
                    kind: .renamedConflict,
                    severity: read ? .error : .warning,
                    message: "renamed to \(replacement) (\(renamed.reason)), which is set to \(differ) "
                        + "(\(current.origin)); Seata reads only \(replacement)",
                    origin: value.origin,
                    suggestion: "keep one value: delete \(key), or set \(replacement) to this value and delete \(key)",
                    suggestedKey: replacement,
                    fix: [.delete(key: key)]
                )
            ]
        }
        guard renamed.migrates, !value.value.isEmpty else {
            return [
                ValidationProblem(
                    key: key,
                    kind: .renamedKey,
                    severity: .warning,
                    message: "Seata reads \(replacement), not this name, and the value is not moved there: "
                        + renamed.reason,
                    origin: value.origin,
                    suggestion: "delete it, unless you mean \(replacement) and what it does",
                    suggestedKey: replacement,
                    fix: [.delete(key: key)]
                )
            ]
        }
        var problems = [
            ValidationProblem(
                key: key,
                kind: .renamedKey,
                severity: .warning,
                message: "renamed to \(replacement) (\(renamed.reason)); its value applies under the new name",
                origin: value.origin,
                suggestion: "rename it to \(replacement)",
                suggestedKey: replacement,
                fix: [.set(key: replacement, value: shownValue), .delete(key: key)]
            )
        ]
        if let spec {
            // The value runs as the new key: it must fit the new key's type.
            problems += check(value, of: key, spec: spec, side: side)
        }
        return problems
    }

    /// The problems with one known key's value: empty where a default applies, not fitting its
    /// type, items Seata skips, or no effect in Seata.
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
        if case .failure(let error) = spec.parse(value.value) {
            let shown =
                schema.isSecret(key) ? ConfigSchema.redacted : Self.quoted(schema.redact(key: key, value: value.value))
            var suggestion = "change it to \(spec.expectedForm)"
            var fix: [ConfigFix] = []
            if error.kind == .surroundingWhitespace {
                suggestion = error.fitsWhenTrimmed ? "remove the whitespace around the value" : suggestion
                if error.fitsWhenTrimmed, !schema.isSecret(key), !CredentialMask.containsCredentials(value.value) {
                    fix = [.set(key: key, value: value.value.trimmingWhitespace)]
                }
            } else if error.kind == .notAllowed, !schema.isSecret(key), let allowed = spec.allowedValues,
                let meant = KeySuggester(candidates: allowed.map { ($0, $0) }).suggestion(for: value.value)
            {
                suggestion = "did you mean \(meant)?"
                fix = [.set(key: key, value: meant)]
            }
            return [
                ValidationProblem(
                    key: key,
                    kind: error.kind == .notAllowed ? .notAllowed : .wrongType,
                    severity: severity,
                    message: error.message(shown: shown),
                    origin: value.origin,
                    suggestion: suggestion,
                    fix: fix
                )
            ]
        }
        var problems: [ValidationProblem] = []
        let unknown = spec.unknownItems(in: value.value)
        if !unknown.isEmpty, case .success(.list(let known)) = spec.parse(value.value) {
            let names = unknown.map { Self.quoted($0) }.joined(separator: ", ")
            problems.append(
                ValidationProblem(
                    key: key,
                    kind: .unknownItem,
                    severity: .warning,
                    message: "\(names) \(unknown.count == 1 ? "is" : "are") not one of "
                        + "\((spec.allowedValues ?? []).joined(separator: ", ")); Seata skips "
                        + "\(unknown.count == 1 ? "it" : "them") with a warning and uses \(known[0])",
                    origin: value.origin,
                    suggestion: "remove \(unknown.count == 1 ? "it" : "them"), or correct the spelling",
                    fix: [.set(key: key, value: known.joined(separator: String(spec.itemSeparators.first ?? ",")))]
                )
            )
        }
        if let reason = spec.noEffect {
            let asSeataWould = spec.defaultValue == value.value
            problems.append(
                ValidationProblem(
                    key: key,
                    kind: .noEffect,
                    severity: asSeataWould ? .note : .warning,
                    message: "no effect in Seata: \(reason)"
                        + (asSeataWould ? " (set as in Seata's stock config.txt, so nothing is lost)" : ""),
                    origin: value.origin,
                    suggestion: asSeataWould ? "nothing to do; delete it to tidy up" : "delete it",
                    fix: [.delete(key: key)]
                )
            )
        }
        return problems
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
