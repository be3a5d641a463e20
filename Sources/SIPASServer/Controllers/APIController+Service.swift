import Foundation
import Hummingbird

extension APIController {
    /// `/healthz`: the database answers (within 2 s), or 503 with Retry-After.
    func health(_ request: Request, context: AppContext) async throws -> Response {
        guard await availability.health(db, deadline: .seconds(2)) else {
            var response = try Response.json(Health(status: "unavailable", database: "unreachable"), status: .serviceUnavailable)
            response.headers[.retryAfter] = "2"
            return response
        }
        return try Response.json(Health(status: "ok", database: "ok"))
    }

    func metrics(_ request: Request, context: AppContext) async throws -> Response {
        var buffer: [UInt8] = []
        MetricsRegistry.registry.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }

    func openAPIJSON(_ request: Request, context: AppContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
    }

    func openAPIYAML(_ request: Request, context: AppContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
    }
}
