import Fluent
import Foundation
import JixiaoRender
import Vapor

/// 公开报告 — what anyone may read: the published packages, each file with its SHA-256.
struct PublicPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let open = routes.grouped(RequirePermission(permission: .readPublished))
        open.get(use: index)
        open.get("published", ":publicationID", use: package)
        open.get("published", ":publicationID", "manifest.txt", use: manifest)
        open.get("published", ":publicationID", "files", ":position", use: file)
    }

    struct Listing: Encodable {
        var items: [PublicationSummary]
    }

    func index(req: Request) async throws -> Response {
        try await req.page("index", title: "公开的自评报告", Listing(items: try await PublicationSummary.all(on: req.db)))
    }

    struct PackagePage: Encodable {
        var publication: PublicationSummary
        var files: [PublishedFileSummary]
        var manifest: String
    }

    func package(req: Request) async throws -> Response {
        let publication = try await Self.publication(req)
        let files = try await PublishedFileSummary.of(publication, on: req.db)
        return try await req.page("publication", title: "\(publication.unitName) \(publication.year) 年度自评报告",
                                  PackagePage(publication: PublicationSummary(publication), files: files,
                                              manifest: PackageDigest.manifest(files.map { ($0.name, $0.sha256) })))
    }

    func manifest(req: Request) async throws -> Response {
        let publication = try await Self.publication(req)
        let files = try await PublishedFileSummary.of(publication, on: req.db)
        let response = Response(status: .ok, body: .init(string: PackageDigest.manifest(files.map { ($0.name, $0.sha256) })))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["charset": "utf-8"])
        return response
    }

    func file(req: Request) async throws -> Response {
        let publication = try await Self.publication(req)
        guard let position = req.parameters.get("position", as: Int.self),
            let file = try await PublishedFile.query(on: req.db).filter(\.$publication.$id == publication.id!)
                .filter(\.$position == position).first()
        else { throw Abort(.notFound, reason: "没有这个文件") }
        return Self.download(file.data, name: file.name)
    }

    static func publication(_ req: Request) async throws -> Publication {
        guard let id = req.parameters.get("publicationID", as: UUID.self), let publication = try await Publication.find(id, on: req.db) else {
            throw Abort(.notFound, reason: "没有这份公开报告")
        }
        return publication
    }

    /// A file as an attachment, its Chinese name encoded for every browser (RFC 6266).
    static func download(_ data: Data, name: String, type: HTTPMediaType? = nil) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        let ext = (name as NSString).pathExtension
        response.headers.contentType = type ?? HTTPMediaType.fileExtension(ext) ?? .binary
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
        let ascii = "jixiao." + (ext.isEmpty ? "bin" : ext)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)")
        return response
    }
}

/// 公开报告摘要 — one published package as listings show it.
struct PublicationSummary: Content {
    var id: UUID
    var unitName: String
    var year: Int
    var revision: Int
    var publishedAt: Date
    var publishedAtText: String
    var packageSHA256: String

    init(_ p: Publication) {
        id = p.id!
        unitName = p.unitName
        year = p.year
        revision = p.revisionNumber
        publishedAt = p.publishedAt
        publishedAtText = Display.date(p.publishedAt)
        packageSHA256 = p.packageSHA256
    }

    static func all(on db: any Database) async throws -> [PublicationSummary] {
        try await Publication.query(on: db).sort(\.$year, .descending).sort(\.$unitName).all().map(PublicationSummary.init)
    }
}

/// One file of a published package: name, size and SHA-256 (the bytes are fetched apart).
struct PublishedFileSummary: Content {
    var position: Int
    var name: String
    var size: Int
    var sha256: String
    var url: String

    static func of(_ publication: Publication, on db: any Database) async throws -> [PublishedFileSummary] {
        let id = publication.id!
        // Only the columns listed: the bytes stay in the database.
        return try await PublishedFile.query(on: db).filter(\.$publication.$id == id).sort(\.$position)
            .field(\.$id).field(\.$position).field(\.$name).field(\.$size).field(\.$sha256).all()
            .map { PublishedFileSummary(position: $0.position, name: $0.name, size: $0.size, sha256: $0.sha256,
                                        url: "/published/\(id)/files/\($0.position)") }
    }
}
