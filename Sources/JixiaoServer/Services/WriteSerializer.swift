import Vapor

/// Lets one write transaction run at a time. SQLite allows one writer; two connections that
/// both read and then write inside transactions can fail with SQLITE_BUSY instead of waiting,
/// so the server queues its own write transactions (first come, first served). PostgreSQL needs
/// no queue: its unique indexes settle races.
actor WriteSerializer {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

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

    /// The write queue, when the database needs one (SQLite); nil for PostgreSQL.
    var writeSerializer: WriteSerializer? {
        get { storage[WriteSerializerKey.self] }
        set { storage[WriteSerializerKey.self] = newValue }
    }
}
