import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// Issue 15, point 3: the dossier lists of the one-stop system, the survey's sample frame and
/// a reproducible draw. Imports are atomic (a wrong row and nothing is written), idempotent
/// (the same file twice changes nothing) and correctable (a later file's dates win).
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct DossierImportTests {
    /// A list with `count` dossiers of Phường Nam Hà (18073) returned in November 2026 (days
    /// cycling 1…28), `other` of Phường Bắc Hà (18076) by name, and one still being handled.
    static func list(count: Int = 100, other: Int = 7, header: String = "dossier,unit,received,returned") -> String {
        var text = header + "\n"
        for i in 1...count {
            let day = (i - 1) % 28 + 1
            text +=
                "000.00.21.H23-261101-\(String(format: "%04d", i)),18073,2026-10-\(String(format: "%02d", day)),2026-11-\(String(format: "%02d", day))\n"
        }
        for i in 1...other { text += "BH-\(i),Phường Bắc Hà,2026-11-0\(i),2026-11-\(String(format: "%02d", i + 10))\n" }
        text += "000.00.21.H23-261130-9999,18073,2026-11-30,\n"
        return text
    }

    static func dossierCount(_ db: Database) async throws -> Int {
        try await db.scalar("SELECT count(*)::int FROM dossiers", as: Int.self) ?? -1
    }

    @Test func importFrameAndDraw() async throws {
        try await TestDatabase.withMigrated { db in
            _ = try await ImportFixture.prepare(db)
            let folder = try ImportFixture.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let service = DossierService(db: db)
            let url = try ImportFixture.write(Self.list(), to: "ho-so-2026-11.csv", in: folder)
            #expect(try await service.importFile(url, actor: "ana") == .imported(id: 1, added: 108, corrected: 0, unchanged: 0))
            // The same file again: nothing changes.
            guard case .alreadyImported = try await service.importFile(url, actor: "ana") else {
                Issue.record("a second import of the same file was not recognised")
                return
            }
            #expect(try await Self.dossierCount(db) == 108)

            // The frame: N = 100 returned dossiers → n = 100 / (1 + 100 · 0.05²) = 80 exactly;
            // N = 7 → 7 / 1.0175 = 6.88 → 7. The one not yet returned is not in the frame.
            let november = Period.month(2026, 11)
            let frame = try await service.frame(period: november, margin: 0.05)
            #expect(frame.map(\.unit.code) == ["18073", "18076"])
            #expect(frame.map(\.dossiers) == [100, 7])
            #expect(frame.map(\.needed) == [80, 7])
            #expect(try await service.frame(period: .month(2026, 10), margin: 0.05).isEmpty)

            // The draw: n distinct dossiers of the unit, the same for the same seed, another for another.
            let draw = try await service.draw(period: november, seed: 2026, margin: 0.05, units: ["18073"])
            let drawn = try #require(draw.first).dossiers.map(\.number)
            #expect(drawn.count == 80 && Set(drawn).count == 80)
            #expect(drawn.allSatisfy { $0.hasPrefix("000.00.21.H23-261101-") })
            #expect(
                try await service.draw(period: november, seed: 2026, margin: 0.05, units: ["18073"]).first?.dossiers.map(\.number) == drawn)
            let other = try await service.draw(period: november, seed: 2027, margin: 0.05, units: ["18073"]).first?.dossiers.map(\.number)
            #expect(other != drawn)
            let five = try await service.draw(period: november, seed: 2026, margin: 0.05, count: 5, units: ["18073"])
            #expect(five.first?.dossiers.count == 5)

            // A correction: a later export with a dossier's return date changed; the rest as before.
            let corrected = Self.list().replacingOccurrences(
                of: "000.00.21.H23-261130-9999,18073,2026-11-30,", with: "000.00.21.H23-261130-9999,18073,2026-11-30,2026-11-30")
            let second = try ImportFixture.write(corrected, to: "ho-so-2026-11-b.csv", in: folder)
            guard case .imported(_, let added, let changed, let unchanged) = try await service.importFile(second, actor: "ana") else {
                Issue.record("the corrected list was not imported")
                return
            }
            #expect(added == 0 && changed == 1 && unchanged == 107, "\(added) \(changed) \(unchanged)")
            #expect(try await service.frame(period: november, margin: 0.05).map(\.dossiers) == [101, 7])
        }
    }

    @Test func aWrongRowAndNothingIsWritten() async throws {
        try await TestDatabase.withMigrated { db in
            _ = try await ImportFixture.prepare(db)
            let folder = try ImportFixture.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let bad =
                Self.list(count: 3, other: 1)
                + "HS-X,99999,2026-11-02,2026-11-03\nHS-Y,18073,2026-13-01,2026-11-03\nHS-Z,18073,2026-11-05,2026-11-04\n000.00.21.H23-261101-0001,18073,2026-10-01,2026-11-01\n"
            let url = try ImportFixture.write(bad, to: "ho-so.csv", in: folder)
            do {
                _ = try await DossierService(db: db).importFile(url, actor: "ana")
                Issue.record("a list with wrong rows was imported")
            } catch let problems as FileProblems {
                let text = problems.problems.map { "\($0.line ?? 0) \($0.column ?? "") \($0.message)" }
                #expect(problems.problems.allSatisfy { $0.file == url.path })
                #expect(text.contains { $0.hasPrefix("8 received \"2026-13-01\" is not a date") }, "\(text)")
                #expect(text.contains { $0.hasPrefix("9 returned returned on 2026-11-04, before it was received") }, "\(text)")
                #expect(
                    text.contains { $0.hasPrefix("10 dossier dossier 000.00.21.H23-261101-0001 of 18073 is listed twice (first on row 2)") }
                )
                // The unknown unit is found only once the rest of the file is right.
                #expect(problems.problems.count == 3)
            }
            #expect(try await Self.dossierCount(db) == 0)
            let unknownUnit = try ImportFixture.write(
                Self.list(count: 3, other: 1) + "HS-X,99999,2026-11-02,2026-11-03\n", to: "u.csv", in: folder)
            await #expect(throws: FileProblems.self) { try await DossierService(db: db).importFile(unknownUnit, actor: "ana") }
            do {
                _ = try await DossierService(db: db).importFile(unknownUnit, actor: "ana")
            } catch let problems as FileProblems {
                #expect(problems.problems.map(\.line) == [7] && problems.problems.first?.column == "unit")
                #expect(problems.problems.first?.message.contains("99999") == true)
            }
            let noHeader = try ImportFixture.write("so,don vi,ngay\n1,18073,2026-11-01\n", to: "h.csv", in: folder)
            do {
                _ = try await DossierService(db: db).importFile(noHeader, actor: "ana")
                Issue.record("a list without the columns was imported")
            } catch let problems as FileProblems {
                #expect(problems.problems.first?.message.contains("lacks the columns dossier, received, returned") == true)
            }
            #expect(try await Self.dossierCount(db) == 0)
        }
    }

    /// The export as a clerk has it: Vietnamese headers, DD/MM/YYYY dates with a time of day.
    @Test func vietnameseHeadersAndDates() throws {
        let folder = try ImportFixture.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = try ImportFixture.write(
            "STT;Số hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày trả kết quả\n1;H23.1-0001;18073;05/11/2026 08:15;7/11/2026 16:30:00\n2;H23.1-0002;18073;06/11/2026;\n",
            to: "xuat.csv", in: folder)
        let rows = try DossierListReader.read(contentsOf: url)
        #expect(
            rows == [
                DossierRow(
                    line: 2, number: "H23.1-0001", unit: "18073", received: CalendarDate("2026-11-05")!,
                    returned: CalendarDate("2026-11-07")!),
                DossierRow(line: 3, number: "H23.1-0002", unit: "18073", received: CalendarDate("2026-11-06")!, returned: nil),
            ])
    }

    /// The list saved by LibreOffice Calc as .xlsx and as .xls (its dates become date cells,
    /// numbers in the file): the same frame as the CSV it came from.
    @Test(
        .enabled(
            if: PythonTool.isCI || FileManager.default.fileExists(atPath: "/usr/lib/libreoffice/program/libsclo.so"),
            "LibreOffice Calc is not installed (Scripts/setup installs it); required under CI"))
    func spreadsheetsSavedByLibreOffice() async throws {
        let folder = try ImportFixture.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = try ImportFixture.write(Self.list(count: 40, other: 3), to: "ho-so.csv", in: folder)
        let expected = try DossierListReader.read(contentsOf: csv)
        for format in ["xlsx", "xls"] {
            let out = folder.appendingPathComponent(format)
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            // Comma-separated UTF-8 from row 1, special numbers (dates) detected: ISO days become date cells.
            let profile = folder.appendingPathComponent("lo-profile")
            let result = try ChildProcess.run(
                [
                    "/usr/bin/env", "soffice", "-env:UserInstallation=file://\(profile.path)", "--headless",
                    "--infilter=CSV:44,34,76,1,,1033,false,true", "--convert-to", format, "--outdir", out.path, csv.path,
                ], separateErrors: true)
            let resaved = out.appendingPathComponent("ho-so.\(format)")
            try #require(FileManager.default.fileExists(atPath: resaved.path), "LibreOffice did not write it: \(result.stderr)")
            let rows = try DossierListReader.read(contentsOf: resaved)
            #expect(rows == expected, "\(format): \(zip(rows, expected).first { $0.0 != $0.1 }.map { "\($0.0) ≠ \($0.1)" } ?? "row count")")
        }
    }
}
