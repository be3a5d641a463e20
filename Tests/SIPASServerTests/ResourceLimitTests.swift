import Foundation
import Hummingbird
import HummingbirdTesting
import SIPASServer
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 13's limits through the real HTTP stack: uploads received to disk once and removed,
/// imports and reports beyond their gates answered 503, and an export whose client reads
/// nothing stopped so that its database connection is freed.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct ResourceLimitTests {
    /// A configuration whose uploads go to a folder of the test's own.
    static func configuration(maxUpload: Int = 1 << 20) throws -> ServerConfiguration {
        var configuration = ServerConfiguration(maxUploadBytes: maxUpload, bcryptCost: 4)
        configuration.uploadFolder = try ImportFixture.folder()
        return configuration
    }

    static func leftOver(_ configuration: ServerConfiguration) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: configuration.uploadFolder.path)
    }

    static func multipartHeaders(_ token: String) -> HTTPFields {
        [.authorization: "Bearer \(token)", .contentType: "multipart/form-data; boundary=\(Browser.boundary)"]
    }

    @Test func uploadsAreReceivedToDiskAndRemovedWhateverTheOutcome() async throws {
        let configuration = try Self.configuration(maxUpload: 4096)
        defer { try? FileManager.default.removeItem(at: configuration.uploadFolder) }
        try await APITests().withApp(configuration: configuration) { client, _, tokens in
            // A multipart upload, its fields beside the file, imported from the file on disk.
            let form = Browser.multipart(
                ["kind": "tallies", "survey": "sipas-2017"], file: ("file", "xa-nam-ha.csv", Array(APITests.tally("18073").utf8)))
            let created = try await client.execute(
                uri: "/api/uploads", method: .post, headers: Self.multipartHeaders(tokens.analyst), body: form)
            #expect(created.status == .created, "\(String(buffer: created.body))")
            #expect((APITests.json(created) as? [String: Any])?["file_name"] as? String == "xa-nam-ha.csv")
            // A file refused for its content, a raw body over the limit, a multipart one over it.
            let broken = try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=hong.csv", method: .post, headers: APITests.auth(tokens.analyst),
                body: ByteBuffer(string: "unit,period\n1,2\n"))
            #expect(broken.status == .unprocessableContent)
            let big = ByteBuffer(repeating: UInt8(ascii: "x"), count: 100_000)
            let raw = try await client.execute(
                uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=lon.csv", method: .post, headers: APITests.auth(tokens.analyst),
                body: big)
            #expect(raw.status == .contentTooLarge)
            #expect(raw.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(String(buffer: raw.body).contains("Tệp lớn hơn giới hạn"))
            let bigForm = Browser.multipart(
                ["kind": "tallies", "survey": "sipas-2017"], file: ("file", "lon.csv", Array(repeating: UInt8(ascii: "x"), count: 100_000)))
            let multipart = try await client.execute(
                uri: "/api/uploads", method: .post, headers: Self.multipartHeaders(tokens.analyst), body: bigForm)
            #expect(multipart.status == .contentTooLarge)
            // A file just over the limit inside a body within the form's room: refused too.
            let justOver = Browser.multipart(
                ["kind": "tallies", "survey": "sipas-2017"], file: ("file", "lon.csv", Array(repeating: UInt8(ascii: "x"), count: 5000)))
            let over = try await client.execute(
                uri: "/api/uploads", method: .post, headers: Self.multipartHeaders(tokens.analyst), body: justOver)
            #expect(over.status == .contentTooLarge)
            // Nothing is left behind in the upload folder, whatever the answer was.
            #expect(try Self.leftOver(configuration) == [])
        }
    }

    @Test func theWebFormIsReceivedToDiskAndRemoved() async throws {
        let configuration = try Self.configuration()
        defer { try? FileManager.default.removeItem(at: configuration.uploadFolder) }
        try await WebFixture.withApp(configuration: configuration) { client, _ in
            var clerk = Browser()
            _ = try await clerk.signIn(client, "clerk", WebFixture.password("clerk"))
            let (_, page, _) = try await clerk.get(client, "/upload")
            let token = try #require(Browser.csrf(in: page))
            let form = Browser.multipart(
                ["_csrf": token, "kind": "tallies", "survey": "sipas-2017"],
                file: ("file", "nam-ha.csv", Array(WebFixture.tally("18073").utf8)))
            let posted = try await client.execute(uri: "/upload", method: .post, headers: clerk.multipartHeaders(), body: form)
            #expect(posted.status == .seeOther, "\(String(buffer: posted.body))")
            #expect(posted.headers[.location]?.hasPrefix("/uploads/") == true)
            // Without the CSRF token: refused, and the received file is removed all the same.
            let forged = Browser.multipart(
                ["kind": "tallies", "survey": "sipas-2017"],
                file: ("file", "nam-ha-2.csv", Array(WebFixture.tally("18073", satisfied: 20).utf8)))
            let refused = try await client.execute(uri: "/upload", method: .post, headers: clerk.multipartHeaders(), body: forged)
            #expect(refused.status == .forbidden)
            #expect(try Self.leftOver(configuration) == [])
        }
    }

    @Test func importsBeyondTheGateAreAnswered503() async throws {
        var setup = try Self.configuration()
        defer { try? FileManager.default.removeItem(at: setup.uploadFolder) }
        let gate = WorkGate(.importing, running: 1, waiting: 0)
        setup.imports = gate
        let configuration = setup
        try await APITests().withApp(configuration: configuration) { client, db, tokens in
            let before = try await ImportFixture.footprint(db)
            let upload = {
                try await client.execute(
                    uri: "/api/uploads?kind=tallies&survey=sipas-2017&name=a.csv", method: .post, headers: APITests.auth(tokens.analyst),
                    body: ByteBuffer(string: APITests.tally("18073")))
            }
            try await SignInThrottleTests.whileHolding(gate) {
                let busy = try await upload()
                #expect(busy.status == .serviceUnavailable)
                #expect(Int(busy.headers[.retryAfter] ?? "") != nil)
                #expect(busy.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                let problem = APITests.json(busy) as? [String: Any]
                #expect(problem?["type"] as? String == "urn:sipas:problem:unavailable")
                #expect((problem?["detail"] as? String)?.contains("nhập quá nhiều tệp") == true)
                #expect(try await ImportFixture.footprint(db) == before)
            }
            // The place free again, the same upload goes through.
            #expect(try await upload().status == .created)
            #expect(await gate.load.running == 0)
            #expect(try Self.leftOver(configuration) == [])
        }
    }

    @Test func reportsAndExportsBeyondTheGateAreAnswered503() async throws {
        var setup = try Self.configuration()
        defer { try? FileManager.default.removeItem(at: setup.uploadFolder) }
        let gate = WorkGate(.report, running: 1, waiting: 0)
        setup.reports = gate
        let configuration = setup
        try await APITests().withApp(configuration: configuration) { client, _, tokens in
            let paths = [
                "/api/reports?survey=sipas-2017&period=2021-03&format=csv", "/api/exports/counts?survey=sipas-2017&period=2021-03",
            ]
            try await SignInThrottleTests.whileHolding(gate) {
                for path in paths {
                    let busy = try await client.execute(uri: path, method: .get, headers: APITests.auth(tokens.analyst))
                    #expect(busy.status == .serviceUnavailable, "\(path)")
                    #expect(Int(busy.headers[.retryAfter] ?? "") != nil, "\(path)")
                    #expect(String(buffer: busy.body).contains("quá nhiều báo cáo"), "\(path)")
                }
            }
            for path in paths {
                let answered = try await client.execute(uri: path, method: .get, headers: APITests.auth(tokens.analyst))
                #expect(answered.status == .ok, "\(path): \(String(buffer: answered.body))")
            }
            // The export's place is given back once its answer is written.
            try await Self.eventually { await gate.load.running == 0 }
        }
    }

    @Test func anExportWhoseClientReadsNothingIsStoppedAndItsConnectionFreed() async throws {
        var setup = try Self.configuration()
        defer { try? FileManager.default.removeItem(at: setup.uploadFolder) }
        setup.writeTimeout = .seconds(2)
        let gate = WorkGate(.report, running: 4, waiting: 0)
        setup.reports = gate
        let configuration = setup
        try await APITests().withApp(configuration: configuration, mode: .live) { client, db, tokens in
            // 250,000 questionnaires: an export (about 25 MB) far larger than the sockets' buffers.
            try await db.client.query(
                """
                INSERT INTO responses (survey_id, unit_id, response_date, channel, client_id, submitted_by, answers)
                SELECT (SELECT survey_id FROM surveys LIMIT 1), (SELECT unit_id FROM units WHERE code = '18073' LIMIT 1),
                       DATE '2021-03-15', 'kiosk', 'stall-' || g, 'test', array_fill(5::smallint, ARRAY[40])
                FROM generate_series(1, 250000) g
                """, logger: db.logger)
            let port = try #require(client.port)
            let stalled = try StalledClient(
                port: port,
                request: "GET /api/exports/responses?survey=sipas-2017&period=2021-03 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer \(tokens.analyst)\r\n\r\n")
            defer { stalled.close() }
            // The export runs and holds a database connection, blocked on the client.
            // The bounds below are generous (the whole suite runs in parallel on two cores): they
            // say "eventually", not how fast; without the write timeout the export never ends.
            try await Self.eventually(within: .seconds(60)) { try await Self.exportsRunning(db) == 1 }
            #expect(await gate.load.running == 1)
            // Other requests are answered meanwhile.
            let surveys = try await client.execute(uri: "/api/surveys", method: .get, headers: APITests.auth(tokens.analyst))
            #expect(surveys.status == .ok)
            // Once the buffers are full (a debug build fills them in up to ~20 s) and the write
            // timeout has passed, the export stops: the database connection
            // no longer runs its query, and its place in the report gate is given back.
            let started = ContinuousClock.now
            try await Self.eventually(within: .seconds(180)) {
                let running = try await Self.exportsRunning(db)
                let places = await gate.load.running
                return running == 0 && places == 0
            }
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
        }
    }

    /// Backends of this test's database running the questionnaire export's query.
    static func exportsRunning(_ db: Database) async throws -> Int {
        let rows = try await db.client.query(
            """
            SELECT count(*)::int FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'
              AND query LIKE '%FROM responses r JOIN units u%'
            """, logger: db.logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    /// Waits until `condition` holds, checking every 100 ms; fails after `within`.
    static func eventually(within: Duration = .seconds(5), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + within
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try await condition(), "the condition did not hold within \(within)")
    }
}

/// A client that sends a request and reads nothing of the answer. (Its receive buffer is left
/// as the system sizes it: with a tiny one, Linux keeps taking a trickle of bytes for a while.)
struct StalledClient {
    let descriptor: Int32

    init(port: Int, request: String) throws {
        #if canImport(Glibc)
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { throw POSIXError(.EBADF) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port)).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
            let bytes = Array(request.utf8)
            guard send(descriptor, bytes, bytes.count, 0) == bytes.count else { throw POSIXError(.EIO) }
        #else
            throw POSIXError(.ENOTSUP)
        #endif
    }

    func close() {
        #if canImport(Glibc)
            _ = Glibc.close(descriptor)
        #endif
    }
}
