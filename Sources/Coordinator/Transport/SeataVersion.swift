/// A Seata version string (`2.3.0-SNAPSHOT`, `1.5.2`, `1.0`) as numbers, to decide what a
/// client understands.
///
/// Clients send their version in RegisterTM/RegisterRM. Seata's server compares it with 1.5.0 to
/// decide whether a merged request may be answered with a BatchResult; we also use it to keep
/// statuses and exception codes that older clients cannot decode off their connections.
struct SeataVersion: Comparable, Sendable, CustomStringConvertible {
    let numbers: [Int]
    let text: String

    /// 1.5.0: BatchResult, LockKeyConflictFailFast (20) and the *RetryTimeout statuses (16, 17)
    /// exist from this version on.
    static let v1_5_0 = SeataVersion("1.5.0")

    /// The version this coordinator answers registrations with: the Seata release whose
    /// protocol it speaks.
    static let server = SeataVersion("2.3.0")

    /// Parses the leading dotted numbers; anything after them (`-SNAPSHOT`) is ignored, and text
    /// without numbers reads as 0.
    init(_ text: String) {
        self.text = text
        var numbers: [Int] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            let digits = part.prefix { $0.isASCII && $0.isNumber }
            guard let number = Int(digits) else { break }
            numbers.append(number)
            if digits.count != part.count { break }
        }
        self.numbers = numbers.isEmpty ? [0] : numbers
    }

    var description: String { text }

    static func < (lhs: SeataVersion, rhs: SeataVersion) -> Bool {
        let count = max(lhs.numbers.count, rhs.numbers.count)
        for index in 0..<count {
            let left = index < lhs.numbers.count ? lhs.numbers[index] : 0
            let right = index < rhs.numbers.count ? rhs.numbers[index] : 0
            if left != right { return left < right }
        }
        return false
    }

    static func == (lhs: SeataVersion, rhs: SeataVersion) -> Bool { !(lhs < rhs) && !(rhs < lhs) }
}
