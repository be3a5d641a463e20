import ArgumentParser
import Foundation
import SIPASCore
import SIPASFiles
import SIPASUseCases

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Plan the survey.", subcommands: [Sample.self, Draw.self])

    struct Sample: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "How many questionnaires a unit needs: Yamane's n = N / (1 + N·e²) (QĐ 1383/QĐ-BNV, 2012).",
            discussion:
                "With --procedures N, for one unit. With --period, for every unit whose dossiers (sipas dossiers import) were returned in the period: N is their number."
        )
        @Option(help: "N: the number of procedures the unit handled in the period.") var procedures: Int?
        @Option(help: "The period whose returned dossiers are the frame: YYYY-MM, YYYY-Qn or YYYY.") var period: String?
        @Option(parsing: .upToNextOption, help: "With --period: only these unit codes.") var units: [String] = []
        @Option(help: "e: the margin of error (0.05 = 5 %).") var margin: Double = 0.05

        func validate() throws {
            if let procedures, procedures < 0 { throw ValidationError("--procedures must be 0 or more") }
            if !(margin > 0 && margin < 1) { throw ValidationError("--margin must lie between 0 and 1, e.g. 0.05") }
            switch (procedures, period) {
            case (nil, nil): throw ValidationError("give --procedures N (one unit) or --period P (every unit's dossiers)")
            case (.some, .some): throw ValidationError("give --procedures or --period, not both")
            case (nil, .some(let text)) where Period(text) == nil:
                throw ValidationError("--period \(text) is not a period; expected YYYY-MM, YYYY-Qn or YYYY")
            default: break
            }
        }

        func run() async throws {
            let margin = margin
            let percent = NumberFormatting.decimal(margin * 100, digits: 1, language: .vi)
            guard let text = period, let period = Period(text) else {
                let procedures = procedures ?? 0
                let n = Statistics.yamane(population: procedures, margin: margin)
                print("Cần \(n) phiếu (N = \(procedures) hồ sơ, sai số e = \(percent) %; n = N / (1 + N·e²), làm tròn lên).")
                return
            }
            let codes = units.isEmpty ? nil : Set(units)
            let frame = try await CommandContext().withDatabase { db in
                try await DossierService(db: db).frame(period: period, margin: margin, units: codes)
            }
            guard !frame.isEmpty else {
                print("Không có hồ sơ nào được trả kết quả trong \(period.label(.vi)); hãy nhập danh sách hồ sơ (sipas dossiers import).")
                return
            }
            print(
                table(
                    [["Mã", "Đơn vị", "Hồ sơ đã trả (N)", "Số phiếu cần (n)"]]
                        + frame.map { [$0.unit.code, $0.unit.name, "\($0.dossiers)", "\($0.needed)"] }))
            print(
                "\(period.label(.vi)): \(frame.count) đơn vị, \(frame.reduce(0) { $0 + $1.dossiers }) hồ sơ, cần \(frame.reduce(0) { $0 + $1.needed }) phiếu (sai số e = \(percent) %; n = N / (1 + N·e²), làm tròn lên)."
            )
        }
    }

    struct Draw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Draw, reproducibly, the dossiers to call for a phone survey: a simple random sample of each unit's returned dossiers.",
            discussion:
                "Each unit's sample is its Yamane size (or --count) drawn from the dossiers it returned in the period, by number. The same --seed and the same dossier lists draw the same dossiers in the same order."
        )
        @Option(help: "The period whose returned dossiers are drawn from: YYYY-MM, YYYY-Qn or YYYY.") var period: String
        @Option(help: "The seed of the draw (a whole number; write it in the survey's record to draw again).") var seed: UInt64
        @Option(help: "Dossiers per unit (default: Yamane's n at --margin).") var count: Int?
        @Option(help: "e: the margin of error for Yamane's n (0.05 = 5 %).") var margin: Double = 0.05
        @Option(parsing: .upToNextOption, help: "Only these unit codes.") var units: [String] = []
        @Option(name: .shortAndLong, help: "Write the list as CSV to this file (default: standard output).") var output: String?

        func validate() throws {
            guard Period(period) != nil else {
                throw ValidationError("--period \(period) is not a period; expected YYYY-MM, YYYY-Qn or YYYY")
            }
            if let count, count < 1 { throw ValidationError("--count must be 1 or more") }
            if !(margin > 0 && margin < 1) { throw ValidationError("--margin must lie between 0 and 1, e.g. 0.05") }
        }

        func run() async throws {
            let (period, seed, count, margin) = (Period(period)!, seed, count, margin)
            let codes = units.isEmpty ? nil : Set(units)
            let draws = try await CommandContext().withDatabase { db in
                try await DossierService(db: db).draw(period: period, seed: seed, margin: margin, count: count, units: codes)
            }
            var csv = "order,unit_code,unit_name,dossier,received,returned\r\n"
            for draw in draws {
                for (i, dossier) in draw.dossiers.enumerated() {
                    csv +=
                        [
                            "\(i + 1)", draw.unit.unit.code, draw.unit.unit.name, dossier.number, dossier.received.description,
                            dossier.returned?.description ?? "",
                        ].map { TableExport.quote(TableExport.neutralised($0)) }.joined(separator: ",") + "\r\n"
                }
            }
            let file = try OutputFile(output)
            try file.write(Data(csv.utf8))
            file.close()
            if output != nil {
                let total = draws.reduce(0) { $0 + $1.dossiers.count }
                print("\(output!): \(total) hồ sơ của \(draws.count) đơn vị, \(period.label(.vi)), seed \(seed).")
            }
        }
    }
}
