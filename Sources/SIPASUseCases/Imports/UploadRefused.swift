/// An uploaded file refused before it is read.
public enum UploadRefused: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file has no bytes.
    case empty
    /// The file is larger than the service accepts.
    case tooLarge(limitBytes: Int)

    public var description: String {
        switch self {
        case .empty: "the file is empty; choose a CSV or XLSX file"
        case .tooLarge(let limit): "the file is larger than the limit of \(Double(limit) / 1_048_576) MB"
        }
    }
}
