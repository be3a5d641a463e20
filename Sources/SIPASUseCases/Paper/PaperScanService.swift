import Foundation
import SIPASCore
import SIPASFiles
import SIPASPaper
import SIPASStore

/// `sipas scan import`: scans of forms printed by `sipas forms print` turned into
/// questionnaires. Each page is read (`PageReader`) and kept; a page with an item in doubt
/// waits for review; a form whose pages are all read becomes a questionnaire of its unit and
/// of the month given, channel `paper`. Each file is imported whole or not at all.
public struct PaperScanService: Sendable {
    public let db: Database

    public init(db: Database) { self.db = db }

    /// What became of one file.
    public struct Result: Sendable {
        public var file: String
        public var outcome: ScanStore.Outcome
    }

    /// A page that cannot be read: the file and page, and why. Nothing of its file is stored.
    public struct Unreadable: Error, CustomStringConvertible, Sendable {
        public let file: String
        public let page: Int
        public let reason: String
        public var description: String { "\(file), page \(page): \(reason); nothing of this file was stored" }
    }

    /// Reads and stores the scan file `url` (named `name` in the store and in messages, its
    /// own name by default). With `area` (an uploader's), a page of a form of a unit outside it
    /// refuses the whole file.
    public func importScan(
        _ url: URL, name: String? = nil, surveyCode: String, period: Period, actor: String, area: AccessArea? = nil,
        today: CalendarDate,
        progress: (@Sendable (_ pagesRead: Int, _ pages: Int, _ review: Int) -> Void)? = nil
    ) async throws -> Result {
        guard period.kind == .month else {
            throw InvalidArgument(field: "period", value: period.description, expected: ["a month YYYY-MM"])
        }
        let shown = name.map { URL(fileURLWithPath: $0).lastPathComponent } ?? url.path
        let name = name.map { URL(fileURLWithPath: $0).lastPathComponent } ?? url.lastPathComponent
        let sha = try FileDigest.sha256(of: url)
        let store = PaperFormStore(db)
        let surveys = SurveyStore(db)
        let (surveyID, _) = try await surveys.get(code: surveyCode)
        let layouts = LayoutCache()
        let reader = PageReader { id in
            if let hit = await layouts.get(id) { return hit }
            guard let layout = try await store.layout(id: id) else { return nil }
            let (_, survey) = try await surveys.get(code: layout.survey, version: layout.version)
            await layouts.put(id, (layout, survey))
            return (layout, survey)
        }
        var rows: [ScanStore.PageRow] = []
        var surveyOfPages: Survey?
        do {
            // A page at a time: only the page being read and the kept PNGs are in memory.
            try await ScanLoader.forEachPage(of: url) { n, count, image in
                let page: PageReader.Page
                do {
                    page = try await reader.read(image)
                } catch let failure as PageReader.Failure {
                    throw Unreadable(file: shown, page: n + 1, reason: failure.description)
                }
                guard page.code.survey == surveyCode else {
                    throw Unreadable(
                        file: shown, page: n + 1, reason: "the page is a form of survey \(page.code.survey), not \(surveyCode)")
                }
                if let area, !area.contains(code: page.code.unit, during: period) {
                    throw AccessDenied(
                        message:
                            "\(shown), page \(n + 1): the form is of unit \(page.code.unit), outside your area (\(area.root) and the units below it); nothing of this file was stored"
                    )
                }
                surveyOfPages = try await reader.layouts(page.code.layoutID)?.1
                var answers: [String: [String]] = [:]
                var doubts: [String: String] = [:]
                for (item, answer) in page.answers {
                    switch answer {
                    case .chosen(let options): answers[item] = options
                    case .unclear(let reason, let guess):
                        doubts[item] = guess.isEmpty ? reason : "\(reason) (đoán: \(guess.joined(separator: ", ")))"
                    }
                }
                let t = page.transform
                rows.append(
                    ScanStore.PageRow(
                        pageInFile: n + 1, code: page.code, answers: answers, doubts: doubts, png: try ScanLoader.png(page.image),
                        transform: [t.a, t.b, t.c, t.d, t.e, t.f]))
                progress?(n + 1, count, rows.filter { !$0.doubts.isEmpty }.count)
            }
        } catch let failure as ScanLoader.Failure {
            throw Unreadable(file: shown, page: rows.count + 1, reason: failure.description)
        }
        guard let survey = surveyOfPages else { throw Unreadable(file: shown, page: 1, reason: "the file has no page") }
        var pagesPerForm: [Int: Int] = [:]
        for id in Set(rows.map(\.code.layoutID)) { pagesPerForm[id] = try await reader.layouts(id)?.0.pages.count }
        let units = UnitDirectory(try await UnitStore(db).allVersions())
        let outcome = try await ScanStore(db).importFile(
            sha256: sha, name: name, surveyID: surveyID, period: period, pages: rows, pagesPerForm: pagesPerForm, actor: actor,
            questionnaire: Self.builder(survey: survey, units: units, period: period, file: shown, today: today))
        return Result(file: shown, outcome: outcome)
    }
}

