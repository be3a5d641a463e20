import ArgumentParser
import Foundation
import SIPASCore
import SIPASUseCases

struct SurveyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey",
        abstract: "Check, store and show survey definitions (Surveys/*.yaml).",
        subcommands: [Validate.self, Add.self, List.self, Show.self]
    )

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a survey file and list every problem with its line; writes nothing.")
        @Argument(help: "The survey YAML file.") var file: String

        func run() async throws {
            let survey = try SurveyCatalog.load(URL(fileURLWithPath: file))
            print(
                "\(file): valid — \(survey.code) version \(survey.version), \(survey.elements.count) elements, \(survey.criteria.count) criteria, \(survey.items.count) other items."
            )
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Store a survey version. The same content again changes nothing; other content under a stored code and version is refused.")
        @Argument(help: "The survey YAML file(s).") var files: [String]

        func run() async throws {
            let surveys = try files.map { try SurveyCatalog.load(URL(fileURLWithPath: $0)) }
            let context = CommandContext()
            let actor = context.actor
            let results = try await context.withDatabase { db in try await SurveyCatalog(db).add(surveys, actor: actor) }
            for (survey, result) in zip(surveys, results) {
                switch result {
                case .added: print("added \(survey.code) version \(survey.version)")
                case .unchanged: print("\(survey.code) version \(survey.version) is already stored with the same content; nothing changed")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the stored survey versions.")
        @Option(help: "Language of titles: vi or en.") var lang: Language = .vi

        func run() async throws {
            let summaries = try await CommandContext().withDatabase { db in try await SurveyCatalog(db).list() }
            if summaries.isEmpty {
                print(
                    lang == .vi
                        ? "Chưa có phiếu khảo sát nào. Thêm bằng `sipas survey add Surveys/sipas-2017.yaml`."
                        : "No survey stored yet. Add one with `sipas survey add Surveys/sipas-2017.yaml`.")
                return
            }
            let header = lang == .vi ? ["Mã", "Phiên bản", "Tên", "Căn cứ"] : ["Code", "Version", "Title", "Source"]
            print(table([header] + summaries.map { [$0.code, "\($0.version)", $0.title.text(lang), $0.source] }))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a stored survey: its elements, criteria, other items and index settings.")
        @Argument(help: "The survey code, e.g. sipas-2017.") var code: String
        @Option(help: "The version (default: the latest).") var version: Int?
        @Option(help: "Language: vi or en.") var lang: Language = .vi

        func run() async throws {
            let code = code
            let version = version
            let survey = try await CommandContext().withDatabase { db in try await SurveyCatalog(db).get(code, version: version) }
            print(SurveyPrinter(survey: survey, language: lang).text)
        }
    }
}
