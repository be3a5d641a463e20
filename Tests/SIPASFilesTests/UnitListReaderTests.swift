import Foundation
import SIPASCore
import SIPASTestSupport
import Testing

@testable import SIPASFiles

@Suite struct UnitListReaderTests {
    static let units = TestDatabase.root.appendingPathComponent("Surveys/units")

    func problems(_ body: () throws -> Void) -> [FileProblem] {
        do {
            try body()
            Issue.record("expected the file to be refused")
        } catch let error as FileProblems {
            return error.problems
        } catch {
            Issue.record("unexpected error \(error)")
        }
        return []
    }

    @Test func haTinh2021() throws {
        let rows = try UnitListReader.readUnits(contentsOf: Self.units.appendingPathComponent("ha-tinh-2021.csv"))
        let counts = Dictionary(grouping: rows, by: \.unit.level).mapValues(\.count)
        // SIPAS.md §6: 1 province, 13 district-level units, 216 communes.
        #expect(counts == [.province: 1, .district: 13, .commune: 216])
        let namHa = try #require(rows.first { $0.unit.code == "18073" })
        #expect(namHa.unit.name == "Phường Nam Hà")
        #expect(namHa.unit.parentCode == "436")
        #expect(namHa.line == 5)
    }

    @Test func departmentsHaveDocumentedCodes() throws {
        let rows = try UnitListReader.readUnits(contentsOf: Self.units.appendingPathComponent("ha-tinh-departments-2021.csv"))
        #expect(rows.count >= 17)
        #expect(rows.allSatisfy { $0.unit.level == .department && $0.unit.parentCode == "42" && $0.unit.code.hasPrefix("42-") })
        #expect(rows.contains { $0.unit.name == "Sở Nội vụ" })
    }

    @Test func vietnam2021CodesGetTheirLeadingZerosBack() throws {
        let rows = try UnitListReader.readUnits(contentsOf: Self.units.appendingPathComponent("vietnam-2021.csv"))
        let counts = Dictionary(grouping: rows, by: \.unit.level).mapValues(\.count)
        #expect(counts[.province] == 63)
        let haNoi = try #require(rows.first { $0.unit.level == .province && $0.unit.name == "Thành phố Hà Nội" })
        #expect(haNoi.unit.code == "01")
        let baDinh = try #require(rows.first { $0.unit.name == "Quận Ba Đình" })
        #expect(baDinh.unit.code == "001" && baDinh.unit.parentCode == "01")
        let phucXa = try #require(rows.first { $0.unit.name == "Phường Phúc Xá" })
        #expect(phucXa.unit.code == "00001" && phucXa.unit.parentCode == "001")
        #expect(Set(rows.map(\.unit.code)).count == rows.count)
    }

    @Test func successionsOf2025() throws {
        let rows = try UnitListReader.readChanges(contentsOf: Self.units.appendingPathComponent("ha-tinh-2025-07-successions.csv"))
        #expect(rows.count == 212)
        #expect(!rows.contains { $0.change.oldCode == "18448" })
        let split = rows.filter { $0.change.oldCode == "18082" }
        #expect(split.contains { $0.change.isDefault && $0.change.newCode == "18073" })
    }

    @Test func badLevelNamesRowAndColumn() {
        let p = problems {
            _ = try UnitListReader.readUnits(
                text: "code,parent_code,level,type,name\n42,,province,province,Hà Tĩnh\n436,42,huyen,city,TP Hà Tĩnh\n", file: "u.csv")
        }
        #expect(
            p == [
                FileProblem(
                    file: "u.csv", line: 3, column: "level",
                    message: "\"huyen\" is not a unit level; expected one of: province, department, district, commune")
            ])
    }

    @Test func duplicateCodesAndMissingNames() {
        let p = problems {
            _ = try UnitListReader.readUnits(
                text: "code,parent_code,level,type,name\n42,,province,province,A\n42,,province,province,B\n43,,province,province,\n",
                file: "u.csv")
        }
        #expect(p.map(\.line) == [3, 4])
        #expect(p.map(\.column) == ["code", "name"])
    }

    @Test func missingColumns() {
        let p = problems { _ = try UnitListReader.readUnits(text: "code,name\n42,A\n", file: "u.csv") }
        #expect(p.count == 1)
        #expect(p[0].message.contains("missing column(s) parent_code, level, type"))
    }

    @Test func sharesMustAddUpToOne() {
        let p = problems {
            _ = try UnitListReader.readChanges(
                text: "old_code,new_code,change,note,share\n1,2,split,default,0.5\n1,3,split,,0.4\n", file: "c.csv")
        }
        #expect(p.map(\.column) == ["share"])
    }

    @Test func unknownChangeKind() {
        let p = problems { _ = try UnitListReader.readChanges(text: "old_code,new_code,change,note\n1,2,absorb,\n", file: "c.csv") }
        #expect(
            p == [
                FileProblem(
                    file: "c.csv", line: 2, column: "change", message: "\"absorb\" is not a change; expected one of: merge, split, rename")
            ])
    }
}
