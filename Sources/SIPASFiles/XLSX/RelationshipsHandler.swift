/// Reads a relationships part (`_rels/.rels`, `xl/_rels/workbook.xml.rels`).
final class RelationshipsHandler: XMLPartHandler {
    struct Relationship: Sendable, Equatable {
        var id: String
        /// The type URI; compare by its last path segment ("worksheet", "sharedStrings"),
        /// which is the same in transitional and strict OOXML.
        var type: String
        var target: String
        var isExternal: Bool

        /// The last segment of the type URI.
        var kind: Substring {
            type.split(separator: "/").last ?? ""
        }
    }

    private(set) var relationships: [Relationship] = []

    override func didStart(_ name: String, attributes: [String: String]) throws {
        guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        relationships.append(
            Relationship(
                id: id,
                type: attributes["Type"] ?? "",
                target: target,
                isExternal: attributes["TargetMode"] == "External"))
    }
}
