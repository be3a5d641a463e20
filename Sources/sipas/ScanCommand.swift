import ArgumentParser
import Foundation
import SIPASCore
import SIPASStore
import SIPASUseCases

/// `sipas scan`: scans of the forms `sipas forms print` wrote, read into questionnaires.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan", abstract: "Read scans of printed forms into questionnaires, and show the kept page images.",
        subcommands: [Import.self, Review.self, Show.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Import scans (PDF, PNG, JPEG, TIFF; 150–300 dpi): each page is read and kept; pages with an unclear mark wait for review."
        )
        @Argument(help: "The scan files.") var files: [String]
        @Option(help: "The survey's code, e.g. sipas-2017.") var survey: String
        @Option(help: "The month the forms were filled in, YYYY-MM.") var period: String

        func validate() throws {
            guard let month = Period(period), month.kind == .month else {
                throw ValidationError("--period \(period): expected a month YYYY-MM")
            }
        }

        func run() async throws {
            let context = CommandContext()
            let (survey, period, actor) = (survey, Period(period)!, context.actor)
            var failed = false
            for file in files {
                let url = URL(fileURLWithPath: file)
                let bar = ProgressBar()
                do {
                    let result = try await context.withDatabase { db in
                        try await PaperScanService(db: db).importScan(
                            url, surveyCode: survey, period: period, actor: actor, today: .today()
                        ) {
                            bar.update(pages: $0, of: $1, review: $2)
                        }
                    }
                    bar.finish()
                    switch result.outcome {
                    case .imported(let pages, let review, let questionnaires):
                        print("\(file): \(pages) trang, \(review) trang chờ xem lại, \(questionnaires.count) phiếu đã ghi nhận")
                    case .alreadyImported(let name):
                        print("\(file): đã nhập trước đây (\(name)); không thay đổi gì")
                    }
                } catch {
                    bar.finish()
                    FileHandle.standardError.write(Data("error: \(CLIWording.worded(error))\n".utf8))
                    failed = true
                }
            }
            if failed { throw ExitCode.failure }
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the items in doubt (with a crop of each written to --crops), or settle one with --choose or --blank.")
        @Option(help: "Write a PNG crop of each item in doubt into this folder.") var crops: String?
        @Option(help: "The unit's code printed on the form (to settle an item).") var unit: String?
        @Option(help: "The form's serial (to settle an item).") var serial: Int?
        @Option(help: "The page of the form (to settle an item).") var page = 1
        @Option(help: "The item's code (to settle it), e.g. 2.3.") var item: String?
        @Option(help: "The option(s) the person meant, comma-separated.") var choose: String?
        @Flag(help: "The person left the item blank.") var blank = false

        func validate() throws {
            let deciding = unit != nil || serial != nil || item != nil || choose != nil || blank
            if deciding && (unit == nil || serial == nil || item == nil || (choose == nil) == !blank) {
                throw ValidationError("to settle an item give --unit, --serial, --page, --item and either --choose or --blank")
            }
        }

        func run() async throws {
            let context = CommandContext()
            if let unit, let serial, let item {
                let options = blank ? [] : (choose ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                let (page, actor) = (page, context.actor)
                let decision = try await context.withDatabase { db in
                    try await PaperScanService(db: db).decide(
                        unit: unit, serial: serial, page: page, item: item, options: options, actor: actor, today: .today())
                }
                switch decision {
                case .settled(let open): print("Đã ghi nhận; trang còn \(open) câu chờ xem lại.")
                case .pageRead(true): print("Đã ghi nhận; trang đã đọc xong và phiếu số \(serial) đã được ghi nhận.")
                case .pageRead(false): print("Đã ghi nhận; trang đã đọc xong (phiếu còn chờ các trang khác).")
                }
                return
            }
            let items = try await context.withDatabase { db in try await PaperScanService(db: db).openItems() }
            if items.isEmpty { print("Không có câu nào chờ xem lại.") }
            if let crops { try FileManager.default.createDirectory(atPath: crops, withIntermediateDirectories: true) }
            for open in items {
                var line =
                    "\(open.unit) số \(open.serial) trang \(open.page) câu \(open.item): \(open.reason) [\(open.options.map(\.code).joined(separator: ", "))]"
                if let crops {
                    let path = URL(fileURLWithPath: crops).appendingPathComponent(
                        "\(open.unit)-\(open.serial)-p\(open.page)-\(open.item).png")
                    try open.crop.write(to: path)
                    line += " → \(path.path)"
                }
                print(line)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the kept image of a scanned page (PNG).")
        @Option(help: "The unit's code printed on the form.") var unit: String
        @Option(help: "The form's serial.") var serial: Int
        @Option(help: "The page of the form.") var page = 1
        @Option(name: .shortAndLong, help: "The PNG to write.") var output: String

        func run() async throws {
            let (unit, serial, page) = (unit, serial, page)
            guard
                let found = try await CommandContext().withDatabase({ db in
                    try await ScanStore(db).page(unit: unit, serial: serial, page: page)
                })
            else {
                throw ValidationError("no scanned page \(page) of form \(unit) no. \(serial)")
            }
            try found.png.write(to: URL(fileURLWithPath: output))
            let state =
                found.responseID.map { "questionnaire #\($0)" }
                ?? (found.status == "review" ? "waits for review" : "read; the form's other pages are missing")
            FileHandle.standardError.write(Data("\(unit) no. \(serial), page \(page): \(state)\n".utf8))
            print(output)
        }
    }
}
