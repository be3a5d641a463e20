import SIPASCore
import SIPASStore

/// What an account may touch, shared by the JSON API and the web pages so that both refuse
/// the same things. Refusals are `AccessDenied`.
public enum AccessPolicy {
    /// The codes of a unit-bound account's unit (an uploader's, a kiosk's) and every unit
    /// below it (in any structure version).
    public static func area(of user: AuthUser, db: Database) async throws -> Set<String> {
        guard let root = user.unitCode else { return [] }
        return area(of: root, in: try await UnitStore(db).allVersions())
    }

    /// The codes of `root` and every unit below it among `units`.
    public static func area(of root: String, in units: [UnitVersion]) -> Set<String> {
        let children = Dictionary(grouping: units, by: { $0.unit.parentCode ?? "" })
        var area: Set<String> = [root]
        var queue = [root]
        while let code = queue.popLast() {
            for child in children[code] ?? [] where area.insert(child.unit.code).inserted { queue.append(child.unit.code) }
        }
        return area
    }

    /// The units a report may be asked for: an uploader reads its own unit (and its area)
    /// only, and by default its own unit.
    public static func reportUnits(_ requested: [String], user: AuthUser, db: Database) async throws -> [String] {
        try requireReader(user)
        guard user.role == .uploader else { return requested }
        guard let own = user.unitCode else { throw AccessDenied(message: "an uploader without a unit reads no reports") }
        let area = try await area(of: user, db: db)
        let units = requested.isEmpty ? [own] : requested
        guard units.allSatisfy({ area.contains($0) }) else {
            throw AccessDenied(message: "you may read reports for \(own) and the units below it only")
        }
        return units
    }

    /// The uploads an account may see, newest first: an uploader those wholly inside its area.
    public static func visibleUploads(_ user: AuthUser, db: Database, limit: Int = 500) async throws -> [UploadStore.Upload] {
        try requireReader(user)
        let store = UploadStore(db)
        let all = try await store.list(limit: limit)
        guard user.role == .uploader else { return all }
        let area = try await area(of: user, db: db)
        let codes = try await store.unitCodes(of: all.map(\.id))
        return all.filter { (codes[$0.id] ?? []).isSubset(of: area) }
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
            guard scopes.allSatisfy({ area.contains($0.unitCode) }) else { throw AccessDenied(message: denied) }
        }
        return (upload, scopes)
    }

    /// Refuses units outside an uploader's area (`denied` says what it may do instead).
    public static func requireArea(_ codes: [String], user: AuthUser, db: Database, denied: String) async throws {
        guard user.role.isUnitBound else { return }
        let area = try await area(of: user, db: db)
        guard codes.allSatisfy({ area.contains($0) }) else { throw AccessDenied(message: denied) }
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

    /// The area whose uploads a report may name for `user`: nil (all) unless it is bound to a unit.
    public static func uploadArea(of user: AuthUser, db: Database) async throws -> Set<String>? {
        user.role.isUnitBound ? try await area(of: user, db: db) : nil
    }

    public static func requireAnalyst(_ user: AuthUser, _ what: String) throws {
        guard user.role == .admin || user.role == .analyst else { throw AccessDenied(message: "only analysts and admins \(what)") }
    }

    public static func requireAdmin(_ user: AuthUser) throws {
        guard user.role == .admin else { throw AccessDenied(message: "only admins manage accounts") }
    }
}
