import NIOCore

extension Duration {
    /// The duration as NIO's time amount (nanoseconds, saturating).
    var timeAmount: TimeAmount {
        .nanoseconds(nanoseconds)
    }

    /// Whole nanoseconds, saturating at Int64's range.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (total, overflowed) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflowed ? .max : total
    }

    /// Whole milliseconds, saturating at Int64's range.
    var milliseconds: Int64 {
        nanoseconds / 1_000_000
    }

    /// `5 s`, `250 ms`: for messages.
    var formatted: String {
        let milliseconds = self.milliseconds
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
    }
}
