/// Splits a properties text into logical lines exactly as `java.util.Properties.LineReader` does.
///
/// This is a transcription of the JDK 17 state machine, kept in its shape so the two can be read
/// side by side. The quirks it preserves on purpose:
/// - Leading `' '`, `'\t'`, `'\f'` of every natural line are skipped; blank lines are skipped.
/// - `#` or `!` starts a comment only as the first character of a logical line. A comment line
///   never continues, whatever it ends with; but a continued line that goes on into a line
///   starting with `#` takes that text as data.
/// - A line ending in an odd number of backslashes continues onto the next natural line, whose
///   leading whitespace is skipped; `\r\n`, `\r` and `\n` all end a natural line.
/// - A continuation into a blank line ends the logical line there.
/// - A backslash at the very end of the input is dropped.
struct PropertiesLineReader {
    /// One logical line: its code units, and where its first character is.
    struct LogicalLine {
        var units: ArraySlice<PropertiesInput.Unit>
        var line: Int
        var column: Int
    }

    private let input: [PropertiesInput.Unit]
    private var offset = 0
    private var buffer: [PropertiesInput.Unit] = []

    init(_ input: [PropertiesInput.Unit]) {
        self.input = input
    }

    private static let space: UInt16 = 0x20
    private static let tab: UInt16 = 0x09
    private static let formFeed: UInt16 = 0x0C
    private static let cr: UInt16 = 0x0D
    private static let lf: UInt16 = 0x0A
    private static let backslash: UInt16 = 0x5C
    private static let hash: UInt16 = 0x23
    private static let bang: UInt16 = 0x21

    /// The next logical line, or nil at the end of the input.
    mutating func next() -> LogicalLine? {
        buffer.removeAll(keepingCapacity: true)
        var skipWhiteSpace = true
        var appendedLineBegin = false
        var precedingBackslash = false
        var start: (line: Int, column: Int) = (0, 0)

        func finish(_ length: Int) -> LogicalLine {
            LogicalLine(units: buffer[0..<length], line: start.line, column: start.column)
        }

        while true {
            guard offset < input.count else {
                if buffer.isEmpty {
                    return nil
                }
                return finish(precedingBackslash ? buffer.count - 1 : buffer.count)
            }
            let unit = input[offset]
            let c = unit.code
            offset += 1

            if skipWhiteSpace {
                if c == Self.space || c == Self.tab || c == Self.formFeed {
                    continue
                }
                if !appendedLineBegin && (c == Self.cr || c == Self.lf) {
                    continue
                }
                skipWhiteSpace = false
                appendedLineBegin = false
            }
            if buffer.isEmpty && (c == Self.hash || c == Self.bang) {
                // A comment: consume the rest of the natural line, including its terminator.
                while offset < input.count {
                    let code = input[offset].code
                    offset += 1
                    if code == Self.cr || code == Self.lf {
                        break
                    }
                }
                if offset >= input.count {
                    return nil
                }
                skipWhiteSpace = true
                continue
            }

            if c != Self.lf && c != Self.cr {
                if buffer.isEmpty {
                    start = (Int(unit.line), Int(unit.column))
                }
                buffer.append(unit)
                precedingBackslash = c == Self.backslash ? !precedingBackslash : false
                continue
            }
            // End of a natural line.
            if buffer.isEmpty {
                skipWhiteSpace = true
                continue
            }
            if offset >= input.count {
                return finish(precedingBackslash ? buffer.count - 1 : buffer.count)
            }
            guard precedingBackslash else {
                return finish(buffer.count)
            }
            // The backslash is not part of the line; the next natural line continues it.
            buffer.removeLast()
            skipWhiteSpace = true
            appendedLineBegin = true
            precedingBackslash = false
            if c == Self.cr && input[offset].code == Self.lf {
                offset += 1
            }
        }
    }
}
