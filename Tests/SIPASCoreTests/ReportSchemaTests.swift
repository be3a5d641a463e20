import Foundation
import SIPASTestSupport
import Testing

@testable import SIPASCore

/// Validates built reports against `report.schema.json` with Python's `jsonschema`
/// (Draft 2020-12). Without python3 or jsonschema the test is skipped, except under `CI`,
/// where it runs and fails.
@Suite struct ReportSchemaTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let schema = packageRoot.appendingPathComponent("Schema/report.schema.json")
    static var validatorAvailable: Bool { PythonTool.has("jsonschema") }

    /// Validates the report (must pass), checks the schema itself, and checks that the schema
    /// is strict: a missing key, an extra key, a wrong verdict and a NaN-free null must behave.
    static let script = """
        import json, sys, copy, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        v = jsonschema.Draft202012Validator(schema)
        for path in sys.argv[2:]:
            report = json.load(open(path))
            v.validate(report)
            bad = copy.deepcopy(report); del bad["units"][0]["rank"]
            assert not v.is_valid(bad), "a missing key must be rejected"
            bad = copy.deepcopy(report); bad["units"][0]["overall"]["extra"] = 1
            assert not v.is_valid(bad), "an extra key must be rejected"
            bad = copy.deepcopy(report); bad["units"][0]["verdict"] = "fine"
            assert not v.is_valid(bad), "an unknown verdict must be rejected"
            bad = copy.deepcopy(report); bad["units"][0]["overall"]["index"] = None
            assert v.is_valid(bad), "a null index is allowed"
            if report["completeness"] is not None:
                bad = copy.deepcopy(report); bad["completeness"]["total"]["extra"] = 1
                assert not v.is_valid(bad), "an extra key in completeness must be rejected"
                bad = copy.deepcopy(report); bad["completeness"]["units"][0]["status"] = "sent"
                assert not v.is_valid(bad), "an unknown status must be rejected"
                bad = copy.deepcopy(report); del bad["completeness"]["areas"][0]["missing_units"]
                assert not v.is_valid(bad), "a missing key in completeness must be rejected"
            older = copy.deepcopy(report); del older["completeness"]
            assert v.is_valid(older), "a report written before completeness is still valid"
        print("valid", len(sys.argv) - 2)
        """

    @Test(.enabled(if: PythonTool.isCI || validatorAvailable, "needs python3 with jsonschema (required under CI)"))
    func builtReportsValidate() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        var noReference = NullsExample.input()
        noReference.reference = nil
        var meanOfUnits = ComparisonExample.input
        meanOfUnits.survey.index.acrossUnits = .meanOfUnits
        meanOfUnits.units[0].parts = [tally(50, of: 50), tally(45, of: 50)]
        var withCompleteness = ComparisonExample.input
        withCompleteness.completeness = CompletenessExample.completeness(within: ["436", "437"])
        let reports = [NullsExample.input(), noReference, ComparisonExample.input, meanOfUnits, withCompleteness].map(ReportBuilder.build)
        var paths: [String] = []
        for (i, report) in reports.enumerated() {
            let file = directory.appendingPathComponent("report-\(i).json")
            try report.jsonData().write(to: file)
            paths.append(file.path)
        }
        let result = try #require(PythonTool.run(["-c", Self.script, Self.schema.path] + paths), "python3 could not be started")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("valid 5"), "\(result.output)")
    }
}
