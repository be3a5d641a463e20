import Hummingbird
import SIPASCore
import SIPASStore
import SIPASUseCases

/// `?survey&unit&period[&children=true][&format=csv|xlsx]`: the blank tally sheet asked for
/// by the page and the API alike.
enum TallyTemplateRequest {
    static func response(_ request: Request, user: AuthUser, db: Database) async throws -> Response {
        let query = request.uri.queryParameters
        let survey = query["survey"].map(String.init) ?? ""
        guard let period = query["period"].flatMap({ Period(String($0)) }), period.kind != .year else {
            throw HTTPError(.badRequest, message: "Kỳ phải là tháng YYYY-MM hoặc quý YYYY-Qn.")
        }
        let codes = (query["unit"].map(String.init) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        guard !codes.isEmpty else { throw HTTPError(.badRequest, message: "Cần mã đơn vị.") }
        let type = try query.closed("format", default: TemplateService.FileType.xlsx)
        do {
            return try await TemplateService(db).download(
                surveyCode: survey, unitCodes: codes, children: query["children"] == "true", period: period, type: type, user: user
            ).response
        } catch let error as TemplateService.TemplateError {
            throw HTTPError(.badRequest, message: error.description)
        }
    }
}
