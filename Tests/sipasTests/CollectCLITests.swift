import Foundation
import SIPASCore
import SIPASStore
import SIPASTestSupport
import Testing

/// `sipas collect`: a link's full address under the public address shared through
/// $SIPAS_PUBLIC_URL, listed with its unit, revoked by its id; a unit that is not valid today
/// is refused by name and nothing is stored.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct CollectCLITests {
    @Test func aLinkIsMadeListedAndRevoked() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let cli = CLIRunner(
                environment: CLIRunner.environment(
                    for: db.configuration.database, extra: ["SIPAS_PUBLIC_URL": "https://khaosat.hatinh.gov.vn/"]))
            let made = try cli.run(["collect", "link", "--survey", "sipas-2017", "--unit", "18073"])
            #expect(made.status == 0, "\(made.stderr)")
            let url = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let match = try #require(url.wholeMatch(of: /https:\/\/khaosat\.hatinh\.gov\.vn\/s\/([A-Za-z0-9_-]{32})/), "\(url)")
            let token = String(match.1)
            #expect(try await db.scalar("SELECT count(*)::int FROM collection_links WHERE token = '\(token)'", as: Int.self) == 1)

            let listed = try cli.run(["collect", "list", "--public-url", "http://10.0.0.5:8080"])
            let row = try #require(listed.stdout.split(separator: "\n").first { $0.contains(token) }, "\(listed.stdout)")
            #expect(row.contains("18073 Phường Nam Hà") && row.contains(" open ") && row.contains("http://10.0.0.5:8080/s/\(token)"))

            let revoked = try cli.run(["collect", "revoke", "1"])
            #expect(revoked.status == 0, "\(revoked.stderr)")
            #expect(try cli.run(["collect", "list"]).stdout.contains(" revoked "))
            #expect(try await db.scalar("SELECT count(*)::int FROM audit_events WHERE action LIKE 'link.%'", as: Int.self) == 2)

            let unknown = try cli.run(["collect", "link", "--survey", "sipas-2017", "--unit", "99999"])
            #expect(unknown.status != 0 && unknown.stderr.contains("99999"), "\(unknown.stderr)")
            let bad = try cli.run(["collect", "list", "--public-url", "ftp://x"])
            #expect(bad.status != 0 && bad.stderr.contains("--public-url"))
            #expect(try await db.scalar("SELECT count(*)::int FROM collection_links", as: Int.self) == 1)
        }
    }
}
