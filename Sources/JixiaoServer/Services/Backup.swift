import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import JixiaoRender
import SQLKit
import Vapor

/// 数据库清单 — what a database holds that must come back whole from a backup: every revision, every
/// project form's revision and every published file, each with the SHA-256 recomputed from its stored
/// bytes (and compared with the hash stored beside them), and each published package's SHA-256
/// recomputed from its files. Two databases whose inventories are equal, and in which nothing
/// disagrees, hold the same revisions and published files, byte for byte.
package struct DatabaseInventory: Sendable {
    /// One line a revision (`修订  SUBMISSION  NUMBER  SHA256  BYTES`), a project form's revision
    /// (`项目表修订  SUBMISSION  PROJECT  NUMBER  SHA256  BYTES`), a published file
    /// (`公开文件  PUBLICATION  POSITION  SHA256  BYTES  NAME`) and a package (`公开包  PUBLICATION  SHA256  FILES`),
    /// tab-separated, in a fixed order.
    package var lines: [String] = []
    package var revisions = 0
    package var projectRevisions = 0
    package var publications = 0
    package var publishedFiles = 0
    /// What disagrees with its stored hash, in Chinese.
    package var mismatches: [String] = []

    /// The inventory as printed: a summary line, the lines, then what disagrees.
    package var text: String {
        let summary = "# jixiao 数据库清单：修订 \(revisions) 份，项目表修订 \(projectRevisions) 份，公开包 \(publications) 个，公开文件 \(publishedFiles) 个；"
            + (mismatches.isEmpty ? "每项的 SHA-256 由存储的内容重新算出，均与记录相符" : "\(mismatches.count) 项与记录不符")
        return ([summary] + lines + mismatches.map { "不符\t\($0)" }).joined(separator: "\n") + "\n"
    }

    /// Reads every revision and published file of `db`, a few hundred rows at a time (a bureau's
    /// revisions do not fit in memory at once).
    package static func make(on db: any Database) async throws -> DatabaseInventory {
        var inventory = DatabaseInventory()
        var revisionLines: [(key: String, line: String)] = []
        try await eachPage(of: Revision.self, on: db, size: pageSize) { revision in
            let submission = revision.$submission.id.uuidString
            let bytes = Data(revision.text.utf8)
            let computed = PackageDigest.hex(bytes)
            revisionLines.append((key(submission, revision.number), "修订\t\(submission)\t\(revision.number)\t\(computed)\t\(bytes.count)"))
            if computed != revision.sha256 {
                inventory.mismatches.append("修订 \(submission) 第 \(revision.number) 版：存储的文本算出 SHA-256 \(computed)，记录的是 \(revision.sha256)")
            }
        }
        inventory.revisions = revisionLines.count

        var projectLines: [(key: String, line: String)] = []
        try await eachPage(of: ProjectRevision.self, on: db, size: pageSize) { revision in
            let submission = revision.$submission.id.uuidString
            let bytes = Data(revision.text.utf8)
            let computed = PackageDigest.hex(bytes)
            projectLines.append((key(submission, revision.project, revision.number),
                                 "项目表修订\t\(submission)\t\(revision.project)\t\(revision.number)\t\(computed)\t\(bytes.count)"))
            if computed != revision.sha256 {
                inventory.mismatches.append("项目表修订 \(submission) 项目 \(revision.project) 第 \(revision.number) 版：存储的文本算出 SHA-256 \(computed)，记录的是 \(revision.sha256)")
            }
        }
        inventory.projectRevisions = projectLines.count

        let publications = try await Publication.query(on: db).all()
        var files: [UUID: [(position: Int, name: String, sha256: String, line: String)]] = [:]
        // The files' bytes are the bulk: a tenth of a page of files at a time.
        try await eachPage(of: PublishedFile.self, on: db, size: pageSize / 10) { file in
            let publication = file.$publication.id
            let computed = PackageDigest.hex(file.data)
            files[publication, default: []].append((file.position, file.name, computed,
                "公开文件\t\(publication.uuidString)\t\(file.position)\t\(computed)\t\(file.data.count)\t\(file.name)"))
            if computed != file.sha256 || file.data.count != file.size {
                inventory.mismatches.append("公开文件 \(publication.uuidString) 第 \(file.position) 个（\(file.name)）：存储的内容（\(file.data.count) 字节）算出 SHA-256 \(computed)，记录的是 \(file.sha256)（\(file.size) 字节）")
            }
        }
        inventory.publishedFiles = files.values.map(\.count).reduce(0, +)
        inventory.publications = publications.count

        inventory.lines = revisionLines.sorted { $0.key < $1.key }.map(\.line) + projectLines.sorted { $0.key < $1.key }.map(\.line)
        for publication in publications.sorted(by: { $0.id!.uuidString < $1.id!.uuidString }) {
            let its = (files[publication.id!] ?? []).sorted { $0.position < $1.position }
            let computed = PackageDigest.package(its.map { ($0.name, $0.sha256) })
            inventory.lines.append("公开包\t\(publication.id!.uuidString)\t\(computed)\t\(its.count)")
            inventory.lines += its.map(\.line)
            if computed != publication.packageSHA256 {
                inventory.mismatches.append("公开包 \(publication.id!.uuidString)：其文件算出的 SHA-256 \(computed)，记录的是 \(publication.packageSHA256)")
            }
        }
        return inventory
    }

    /// A sort key of a submission's ID and numbers, the numbers zero-padded so that 10 sorts after 9.
    private static func key(_ submission: String, _ numbers: Int...) -> String {
        ([submission] + numbers.map { String(repeating: "0", count: max(0, 9 - String($0).count)) + String($0) }).joined(separator: "\t")
    }

    /// Every row of `M` in the order of its ID, `size` rows at a time.
    private static func eachPage<M: Model>(of _: M.Type, on db: any Database, size: Int, _ body: (M) throws -> Void) async throws
        where M.IDValue == UUID
    {
        var after: UUID?
        while true {
            var page = M.query(on: db).sort(.id).limit(size)
            if let after { page = page.filter(.id, .greaterThan, after) }
            let rows = try await page.all()
            try rows.forEach(body)
            guard rows.count == size, let last = rows.last?.id else { return }
            after = last
        }
    }

    private static let pageSize = 500
}

