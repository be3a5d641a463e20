import SIPASCore
import SIPASStore

/// What an account may touch, shared by the JSON API and the web pages so that both refuse
/// the same things. Refusals are `AccessDenied`.
public enum AccessPolicy {
    /// A unit-bound account's area (an uploader's, a kiosk's): unit versions, following
    /// validity dates and successions (see `AccessArea`); empty for an account without a unit.
    public static func area(of user: AuthUser, db: Database, today: CalendarDate = .today()) async throws -> AccessArea {
        let store = UnitStore(db)
        guard let root = user.unitCode else { return AccessArea(root: "", versions: [], changes: [], today: today) }
        return AccessArea(root: root, versions: try await store.allVersions(), changes: try await store.changes(), today: today)
    }

    /// What a report request may show `user`: the units it may name (an uploader: units of its
    /// area during the whole of `from`…`to`, by default its own unit) and, for an account
    /// bound to a unit, the area whose uploads the report may list (nil: all).
    public struct ReportAccess: Sendable {
        public var units: [String]
        public var uploadsWithin: AccessArea?
    }

    public static func reportAccess(_ requested: [String], from: Period, to: Period, user: AuthUser, db: Database) async throws
        -> ReportAccess
    {
        try requireReader(user)
        guard user.role.isUnitBound else { return ReportAccess(units: requested, uploadsWithin: nil) }
        guard let own = user.unitCode else { throw AccessDenied(message: "an uploader without a unit reads no reports") }
        let area = try await area(of: user, db: db)
        let units = requested.isEmpty ? [own] : requested
        guard units.allSatisfy({ area.contains(code: $0, from: from.firstDay, to: to.lastDay) }) else {
            throw AccessDenied(message: "you may read reports for \(own), the units below it and their predecessors only")
        }
        return ReportAccess(units: units, uploadsWithin: area)
    }

    /// The uploads an account may see, newest first: an uploader those wholly inside its area.
    public static func visibleUploads(_ user: AuthUser, db: Database, limit: Int = 500) async throws -> [UploadStore.Upload] {
        try requireReader(user)
        let store = UploadStore(db)
        let all = try await store.list(limit: limit)
        guard user.role == .uploader else { return all }
        let area = try await area(of: user, db: db)
        let versions = try await store.unitVersions(of: all.map(\.id))
        return all.filter { (versions[$0.id] ?? []).isSubset(of: area.versionIDs) }
    }

    /// One upload with its scopes; `AccessDenied(denied)` when an uploader's area does not hold it.
    public static func upload(_ id: Int, user: AuthUser, db: Database, denied: String) async throws -> (
        UploadStore.Upload, [UploadStore.ScopeSummary]
    ) {
        try requireReader(user)
        let store = UploadStore(db)
        let upload = try await store.get(id)
        let scopes = try await store.scopes(of: id)
        if user.role == .uploader {
            let area = try await area(of: user, db: db)
            guard scopes.allSatisfy({ area.contains(code: $0.unitCode, during: $0.period) }) else { throw AccessDenied(message: denied) }
        }
        return (upload, scopes)
    }

    /// Refuses units outside an uploader's area during `period` (`denied` says what it may
    /// do instead).
    public static func requireArea(_ codes: [String], during period: Period, user: AuthUser, db: Database, denied: String) async throws {
        guard user.role.isUnitBound else { return }
        let area = try await area(of: user, db: db)
        guard codes.allSatisfy({ area.contains(code: $0, during: period) }) else { throw AccessDenied(message: denied) }
    }

    public static func requireImport(_ user: AuthUser) throws {
        guard user.mayImport else { throw AccessDenied(message: "a \(user.role.rawValue) account cannot import files") }
    }

    /// Single questionnaires (kiosks, the portal): every role but a viewer.
    public static func requireSubmit(_ user: AuthUser) throws {
        guard user.role.maySubmit else { throw AccessDenied(message: "a viewer cannot post questionnaires") }
    }

    /// Reports, uploads, exports, templates: everyone but a kiosk, which posts questionnaires only.
    public static func requireReader(_ user: AuthUser) throws {
        guard user.role != .kiosk else {
            throw AccessDenied(message: "a kiosk account posts questionnaires for its unit and reads nothing")
        }
    }

    public static func requireAnalyst(_ user: AuthUser, _ what: String) throws {
        guard user.role == .admin || user.role == .analyst else { throw AccessDenied(message: "only analysts and admins \(what)") }
    }

    public static func requireAdmin(_ user: AuthUser) throws {
        guard user.role == .admin else { throw AccessDenied(message: "only admins manage accounts") }
    }
}
