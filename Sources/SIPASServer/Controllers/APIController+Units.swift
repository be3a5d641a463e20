import Hummingbird
import SIPASCore
import SIPASStore

extension APIController {
    struct UnitBody: ResponseEncodable {
        var code: String
        var name: String
        var level: UnitLevel
        var type: String
        var parent_code: String?
        var valid_from: String
        var valid_to: String?
    }

    struct UnitNode: ResponseEncodable {
        var code: String
        var name: String
        var level: UnitLevel
        var children: [UnitNode]
    }

    func units(_ request: Request, context: AppContext) async throws -> [UnitBody] {
        _ = try context.requireUser()
        let query = request.uri.queryParameters
        let date = try query.date("on") ?? .today()
        let level: UnitLevel? = try query.closed("level")
        return try await UnitStore(db).list(on: date, level: level).map {
            UnitBody(
                code: $0.unit.code, name: $0.unit.name, level: $0.unit.level, type: $0.unit.type, parent_code: $0.unit.parentCode,
                valid_from: $0.validFrom.description, valid_to: $0.validTo?.description)
        }
    }

    func unitTree(_ request: Request, context: AppContext) async throws -> [UnitNode] {
        let list = try await units(request, context: context)
        let children = Dictionary(grouping: list, by: { $0.parent_code ?? "" })
        let codes = Set(list.map(\.code))
        func node(_ unit: UnitBody, depth: Int) -> UnitNode {
            UnitNode(
                code: unit.code, name: unit.name, level: unit.level,
                children: depth > 8 ? [] : (children[unit.code] ?? []).map { node($0, depth: depth + 1) })
        }
        return list.filter { $0.parent_code.map { !codes.contains($0) } ?? true }.map { node($0, depth: 0) }
    }

    func tallyTemplate(_ request: Request, context: AppContext) async throws -> Response {
        try await TallyTemplateRequest.response(request, user: try context.requireUser(), db: db)
    }
}
