import Testing

/// Every end-to-end test of `zkconfig`, one at a time.
///
/// Each test starts `zkconfig` processes (eight at once in one of them) and kazoo readers.
/// Run all together, they start dozens of processes in the first seconds, and on a two-core
/// machine that starves the timing-sensitive tests of other targets running in the same
/// `swift test`. One test at a time keeps the burst to one test's processes.
@Suite(.serialized) struct EndToEnd {}
