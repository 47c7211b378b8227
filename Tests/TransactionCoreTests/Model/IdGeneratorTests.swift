import Synchronization
import Testing
import TransactionCore

/// Snowflake ids: positive, increasing, carrying the worker id, above the store's highest.
struct IdGeneratorTests {
    @Test func idsIncreaseAndCarryTheWorkerId() {
        let generator = IdGenerator(workerId: 517, clock: { 1_750_000_000_000 })
        var previous: Int64 = 0
        for _ in 0..<10_000 {
            let id = generator.next()
            #expect(id > previous)
            #expect((id >> 12) & 1023 == 517)
            previous = id
        }
    }

    @Test func moreThan4096IdsInOneMillisecondBorrowTheNextMillisecond() {
        let generator = IdGenerator(workerId: 0, clock: { IdGenerator.epochMilliseconds + 5 })
        let ids = (0..<5000).map { _ in generator.next() }
        #expect(Set(ids).count == 5000)
        #expect(ids[4095] >> 22 == 5)
        #expect(ids[4096] >> 22 == 6)
    }

    @Test func aClockSteppingBackNeverRepeatsAnId() {
        let now = Mutex<Int64>(IdGenerator.epochMilliseconds + 1_000)
        let generator = IdGenerator(workerId: 3, clock: { now.withLock { $0 } })
        let before = generator.next()
        now.withLock { $0 -= 500 }
        #expect(generator.next() > before)
    }

    @Test func idsStartAboveTheStoresHighestEvenWhenTheClockIsBehind() {
        let old = IdGenerator(workerId: 1, clock: { IdGenerator.epochMilliseconds + 9_000 }).next()
        let restarted = IdGenerator(workerId: 1, notBefore: old, clock: { IdGenerator.epochMilliseconds + 1_000 })
        #expect(restarted.next() > old)
    }

    @Test func twoWorkersNeverCollide() {
        let a = IdGenerator(workerId: 1, clock: { 1_750_000_000_000 })
        let b = IdGenerator(workerId: 2, clock: { 1_750_000_000_000 })
        let ids = (0..<3000).flatMap { _ in [a.next(), b.next()] }
        #expect(Set(ids).count == ids.count)
    }
}

/// Xids: `<host>:<port>:<transactionId>`.
struct XidTests {
    @Test func theTransactionIdIsReadBackFromTheXid() {
        #expect(
            Xid.make(host: "10.0.0.7", port: 8091, transactionId: 915_493_221_390_356_480)
                == "10.0.0.7:8091:915493221390356480"
        )
        #expect(Xid.transactionId(of: "10.0.0.7:8091:915493221390356480") == 915_493_221_390_356_480)
        #expect(Xid.transactionId(of: "10.0.0.7:8091:") == nil)
        #expect(Xid.transactionId(of: "no-colon") == nil)
        #expect(Xid.transactionId(of: "h:1:12x") == nil)
        #expect(Xid.transactionId(of: "h:1:99999999999999999999") == nil)
    }
}
