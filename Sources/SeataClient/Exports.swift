// Services using the client name Seata's statuses, branch types and messages (GlobalStatus,
// BranchType, BranchEndRequest, …) with `import SeataClient` alone.
@_exported public import SeataProtocol
