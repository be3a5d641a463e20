import Foundation
import Hummingbird
import SIPASCore
import SIPASUseCases

/// The kiosk of the one-stop desk (`/kiosk`): one page for a tablet, paired once with a code
/// from `sipas kiosk pair` (`POST /kiosk/pair` answers with the device token and the
/// questions). The page's script (`/kiosk.js`, a file: the pages' policy runs no inline
/// script) keeps every answer in the tablet's storage with a client id of its own and sends
/// the waiting ones to `POST /api/submissions/batch` whenever the service can be reached, so
/// the kiosk takes ratings offline and each arrives once.
extension WebController {
    /// The page: static HTML; the script fills it from the tablet's storage.
    func kioskPage(_ request: Request, context: AppContext) async throws -> Response {
        guard let html = WebTemplates.library.render([String: Any](), withTemplate: "kiosk") else {
            throw HTTPError(.internalServerError, message: "no kiosk template")
        }
        return Self.html(html)
    }

    /// The page's script, shipped beside the templates.
    static let kioskScript: ByteBuffer = {
        guard let url = Bundle.module.url(forResource: "kiosk", withExtension: "js", subdirectory: "Assets"),
            let data = try? Data(contentsOf: url)
        else { fatalError("kiosk.js is missing from the resources of SIPASServer") }
        return ByteBuffer(data: data)
    }()

    func kioskScript(_ request: Request, context: AppContext) async throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/javascript; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: Self.kioskScript))
    }

    /// What a paired tablet learns: its token, its account, its unit and the questions.
    struct KioskDevice: Encodable {
        struct Unit: Encodable {
            var code: String
            var name: String
        }
        struct SurveyInfo: Encodable {
            var code: String
            var title: String
        }
        struct Option: Encodable {
            var code: String
            var label: String
        }
        struct Question: Encodable {
            var code: String
            var text: String
            var required: Bool
            var options: [Option]
        }
        var token: String
        var account: String
        var unit: Unit
        var survey: SurveyInfo
        var questions: [Question]
    }

    struct KioskCode: Decodable {
        var code: String
    }

    /// Redeems a pairing code (JSON `{"code": "1234-5678"}`); problems in Vietnamese.
    func pairKiosk(_ request: Request, context: AppContext) async throws -> Response {
        guard APIController.mediaType(request) == "application/json" else {
            return Problem(.unsupportedMediaType, vi: "Hãy gửi mã dưới dạng application/json.", en: "send the code as application/json")
                .response
        }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: 4096) } catch {
            return Problem(.tooLarge, vi: "Yêu cầu quá lớn.", en: "the body is at most 4 KB").response
        }
        guard let sent = try? JSONDecoder().decode(KioskCode.self, from: Data(buffer: body)) else {
            return Problem(
                .invalidBody, vi: "Yêu cầu phải là JSON có trường code (mã ghép nối).", en: "expected a JSON object with the field code",
                field: "code"
            ).response
        }
        let service = KioskService(db: db, cache: cache, policy: configuration.signInPolicy)
        switch try await service.redeem(code: sent.code, address: context.remoteAddress) {
        case .paired(let device):
            let questions = device.form.sections.flatMap(\.questions).filter { $0.input == .radio }.map {
                KioskDevice.Question(
                    code: $0.code, text: $0.text, required: $0.required,
                    options: $0.options.map { KioskDevice.Option(code: $0.code, label: $0.label) })
            }
            return try Response.json(
                KioskDevice(
                    token: device.token, account: device.username, unit: .init(code: device.unitCode, name: device.unitName),
                    survey: .init(code: device.survey.code, title: device.survey.title.vi), questions: questions),
                status: .created)
        case .unknown:
            return Problem(
                .notFound, vi: "Mã ghép nối không đúng. Hãy kiểm tra lại 8 chữ số do quản trị viên cung cấp.",
                en: "no such pairing code", field: "code"
            ).response
        case .used:
            return Problem(
                .conflict, vi: "Mã ghép nối này đã được dùng. Hãy xin quản trị viên một mã mới (sipas kiosk pair).",
                en: "the pairing code was used already", field: "code"
            ).response
        case .expired:
            return Problem(
                .conflict, vi: "Mã ghép nối đã hết hạn. Hãy xin quản trị viên một mã mới (sipas kiosk pair).",
                en: "the pairing code has expired", field: "code"
            ).response
        case .slowDown(let seconds):
            var problem = Problem(
                .tooManyRequests, vi: "Nhập sai mã nhiều lần từ máy này. Hãy thử lại sau \(seconds) giây.",
                en: "too many wrong codes from this address; try again in \(seconds) s")
            problem.headers[.retryAfter] = String(seconds)
            return problem.response
        }
    }
}
