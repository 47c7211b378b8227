import Foundation

/// Rendering a report as text for people and JSON for scripts. Neither contains secret values:
/// problems are built without them.
extension ValidationReport {
    /// The report rendered in `format`; text ends with a newline, JSON is one pretty-printed object.
    public func render(format: ReportFormat, context: ReportContext = ReportContext()) -> String {
        switch format {
        case .text: renderText(context: context)
        case .json: renderJSON(context: context)
        }
    }

    /// A first line that counts the problems, then one line per problem:
    /// `error: KEY (ORIGIN): WHAT IS WRONG; WHAT TO DO`.
    private func renderText(context: ReportContext) -> String {
        let subject = context.subject ?? "configuration"
        guard !problems.isEmpty else {
            return "\(subject): valid, no problems\n"
        }
        var text = "\(subject): \(Self.count(errors.count, "error")), \(Self.count(warnings.count, "warning"))\n"
        for problem in problems {
            text += "\(problem.severity.rawValue): \(problem.line(whereMissing: context.whereMissing))\n"
        }
        return text
    }

    private static func count(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// `{"subject", "valid", "errorCount", "warningCount", "problems": [{"key", "kind", "severity",
    /// "message", "origin", "suggestion", "suggestedKey", "condition"}]}`; absent fields are null.
    private func renderJSON(context: ReportContext) -> String {
        let document = JSONReport(
            subject: context.subject,
            valid: isValid,
            errorCount: errors.count,
            warningCount: warnings.count,
            problems: problems.map { problem in
                JSONProblem(
                    key: problem.key,
                    kind: problem.kind.rawValue,
                    severity: problem.severity.rawValue,
                    message: problem.message(whereMissing: context.whereMissing),
                    origin: problem.origin?.description,
                    suggestion: problem.suggestion,
                    suggestedKey: problem.suggestedKey,
                    condition: problem.condition
                )
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
    var problems: [JSONProblem]

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

}
