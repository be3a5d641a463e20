/// A file as a front end hands it out: its bytes, its media type, and the name to save it
/// under (nil: shown in place, e.g. JSON or a page).
public struct Download: Sendable {
    public var bytes: [UInt8]
    public var contentType: String
    public var fileName: String?

    public init(bytes: [UInt8], contentType: String, fileName: String?) {
        self.bytes = bytes
        self.contentType = contentType
        self.fileName = fileName
    }

    public static let xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    public static let csvType = "text/csv; charset=utf-8"
    public static let jsonType = "application/json; charset=utf-8"
    public static let htmlType = "text/html; charset=utf-8"
    public static let docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    public static let pdfType = "application/pdf"
}
