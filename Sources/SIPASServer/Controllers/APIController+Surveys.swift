import Hummingbird
import SIPASCore
import SIPASStore

extension APIController {
    struct SurveySummary: ResponseEncodable {
        var code: String
        var version: Int
        var title: LocalizedText
        var source: String
    }

    func surveys(_ request: Request, context: AppContext) async throws -> [SurveySummary] {
        _ = try context.requireUser()
        return try await SurveyStore(db).list().map {
            SurveySummary(code: $0.code, version: $0.version, title: $0.title, source: $0.source)
        }
    }

    func survey(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let code = context.parameters.get("code") ?? ""
        let version = try request.uri.queryParameters.integer("version", in: 1...Int(Int32.max))
        let survey = try await SurveyStore(db).get(code: code, version: version).survey
        return try Response.json(survey)
    }
}
