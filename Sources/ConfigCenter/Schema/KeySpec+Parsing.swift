/// Reading a value by its key's type.
extension KeySpec {
    /// The value read as this key's type, or why it does not fit.
    ///
    /// An empty value is not parsed here: it means "unset" (as an empty znode does in Seata),
    /// which `ConfigValidator` handles. When a value fails only because of surrounding
    /// whitespace (which the properties format keeps at the end of a line), the error says so.
    public func parse(_ raw: String) -> Result<TypedValue, ValueError> {
        let result = parseExactly(raw)
        guard case .failure(var error) = result else {
            return result
        }
        let trimmed = raw.trimmingWhitespace
        if trimmed != raw, !trimmed.isEmpty, case .success = parseExactly(trimmed) {
            error.fitsWhenTrimmed = true
        }
        return .failure(error)
    }

    /// What a fitting value looks like, for messages: "an integer from 1 to 65535".
    public var expectedForm: String {
        switch type {
        case .string, .list:
            if let allowedValues { return "one of \(allowedValues.joined(separator: ", "))" }
            return type == .list ? "a comma-separated list" : "text"
        case .int, .long: return "an integer" + rangePhrase
        case .durationMilliseconds: return "a duration in milliseconds (an integer)" + rangePhrase
        case .bool: return "true or false"
        case .duration: return "a duration such as 500ms, 30s, 5m, 1h, 7d or PT1H"
        case .size: return "a size such as 1024, 64k, 16m or 1g" + rangePhrase
        case .enumeration: return "one of \((allowedValues ?? []).joined(separator: ", "))"
        case .intOrKeyword:
            return "an integer" + rangePhrase + " or one of \((allowedValues ?? []).joined(separator: ", "))"
        case .host: return "a host name or IP address"
        case .port: return "a port number from 1 to 65535"
        case .hostPort: return "host:port, such as 127.0.0.1:8091"
        case .hostPortList: return "host:port items separated by ',' or ';', such as 10.0.0.1:8091,10.0.0.2:8091"
        case .url: return "a URL with a scheme, such as jdbc:mysql://127.0.0.1:3306/seata"
        case .path: return "a file system path"
        }
    }

    private var rangePhrase: String {
        switch (min, max) {
        case (let min?, let max?): " from \(min) to \(max)"
        case (let min?, nil): " of at least \(min)"
        case (nil, let max?): " of at most \(max)"
        case (nil, nil): ""
        }
    }

    private func parseExactly(_ raw: String) -> Result<TypedValue, ValueError> {
        let wrongType = ValueError(kind: .wrongType, expected: expectedForm)
        switch type {
        case .string:
            return allowedWord(raw).map { _ in .string(raw) }
        case .int, .long, .durationMilliseconds:
            guard let number = ValueSyntax.integer(raw, bits: type == .int ? 32 : 64) else {
                return .failure(wrongType)
            }
            return inRange(number).map { .integer($0) }
        case .bool:
            switch raw.lowercased() {
            case "true": return .success(.bool(true))
            case "false": return .success(.bool(false))
            default: return .failure(wrongType)
            }
        case .duration:
            return ValueSyntax.duration(raw).map { .success(.duration($0)) } ?? .failure(wrongType)
        case .size:
            guard let bytes = ValueSyntax.size(raw) else { return .failure(wrongType) }
            return inRange(bytes).map { .size($0) }
        case .enumeration:
            return allowedWord(raw).map { .keyword($0) }
        case .intOrKeyword:
            if let number = ValueSyntax.integer(raw, bits: 32) {
                return inRange(number).map { .integer($0) }
            }
            return allowedWord(raw).mapError { _ in wrongType }.map { .keyword($0) }
        case .host:
            return ValueSyntax.isHost(raw) ? .success(.string(raw)) : .failure(wrongType)
        case .port:
            guard let port = ValueSyntax.port(raw) else { return .failure(wrongType) }
            return .success(.integer(Int64(port)))
        case .hostPort:
            return ValueSyntax.hostPort(raw).map { .success(.hostPort($0)) } ?? .failure(wrongType)
        case .hostPortList:
            let items = raw.split(separator: /[,;]/, omittingEmptySubsequences: false).map(String.init)
            let parsed = items.compactMap(ValueSyntax.hostPort)
            return parsed.count == items.count ? .success(.hostPorts(parsed)) : .failure(wrongType)
        case .url:
            return ValueSyntax.isURL(raw) ? .success(.string(raw)) : .failure(wrongType)
        case .path:
            return raw.unicodeScalars.contains { $0.properties.generalCategory == .control }
                ? .failure(wrongType) : .success(.string(raw))
        case .list:
            let items = raw.split(separator: ",").map { $0.trimmingWhitespace }
            guard !items.contains(where: \.isEmpty) else { return .failure(wrongType) }
            for item in items {
                if case .failure(let error) = allowedWord(item) { return .failure(error) }
            }
            return .success(.list(items))
        }
    }

    /// The allowed value `raw` matches, without regard to case, spelled as the schema spells it.
    private func allowedWord(_ raw: String) -> Result<String, ValueError> {
        guard let allowedValues else { return .success(raw) }
        if let match = allowedValues.first(where: { $0.lowercased() == raw.lowercased() }) {
            return .success(match)
        }
        return .failure(ValueError(kind: .notAllowed, expected: "one of \(allowedValues.joined(separator: ", "))"))
    }

    private func inRange(_ number: Int64) -> Result<Int64, ValueError> {
        if let min, number < min { return .failure(ValueError(kind: .notAllowed, expected: expectedForm)) }
        if let max, number > max { return .failure(ValueError(kind: .notAllowed, expected: expectedForm)) }
        return .success(number)
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace or newlines.
    var trimmingWhitespace: String {
        let text = String(self)
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(Substring(scalars[first...last]))
    }
}
