import Fluent
import SQLKit
import Vapor

/// Lets one write transaction run at a time. SQLite allows one writer; two connections that
/// both read and then write inside transactions can fail with SQLITE_BUSY instead of waiting,
/// so the server queues its own write transactions (first come, first served). PostgreSQL needs
/// no queue: its unique indexes settle races.
actor WriteSerializer {
    /// The connections the write transactions use: apart from those the requests read on, so that
    /// the one writer never waits for a connection behind a burst of reads.
    nonisolated let database: DatabaseID
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(database: DatabaseID) { self.database = database }

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
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
    /// through here: a write beside the queue would wait on SQLite's lock in a thread-pool thread,
    /// and with both threads so held the queued writer could not go on.
    func write<T: Sendable>(on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard let serializer = writeSerializer else { return try await db.transaction { try await body($0) } }
        let writer = self.db(serializer.database)
        return try await serializer.run {
            try await writer.withConnection { connection in
                let sql = connection as! any SQLDatabase
                try await sql.raw("BEGIN IMMEDIATE").run()
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
    }

    /// The write queue, when the database needs one (SQLite); nil for PostgreSQL.
    var writeSerializer: WriteSerializer? {
        get { storage[WriteSerializerKey.self] }
        set { storage[WriteSerializerKey.self] = newValue }
    }
}
