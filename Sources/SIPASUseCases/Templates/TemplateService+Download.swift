import SIPASCore
import SIPASFiles
import SIPASStore

extension TemplateService {
    /// The file types a blank tally sheet comes in.
    public enum FileType: String, Sendable, CaseIterable {
        case xlsx, csv
    }

    /// The blank tally sheet of `unitCodes` (with `children`, the units directly below) for
    /// `period` as a file, for the page and the API alike; an uploader gets its area's only.
    public func download(surveyCode: String, unitCodes: [String], children: Bool, period: Period, type: FileType, user: AuthUser)
        async throws -> Download
    {
        try AccessPolicy.requireImport(user)
        try await AccessPolicy.requireArea(
            unitCodes, during: period, user: user, db: db, denied: "Chỉ tải được mẫu của đơn vị mình và các đơn vị trực thuộc.")
        let sheet = try await template(surveyCode: surveyCode, unitCodes: unitCodes, children: children, period: period)
        let stem = "tally-\(unitCodes.joined(separator: "_"))-\(period)"
        switch type {
        case .csv: return Download(bytes: Array(sheet.csv()), contentType: Download.csvType, fileName: stem + ".csv")
        case .xlsx:
            return Download(
                bytes: try TemporaryFile.bytes { try sheet.writeXLSX(to: $0) }, contentType: Download.xlsxType, fileName: stem + ".xlsx")
        }
    }
}
