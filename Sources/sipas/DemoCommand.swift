import ArgumentParser
import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASUseCases

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Set up the database with the shipped surveys and Hà Tĩnh's units, and show what was loaded.",
        discussion:
            "Uses the embedded database unless DATABASE_URL or PG* variables are set. Safe to run again: what is already loaded is left as it is."
    )

    /// The unit lists shipped in Surveys/units, with the dates they are valid from.
    static let unitLists: [(file: String, validFrom: String)] = [
        ("ha-tinh-2021.csv", "2020-01-01"),
        ("ha-tinh-departments-2021.csv", "2020-01-01"),
        ("ha-tinh-2025-01.csv", "2025-01-01"),
        ("ha-tinh-2025-07.csv", "2025-07-01"),
    ]
    static let successions = (file: "ha-tinh-2025-07-successions.csv", effective: "2025-07-01")

    @Option(name: .shortAndLong, help: "The folder for the demo's files.") var output = "sipas-demo"

    func run() async throws {
        let context = CommandContext()
        let output = URL(fileURLWithPath: output, isDirectory: true)
        let surveysFolder = try ProjectPaths.surveys()
        let surveyFiles = try FileManager.default.contentsOfDirectory(atPath: surveysFolder.path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        let surveys = try surveyFiles.map { try SurveyCatalog.load(surveysFolder.appendingPathComponent($0)) }
        let unitsFolder = surveysFolder.appendingPathComponent("units")
        let actor = context.actor

        let lines = try await context.withDatabase { db -> [String] in
            var lines: [String] = ["Database: \(db.configuration.target)", ""]
            lines.append("Surveys:")
            for (survey, result) in zip(surveys, try await SurveyCatalog(db).add(surveys, actor: actor)) {
                let verb: String
                switch result {
                case .added: verb = "added"
                case .unchanged: verb = "already stored"
                }
                lines.append(
                    "  \(survey.code) v\(survey.version) (\(verb)): \(survey.title.vi) — \(survey.elements.count) yếu tố, \(survey.criteria.count) tiêu chí"
                )
            }
            lines.append("")
            lines.append("Units:")
            let units = UnitCatalog(db)
            for (file, validFrom) in Self.unitLists {
                let report = try await units.importUnits(
                    unitsFolder.appendingPathComponent(file), label: "Surveys/units/\(file)", validFrom: CalendarDate(validFrom)!,
                    validTo: nil, actor: actor)
                lines.append("  " + UnitsCommand.describe(report, file: "\(file) (from \(validFrom))"))
            }
            let changeReport = try await units.importChanges(
                unitsFolder.appendingPathComponent(Self.successions.file), label: "Surveys/units/\(Self.successions.file)",
                effective: CalendarDate(Self.successions.effective)!, actor: actor)
            lines.append("  " + UnitsCommand.describe(changeReport, file: Self.successions.file))
            lines.append("")
            for (label, date) in [("2021-06-30", "2021-06-30"), ("2025-03-31", "2025-03-31"), ("2025-07-01", "2025-07-01")] {
                let valid = try await units.list(on: CalendarDate(date)!)
                let counts = Dictionary(grouping: valid, by: \.unit.level).mapValues(\.count)
                lines.append("  On \(label): " + UnitLevel.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", "))
            }
            lines.append("")
            lines.append(contentsOf: try await Self.loadTallies(db, output: output, actor: actor))
            lines.append("")
            lines.append("Reports:")
            lines.append(contentsOf: try await Self.writeReports(db, output: output))
            return lines
        }
        print(lines.joined(separator: "\n"))
        print("\nTry: swift run sipas survey show sipas-2017 · swift run sipas units tree --on 2021-06-30")
    }

    /// A year of monthly tallies for 2021: each district sends one file for its committee and
    /// communes, the departments one together; March of Thành phố Hà Tĩnh is first sent with
    /// a mistake and then corrected with --replace.
    static func loadTallies(_ db: Database, output: URL, actor: String) async throws -> [String] {
        let data = output.appendingPathComponent("data", isDirectory: true)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let survey = try await SurveyCatalog(db).get("sipas-2017")
        let units = try await UnitCatalog(db).list(on: CalendarDate(year: 2021, month: 6, day: 30)!).map(\.unit)
        let demo = DemoData(survey: survey, units: units, year: 2021)
        var groups: [(name: String, units: [AdminUnit])] = units.filter { $0.level == .district }.map { district in
            (district.code, [district] + units.filter { $0.parentCode == district.code && $0.level == .commune })
        }
        groups.append(("departments", units.filter { $0.level == .department }))
        let service = ImportService(db)
        let surveyCode = survey.code
        /// Imports one file; true when it was new.
        @Sendable func load(_ text: String, name: String, replace: Bool = false) async throws -> Bool {
            let url = data.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            let options = ImportService.Options(surveyCode: surveyCode, replace: replace, actor: actor, displayName: name, today: today())
            if case .imported = try await service.importTallies(url, options: options) { return true }
            return false
        }
        let corrected = "436"
        // The files of different districts touch different units: import a few at a time, as
        // several clerks would (imports of one survey take turns only for their final step).
        var jobs: [(month: Int, group: (name: String, units: [AdminUnit]))] = []
        for month in 1...12 { for group in groups { jobs.append((month, group)) } }
        var imported = 0
        var total = 0
        try await withThrowingTaskGroup(of: (Int, Int).self) { tasks in
            var next = 0
            func start() {
                guard next < jobs.count else { return }
                let (month, group) = jobs[next]
                next += 1
                tasks.addTask {
                    let name = "tally-2021-\(month < 10 ? "0" : "")\(month)-\(group.name).csv"
                    let text = demo.tally(month: month, units: group.units)
                    guard month == 3 && group.name == corrected else { return (try await load(text, name: name) ? 1 : 0, 1) }
                    // The clerk swapped the columns "4" and "5" of criterion 3.1 for the district office.
                    let mistaken = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                        guard line.hasPrefix("\(corrected),2021-03,3.1,4,") || line.hasPrefix("\(corrected),2021-03,3.1,5,") else {
                            return String(line)
                        }
                        return line.hasPrefix("\(corrected),2021-03,3.1,4,")
                            ? line.replacingOccurrences(of: ",3.1,4,", with: ",3.1,5,")
                            : line.replacingOccurrences(of: ",3.1,5,", with: ",3.1,4,")
                    }.joined(separator: "\n")
                    let first = try await load(mistaken, name: name.replacingOccurrences(of: ".csv", with: "-first.csv"))
                    let second = try await load(text, name: name.replacingOccurrences(of: ".csv", with: "-corrected.csv"), replace: true)
                    return ((first ? 1 : 0) + (second ? 1 : 0), 2)
                }
            }
            for _ in 0..<3 { start() }
            while let (new, files) = try await tasks.next() {
                imported += new
                total += files
                start()
            }
        }
        let already = total - imported
        return [
            "Tallies of 2021 (sipas-2017): \(imported) file(s) imported, \(already) already imported, in \(data.path)",
            "  (March of unit \(corrected) was corrected with --replace; `sipas uploads list` shows both uploads)",
        ]
    }

    /// The March 2021 monthly report (every unit) and the district comparison (district
    /// areas), each as HTML and XLSX.
    static func writeReports(_ db: Database, output: URL) async throws -> [String] {
        let march = Period.month(2021, 3)
        let documents: [(name: String, title: String, request: ReportService.Request)] = [
            (
                "bao-cao-thang-03-2021", "Báo cáo chỉ số hài lòng (SIPAS) tỉnh Hà Tĩnh — Tháng 3/2021",
                ReportService.Request(surveyCode: "sipas-2017", from: march, to: march, today: today())
            ),
            (
                "so-sanh-huyen-thang-03-2021", "So sánh chỉ số hài lòng (SIPAS) các huyện, thị xã, thành phố — Tháng 3/2021",
                ReportService.Request(surveyCode: "sipas-2017", from: march, to: march, level: .district, scope: .area, today: today())
            ),
        ]
        var lines: [String] = []
        for document in documents {
            let (report, survey) = try await ReportService(db).report(document.request)
            let html = try await ReportDocumentService(db).html(
                report, survey: survey, request: document.request, language: .vi, title: document.title)
            let htmlURL = output.appendingPathComponent(document.name + ".html")
            try Data(html.utf8).write(to: htmlURL)
            let xlsxURL = output.appendingPathComponent(document.name + ".xlsx")
            try TableExport.xlsx(ReportTables.tables(report, survey: survey), to: xlsxURL)
            lines.append("  \(htmlURL.path)")
            lines.append("  \(xlsxURL.path)")
        }
        return lines
    }
}
