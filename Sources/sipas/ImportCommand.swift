import ArgumentParser
import Foundation
import SIPASCore
import SIPASFiles
import SIPASUseCases

#if canImport(Glibc)
    import Glibc
#endif

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import tally sheets or questionnaires (CSV, XLSX or XLS): validated, all or nothing, once.",
        subcommands: [Tallies.self, Responses.self])

    struct FileOptions: ParsableArguments {
        @Argument(help: "The file: CSV (any common encoding and delimiter), XLSX or Excel 97–2003 XLS.") var file: String
        @Option(help: "The survey code, e.g. sipas-2017.") var survey: String
        @Option(help: "The survey version (default: the latest).") var version: Int?
        @Flag(help: "Supersede earlier uploads for the same units and periods (they stay, out of every analysis).") var replace = false
        @Flag(help: "Validate and report without writing anything.") var check = false
        @Option(help: "The text encoding: utf-8, utf-16, windows-1258 (detected when left out).") var encoding: String?
        @Option(help: "The delimiter: comma, semicolon or tab (detected when left out).") var delimiter: String?

        func validate() throws {
            if let encoding, TextEncoding(name: encoding) == nil {
                throw ValidationError("--encoding \(encoding) is not known; expected utf-8, utf-16, utf-16le, utf-16be or windows-1258")
            }
            if let delimiter, Self.delimiter(delimiter) == nil {
                throw ValidationError("--delimiter \(delimiter) is not known; expected comma, semicolon or tab")
            }
        }

        static func delimiter(_ text: String) -> Character? {
            switch text.lowercased() {
            case ",", "comma": return ","
            case ";", "semicolon": return ";"
            case "\t", "tab", "\\t": return "\t"
            default: return nil
            }
        }

        func options(actor: String, period: Period? = nil) -> ImportService.Options {
            ImportService.Options(
                surveyCode: survey, surveyVersion: version, replace: replace, checkOnly: check,
                encoding: encoding.flatMap(TextEncoding.init(name:)), delimiter: delimiter.flatMap(Self.delimiter),
                period: period, actor: actor, today: today())
        }
    }

    struct Tallies: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a tally file: the template of `sipas template tallies`, or the long layout unit,period,item,option,count.")
        @OptionGroup var options: FileOptions

        func run() async throws {
            let context = CommandContext()
            let url = URL(fileURLWithPath: options.file)
            let opts = options.options(actor: context.actor)
            let result = try await context.withDatabase { db in try await ImportService(db).importTallies(url, options: opts) }
            print(ImportCommand.describe(result, file: options.file))
        }
    }

    struct Responses: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import questionnaires: one row each with unit, date (YYYY-MM-DD), channel, and one column per item code.")
        @OptionGroup var options: FileOptions
        @Option(help: "The period the questionnaires belong to (YYYY-MM or YYYY-Qn); every date must lie in it.") var period: String?

        func validate() throws {
            if let period, Period(period) == nil {
                throw ValidationError("--period \(period) is not a period; expected YYYY-MM, YYYY-Qn or YYYY")
            }
        }

        func run() async throws {
            let context = CommandContext()
            let url = URL(fileURLWithPath: options.file)
            let opts = options.options(actor: context.actor, period: period.flatMap(Period.init))
            let bar = ProgressBar()
            let result = try await context.withDatabase { db in
                try await ImportService(db).importQuestionnaires(url, options: opts) { rows, fraction in
                    bar.update(rows: rows, fraction: fraction)
                }
            }
            bar.finish()
            print(ImportCommand.describe(result, file: options.file))
        }
    }

    static func describe(_ result: ImportService.Result, file: String) -> String {
        switch result {
        case .checked(let rows, let scopes, let questionnaires):
            return
                "\(file): valid — \(rows) row(s), \(questionnaires) questionnaire(s) for \(scopes) unit/period(s). Nothing was written (--check)."
        case .alreadyImported(let upload):
            return "\(file) was already imported as upload \(upload.id) (\(upload.status.rawValue)); nothing changed."
        case .imported(let upload, let superseded):
            var text =
                "\(file): imported as upload \(upload.id) — \(upload.rowCount) row(s), \(upload.questionnaires) questionnaire(s), \(upload.unitCount) unit(s)."
            if !superseded.isEmpty {
                text +=
                    "\nSuperseded: " + superseded.map { "upload \($0.id) (\($0.fileName))" }.joined(separator: ", ")
                    + " — kept, out of every analysis; `sipas uploads revert N` brings one back."
            }
            return text
        }
    }
}
