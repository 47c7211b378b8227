/// Reading a value by its key's type.
extension KeySpec {
    /// The value read as this key's type, or why it does not fit.
    ///
    /// An empty value is not parsed here: it means "unset" (as an empty znode does in Seata),
    /// which `ConfigValidator` handles. Seata never trims a value, so whitespace around a typed
    /// value (anything but free text) is refused, saying whether the value fits without it.
    public func parse(_ raw: String) -> Result<TypedValue, ValueError> {
        let trimmed = raw.trimmingWhitespace
        if isTyped, trimmed != raw {
            let fits = !trimmed.isEmpty && (try? parseExactly(trimmed).get()) != nil
            return .failure(ValueError(kind: .surroundingWhitespace, expected: expectedForm, fitsWhenTrimmed: fits))
        }
        return parseExactly(raw)
    }

    /// The items of a `list` that Seata does not know and skips (with a warning in its log),
    /// for a key whose unknown items are warnings; empty otherwise.
    public func unknownItems(in raw: String) -> [String] {
        guard type == .list, unknownItemsAreWarnings, allowedValues != nil else { return [] }
        return items(raw).filter { (try? allowedWord($0).get()) == nil }
    }

    /// What a fitting value looks like, for messages: "an integer from 1 to 65535".
    public var expectedForm: String {
        switch type {
        case .string:
            if let allowedValues { return "one of \(allowedValues.joined(separator: ", "))" + caseNote }
            return "text"
        case .list:
            let list = "a list separated by \(separatorPhrase)"
            guard let allowedValues else { return list }
            return "\(list) of \(allowedValues.joined(separator: ", "))" + caseNote
        case .int, .long: return "an integer" + rangePhrase
        case .durationMilliseconds: return "a duration in milliseconds (an integer)" + rangePhrase
        case .bool: return "true or false"
        case .duration: return "a duration such as 500ms, 30s, 5m, 1h, 7d or PT1H"
        case .size: return "a size such as 1024, 64k, 16m or 1g" + rangePhrase
        case .enumeration: return "one of \((allowedValues ?? []).joined(separator: ", "))" + caseNote
        case .intOrKeyword:
            return "an integer" + rangePhrase + " or one of \((allowedValues ?? []).joined(separator: ", "))"
        case .host: return "a host name or IP address"
        case .port: return "a port number from 1 to 65535"
        case .hostPort: return "host:port, such as 127.0.0.1:8091"
        case .hostPortList:
            let separator = itemSeparators.first.map(String.init) ?? ","
            return "host:port items separated by \(separatorPhrase), such as 10.0.0.1:8091\(separator)10.0.0.2:8091"
        case .url: return "a URL with a scheme, such as jdbc:mysql://127.0.0.1:3306/seata"
        case .path: return "a file system path"
        }
    }

    /// `','` or `',' or ';'`.
    private var separatorPhrase: String {
        itemSeparators.map { "'\($0)'" }.joined(separator: " or ")
    }

    /// Said of allowed values that Seata compares exactly.
    private var caseNote: String { caseSensitive ? " (exactly: Seata compares case-sensitively)" : "" }

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
            let items = items(raw)
            let parsed = items.compactMap(ValueSyntax.hostPort)
            return parsed.count == items.count ? .success(.hostPorts(parsed)) : .failure(wrongType)
        case .url:
            return ValueSyntax.isURL(raw) ? .success(.string(raw)) : .failure(wrongType)
        case .path:
            return raw.unicodeScalars.contains { $0.properties.generalCategory == .control }
                ? .failure(wrongType) : .success(.string(raw))
        case .list:
            // Items are not trimmed: Seata splits on the separator and uses each part as it is.
            let items = items(raw)
            guard !items.contains(where: \.isEmpty) else { return .failure(wrongType) }
            var known: [String] = []
            for item in items {
                switch allowedWord(item) {
                case .success(let word): known.append(word)
                case .failure(let error): if !unknownItemsAreWarnings { return .failure(error) }
                }
            }
            guard !known.isEmpty else {
                // Seata skips unknown items and needs one it knows (the first is used).
                return .failure(ValueError(kind: .notAllowed, expected: expectedForm))
            }
            return .success(.list(known))
        }
    }

    /// The items of a list value, split on this key's separators, untrimmed.
    private func items(_ raw: String) -> [String] {
        let separators = Set(itemSeparators)
        return raw.split(omittingEmptySubsequences: false, whereSeparator: { separators.contains($0) })
            .map(String.init)
    }

    /// The allowed value `raw` matches (without regard to case unless the key is case-sensitive),
    /// spelled as the schema spells it.
    private func allowedWord(_ raw: String) -> Result<String, ValueError> {
        guard let allowedValues else { return .success(raw) }
        let match =
            caseSensitive
            ? allowedValues.first { $0 == raw } : allowedValues.first { $0.lowercased() == raw.lowercased() }
        if let match { return .success(match) }
        return .failure(
            ValueError(kind: .notAllowed, expected: "one of \(allowedValues.joined(separator: ", "))" + caseNote)
        )
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
