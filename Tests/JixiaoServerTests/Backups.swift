import Fluent
import Foundation
import JixiaoRender
import SQLKit
import Testing
@testable import JixiaoServer

/// Backups and their verification (issue 22): the database's inventory recomputes every revision's
/// and published file's SHA-256 from the stored bytes, so that a restore can be compared byte for byte.
enum Backups {
    /// The inventory of a database with a published package lists every revision, file and package
    /// with the hash of its stored bytes; bytes changed behind the server's back are named.
    static func inventory(_ backend: Backend) async throws {
        try await withServer(backend) { app in
            let id = try await submissionID(app, unitCode: "101")
            let clerk = Client(app)
            #expect(try await clerk.json(.POST, "/api/v1/session", ["username": "editor", "password": Logins.passwords["editor"]!]).status == .ok)
            // A project form added through the clerk's page: its revision is in the inventory too.
            let pages = Client(app)
            try await pages.login("editor")
            #expect(try await pages.post("/submissions/\(id)/projects", ["from": "blank", "name": "职工文化活动经费"]).status == .seeOther)
            #expect(try await clerk.json(.POST, "/api/v1/submissions/\(id)/submit").status == .ok)
            let reviewer = Client(app)
            #expect(try await reviewer.json(.POST, "/api/v1/session", ["username": "reviewer", "password": Logins.passwords["reviewer"]!]).status == .ok)
            #expect(try await reviewer.json(.POST, "/api/v1/submissions/\(id)/accept").status == .ok)
            let admin = Client(app)
            #expect(try await admin.json(.POST, "/api/v1/session", ["username": "admin", "password": Logins.passwords["admin"]!]).status == .ok)
            #expect(try await admin.json(.POST, "/api/v1/submissions/\(id)/publish").status == .ok)

            let inventory = try await DatabaseInventory.make(on: app.db)
            let revision = try #require(try await Revision.query(on: app.db).filter(\.$submission.$id == id).first())
            let files = try await PublishedFile.query(on: app.db).sort(\.$position).all()
            let publication = try #require(try await Publication.query(on: app.db).first())
            #expect(inventory.mismatches.isEmpty, "\(inventory.mismatches)")
            let project = try #require(try await ProjectRevision.query(on: app.db).filter(\.$submission.$id == id).first())
            #expect((inventory.revisions, inventory.projectRevisions, inventory.publications, inventory.publishedFiles) == (1, 1, 1, files.count))
            #expect(inventory.lines.contains("项目表修订\t\(id.uuidString)\t1\t1\t\(project.sha256)\t\(project.text.utf8.count)"))
            #expect(files.count >= 4)
            #expect(inventory.lines.contains("修订\t\(id.uuidString)\t1\t\(revision.sha256)\t\(revision.text.utf8.count)"))
            #expect(inventory.lines.contains("公开包\t\(publication.id!.uuidString)\t\(publication.packageSHA256)\t\(files.count)"))
            for file in files {
                #expect(inventory.lines.contains("公开文件\t\(publication.id!.uuidString)\t\(file.position)\t\(file.sha256)\t\(file.size)\t\(file.name)"))
            }
            #expect(inventory.text.hasPrefix("# jixiao 数据库清单：修订 1 份，项目表修订 1 份，公开包 1 个，公开文件 \(files.count) 个；"))
            // The same database read again: the same inventory, line for line.
            #expect(try await DatabaseInventory.make(on: app.db).text == inventory.text)

            // A revision's, a project revision's text and a published file's bytes changed behind the server's back (the
            // append-only triggers dropped first): both are named, and so is the package they change.
            let sql = app.db as! any SQLDatabase
            let on = backend == .postgres ? " ON revisions" : ""
            try await sql.raw("DROP TRIGGER revisions_no_update\(unsafeRaw: on)").run()
            try await sql.raw("DROP TRIGGER published_files_no_update\(unsafeRaw: on.replacingOccurrences(of: "revisions", with: "published_files"))").run()
            try await sql.raw("DROP TRIGGER project_revisions_no_update\(unsafeRaw: on.replacingOccurrences(of: "revisions", with: "project_revisions"))").run()
            try await sql.raw("UPDATE revisions SET text = \(bind: revision.text + " ")").run()
            try await sql.raw("UPDATE project_revisions SET text = \(bind: project.text + " ")").run()
            try await sql.raw("UPDATE published_files SET data = \(bind: files[0].data.dropLast()) WHERE position = 0").run()
            let tampered = try await DatabaseInventory.make(on: app.db)
            #expect(tampered.mismatches.count == 4, "\(tampered.mismatches)")
            #expect(tampered.mismatches.contains { $0.hasPrefix("项目表修订 \(id.uuidString) 项目 1 第 1 版：") })
            #expect(tampered.mismatches.contains { $0.hasPrefix("修订 \(id.uuidString) 第 1 版：") })
            #expect(tampered.mismatches.contains { $0.hasPrefix("公开文件 \(publication.id!.uuidString) 第 0 个（\(files[0].name)）") })
            #expect(tampered.mismatches.contains { $0.hasPrefix("公开包 \(publication.id!.uuidString)：") })
            #expect(tampered.text.contains("4 项与记录不符"))
            #expect(tampered.text != inventory.text)
        }
    }
}
