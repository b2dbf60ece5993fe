import Fluent
import SQLKit
import Foundation
import Vapor

/// 会话 — a logged-in (or form-token-carrying) browser's session, stored with when it began and
/// when it was last seen, so that the server ends it: `SessionLifetime.absolute` after it began,
/// or `SessionLifetime.idle` after its last request, whatever the cookie says.
final class StoredSession: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(key: .id) var id: UUID?
    /// The random ID the cookie carries.
    @Field(key: "key") var key: String
    @Field(key: "data") var data: SessionData
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "seen_at") var seenAt: Date

    init() {}

    init(key: String, data: SessionData, at date: Date) {
        self.key = key
        self.data = data
        createdAt = date
        seenAt = date
    }
}

/// How long sessions live on the server.
enum SessionLifetime {
    /// From the session's start (a working day).
    static let absolute: TimeInterval = 10 * 3600
    /// From the session's last request.
    static let idle: TimeInterval = 2 * 3600
    /// A session's last-seen time is rewritten at most this often (not at every request).
    static let seenResolution: TimeInterval = 60
    /// Expired sessions are deleted at most this often, when a session is made.
    static let purgeInterval: TimeInterval = 10 * 60

    static func expired(createdAt: Date, seenAt: Date, at now: Date) -> Bool {
        now.timeIntervalSince(createdAt) > absolute || now.timeIntervalSince(seenAt) > idle
    }

    /// Deletes every expired session.
    static func purge(on db: any Database, at now: Date = Date()) async throws {
        try await StoredSession.query(on: db).group(.or) {
            $0.filter(\.$createdAt < now.addingTimeInterval(-absolute)).filter(\.$seenAt < now.addingTimeInterval(-idle))
        }.delete()
    }
}

/// Vapor's session driver over `StoredSession`: an expired session reads as none (and is deleted),
/// and making a session now and then deletes all expired ones.
struct ExpiringSessions: SessionDriver {
    let purges = PurgeSchedule(interval: SessionLifetime.purgeInterval)

    /// A session with nothing in it (a visitor whose cookie named an ended session) is not stored:
    /// its ID names nothing, and a visit stores no row.
    func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        let id = SessionID(string: CSRF.newToken())
        if data.snapshot.isEmpty { return request.eventLoop.makeSucceededFuture(id) }
        return request.eventLoop.makeFutureWithTask {
            let now = Date()
            let purge = await purges.due(now)
            try await request.application.write(on: request.db) { db in
                if purge { try await SessionLifetime.purge(on: db, at: now) }
                try await StoredSession(key: id.string, data: data, at: now).create(on: db)
            }
            return id
        }
    }

    /// Every request reads its session: in SQL, as the save path writes (Fluent reflects over the
    /// model for each query).
    func readSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<SessionData?> {
        request.eventLoop.makeFutureWithTask {
            let sql = request.db as! any SQLDatabase
            guard let row = try await sql.select().columns("data", "created_at", "seen_at").from(StoredSession.schema)
                .where("key", .equal, sessionID.string).first()
            else { return nil }
            let seenAt = try row.decode(column: "seen_at", as: Date.self)
            let now = Date()
            let key = sessionID.string
            if SessionLifetime.expired(createdAt: try row.decode(column: "created_at", as: Date.self), seenAt: seenAt, at: now) {
                try await request.application.write(on: request.db) { db in
                    try await (db as! any SQLDatabase).delete(from: StoredSession.schema).where("key", .equal, key).run()
                }
                return nil
            }
            if now.timeIntervalSince(seenAt) > SessionLifetime.seenResolution {
                try await request.application.write(on: request.db) { db in
                    try await (db as! any SQLDatabase).update(StoredSession.schema).set("seen_at", to: now).where("key", .equal, key).run()
                }
            }
            let data = try row.decode(column: "data", as: SessionData.self)
            request.storage[StoredSnapshot.self] = data.snapshot
            return data
        }
    }

    /// The session's data as read at the start of the request.
    private struct StoredSnapshot: StorageKey { typealias Value = [String: String] }

    /// Vapor calls this after every request that has a session; only a change is written (the
    /// time last seen is kept by `readSession`), so that a request costs no write of its own.
    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        if request.storage[StoredSnapshot.self] == data.snapshot { return request.eventLoop.makeSucceededFuture(sessionID) }
        return request.eventLoop.makeFutureWithTask {
            try await request.application.write(on: request.db) { db in
                try await StoredSession.query(on: db).filter(\.$key == sessionID.string)
                    .set(\.$data, to: data).set(\.$seenAt, to: Date()).update()
            }
            return sessionID
        }
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<Void> {
        request.eventLoop.makeFutureWithTask {
            try await request.application.write(on: request.db) { db in
                try await StoredSession.query(on: db).filter(\.$key == sessionID.string).delete()
            }
        }
    }
}
