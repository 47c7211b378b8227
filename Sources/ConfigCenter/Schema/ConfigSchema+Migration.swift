/// Renamed keys whose old name means what the new one does, applied under the new name.
extension ConfigSchema {
    /// `values` with the value of each migrating renamed key (`"migrate": true`) copied to its
    /// replacement when the replacement is unset (missing or empty), keeping the old key's
    /// origin, so `/config` shows where the running value really came from.
    ///
    /// Seata's stock config.txt spells `server.recovery.asynCommittingRetryPeriod`; the server
    /// reads `asyncCommittingRetryPeriod`. Migrating it runs the value the operator wrote, as
    /// Spring Boot's properties migrator does, instead of refusing the file or ignoring it.
    public func migrating(_ values: ConfigValues) -> ConfigValues {
        var result = values
        for entry in renamed where entry.migrates {
            guard let replacement = entry.replacement, let old = values[entry.name], !old.value.isEmpty else {
                continue
            }
            if result[replacement]?.value.isEmpty ?? true {
                result[replacement] = old
            }
        }
        return result
    }
}