/// Backups that need the server's own database access; PostgreSQL's are `pg_dump -Fc` (README, 部署).
package enum DatabaseBackup {
    /// SQLite's online backup: `VACUUM INTO` copies a consistent snapshot of the database at
    /// `database` to `target` (a new file) in one read transaction, while the server goes on
    /// reading and writing (the write-ahead log lets it).
    package static func copySQLite(on db: any Database, to target: String) async throws {
        guard !FileManager.default.fileExists(atPath: target) else {
            throw ServerConfigurationError("备份文件 \(target) 已存在：请给一个新文件名（不覆盖已有的备份）")
        }
        try await (db as! any SQLDatabase).raw("VACUUM INTO \(bind: target)").run()
    }
}

extension JixiaoWebServer {
    /// `jixiao serve --backup-to FILE`: the SQLite database under `dataDirectory` copied online to
    /// `target`; refused for PostgreSQL, whose backup is `pg_dump -Fc`.
    package static func backup(dataDirectory: String, to target: String) async throws {
        let storage = try ServerConfiguration.fromEnvironment(dataDirectory: dataDirectory).storage
        guard case .sqlite = storage else {
            throw ServerConfigurationError("DATABASE_URL 指向 PostgreSQL：请用 pg_dump -Fc 备份（见 README「部署」），--backup-to 只用于 SQLite")
        }
        try await withExistingDatabase(storage) { try await DatabaseBackup.copySQLite(on: $0, to: target) }
    }

    /// `jixiao serve --inventory`: the inventory of the database that `DATABASE_URL` or `dataDirectory` names.
    package static func inventory(dataDirectory: String) async throws -> DatabaseInventory {
        let storage = try ServerConfiguration.fromEnvironment(dataDirectory: dataDirectory).storage
        return try await withExistingDatabase(storage) { try await DatabaseInventory.make(on: $0) }
    }

    /// Runs `body` on the database of `storage` without migrating or seeding anything: a database
    /// that jixiao has not set up (no file, no revisions table) is refused.
    private static func withExistingDatabase<T: Sendable>(_ storage: ServerConfiguration.Storage,
                                                          _ body: @Sendable (any Database) async throws -> T) async throws -> T {
        let app = try await Application.make(Environment(name: "production", arguments: ["jixiao"]))
        do {
            switch storage {
            case .sqlite(let path):
                guard FileManager.default.fileExists(atPath: path) else {
                    throw ServerConfigurationError("找不到数据库文件 \(path)：请用 --data 指定网站的数据目录")
                }
                app.databases.use(.sqlite(.file(path)), as: .sqlite)
            case .postgres(let url, let searchPath):
                var postgres = try SQLPostgresConfiguration(url: url)
                postgres.searchPath = searchPath
                app.databases.use(.postgres(configuration: postgres), as: .psql)
            }
            let tables: [SQLRow]
            do {
                tables = try await (app.db as! any SQLDatabase).select().column("name").from("_fluent_migrations").all()
            } catch {
                throw ServerConfigurationError("无法读取数据库的迁移记录：不是 jixiao 的数据库，或无法连接（请检查 DATABASE_URL 或 --data）")
            }
            guard !tables.isEmpty else { throw ServerConfigurationError("数据库还没有 jixiao 的数据表") }
            let result = try await body(app.db)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
