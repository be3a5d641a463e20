import Foundation
import SIPASCore
import SIPASPaper
import SIPASStore

/// Paper questionnaires: printing forms whose every answer box has a known place, to be read
/// back from their scans.
public struct PaperFormService: Sendable {
    public let db: Database

    public init(db: Database) { self.db = db }

    /// What a print run made.
    public struct Printed: Sendable {
        public var unit: AdminUnit
        public var serials: ClosedRange<Int>
        public var pagesPerForm: Int
        public var layoutID: Int
        public var layout: FormLayout
    }

    /// Prints `count` forms of the newest (or the given) version of `surveyCode` for the unit
    /// `unitCode` valid `today` into the PDF at `pdf`; records the layout and the serials.
    public func print(
        surveyCode: String, version: Int? = nil, unitCode: String, count: Int, actor: String, today: CalendarDate, pdf: URL
    ) async throws -> Printed {
        guard (1...5000).contains(count) else {
            throw InvalidArgument(field: "count", value: String(count), expected: ["a number of forms from 1 to 5000"])
        }
        let (surveyID, survey) = try await SurveyStore(db).get(code: surveyCode, version: version)
        let unit = try CollectionService.unit(unitCode, in: UnitDirectory(try await UnitStore(db).allVersions()), on: today)
        let printer = FormPrinter(survey: survey)
        let layout = printer.layout()
        let (layoutID, serials) = try await PaperFormStore(db).recordPrint(
            surveyID: surveyID, layout: try layout.json(), unitID: unit.id, unitCode: unit.unit.code, count: count, actor: actor)
        try printer.write(
            serials.map { FormPrinter.Form(unitCode: unit.unit.code, unitName: unit.unit.name, serial: $0) }, layoutID: layoutID, to: pdf)
        return Printed(unit: unit.unit, serials: serials, pagesPerForm: layout.pages.count, layoutID: layoutID, layout: layout)
    }
}
