import Fluent
import Foundation
import Vapor

/// `/api/v1/published`: the published packages, each file with its SHA-256 and address, for
/// anyone (and for `jixiao verify`).
struct PublicationAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let open = routes.grouped(RequirePermission(permission: .readPublished))
        open.get("published", use: list)
        open.get("published", ":publicationID", use: show)
    }

    struct Package: Content {
        var publication: PublicationSummary
        var files: [PublishedFileSummary]

        static func of(_ publication: Publication, on db: any Database) async throws -> Package {
            Package(publication: PublicationSummary(publication), files: try await PublishedFileSummary.of(publication, on: db))
        }
    }

    func list(req: Request) async throws -> [PublicationSummary] {
        try await PublicationSummary.all(on: req.db)
    }

    func show(req: Request) async throws -> Package {
        try await Package.of(try await PublicPages.publication(req), on: req.db)
    }
}
