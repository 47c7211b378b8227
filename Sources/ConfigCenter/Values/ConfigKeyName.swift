/// The rules a configuration key must follow to be stored in ZooKeeper.
///
/// In the per-key layout every key becomes the name of one znode under the root, so a key must
/// be a valid znode name: not empty, no `/` (it would make a deeper path), not `.` or `..`, and
/// none of the characters ZooKeeper refuses in paths. Keys that start with `.` or contain
/// whitespace are refused too: they are legal znodes but always a mistake in a config file.
public enum ConfigKeyName {
    /// Checks a key; returns nil when it can be stored, else why it cannot (a phrase such as
    /// "contains '/'"), for a message like `line 12: key 'a/b' contains '/'`.
    public static func validate(_ key: String) -> String? {
        if key.isEmpty {
            return "is empty"
        }
        if key == "." || key == ".." {
            return "is '\(key)', which ZooKeeper does not allow as a node name"
        }
        if key.hasPrefix(".") {
            return "starts with '.'"
        }
        for scalar in key.unicodeScalars {
            if scalar == "/" {
                return "contains '/', which would make it a deeper znode path"
            }
            if scalar.properties.isWhitespace {
                return "contains whitespace (\(codePoint(scalar)))"
            }
            if isRefusedByZooKeeper(scalar) {
                return "contains \(codePoint(scalar)), which ZooKeeper does not allow in a node name"
            }
        }
        return nil
    }

    /// Whether ZooKeeper's path validation refuses the scalar (controls, private use, specials).
    private static func isRefusedByZooKeeper(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0xD800...0xF8FF, 0xFFF0...0xFFFF: true
        default: false
        }
    }

    private static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
