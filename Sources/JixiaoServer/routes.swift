import Vapor

/// Every route of the application, one controller per resource, grouped by audience.
func routes(_ app: Application) throws {
    // Pages (Simplified Chinese, server-rendered).
    try app.register(collection: PublicPages())
    try app.register(collection: SessionPages())
    try app.register(collection: SubmissionPages())
    try app.register(collection: EditPages())
    try app.register(collection: ProjectPages())
    try app.register(collection: DashboardPages())
    try app.register(collection: AdminPages())
    // The JSON API (docs/openapi.yaml).
    let api = app.grouped("api", "v1")
    try api.register(collection: SessionAPI())
    try api.register(collection: SubmissionAPI())
    try api.register(collection: BureauAPI())
    try api.register(collection: PublicationAPI())
    // For the reverse proxy.
    try app.register(collection: HealthCheck())
}
