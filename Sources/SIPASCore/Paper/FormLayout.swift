import Foundation

/// Where everything is on the pages of a printed questionnaire (`sipas forms print`): per page,
/// the four corner marks, the QR code and every answer box, in millimetres from the page's
/// top-left corner. A scan is read against the layout its form was printed with (the QR code
/// names it), so any drift of fonts between print runs cannot misplace a box.
public struct FormLayout: Codable, Sendable, Equatable {
    public struct Point: Codable, Sendable, Equatable {
        public var x: Double
        public var y: Double

        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// An answer box: the item and option it stands for, its centre and size, and whether
    /// its item takes several answers.
    public struct Box: Codable, Sendable, Equatable {
        public var item: String
        public var option: String
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double
        public var several: Bool

        public init(item: String, option: String, x: Double, y: Double, width: Double, height: Double, several: Bool = false) {
            self.item = item
            self.option = option
            self.x = x
            self.y = y
            self.width = width
            self.height = height
            self.several = several
        }
    }

    public struct Page: Codable, Sendable, Equatable {
        public var number: Int
        /// Centres of the corner marks: top-left, top-right, bottom-left, bottom-right.
        public var corners: [Point]
        public var markSize: Double
        /// The QR code's top-left corner and side.
        public var qr: Point
        public var qrSize: Double
        public var boxes: [Box]

        public init(number: Int, corners: [Point], markSize: Double, qr: Point, qrSize: Double, boxes: [Box]) {
            self.number = number
            self.corners = corners
            self.markSize = markSize
            self.qr = qr
            self.qrSize = qrSize
            self.boxes = boxes
        }
    }

    public var survey: String
    public var version: Int
    public var pageWidth: Double
    public var pageHeight: Double
    public var pages: [Page]

    public init(survey: String, version: Int, pageWidth: Double = 210, pageHeight: Double = 297, pages: [Page]) {
        self.survey = survey
        self.version = version
        self.pageWidth = pageWidth
        self.pageHeight = pageHeight
        self.pages = pages
    }

    enum CodingKeys: String, CodingKey {
        case survey, version, pages
        case pageWidth = "page_width_mm"
        case pageHeight = "page_height_mm"
    }

    /// The layout as stored and written out: keys sorted, so the same layout is the same text.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// What the QR code of a printed page says: `SIPAS1|<layout id>|<survey>|<version>|<unit
/// code>|<serial>|<page>`. Short, so the code stays small and reads at 150 dpi.
public struct FormCode: Sendable, Equatable, CustomStringConvertible {
    public var layoutID: Int
    public var survey: String
    public var version: Int
    public var unit: String
    public var serial: Int
    public var page: Int

    public init(layoutID: Int, survey: String, version: Int, unit: String, serial: Int, page: Int) {
        self.layoutID = layoutID
        self.survey = survey
        self.version = version
        self.unit = unit
        self.serial = serial
        self.page = page
    }

    public var description: String { "SIPAS1|\(layoutID)|\(survey)|\(version)|\(unit)|\(serial)|\(page)" }

    /// Reads a code; nil when it is not one of sipas's.
    public init?(_ text: String) {
        let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 7, parts[0] == "SIPAS1", let layout = Int(parts[1]), let version = Int(parts[3]),
            let serial = Int(parts[5]), let page = Int(parts[6]), !parts[2].isEmpty, !parts[4].isEmpty
        else { return nil }
        self.init(layoutID: layout, survey: parts[2], version: version, unit: parts[4], serial: serial, page: page)
    }
}
