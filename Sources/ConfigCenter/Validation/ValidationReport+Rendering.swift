import Foundation

/// Rendering a report as text for people and JSON for scripts. Neither contains secret values:
/// problems are built without them, and listed values are redacted.
extension ValidationReport {
    /// The report rendered in `format`; text ends with a newline, JSON is one pretty-printed object.
    public func render(format: ReportFormat, context: ReportContext = ReportContext()) -> String {
        switch format {
        case .text: renderText(context: context)
        case .json: renderJSON(context: context)
        }
    }

    /// The fix of `problem` as `zkconfig` command lines, given the command that reaches the
    /// configuration (`zkconfig --connect H --root /seata`).
    public static func fixCommands(_ problem: ValidationProblem, command: String) -> [String] {
        problem.fix.map { "\(command) \($0.subcommand)" }
    }

    /// A first line that counts the problems, then one line per problem:
    /// `error: KEY (ORIGIN): WHAT IS WRONG; WHAT TO DO`, each fix command indented below it;
    /// then the listing, if any.
    private func renderText(context: ReportContext) -> String {
        let subject = context.subject ?? "configuration"
        var text: String
        if problems.isEmpty {
            text = "\(subject): valid, no problems\n"
        } else {
            text = "\(subject): \(Self.count(errors.count, "error")), \(Self.count(warnings.count, "warning"))"
            text += notes.isEmpty ? "\n" : ", \(Self.count(notes.count, "note"))\n"
        }
        for problem in problems {
            text += "\(problem.severity.rawValue): \(problem.line(whereMissing: context.whereMissing))\n"
            if let command = context.fixCommand {
                for line in Self.fixCommands(problem, command: command) { text += "    \(line)\n" }
            }
        }
        if let listing = context.listing {
            text += "\(listing.title):\n"
            for (key, value) in listing.values {
                text +=
                    "  \(DisplayValue.line(key: key, value: value.value, schema: listing.schema))  (\(value.origin))\n"
            }
        }
        return text
    }

    private static func count(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// `{"subject", "valid", "errorCount", "warningCount", "noteCount", "problems": [{"key",
    /// "kind", "severity", "message", "origin", "suggestion", "suggestedKey", "condition",
    /// "fix"}], "listing"}`; absent fields are null.
    private func renderJSON(context: ReportContext) -> String {
        let document = JSONReport(
            subject: context.subject,
            valid: isValid,
            errorCount: errors.count,
            warningCount: warnings.count,
            noteCount: notes.count,
            problems: problems.map { problem in
                JSONProblem(
                    key: problem.key,
                    kind: problem.kind.rawValue,
                    severity: problem.severity.rawValue,
                    message: problem.message(whereMissing: context.whereMissing),
                    origin: problem.origin?.description,
                    suggestion: problem.suggestion,
                    suggestedKey: problem.suggestedKey,
                    condition: problem.condition,
                    fix: context.fixCommand.map { Self.fixCommands(problem, command: $0) } ?? []
                )
            },
            listing: context.listing.map { listing in
                listing.values.map { key, value in
                    JSONListed(
                        key: key,
                        value: listing.schema.redact(key: key, value: value.value),
                        origin: value.origin.description
                    )
                }
            }
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding strings, numbers and booleans cannot fail.
        return String(decoding: try! encoder.encode(document), as: UTF8.self) + "\n"
    }
}

private struct JSONReport: Encodable {
    @JSONNullable var subject: String?
    var valid: Bool
    var errorCount: Int
    var warningCount: Int
    var noteCount: Int
    var problems: [JSONProblem]
    @JSONNullable var listing: [JSONListed]?
}

/// A problem in JSON; every field is always present (null when absent) so scripts can rely on them.
private struct JSONProblem: Encodable {
    var key: String
    var kind: String
    var severity: String
    var message: String
    @JSONNullable var origin: String?
    @JSONNullable var suggestion: String?
    @JSONNullable var suggestedKey: String?
    @JSONNullable var condition: String?
    var fix: [String]
}

/// One listed value.
private struct JSONListed: Encodable {
    var key: String
    var value: String
    var origin: String
}
