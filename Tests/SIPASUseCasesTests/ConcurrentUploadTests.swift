import Foundation
import SIPASCore
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// Eight uploads at once, several for the same unit and month: one of each such group wins,
/// the others are refused naming the winner, the counts are exactly the winners', and nothing
/// deadlocks (a watchdog ends the database sessions and fails the test rather than hang).
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct ConcurrentUploadTests {
    struct Timeout: Error, CustomStringConvertible {
        var description: String { "the concurrent uploads did not all finish within \(ConcurrentUploadTests.timeout) s: a deadlock?" }
    }

    /// Per round of eight small imports: generous, for a loaded machine running the whole suite.
    static let timeout = 300.0
    static let rounds = 3

    enum Outcome: Sendable {
        case imported(Int)
        case failed(String, conflictIDs: [Int]?)
    }

    // No .timeLimit: on a loaded machine it cancels the test, which shuts its database client
    // down and leaves the test waiting for a connection forever; the watchdog below is the bound.
    @Test func eightUploadsAtOnceOneWinnerPerUnitAndMonth() async throws {
        let seed = UInt64.random(in: 1...(1 << 53))
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let survey = try await ImportFixture.prepare(db)
            let communes = try await UnitStore(db).list(on: CalendarDate("2021-03-01")!, level: .commune).map(\.unit.code)
            let folder = try ImportFixture.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            var winners: [GeneratedImport] = []
            for round in 1...Self.rounds {
                let month = "2021-0\(round + 2)"
                // Three files for one unit (two tallies, one of questionnaires), two for another
                // (CSV and XLSX), three for units of their own.
                var s = seed &+ UInt64(round * 100)
                func next() -> UInt64 {
                    s &+= 1
                    return s
                }
                let (a, b) = (communes[0], communes[1])
                let files = [
                    try GeneratedImport.tally(survey, unit: a, month: month, n: 120, seed: next(), in: folder, name: "r\(round)-a1.csv"),
                    try GeneratedImport.tally(
                        survey, unit: a, month: month, n: 80, seed: next(), xlsx: true, in: folder, name: "r\(round)-a2.xlsx"),
                    try GeneratedImport.questionnaires(
                        survey, unit: a, month: month, n: 1_500, seed: next(), in: folder, name: "r\(round)-a3.csv"),
                    try GeneratedImport.tally(survey, unit: b, month: month, n: 60, seed: next(), in: folder, name: "r\(round)-b1.csv"),
                    try GeneratedImport.questionnaires(
                        survey, unit: b, month: month, n: 800, seed: next(), in: folder, name: "r\(round)-b2.csv"),
                    try GeneratedImport.tally(
                        survey, unit: communes[2], month: month, n: 90, seed: next(), xlsx: true, in: folder, name: "r\(round)-c.xlsx"),
                    try GeneratedImport.questionnaires(
                        survey, unit: communes[3], month: month, n: 1_000, seed: next(), in: folder, name: "r\(round)-d.csv"),
                    try GeneratedImport.tally(
                        survey, unit: communes[4], month: month, n: 50, seed: next(), in: folder, name: "r\(round)-e.csv"),
                ]
                let auditBefore = try await db.scalar("SELECT count(*)::int FROM audit_events", as: Int.self) ?? 0
                let outcomes = try await Self.importAll(files, db: db)

                // Per unit: exactly one import, the others refused naming it.
                for unit in Set(files.map(\.unit)) {
                    let group = files.indices.filter { files[$0].unit == unit }
                    let imported = group.compactMap { i -> (Int, Int)? in
                        if case .imported(let id) = outcomes[i] { return (i, id) } else { return nil }
                    }
                    #expect(
                        imported.count == 1,
                        "round \(round), unit \(unit): \(group.map { "\(files[$0].url.lastPathComponent): \(outcomes[$0])" })")
                    guard imported.count == 1, let (winner, id) = imported.first else { continue }
                    winners.append(files[winner])
                    for i in group where i != winner {
                        guard case .failed(let message, let conflictIDs) = outcomes[i] else { continue }
                        #expect(conflictIDs == [id], "round \(round), \(files[i].url.lastPathComponent): \(message)")
                        #expect(
                            message.contains("\(unit) ")
                                && message.contains("already imported as upload \(id) (\(files[winner].url.lastPathComponent)"),
                            "round \(round), \(files[i].url.lastPathComponent): \(message)")
                    }
                }
                let imports = outcomes.filter { if case .imported = $0 { return true } else { return false } }.count
                #expect(imports == 5, "round \(round): \(outcomes)")
                // Only the winners wrote anything: one upload and one audit event each.
                #expect(try await db.scalar("SELECT count(*)::int FROM audit_events", as: Int.self) == auditBefore + imports)
            }
            #expect(try await db.scalar("SELECT count(*)::int FROM uploads", as: Int.self) == winners.count)
            #expect(try await ImportInvariants.problems(db).isEmpty)
            let (differences, keys) = try await ImportInvariants.recountDifferences(db, survey: survey)
            #expect(differences.isEmpty && keys > 0, "\(differences)")
            let stored = try await ImportInvariants.itemCounts(db)
            let expected = [CountCell: Int].sum(winners)
            #expect(
                stored == expected,
                "item_counts is not the sum of the winners' files: \(stored.count) cells stored, \(expected.count) expected")
        }
    }

    /// Runs every import at once through ImportService (as the CLI and the web service do),
    /// each in a task of its own; a watchdog ends the test's database sessions after `timeout`.
    static func importAll(_ files: [GeneratedImport], db: Database) async throws -> [Outcome] {
        let options = ImportService.Options(surveyCode: "sipas-2017", actor: "test", today: CalendarDate("2021-12-31")!)
        return try await withThrowingTaskGroup(of: (Int, Outcome)?.self) { group in
            for (i, file) in files.enumerated() {
                group.addTask {
                    do {
                        let service = ImportService(db)
                        let result =
                            file.kind == .tallies
                            ? try await service.importTallies(file.url, options: options)
                            : try await service.importQuestionnaires(file.url, options: options)
                        switch result {
                        case .imported(let upload, _): return (i, .imported(upload.id))
                        default: return (i, .failed("\(result)", conflictIDs: nil))
                        }
                    } catch let error as UploadError {
                        if case .conflict(_, let conflicts) = error {
                            return (i, .failed("\(error)", conflictIDs: conflicts.map(\.uploadID)))
                        }
                        return (i, .failed("\(error)", conflictIDs: nil))
                    } catch {
                        return (i, .failed("\(String(reflecting: error))", conflictIDs: nil))
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(timeout))
                // Stuck queries do not end on cancellation: end their sessions so that the
                // imports fail and the test reports the deadlock instead of hanging.
                _ = try? await db.scalar(
                    """
                    SELECT count(pg_terminate_backend(pid))::int FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid()
                    """, as: Int.self)
                throw Timeout()
            }
            var outcomes = [Outcome?](repeating: nil, count: files.count)
            while let next = try await group.next() {
                if let (i, outcome) = next { outcomes[i] = outcome }
                if !outcomes.contains(where: { $0 == nil }) {
                    group.cancelAll()
                    break
                }
            }
            return outcomes.map { $0! }
        }
    }
}