extension PaperScanService {
    /// How a form's answers (item → options) become its questionnaire: validated like a row of
    /// a questionnaire file of `survey`, dated the first day of `period`, channel paper.
    static func builder(survey: Survey, units: UnitDirectory, period: Period, file: String, today: CalendarDate)
        -> @Sendable (String, Int, [String: [String]]) throws -> Questionnaire
    {
        { unit, serial, answers in
            var validator = QuestionnaireValidator(survey: survey, units: units, today: today, file: file, period: period)
            let row = QuestionnaireRow(
                line: serial, unit: unit, date: period.firstDay.description, channel: Channel.paper.rawValue,
                clientID: "scan:\(unit):\(serial)", answers: answers.mapValues { $0.joined(separator: "|") })
            guard let questionnaire = validator.check(row) else {
                throw FileProblems(
                    validator.problems.map {
                        FileProblem(file: file, line: nil, column: $0.column, message: "form \(unit) no. \(serial): \($0.message)")
                    })
            }
            return questionnaire
        }
    }

    /// An item waiting for a person: where, why, the options, and a crop of the scan around it.
    public struct OpenItem: Sendable {
        public var unit: String
        public var serial: Int
        public var page: Int
        public var item: String
        /// The question as printed.
        public var question: String
        public var reason: String
        /// The item's options: code and label.
        public var options: [(code: String, label: String)]
        public var crop: Data
    }

    /// The items in doubt, oldest page first, each with a PNG crop of its boxes and their
    /// labels, straightened by the page's corner marks.
    public func openItems(units: Set<String>? = nil, visible: @Sendable (String, CalendarDate) -> Bool = { _, _ in true }) async throws
        -> [OpenItem]
    {
        var items: [OpenItem] = []
        for page in try await ScanStore(db).pending(units: units) where visible(page.unit, page.periodStart) {
            guard let layout = try await PaperFormStore(db).layout(id: page.layoutID),
                let boxes = layout.pages.first(where: { $0.number == page.page })?.boxes
            else { continue }
            let (_, survey) = try await SurveyStore(db).get(code: layout.survey, version: layout.version)
            let questions = Dictionary(
                PublicForm.build(survey).sections.flatMap(\.questions).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
            let image = try ScanLoader.image(png: page.png)
            let t = page.transform
            let transform = PageTransform(a: t[0], b: t[1], c: t[2], d: t[3], e: t[4], f: t[5])
            for (item, reason) in page.doubts.sorted(by: { $0.key < $1.key }) {
                let own = boxes.filter { $0.item == item }
                guard !own.isEmpty else { continue }
                let top = own.map { $0.y - $0.height / 2 }.min()! - 3
                let bottom = own.map { $0.y + $0.height / 2 }.max()! + 3
                // The boxes and their labels: large enough to read on a phone (the question is beside it).
                let left = own.map { $0.x - $0.width / 2 }.min()! - 6
                let right = min(205, own.map { $0.x + $0.width / 2 }.max()! + (own.contains { $0.several || own.count != 5 } ? 30 : 6))
                let crop = PageCrop.crop(image, transform, x0: left, x1: right, y0: top, y1: bottom, pxPerMM: 8)
                let labels = Dictionary((questions[item]?.options ?? []).map { ($0.code, $0.label) }, uniquingKeysWith: { a, _ in a })
                items.append(
                    OpenItem(
                        unit: page.unit, serial: page.serial, page: page.page, item: item, question: questions[item]?.text ?? item,
                        reason: reason, options: own.map { ($0.option, labels[$0.option] ?? $0.option) }, crop: try ScanLoader.png(crop)))
            }
        }
        return items
    }

    /// Settles an item in doubt with the options a person chose (none: blank), audited.
    public func decide(unit: String, serial: Int, page: Int, item: String, options: [String], actor: String, today: CalendarDate)
        async throws -> ScanStore.Decision
    {
        guard let pending = try await ScanStore(db).pending(units: [unit]).first(where: { $0.serial == serial && $0.page == page }) else {
            throw ScanStore.NotInDoubt(description: "page \(page) of form \(unit) no. \(serial) does not wait for review")
        }
        guard let layout = try await PaperFormStore(db).layout(id: pending.layoutID) else {
            throw ScanStore.NotInDoubt(description: "the layout of form \(unit) no. \(serial) is missing")
        }
        let allowed = Set((layout.pages.first { $0.number == page }?.boxes ?? []).filter { $0.item == item }.map(\.option))
        if let wrong = options.first(where: { !allowed.contains($0) }) {
            throw InvalidArgument(field: "choose", value: wrong, expected: allowed.sorted())
        }
        let (_, survey) = try await SurveyStore(db).get(code: layout.survey, version: layout.version)
        let units = UnitDirectory(try await UnitStore(db).allVersions())
        let period = Period.month(pending.periodStart.year, pending.periodStart.month)
        return try await ScanStore(db).decide(
            unit: unit, serial: serial, page: page, item: item, options: options, actor: actor,
            pagesPerForm: [pending.layoutID: layout.pages.count],
            questionnaire: Self.builder(survey: survey, units: units, period: period, file: "review", today: today))
    }
}

/// Layouts and surveys read once per import.
actor LayoutCache {
    private var layouts: [Int: (FormLayout, Survey)] = [:]
    func get(_ id: Int) -> (FormLayout, Survey)? { layouts[id] }
    func put(_ id: Int, _ value: (FormLayout, Survey)) { layouts[id] = value }
}
