import SIPASCore
import SIPASStore

/// The imported files: listed newest first, one shown with the units and periods it covers,
/// a superseded one brought back.
public struct UploadHistory: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public typealias Upload = UploadStore.Upload
    public typealias ScopeSummary = UploadStore.ScopeSummary

    public func list(limit: Int) async throws -> [Upload] {
        try await UploadStore(db).list(limit: limit)
    }

    public func show(_ id: Int) async throws -> (upload: Upload, scopes: [ScopeSummary]) {
        let store = UploadStore(db)
        return (try await store.get(id), try await store.scopes(of: id))
    }

    /// Makes upload `id` active again; the uploads that replaced it are superseded in turn.
    public func revert(_ id: Int, actor: String) async throws -> (restored: Upload, superseded: [Upload]) {
        try await UploadStore(db).revert(id, actor: actor)
    }
}
