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

    public func importScan(
        _ url: URL, surveyCode: String, period: Period, actor: String, today: CalendarDate,
        progress: (@Sendable (_ pagesRead: Int, _ pages: Int, _ review: Int) -> Void)? = nil
    ) async throws -> Result {
        guard period.kind == .month else {
            throw InvalidArgument(field: "period", value: period.description, expected: ["a month YYYY-MM"])
        }
        let name = url.lastPathComponent
        let sha = try FileDigest.sha256(of: url)
        let images: [GrayImage]
        do {
            images = try ScanLoader.pages(of: url)
        } catch let failure as ScanLoader.Failure {
            throw Unreadable(file: url.path, page: 1, reason: failure.description)
        }
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
        for (n, image) in images.enumerated() {
            let page: PageReader.Page
            do {
                page = try await reader.read(image)
            } catch let failure as PageReader.Failure {
                throw Unreadable(file: url.path, page: n + 1, reason: failure.description)
            }
            guard page.code.survey == surveyCode else {
                throw Unreadable(file: url.path, page: n + 1, reason: "the page is a form of survey \(page.code.survey), not \(surveyCode)")
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
            rows.append(
                ScanStore.PageRow(pageInFile: n + 1, code: page.code, answers: answers, doubts: doubts, png: try ScanLoader.png(page.image))
            )
            progress?(n + 1, images.count, rows.filter { !$0.doubts.isEmpty }.count)
        }
        guard let survey = surveyOfPages else { throw Unreadable(file: url.path, page: 1, reason: "the file has no page") }
        var pagesPerForm: [Int: Int] = [:]
        for id in Set(rows.map(\.code.layoutID)) { pagesPerForm[id] = try await reader.layouts(id)?.0.pages.count }
        let units = UnitDirectory(try await UnitStore(db).allVersions())
        let file = url.path
        let outcome = try await ScanStore(db).importFile(
            sha256: sha, name: name, surveyID: surveyID, period: period, pages: rows, pagesPerForm: pagesPerForm, actor: actor
        ) { unit, serial, answers in
            var validator = QuestionnaireValidator(survey: survey, units: units, today: today, file: file, period: period)
            let row = QuestionnaireRow(
                line: serial, unit: unit, date: period.firstDay.description, channel: Channel.paper.rawValue,
                clientID: "scan:\(unit):\(serial)",
                answers: answers.mapValues { $0.joined(separator: "|") })
            guard let questionnaire = validator.check(row) else {
                throw FileProblems(
                    validator.problems.map {
                        FileProblem(file: file, line: nil, column: $0.column, message: "form \(unit) no. \(serial): \($0.message)")
                    })
            }
            return questionnaire
        }
        return Result(file: url.path, outcome: outcome)
    }
}

/// Layouts and surveys read once per import.
actor LayoutCache {
    private var layouts: [Int: (FormLayout, Survey)] = [:]
    func get(_ id: Int) -> (FormLayout, Survey)? { layouts[id] }
    func put(_ id: Int, _ value: (FormLayout, Survey)) { layouts[id] = value }
}
