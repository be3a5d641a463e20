import Foundation
import Hummingbird
import HummingbirdTesting
import SIPASCore
import SIPASFiles
import SIPASServer
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// Every API parameter with a closed set of values refuses a typo with 400, naming the field
/// and listing the valid values, in the message and in the JSON body's `field` and `expected`.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct ClosedSetTests {
    @Test func aTypoInAClosedSetIsRefusedNamingTheFieldAndTheValidValues() async throws {
        try await APITests().withApp { client, _, tokens in
            let report = "/api/reports?survey=sipas-2017&period=2021-03"
            let cases: [(method: HTTPRequest.Method, uri: String, field: String, valid: [String])] = [
                (.get, report + "&scope=slef", "scope", ReportService.Scope.allCases.map(\.rawValue)),
                (.get, "/api/compare?survey=sipas-2017&period=2021-03&scope=aera", "scope", ReportService.Scope.allCases.map(\.rawValue)),
                (.get, report + "&boundaries=curent", "boundaries", ["as-reported", "current", "YYYY-MM-DD"]),
                (.get, report + "&level=distric", "level", UnitLevel.allCases.map(\.rawValue)),
                (.get, "/api/units?level=distric", "level", UnitLevel.allCases.map(\.rawValue)),
                (.get, report + "&format=jsn", "format", ReportFormat.allCases.map(\.rawValue)),
                (.get, report + "&format=csv&table=unit", "table", ReportTables.Name.allCases.map(\.rawValue)),
                (.get, "/api/exports/counts?survey=sipas-2017&period=2021-03&format=jsn", "format", ["csv", "jsonl"]),
                (.get, "/api/exports/count?survey=sipas-2017&period=2021-03", "what", ExportKind.allCases.map(\.rawValue)),
                (.get, "/api/templates/tallies?survey=sipas-2017&unit=18073&period=2021-04&format=pdf", "format", ["xlsx", "csv"]),
                (.get, "/api/monthly-reports/1?part=pdf", "part", MonthlyReportStore.Part.allCases.map(\.rawValue)),
                (.post, "/api/uploads?kind=tally&survey=sipas-2017&name=a.csv", "kind", ["tallies", "responses"]),
            ]
            for c in cases {
                let response = try await client.execute(
                    uri: c.uri, method: c.method, headers: APITests.auth(tokens.analyst),
                    body: ByteBuffer(string: APITests.tally("18073")))
                #expect(response.status == .badRequest, "\(c.uri) → \(response.status)")
                let body = try #require(APITests.json(response) as? [String: Any], "\(c.uri)")
                #expect(body["field"] as? String == c.field, "\(c.uri)")
                #expect(Set(body["expected"] as? [String] ?? []) == Set(c.valid), "\(c.uri): \(body)")
                let message = body["error"] as? String ?? ""
                #expect(message.hasPrefix(c.field + " ") && c.valid.allSatisfy { message.contains($0) }, "\(c.uri): \(message)")
            }
        }
    }
}
