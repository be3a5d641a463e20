import Foundation
import SIPASCore
import SIPASFiles
import Testing

/// The tally-template CSV is formula-safe: a unit name a spreadsheet would run as a formula is
/// written as text, and the filled-in sheet still reads back.
struct TallyTemplateCSVTests {
    @Test func namesThatLookLikeFormulasAreWrittenAsText() throws {
        let hostile = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)"]
        let units = hostile.enumerated().map { index, name in
            AdminUnit(code: "9000\(index)", parentCode: nil, level: .commune, type: "Xã", name: name)
        }
        let template = TallyTemplate(survey: sipas2017Survey(), units: units, period: try #require(Period("2021-03")))
        let text = String(decoding: template.csv(), as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        // No cell, quoted or not, begins with a formula character; each name is there as text.
        for lead in ["=", "+", "-", "@"] {
            #expect(!text.contains(",\(lead)") && !text.contains(",\"\(lead)"), "a cell begins with \(lead)")
        }
        for name in hostile { #expect(text.contains("'\(name.prefix(4))"), "\(name) guarded") }
        // Filled in, the sheet still imports: codes and counts are untouched.
        var filled: [String] = []
        for line in lines {
            if line.hasPrefix("questionnaires,") {
                filled.append(line.replacingOccurrences(of: "questionnaires,,", with: "questionnaires,40,"))
            } else if line.hasPrefix("1.1,") {
                var cells = line.components(separatedBy: ",")
                cells[cells.count - 2] = "40"  // the last satisfaction level but one ("Hài lòng")
                filled.append(cells.joined(separator: ","))
            } else {
                filled.append(line)
            }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sipas-template-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(filled.joined(separator: "\r\n").utf8).write(to: url)
        let entries = try TallyFileReader.read(url: url, survey: sipas2017Survey())
        #expect(Set(entries.map(\.unit)) == Set(units.map(\.code)))
    }
}
