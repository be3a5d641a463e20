/// One answer option of an item.
public struct ItemOption: Codable, Sendable, Equatable {
    public var code: String
    public var label: LocalizedText

    public init(code: String, label: LocalizedText) {
        self.code = code
        self.label = label
    }
}
