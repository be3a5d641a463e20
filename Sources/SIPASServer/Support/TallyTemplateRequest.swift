import Hummingbird
import SIPASCore
import SIPASStore
import SIPASUseCases

/// `?survey&unit&period[&children=true][&format=csv|xlsx]`: the blank tally sheet asked for
/// by the page and the API alike.
enum TallyTemplateRequest {
    static func response(_ request: Request, user: AuthUser, db: Database) async throws -> Response {
        let query = request.uri.queryParameters
        let survey = try query.required("survey", example: "a survey code, e.g. sipas-2017")
        let period = try query.period(kinds: [.month, .quarter])
        let codes = (query["unit"].map(String.init) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        guard !codes.isEmpty else {
            throw InvalidArgument(field: "unit", value: "", expected: ["unit codes separated by commas, e.g. 18073"])
        }
        let children = try query.flag("children")
        let type = try query.closed("format", default: TemplateService.FileType.xlsx)
        return try await TemplateService(db).download(
            surveyCode: survey, unitCodes: codes, children: children, period: period, type: type, user: user
        ).response
    }
}
