import ArgumentParser
import Foundation
import SIPASCore
import SIPASUseCases

struct UnitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "units",
        abstract: "Import and list administrative units and their reorganisations.",
        subcommands: [Import.self, Changes.self, List.self, Tree.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a unit list (code,parent_code,level,type,name) valid from a date.",
            discussion:
                "Units the list no longer has (same province, same kind; with --national, any province) are closed the day before --valid-from; changed names or parents become new versions. Nothing is written if any row is wrong."
        )
        @Argument(help: "The unit list (CSV).") var file: String
        @Option(help: "First day the structure is valid (YYYY-MM-DD).") var validFrom: CalendarDate
        @Option(help: "Last day it is valid (YYYY-MM-DD); open-ended when left out.") var validTo: CalendarDate?
        @Flag(
            help:
                "The list is the whole country's: a province it no longer has (merged on --valid-from) is closed with its districts and communes."
        )
        var national = false

        func run() async throws {
            let context = CommandContext()
            let (file, validFrom, validTo, national, actor) = (file, validFrom, validTo, national, context.actor)
            let report = try await context.withDatabase { db in
                try await UnitCatalog(db).importUnits(
                    URL(fileURLWithPath: file), label: file, validFrom: validFrom, validTo: validTo, national: national, actor: actor)
            }
            print(UnitsCommand.describe(report, file: file))
        }
    }

    static func describe(_ report: UnitCatalog.ImportReport, file: String) -> String {
        var text =
            "\(file): \(report.added) unit(s) added, \(report.replaced) new version(s) of changed units, \(report.unchanged) unchanged, \(report.closed.count) closed"
        if !report.closed.isEmpty && report.closed.count <= 20 { text += " (\(report.closed.joined(separator: ", ")))" }
        return text + "."
    }

    struct Changes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Successions between unit structures (merges, splits, renames).",
            subcommands: [ImportChanges.self, ListChanges.self])
    }

    struct ImportChanges: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import successions (old_code,new_code,change,note[,share]) effective on a date.",
            discussion:
                "Each old code must be valid the day before, each new code on the day. Old units left without a successor are listed.")
        @Argument(help: "The change list (CSV).") var file: String
        @Option(help: "The day the new structure starts (YYYY-MM-DD).") var effective: CalendarDate

        func run() async throws {
            let context = CommandContext()
            let (file, effective, actor) = (file, effective, context.actor)
            let report = try await context.withDatabase { db in
                try await UnitCatalog(db).importChanges(URL(fileURLWithPath: file), label: file, effective: effective, actor: actor)
            }
            print(UnitsCommand.describe(report, file: file))
        }
    }

    static func describe(_ report: UnitCatalog.ChangeReport, file: String) -> String {
        var text = "\(file): \(report.added) succession(s) added, \(report.unchanged) unchanged."
        if !report.unmapped.isEmpty {
            text +=
                "\nWarning: \(report.unmapped.count) old unit(s) ended with no successor listed; their data will not flow to current boundaries: \(report.unmapped.joined(separator: ", "))"
        }
        return text
    }

    struct ListChanges: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List stored successions.")
        @Option(help: "Only those effective on this day.") var effective: CalendarDate?

        func run() async throws {
            let effective = effective
            let changes = try await CommandContext().withDatabase { db in try await UnitCatalog(db).changes(effective: effective) }
            print(
                table(
                    [["effective", "old", "new", "change", "default", "share"]]
                        + changes.map {
                            [
                                $0.effective.description, $0.change.oldCode, $0.change.newCode, $0.change.kind.rawValue,
                                $0.change.isDefault ? "yes" : "", $0.change.share.map { "\($0)" } ?? "",
                            ]
                        }))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the units valid on a date.")
        @Option(help: "The day (YYYY-MM-DD); today by default.") var on: CalendarDate?
        @Option(help: "Only this level: province, department, district or commune.") var level: UnitLevel?
        @Option(help: "Language of headings: vi or en.") var lang: Language = .vi

        func run() async throws {
            let date = on ?? today()
            let level = level
            let units = try await CommandContext().withDatabase { db in try await UnitCatalog(db).list(on: date, level: level) }
            let vi = lang == .vi
            let header =
                vi ? ["Mã", "Cấp", "Loại", "Tên", "Trực thuộc", "Hiệu lực"] : ["Code", "Level", "Type", "Name", "Parent", "Valid"]
            print(
                table(
                    [header]
                        + units.map {
                            [
                                $0.unit.code, $0.unit.level.label.text(lang), $0.unit.type, $0.unit.name, $0.unit.parentCode ?? "",
                                "\($0.validFrom) – \($0.validTo?.description ?? "")",
                            ]
                        }))
            print(vi ? "\(units.count) đơn vị có hiệu lực ngày \(date)." : "\(units.count) unit(s) valid on \(date).")
        }
    }

    struct Tree: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the units valid on a date as a tree.")
        @Option(help: "The day (YYYY-MM-DD); today by default.") var on: CalendarDate?

        func run() async throws {
            let date = on ?? today()
            let units = try await CommandContext().withDatabase { db in try await UnitCatalog(db).list(on: date) }
            let children = Dictionary(grouping: units, by: { $0.unit.parentCode ?? "" })
            let codes = Set(units.map(\.unit.code))
            var lines: [String] = []
            func walk(_ unit: UnitCatalog.StoredUnit, depth: Int) {
                lines.append(String(repeating: "  ", count: depth) + "\(unit.unit.code)  \(unit.unit.name)")
                let kids = (children[unit.unit.code] ?? []).sorted { ($0.unit.level, $0.unit.code) < ($1.unit.level, $1.unit.code) }
                for child in kids { walk(child, depth: depth + 1) }
            }
            for root in units where root.unit.parentCode.map({ !codes.contains($0) }) ?? true {
                walk(root, depth: 0)
            }
            print(lines.joined(separator: "\n"))
            print("\(units.count) đơn vị có hiệu lực ngày \(date).")
        }
    }
}
