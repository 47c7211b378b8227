import Synchronization
import TransactionCore

/// Copies of the sessions this store opened, as it wrote them, with the row version (`xmin`) of
/// its last write: a decision from Begin is taken on the copy (`DatabaseStore.globalToDecide`)
/// instead of reading the session back, one statement of six less per transaction.
///
/// Why that is safe: a copy serves only such a decision, and such a decision names the row
/// version it was taken on (`StatusChange.revision`). Any write to the session elsewhere since
/// (a branch registered or reported on another coordinator, a timeout taken there) wrote a new
/// version of the row, so the decision fails, the copy is forgotten, and the retry reads the
/// row. A copy goes when the session leaves Begin or ends here, when a registration on it
/// fails, and when two registrations on it overlap (their answers may arrive in another order
/// than their commits). Sessions decided on other coordinators leave theirs behind, so past
/// `capacity` every copy goes at once: a missing copy only costs a read.
///
/// Where RMs register on other coordinators than the one their TM began on, most copies are
/// stale, and a decision on a stale copy costs a statement more than a read would have. So the
/// store counts the decisions taken on copies (`decided`): while a quarter or more of the last
/// `window` failed, only one `toDecide` in `probeEvery` answers a copy, enough to notice when
/// copies become good again.
final class SessionCopies: Sendable {
    private struct Copy {
        var session: GlobalSession
        /// Registrations at the database: until they answer, their branches and the row's
        /// version are not known here.
        var registering = 0
        /// Two registrations overlapped: the copy goes when the last one answers.
        var spoiled = false
    }

    /// How the decisions on copies went lately.
    private struct Record {
        var decided = 0
        var stale = 0
        var trusted = true
        var asked = 0
    }

    /// The most copies kept.
    let capacity: Int
    /// The decisions on copies over which their staleness is judged.
    static let window = 64
    /// While copies are not trusted, one request for a copy in this many gets one.
    static let probeEvery = 16
    private let copies = Mutex<[String: Copy]>([:])
    private let record = Mutex(Record())

    init(capacity: Int = 65_536) {
        self.capacity = max(1, capacity)
    }

    /// How many copies are kept.
    var count: Int { copies.withLock { $0.count } }

    /// Whether copies are handed out (fewer than a quarter of the last decisions on them failed).
    var isTrusted: Bool { record.withLock { $0.trusted } }

    /// `session` was inserted at row version `revision`.
    func opened(_ session: GlobalSession, revision: String) {
        var copy = session
        copy.branches = []
        copy.storeRevision = revision
        copies.withLock { copies in
            if copies.count >= capacity { copies.removeAll(keepingCapacity: true) }
            copies[session.xid] = Copy(session: copy)
        }
    }

    /// A registration on `xid` goes to the database.
    func registering(_ xid: String) {
        copies.withLock { copies in
            guard var copy = copies[xid] else { return }
            if copy.registering > 0 { copy.spoiled = true }
            copy.registering += 1
            copies[xid] = copy
        }
    }

    /// What a registration did to its session's row.
    enum Registered {
        /// The branch is in; the row's new version.
        case wrote(revision: String)
        /// Nothing (its transaction rolled back: a row lock was held).
        case nothing
        /// Unknown (it failed), or the session is no longer open here (refused).
        case unknown
    }

    /// The registration of `branch` answered.
    func registered(_ branch: BranchSession, _ outcome: Registered) {
        copies.withLock { copies in
            guard var copy = copies[branch.xid] else { return }
            copy.registering -= 1
            if case .wrote(let revision) = outcome, !copy.spoiled {
                copy.session.branches.append(branch)
                copy.session.storeRevision = revision
                copies[branch.xid] = copy
            } else if case .nothing = outcome, !copy.spoiled {
                copies[branch.xid] = copy
            } else if copy.registering > 0 {
                copy.spoiled = true
                copies[branch.xid] = copy
            } else {
                copies[branch.xid] = nil
            }
        }
    }

    /// The session is changing or ending here (or a write to it may have): its copy goes, and
    /// is returned.
    @discardableResult
    func forget(_ xid: String) -> GlobalSession? {
        copies.withLock { $0.removeValue(forKey: xid) }?.session
    }

    /// The copy for a decision; nil when there is none, a registration on it has not answered,
    /// or copies are not trusted (but for a probe).
    func toDecide(_ xid: String) -> GlobalSession? {
        let handOut = record.withLock { record in
            guard !record.trusted else { return true }
            record.asked += 1
            return record.asked % Self.probeEvery == 0
        }
        guard handOut else { return nil }
        return copies.withLock { copies in
            guard let copy = copies[xid], copy.registering == 0, !copy.spoiled else { return nil }
            return copy.session
        }
    }

    /// A decision named the row version of `copy` (the copy it was taken on, or a read that
    /// found the same version) and `succeeded` or failed.
    func decided(on copy: GlobalSession?, revision: String?, succeeded: Bool) {
        guard let copy, let revision, copy.storeRevision == revision else { return }
        record.withLock { record in
            record.decided += 1
            if !succeeded { record.stale += 1 }
            guard record.decided >= Self.window else { return }
            record.trusted = record.stale * 4 < record.decided
            record.decided = 0
            record.stale = 0
        }
    }
}
