import Foundation

/// Reads a file a command is given (`seed --from`, `set --from-file`, a bootstrap file), or
/// standard input for `-`, with errors that say what the path is when it cannot be read.
public enum InputFile {
    /// The file's bytes; `-` reads standard input to its end.
    ///
    /// - Throws: `InputFileError` for a missing file, a directory, or one that cannot be read.
    public static func read(_ path: String) throws(InputFileError) -> [UInt8] {
        if path == "-" { return [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputFileError(path: path, message: "no such file; check the path")
        }
        if isDirectory.boolValue {
            throw InputFileError(path: path, message: "is a directory; give the file inside it")
        }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw InputFileError(
                path: path,
                message: "cannot be read (\(error.localizedDescription)); check its permissions"
            )
        }
    }

    /// How the input is named in messages: the path, or `<stdin>` for `-`.
    public static func name(_ path: String) -> String { path == "-" ? "<stdin>" : path }
}

/// A file given to a command could not be read.
public struct InputFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path as given.
    public var path: String
    /// What is wrong and what to do.
    public var message: String

    /// An error about `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `PATH: MESSAGE`.
    public var description: String { "\(InputFile.name(path)): \(message)" }
}
