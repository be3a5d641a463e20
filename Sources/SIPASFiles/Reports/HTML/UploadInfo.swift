/// One upload the report's numbers come from (provenance).
public struct UploadInfo: Sendable, Equatable {
    /// The upload's number in the database.
    public var id: Int
    /// The file name as uploaded (printed escaped).
    public var fileName: String
    /// Who uploaded it (name and office, as the caller wants it printed).
    public var uploadedBy: String
    /// When it was uploaded, as the caller wants it printed.
    public var uploadedAt: String
    /// The upload's status (e.g. "accepted"), as stored.
    public var status: String

    /// Creates an upload record; every field is printed as given.
    public init(id: Int, fileName: String, uploadedBy: String, uploadedAt: String, status: String) {
        self.id = id
        self.fileName = fileName
        self.uploadedBy = uploadedBy
        self.uploadedAt = uploadedAt
        self.status = status
    }
}
