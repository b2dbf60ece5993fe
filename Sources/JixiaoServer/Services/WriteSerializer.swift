import Fluent
import SQLKit
import Vapor

/// Lets one write transaction run at a time. SQLite allows one writer; two connections that
/// both read and then write inside transactions can fail with SQLITE_BUSY instead of waiting,
/// so the server queues its own write transactions (first come, first served). PostgreSQL needs
/// no queue for them (its unique indexes and row locks settle races), but its saves are queued
/// too, to be written in batches (`save(_:write:)`).
actor WriteSerializer {
    /// The connections its transactions use. SQLite: apart from those the requests read on, so that
    /// the one writer never waits for a connection behind a burst of reads.
    nonisolated let database: DatabaseID
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    /// Saves waiting to be written together, and whether a batch of them is queued.
    private var saves: [(save: PendingSave, continuation: CheckedContinuation<Revision, any Error>)] = []
    private var batchQueued = false
    /// The most saves one transaction writes, and the most text (bytes) it takes beyond its first
    /// save: their rows' binds stay far below SQLite's limits, and a batch of large files stays small.
    static let batchLimit = 32
    static let batchTextLimit = 16 << 20

    init(database: DatabaseID) { self.database = database }

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    /// Queues a save; it is written, with the other saves that came in while the writer was
    /// busy, by one call of `write`, which gives a result for each save of the batch, in order.
    /// A burst's saves then cost a few statements a batch instead of eight each, and the one
    /// writer keeps up with the analyses on every core.
    func save(_ save: PendingSave, write: @escaping @Sendable ([PendingSave]) async -> [Result<Revision, any Error>]) async throws -> Revision {
        try await withCheckedThrowingContinuation { continuation in
            saves.append((save, continuation))
            if !batchQueued {
                batchQueued = true
                Task { await self.writeBatch(write) }
            }
        }
    }

    /// Writes the waiting saves (within `batchLimit` and `batchTextLimit`) in their turn in the
    /// queue, then queues the rest, behind whatever other writes came meanwhile.
    private func writeBatch(_ write: @escaping @Sendable ([PendingSave]) async -> [Result<Revision, any Error>]) async {
        await acquire()
        var count = 0, bytes = 0
        for (save, _) in saves.prefix(Self.batchLimit) {
            bytes += save.analysis.yaml.utf8.count
            guard count == 0 || bytes <= Self.batchTextLimit else { break }
            count += 1
        }
        let batch = Array(saves.prefix(count))
        saves.removeFirst(count)
        var results = await write(batch.map(\.save))
        release()
        // `write` gives one result a save; should it not, no caller is left waiting.
        if results.count != batch.count {
            results = Array(repeating: .failure(Abort(.internalServerError, reason: "保存的结果未知：请刷新页面，看是否已保存")), count: batch.count)
        }
        for (entry, result) in zip(batch, results) { entry.continuation.resume(with: result) }
        if saves.isEmpty {
            batchQueued = false
        } else {
            Task { await self.writeBatch(write) }
        }
    }

    private func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}

extension Application {
    private struct WriteSerializerKey: StorageKey { typealias Value = WriteSerializer }

    /// Runs `body` in one write transaction. PostgreSQL: a transaction on `db`. SQLite: queued behind
    /// the other writes, on the writer's connections, with the write lock taken at BEGIN (IMMEDIATE) so
    /// that a transaction never reads first and then fails to upgrade. Every write to SQLite goes
    /// through the queue, here or in `writeSave`: a write beside the queue would wait on SQLite's
    /// lock in a thread-pool thread, and with both threads so held the queued writer could not go on.
    func write<T: Sendable>(on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard let serializer = writeSerializer else { return try await db.transaction { try await body($0) } }
        let writer = self.db(serializer.database)
        return try await serializer.run { try await Self.transaction(on: writer, body) }
    }

    /// Stores a save as its submission's next revision (`Workflow.writeSaves`), in the save queue:
    /// written together with the saves queued with it. Should their transaction fail, each is
    /// written again alone, so that a save that cannot be stored fails by itself. A save is
    /// acknowledged only once its transaction has committed.
    func writeSave(_ save: PendingSave) async throws -> Revision {
        let queue = saveQueue
        let db = self.db(queue.database)
        return try await queue.save(save) { batch in
            do {
                return try await Self.transaction(on: db) { try await Workflow.writeSaves(batch, on: $0) }
            } catch where batch.count > 1 {
                var results: [Result<Revision, any Error>] = []
                for save in batch {
                    do {
                        results += try await Self.transaction(on: db) { try await Workflow.writeSaves([save], on: $0) }
                    } catch {
                        results.append(.failure(error))
                    }
                }
                return results
            } catch {
                return [.failure(error)]
            }
        }
    }

    /// `body` in one transaction on one of `db`'s connections; on SQLite with the write lock taken
    /// at BEGIN (IMMEDIATE), so that a transaction never reads first and then fails to upgrade.
    private static func transaction<T: Sendable>(on db: any Database,
                                                 _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await db.withConnection { connection in
            let sql = connection as! any SQLDatabase
            try await sql.raw(sql.dialect.name == "sqlite" ? "BEGIN IMMEDIATE" : "BEGIN").run()
            do {
                let result = try await body(connection)
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// The write queue, when the database needs one (SQLite); nil for PostgreSQL.
    var writeSerializer: WriteSerializer? {
        get { storage[WriteSerializerKey.self] }
        set { storage[WriteSerializerKey.self] = newValue }
    }

    private struct SaveQueueKey: StorageKey { typealias Value = WriteSerializer }

    /// The queue the saves are batched in: SQLite's write queue, or one for PostgreSQL's saves alone.
    var saveQueue: WriteSerializer {
        get { storage[SaveQueueKey.self]! }
        set { storage[SaveQueueKey.self] = newValue }
    }
}
