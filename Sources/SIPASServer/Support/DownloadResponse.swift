import Hummingbird
import SIPASUseCases

extension Download {
    /// The file as an HTTP answer: its type, `attachment` with a safe name when it has one.
    var response: Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        if let fileName { headers[.contentDisposition] = "attachment; filename=\"\(FileName.safe(fileName))\"" }
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
