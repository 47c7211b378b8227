import ArgumentParser
import ConfigCenter

/// `--format`: text for people and line-oriented scripts, JSON for programs.
///
/// `properties` is another name for `text`, as `export --format properties|json` reads best.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    case properties

    /// The rendering the library knows.
    var report: ReportFormat {
        switch self {
        case .text, .properties: .text
        case .json: .json
        }
    }
}
