import Foundation

/// The one JSON style of every rendering: sorted keys, slashes unescaped, a final newline.
enum JSONRendering {
    static func encode(_ value: some Encodable, pretty: Bool = true) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if pretty { encoder.outputFormatting.insert(.prettyPrinted) }
        // Strings, numbers, booleans and nulls always encode.
        return String(decoding: try! encoder.encode(value), as: UTF8.self) + "\n"
    }
}
