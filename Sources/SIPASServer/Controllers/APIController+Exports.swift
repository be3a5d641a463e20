import Foundation
import Hummingbird
import SIPASCore
import SIPASFiles
import SIPASUseCases

extension APIController {
    /// `/api/exports/{what}`: the rows of `ExportService`, streamed as CSV or JSON lines by
    /// the same writer as `sipas export`. It takes a place in the report gate (503 beyond it)
    /// until the last row is written; a client that reads nothing for the write timeout is
    /// cut off, so that the database connection streaming the rows is freed.
    func export(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let whatText = context.parameters.get("what") ?? ""
        guard let what = ExportKind(rawValue: whatText) else {
            throw InvalidArgument(field: "what", value: whatText, expected: ExportKind.allCases.map(\.rawValue))
        }
        let query = request.uri.queryParameters
        let surveyCode = try query.required("survey", example: "a survey code, e.g. sipas-2017")
        let period = try query.period()
        let format = try query.closed("format", default: ExportRowWriter.Format.csv)
        let service = ExportService(db)
        let plan = try await service.plan(what, surveyCode: surveyCode, period: period, user: user)
        let permit = try await configuration.reports.enter()
        let writer = ExportRowWriter(format: format, header: plan.header)
        let stalls = StalledWriteGuard(
            timeout: configuration.writeTimeout, channel: context.channel, logger: context.logger,
            what: "export \(what.rawValue) \(period) for \(user.username)")
        var headers = HTTPFields()
        headers[.contentType] = format == .jsonLines ? "application/x-ndjson; charset=utf-8" : "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"sipas-\(what.rawValue)-\(period).\(format.rawValue)\""
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { body in
                // The permit is released here, or when the answer is dropped unwritten.
                defer { Task { await permit.release() } }
                var buffer = ByteBuffer(data: writer.start())
                try await service.rows(plan) { fields in
                    buffer.writeData(writer.line(fields))
                    if buffer.readableBytes > 64 * 1024 {
                        try await stalls.write(buffer, to: &body)
                        buffer.clear()
                    }
                }
                if buffer.readableBytes > 0 { try await stalls.write(buffer, to: &body) }
                try await body.finish(nil)
            })
    }
}
