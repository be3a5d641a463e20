import Foundation
import PostgresNIO
import SIPASTestSupport
import Testing

@testable import SIPASStore

/// Count vectors and answers are read by a decoder of PostgreSQL's binary array format of our
/// own; it must read what PostgreSQL sends exactly as PostgresNIO's generic decoding does, and
/// refuse what it cannot represent.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct IntegerArrayTests {
    @Test func readsWhatTheGenericDecoderReads() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let bigints = [
                "'{}'", "'{0}'", "'{1,-2,9223372036854775807,-9223372036854775808}'",
                "(SELECT array_agg(g * 1000003) FROM generate_series(-200, 200) g)",
            ]
            for literal in bigints {
                let rows = try await db.client.query(
                    PostgresQuery(unsafeSQL: "SELECT \(literal)::bigint[], \(literal)::bigint[]"), logger: db.logger)
                for try await (mine, generic) in rows.decode((BigintArray, [Int64]).self) {
                    #expect(mine.values == generic, "\(literal)")
                }
            }
            let smallints = ["'{}'", "'{5,0,-32768,32767}'", "(SELECT array_agg((g % 6)::smallint) FROM generate_series(1, 40) g)"]
            for literal in smallints {
                let rows = try await db.client.query(
                    PostgresQuery(unsafeSQL: "SELECT \(literal)::smallint[], \(literal)::smallint[]"), logger: db.logger)
                for try await (mine, generic) in rows.decode((SmallintArray, [Int16]).self) {
                    #expect(mine.values == generic, "\(literal)")
                }
            }
            // NULL as a whole is nil; a NULL element, two dimensions or another type are refused.
            let null = try await db.client.query("SELECT NULL::bigint[]", logger: db.logger)
            for try await value in null.decode(BigintArray?.self) { #expect(value == nil) }
            for bad in ["'{1,NULL,3}'::bigint[]", "'{{1,2},{3,4}}'::bigint[]", "'{1,2}'::int[]", "'{1,2}'::smallint[]"] {
                await #expect(throws: (any Error).self, "\(bad)") {
                    let rows = try await db.client.query(PostgresQuery(unsafeSQL: "SELECT \(bad)"), logger: db.logger)
                    for try await _ in rows.decode(BigintArray.self) {}
                }
            }
        }
    }
}
