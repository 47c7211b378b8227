/// The version of this project's programs, printed by `zkconfig --version` and
/// `coordinator --version` beside the version of the schema they carry.
public enum ProductVersion {
    /// The release number, `MAJOR.MINOR.PATCH`.
    public static let current = "0.9.0"
}
