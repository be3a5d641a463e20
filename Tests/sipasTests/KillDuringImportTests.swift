import Foundation
import SIPASCore
import SIPASStore
import SIPASTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `sipas import` killed with SIGKILL at random moments — starting up, validating, in its COPY,
/// at its commit — never leaves part of an upload behind, and the same files import cleanly
/// afterwards. The moments come from a seed that is printed (SIPAS_KILL_SEED=N repeats a run).
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct KillDuringImportTests {
    /// Where a kill is aimed.
    enum Moment: String, CaseIterable {
        /// 0–300 ms after the start: starting up, connecting, loading the survey and units, reading.
        case early
        /// Anywhere in the time a whole import of the same kind takes (measured first), or after.
        case anyTime
        /// Once the COPY of the questionnaires has passed a random number of rows.
        case inCopy
        /// At the end of the transaction: the test holds a lock on upload_vectors, so the import
        /// waits in its last steps; then it is killed while waiting, or just after the lock
        /// is let go (in the last statements, at the commit, or just after it).
        case atCommit
    }

    static let imports = 20

    // No .timeLimit: on a loaded machine it cancels the test, which shuts its database client
    // down and leaves the test waiting for a connection forever. Every wait here has a bound.
    @Test func importsKilledAtRandomMomentsLeaveNothingPartial() async throws {
        let seed = ProcessInfo.processInfo.environment["SIPAS_KILL_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...(1 << 53))
        print("KillDuringImportTests: seed \(seed) (SIPAS_KILL_SEED=\(seed) repeats this run)")
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let survey = try await ImportFixture.prepare(db)
            let env = CLIRunner.environment(for: db.configuration.database)
            let communes = try await UnitStore(db).list(on: CalendarDate("2021-03-01")!, level: .commune).map(\.unit.code)
            let folder = try ImportFixture.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            var random = SeededGenerator(state: seed)

            // Five kills aimed at each moment, in a random order; questionnaires for the COPY,
            // tallies (CSV and XLSX) and questionnaires mixed otherwise. Each file has a unit of
            // its own, so that every import that is not killed commits.
            let moments = (Moment.allCases.flatMap { Array(repeating: $0, count: Self.imports / Moment.allCases.count) }).shuffled(
                using: &random)
            func file(_ i: Int, responses: Bool) throws -> GeneratedImport {
                let month = "2021-\(String(format: "%02d", Int.random(in: 1...9, using: &random)))"
                let fileSeed = random.next()
                if responses {
                    return try GeneratedImport.questionnaires(
                        survey, unit: communes[i], month: month, n: Int.random(in: 2_000...8_000, using: &random),
                        seed: fileSeed, in: folder, name: "q\(i).csv")
                }
                let xlsx = Bool.random(using: &random)
                return try GeneratedImport.tally(
                    survey, unit: communes[i], month: month, n: Int.random(in: 30...400, using: &random),
                    seed: fileSeed, xlsx: xlsx, in: folder, name: "t\(i).\(xlsx ? "xlsx" : "csv")")
            }
            // Two whole imports first, to know how long one takes.
            let calibration = [try file(0, responses: false), try file(1, responses: true)]
            var duration: [GeneratedImport.Kind: Double] = [:]
            func run(_ f: GeneratedImport) throws -> MeasuredProcess.Result {
                try MeasuredProcess.run(
                    [CLIRunner.executable.path, "import", f.kind.rawValue, f.url.path, "--survey", "sipas-2017"],
                    environment: env, timeout: 300)
            }
            for f in calibration {
                let result = try run(f)
                duration[f.kind] = result.seconds
                try #require(result.exitCode == 0, "\(result): \(result.stderr)")
            }
            let files = try moments.enumerated().map { i, moment in
                try file(i + 2, responses: moment == .inCopy || Bool.random(using: &random))
            }
            print(
                "KillDuringImportTests: a whole import takes \(String(format: "%.2f", duration[.tallies]!)) s (tallies), \(String(format: "%.2f", duration[.responses]!)) s (questionnaires)"
            )

            var log: [String] = []
            var committedBeforeRerun: Set<String> = []
            for (i, (f, moment)) in zip(files, moments).enumerated() {
                let (outcome, observed) = try await Self.importAndKill(
                    f, moment: moment, env: env, db: db, duration: duration[f.kind]!, random: &random)
                let committed = try await db.scalar("SELECT count(*)::int FROM uploads WHERE sha256 = '\(f.sha256)'", as: Int.self) == 1
                if committed { committedBeforeRerun.insert(f.url.lastPathComponent) }
                log.append(
                    "\(i + 1). \(f.url.lastPathComponent) (\(f.rows) rows) \(moment.rawValue): \(observed); \(outcome); \(committed ? "committed" : "nothing written")"
                )
                let problems = try await ImportInvariants.problems(db)
                #expect(problems.isEmpty, "after kill \(i + 1) (seed \(seed)): \(problems)\n\(log.joined(separator: "\n"))")
            }
            print("KillDuringImportTests (seed \(seed)):\n" + log.joined(separator: "\n"))
            #expect(committedBeforeRerun.count < files.count, "no import was interrupted at all (seed \(seed))")

            // Every upload that committed is whole, and the aggregate is exactly what they brought.
            try await Self.expectIntact(db, survey: survey, files: calibration + files, seed: seed)

            // The same files again: each imports now, or is recognised as already imported.
            for f in files {
                let result = try run(f)
                #expect(result.exitCode == 0, "\(f.url.lastPathComponent) (seed \(seed)): \(result): \(result.stderr)")
                if committedBeforeRerun.contains(f.url.lastPathComponent) {
                    #expect(result.stdout.contains("was already imported as upload"), "\(f.url.lastPathComponent): \(result.stdout)")
                } else {
                    #expect(result.stdout.contains(": imported as upload"), "\(f.url.lastPathComponent): \(result.stdout)")
                }
            }
            #expect(try await db.scalar("SELECT count(*)::int FROM uploads", as: Int.self) == calibration.count + files.count)
            try await Self.expectIntact(db, survey: survey, files: calibration + files, seed: seed)
        }
    }

    /// Starts `sipas import` for `file` and kills it at `moment`. Returns how it ended and what
    /// the database showed just before the kill.
    static func importAndKill(
        _ file: GeneratedImport, moment: Moment, env: [String: String], db: Database, duration: Double,
        random: inout SeededGenerator
    ) async throws -> (outcome: String, observed: String) {
        let argv = [CLIRunner.executable.path, "import", file.kind.rawValue, file.url.path, "--survey", "sipas-2017"]
        var observed = ""
        let child: ChildProcess.Running
        switch moment {
        case .early, .anyTime:
            let delay = moment == .early ? random.double(in: 0...0.3) : random.double(in: 0...(1.2 * duration))
            child = try ChildProcess.start(argv, environment: env, separateErrors: true)
            try await Task.sleep(for: .seconds(delay))
            observed = "after \(Int(delay * 1000)) ms, " + (try await phase(db))
        case .inCopy:
            let rows = Int.random(in: 1...max(1, file.rows * 3 / 4), using: &random)
            child = try ChildProcess.start(argv, environment: env, separateErrors: true)
            var seen = 0
            let deadline = Date().addingTimeInterval(60)
            while isRunning(child.pid) && Date() < deadline {
                seen =
                    try await db.scalar(
                        """
                        SELECT coalesce(max(tuples_processed), 0)::int FROM pg_stat_progress_copy
                        WHERE datname = current_database() AND relid = 'responses'::regclass
                        """, as: Int.self) ?? 0
                if seen >= rows { break }
                try await Task.sleep(for: .milliseconds(2))
            }
            observed = "aimed at COPY row \(rows), saw \(seen), " + (try await phase(db))
        case .atCommit:
            let killWhileWaiting = Bool.random(using: &random)
            let delay = random.double(in: 0...0.03)
            // The last steps of an import write upload_vectors: a lock on it holds them up.
            (child, observed) = try await db.client.withConnection { connection in
                try await connection.query("BEGIN", logger: db.logger)
                try await connection.query("LOCK TABLE upload_vectors IN SHARE ROW EXCLUSIVE MODE", logger: db.logger)
                do {
                    let child = try ChildProcess.start(argv, environment: env, separateErrors: true)
                    let deadline = Date().addingTimeInterval(60)
                    var waiting = false
                    while isRunning(child.pid) && Date() < deadline {
                        waiting =
                            try await db.scalar(
                                """
                                SELECT count(*)::int FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                                WHERE NOT l.granted AND a.datname = current_database()
                                """, as: Int.self) ?? 0 > 0
                        if waiting { break }
                        try await Task.sleep(for: .milliseconds(5))
                    }
                    var observed = waiting ? "waiting at the end of its transaction" : "never reached the end of its transaction"
                    if killWhileWaiting {
                        child.kill(SIGKILL)
                        observed += ", killed while waiting"
                    }
                    try await connection.query("COMMIT", logger: db.logger)
                    if !killWhileWaiting {
                        try await Task.sleep(for: .seconds(delay))
                        observed += ", killed \(Int(delay * 1000)) ms after the lock was let go"
                    }
                    return (child, observed)
                } catch {
                    try? await connection.query("ROLLBACK", logger: db.logger)
                    throw error
                }
            }
        }
        child.kill(SIGKILL)
        let result = try child.wait()
        // Either killed, or it had finished (and then it must have succeeded).
        #expect(result.status == 128 + SIGKILL || result.status == 0, "\(file.url.lastPathComponent): \(result.stderr)")
        try await waitForRollback(db)
        return (result.status == 0 ? "finished before the kill" : "killed", observed)
    }

    /// What an import is doing, as far as the server shows.
    static func phase(_ db: Database) async throws -> String {
        let copying =
            try await db.scalar("SELECT count(*)::int FROM pg_stat_progress_copy WHERE datname = current_database()", as: Int.self) ?? 0
        if copying > 0 { return "in COPY" }
        let inTransaction =
            try await db.scalar(
                """
                SELECT count(*)::int FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'
                """, as: Int.self) ?? 0
        return inTransaction > 0 ? "in its transaction" : "not in a transaction"
    }

    /// The server rolls back a killed client's transaction when it sees the connection drop.
    static func waitForRollback(_ db: Database) async throws {
        for _ in 0..<500 {
            let busy =
                try await db.scalar(
                    """
                    SELECT count(*)::int FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'
                    """, as: Int.self) ?? 0
            if busy == 0 { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("a killed import's transaction was still open after 5 s")
    }

    static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return !stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    /// Each upload is one of the files, with all its rows; no upload is partial; item_counts
    /// equals both a recount from the stored rows and the sum of the committed files' counts.
    static func expectIntact(_ db: Database, survey: Survey, files: [GeneratedImport], seed: UInt64) async throws {
        #expect(try await ImportInvariants.problems(db).isEmpty, "seed \(seed)")
        let bySHA = Dictionary(files.map { ($0.sha256, $0) }, uniquingKeysWith: { a, _ in a })
        var committed: [GeneratedImport] = []
        for upload in try await UploadStore(db).list(limit: 1000) {
            guard let file = bySHA[upload.sha256] else {
                Issue.record("upload \(upload.id) (\(upload.fileName)) is none of the files (seed \(seed))")
                continue
            }
            committed.append(file)
            #expect(
                upload.status == .active && upload.rowCount == file.rows && upload.questionnaires == file.questionnaires,
                "upload \(upload.id) of \(file.url.lastPathComponent): \(upload.rowCount) rows, \(upload.questionnaires) questionnaires; the file has \(file.rows), \(file.questionnaires) (seed \(seed))"
            )
            let table = file.kind == .tallies ? "tallies" : "responses"
            #expect(try await db.scalar("SELECT count(*)::int FROM \(table) WHERE upload_id = \(upload.id)", as: Int.self) == file.rows)
        }
        let (differences, keys) = try await ImportInvariants.recountDifferences(db, survey: survey)
        #expect(differences.isEmpty, "item_counts differs from a recount of the stored rows (seed \(seed)): \(differences)")
        #expect(keys > 0)
        let stored = try await ImportInvariants.itemCounts(db)
        let expected = [CountCell: Int].sum(committed)
        #expect(
            stored == expected,
            "item_counts differs from the committed files' counts in \(Set(stored.keys).symmetricDifference(expected.keys).count + stored.filter { expected[$0.key] != $0.value }.count) cells (seed \(seed))"
        )
    }
}
