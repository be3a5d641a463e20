import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore

/// The dossiers units handled, from the one-stop system's export (`sipas dossiers import`):
/// the survey's sample frame (`sipas plan sample --period`, `sipas plan draw`) and the receipts
/// that open a link made with `--require-dossier`, one questionnaire per dossier.
public struct DossierService: Sendable {
    public let db: Database

    public init(db: Database) { self.db = db }

    /// Reads, checks and stores a dossier list: every row is checked, each unit resolved to
    /// its version valid the day the dossier was received; any problem and nothing is written.
    public func importFile(_ url: URL, actor: String) async throws -> DossierStore.Outcome {
        let rows = try DossierListReader.read(contentsOf: url)
        let directory = UnitDirectory(try await UnitStore(db).allVersions())
        var resolved: [DossierStore.Row] = []
        var problems: [FileProblem] = []
        var seen: [String: Int] = [:]
        for row in rows {
            let resolution = directory.resolve(row.unit, on: row.received)
            guard case .found(let unit) = resolution else {
                let why = UnitDirectory.explain(resolution, text: row.unit, when: "on \(row.received), the day the dossier was received")
                problems.append(FileProblem(file: url.path, line: row.line, column: "unit", message: why ?? "unknown unit \(row.unit)"))
                continue
            }
            // A name and a code of one unit name the same dossier twice.
            let key = unit.unit.code + "\u{0}" + row.number
            if let first = seen[key] {
                problems.append(
                    FileProblem(
                        file: url.path, line: row.line, column: "dossier",
                        message:
                            "dossier \(row.number) of \(unit.unit.code) is listed twice (first on row \(first)); expected each dossier once"
                    ))
                continue
            }
            seen[key] = row.line
            resolved.append(
                DossierStore.Row(
                    unitCode: unit.unit.code, unitID: unit.id, number: row.number, received: row.received, returned: row.returned))
        }
        if !problems.isEmpty { throw FileProblems(problems) }
        return try await DossierStore(db).importFile(
            resolved, fileName: url.lastPathComponent, sha256: try FileDigest.sha256(of: url), actor: actor)
    }

    /// One unit of the sample frame: the dossiers it returned in the period, and how many
    /// questionnaires it needs by Yamane's formula.
    public struct FrameUnit: Sendable, Equatable {
        public var unit: AdminUnit
        public var dossiers: Int
        public var needed: Int
    }

    /// The frame of `period`: each unit that returned dossiers in it (by code), with its
    /// sample size at `margin`; units with no dossier are not listed.
    public func frame(period: Period, margin: Double, units codes: Set<String>? = nil) async throws -> [FrameUnit] {
        let counts = try await DossierStore(db).returnedCounts(from: period.firstDay, to: period.lastDay)
        let versions = try await UnitStore(db).allVersions()
        return counts.compactMap { code, count -> FrameUnit? in
            if let codes, !codes.contains(code) { return nil }
            // The unit as it was at the end of the period, else its last version before.
            let unit =
                versions.filter { $0.unit.code == code && $0.validFrom <= period.lastDay }.max { $0.validFrom < $1.validFrom }?.unit
                ?? AdminUnit(code: code, parentCode: nil, level: .commune, type: "", name: code)
            return FrameUnit(unit: unit, dossiers: count, needed: Statistics.yamane(population: count, margin: margin))
        }.sorted { $0.unit.code < $1.unit.code }
    }

    /// The dossiers drawn for one unit, in the order to call them.
    public struct Draw: Sendable, Equatable {
        public var unit: FrameUnit
        public var dossiers: [DossierStore.Dossier]
    }

    /// A reproducible random draw of each frame unit's dossiers returned in `period`: `count`
    /// of them, or the unit's Yamane sample size at `margin`. The same seed and the same list
    /// draw the same dossiers, in the same order, whatever order the list was imported in.
    public func draw(period: Period, seed: UInt64, margin: Double, count: Int? = nil, units codes: Set<String>? = nil) async throws
        -> [Draw]
    {
        let store = DossierStore(db)
        var draws: [Draw] = []
        for unit in try await frame(period: period, margin: margin, units: codes) {
            let pool = try await store.returned(unitCode: unit.unit.code, from: period.firstDay, to: period.lastDay)
            var generator = SeededGenerator(state: seed ^ Self.fnv1a(unit.unit.code))
            draws.append(Draw(unit: unit, dossiers: Self.sample(pool, count: min(count ?? unit.needed, pool.count), using: &generator)))
        }
        return draws
    }

    /// The first `count` of a Fisher–Yates shuffle of `pool`: a simple random sample without
    /// replacement, in the order drawn.
    static func sample<T>(_ pool: [T], count: Int, using generator: inout SeededGenerator) -> [T] {
        var items = pool
        for i in 0..<count {
            let j = generator.int(in: i...(items.count - 1))
            items.swapAt(i, j)
        }
        return Array(items.prefix(count))
    }

    /// FNV-1a of the code's bytes: each unit draws from its own stream of the seed, the same on
    /// every machine (Swift's `hashValue` changes from run to run).
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// Why a receipt's number does not open the form (Vietnamese, shown next to the field).
    public enum Refusal: Error, Sendable, Equatable {
        case empty
        case unknown(String)
        case notReturned(String)
        case outOfWindow(String, returned: CalendarDate, days: Int)
        case answered(String)

        public var message: String {
            switch self {
            case .empty:
                return "Vui lòng nhập số hồ sơ in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả."
            case .unknown(let number):
                return "Không tìm thấy hồ sơ số “\(number)” của đơn vị này. Vui lòng kiểm tra lại số in trên giấy tiếp nhận."
            case .notReturned(let number):
                return "Hồ sơ số “\(number)” chưa được trả kết quả; Ông/Bà có thể đánh giá sau khi nhận kết quả."
            case .outOfWindow(let number, let returned, let days):
                return
                    "Hồ sơ số “\(number)” đã trả kết quả ngày \(returned.dayMonthYear), quá \(days) ngày nên không còn nhận đánh giá qua đường dẫn này."
            case .answered(let number):
                return "Hồ sơ số “\(number)” đã được đánh giá; mỗi hồ sơ chỉ được đánh giá một lần."
            }
        }
    }

    /// The dossier a receipt's `number` names for the link's unit, if its holder may answer
    /// `today`: returned within the link's days, and not answered for yet.
    public func admit(number raw: String, link: CollectionLinkStore.Link, today: CalendarDate) async throws -> DossierStore.Dossier {
        let number = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !number.isEmpty else { throw Refusal.empty }
        guard number.count <= DossierListReader.numberLimit,
            let dossier = try await DossierStore(db).find(unitCode: link.unit.unit.code, number: number)
        else { throw Refusal.unknown(String(number.prefix(DossierListReader.numberLimit))) }
        guard let returned = dossier.returned, returned <= today else { throw Refusal.notReturned(number) }
        var earliest = today
        for _ in 0..<link.dossierDays { earliest = earliest.previousDay }
        guard returned >= earliest else { throw Refusal.outOfWindow(number, returned: returned, days: link.dossierDays) }
        guard !dossier.answered else { throw Refusal.answered(number) }
        return dossier
    }
}
