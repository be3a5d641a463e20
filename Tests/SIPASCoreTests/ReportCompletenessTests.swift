import Foundation
import SIPASCore
import SIPASTestSupport
import Testing

/// The report carries the completeness it is given, writes `null` without one, and reads
/// reports written before it had one.
@Suite struct ReportCompletenessTests {
    @Test func theBuilderPassesItOn() throws {
        var input = ComparisonExample.input
        #expect(ReportBuilder.build(input).completeness == nil)
        input.completeness = CompletenessExample.completeness()
        let report = ReportBuilder.build(input)
        #expect(report.completeness == CompletenessExample.completeness())
        // Nothing else changes.
        var without = report
        without.completeness = nil
        #expect(without == ReportBuilder.build(ComparisonExample.input))
    }

    @Test func encodedAlwaysAndDecodedWhenAbsent() throws {
        var input = ComparisonExample.input
        let plain = ReportBuilder.build(input)
        let plainObject = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(plain)) as? [String: Any])
        #expect(plainObject.keys.contains("completeness") && plainObject["completeness"] is NSNull)
        input.completeness = CompletenessExample.completeness()
        let report = ReportBuilder.build(input)
        #expect(try JSONDecoder().decode(Report.self, from: JSONEncoder().encode(report)) == report)
        // A report written before reports carried completeness.
        var older = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        older["completeness"] = nil
        #expect(try JSONDecoder().decode(Report.self, from: JSONSerialization.data(withJSONObject: older)) == plain)
        let object = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        let areas = try #require((object["completeness"] as? [String: Any])?["areas"] as? [[String: Any]])
        let city = try #require(areas.first { $0["code"] as? String == "436" })
        #expect(city["completeness"] as? Double == 75 && city["on_time"] as? Int == 2 && city["missing_units"] as? [String] == ["18073"])
    }
}
