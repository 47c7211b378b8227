import TransactionCore

extension CoreSettings {
    /// Seata's defaults with AT branches left to the async-committing job (tests of that job, and
    /// of what a store holds between the decision and phase two).
    static var atBranchesByTheJob: CoreSettings {
        var settings = CoreSettings()
        settings.commitsATBranchesAtOnce = false
        return settings
    }
}
