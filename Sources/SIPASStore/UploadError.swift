import SIPASCore

/// Why an upload was refused after its file passed validation.
public enum UploadError: Error, Sendable, CustomStringConvertible {
    /// Data for these units and periods already come from active uploads.
    case conflict(file: String, [Conflict])
    case notSuperseded(id: Int)
    /// Replacing would take out data that the new file does not bring again.
    case partialReplace(file: String, [Conflict])

    public struct Conflict: Sendable, Equatable {
        public var unit: String
        public var period: Period
        public var uploadID: Int
        public var uploadFile: String
        public var uploadedBy: String
    }

    public var description: String { description(PlainRemedyWording()) }

    /// The refusal, with what to ask for differently said by `wording` (the CLI's `--replace`,
    /// the API's `replace=true`).
    public func description(_ wording: some RemedyWording) -> String {
        switch self {
        case .conflict(let file, let conflicts):
            let shown = conflicts.prefix(20).map {
                "  - \($0.unit) \($0.period): already imported as upload \($0.uploadID) (\($0.uploadFile), by \($0.uploadedBy))"
            }.joined(separator: "\n")
            let more = conflicts.count > 20 ? "\n  … and \(conflicts.count - 20) more" : ""
            return
                "\(file): data for \(conflicts.count) unit/period(s) already exist; nothing was written:\n\(shown)\(more)\n\(wording.text(.replace))"
        case .partialReplace(let file, let uncovered):
            let ids = Set(uncovered.map(\.uploadID)).sorted().map(String.init).joined(separator: ", ")
            let shown = uncovered.prefix(20).map { "  - \($0.unit) \($0.period) (upload \($0.uploadID), \($0.uploadFile))" }.joined(
                separator: "\n")
            let more = uncovered.count > 20 ? "\n  … and \(uncovered.count - 20) more" : ""
            return
                "\(file): replacing would supersede upload(s) \(ids) as a whole, but they also hold data this file does not bring again; nothing was written:\n\(shown)\(more)\nInclude those units and periods in the corrected file, so that nothing is lost."
        case .notSuperseded(let id):
            return "upload \(id) is active; revert brings back a superseded upload (see `sipas uploads list`)"
        }
    }
}
