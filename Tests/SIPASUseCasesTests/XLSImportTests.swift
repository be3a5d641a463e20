import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// Issue 16, point 5: the Excel 97–2003 workbooks clerks still have. sipas's own tally
/// template, filled in and re-saved as `.xls` by LibreOffice, imports like the `.xlsx` (read by
/// FreeXL), with the same messages for the same mistakes; other binary files are refused by
/// what they are.
@Suite(
    .enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"),
    .enabled(
        if: PythonTool.isCI || FileManager.default.fileExists(atPath: "/usr/lib/libreoffice/program/libsclo.so"),
        "LibreOffice Calc is not installed (Scripts/setup installs it); required under CI"))
struct XLSImportTests {
    /// The sipas template of Phường Bắc Hà (18070) and Phường Nam Hà (18073) for March 2021,
    /// filled in as a clerk types it: 12 questionnaires each, criterion 1.1: one at level 1,
    /// eleven at level 4 — or `bad` typed in the first unit's 1.1 level-4 cell.
    static func filled(_ template: TallyTemplate, bad: String? = nil) -> [[XLSXCell]] {
        var firstItem = true
        return template.cells.map { row in
            var cells: [XLSXCell] = row.map { $0.isEmpty ? .empty : .text($0) }
            if row.first == "questionnaires" { cells[1] = .number(12, format: .integer) }
            if row.first == "1.1" {
                cells += Array(repeating: .empty, count: max(0, 8 - cells.count))
                cells[2] = .number(1, format: .integer)
                cells[5] = firstItem && bad != nil ? .text(bad!) : .number(11, format: .integer)
                firstItem = false
            }
            return cells
        }
    }

    /// LibreOffice (headless) re-saves `files` in `format`; returns the new files.
    static func resave(_ files: [URL], as format: String, in folder: URL) throws -> [URL] {
        let profile = folder.appendingPathComponent("lo-profile")
        let result = try ChildProcess.run(
            [
                "/usr/bin/env", "soffice", "-env:UserInstallation=file://\(profile.path)", "--headless", "--convert-to", format, "--outdir",
                folder.path,
            ]
                + files.map(\.path), separateErrors: true)
        let converted = files.map { folder.appendingPathComponent($0.deletingPathExtension().lastPathComponent + "." + format) }
        for file in converted where !FileManager.default.fileExists(atPath: file.path) {
            Issue.record("LibreOffice did not write \(file.lastPathComponent): \(result.stderr)")
        }
        return converted
    }

    func problems(_ db: Database, _ url: URL) async throws -> [String] {
        do {
            _ = try await ImportService(db).importTallies(url, options: TallyImportTests.options())
        } catch let error as FileProblems {
            return error.problems.map { $0.description.replacingOccurrences(of: url.path, with: "FILE") }
        }
        Issue.record("expected \(url.lastPathComponent) to be refused")
        return []
    }

    @Test func theTemplateResavedAsXLSImportsLikeTheXLSX() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let survey = try await ImportFixture.prepare(db)
            let units = try await UnitStore(db).list(on: CalendarDate("2021-03-01")!).filter { ["18070", "18073"].contains($0.unit.code) }
                .map(\.unit)
            let template = TallyTemplate(survey: survey, units: units, period: .month(2021, 3))
            let folder = try ImportFixture.folder()
            let good = folder.appendingPathComponent("mau-da-dien.xlsx")
            let bad = folder.appendingPathComponent("mau-sai.xlsx")
            try XLSXWriter.write([XLSXSheet(name: "Phiếu tổng hợp", rows: Self.filled(template))], to: good)
            try XLSXWriter.write([XLSXSheet(name: "Phiếu tổng hợp", rows: Self.filled(template, bad: "mười một"))], to: bad)
            let converted = try Self.resave([good, bad], as: "xls", in: folder)
            let (goodXLS, badXLS) = (converted[0], converted[1])
            #expect(try Data(contentsOf: goodXLS).prefix(8) == Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))

            // The same mistake, the same message (file, row, column, what was expected).
            let fromXLSX = try await problems(db, bad)
            let fromXLS = try await problems(db, badXLS)
            #expect(!fromXLSX.isEmpty && fromXLS == fromXLSX, "xlsx: \(fromXLSX)\nxls: \(fromXLS)")
            #expect(fromXLS.contains { $0.contains("mười một") }, "\(fromXLS)")

            guard case .imported(let upload, _) = try await ImportService(db).importTallies(goodXLS, options: TallyImportTests.options())
            else {
                Issue.record("expected the .xls to be imported")
                return
            }
            #expect(upload.unitCount == 2 && upload.questionnaires == 24)
            for unit in ["18070", "18073"] {
                #expect(
                    try await ImportFixture.counts(db, unit: unit, periodStart: "2021-03-01")
                        == ["questionnaires": ["": 12], "1.1": ["1": 1, "4": 11]])
            }
        }
    }

    @Test func otherBinaryFilesAreNamedWithWhatToSaveThemAs() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let folder = try ImportFixture.folder()
            // A Word document (an OLE2 file too, but no workbook) and a PDF, both named .xls/.csv.
            let text = try ImportFixture.write("Bảng tổng hợp tháng 3\n", to: "ghi-chu.txt", in: folder)
            let doc = try Self.resave([text], as: "doc", in: folder)[0]
            let docAsXLS = folder.appendingPathComponent("bang-tong-hop.xls")
            try FileManager.default.copyItem(at: doc, to: docAsXLS)
            let word = try await problems(db, docAsXLS)
            #expect(word.count == 1 && word[0].contains("not an Excel 97-2003 workbook") && word[0].contains(".xlsx"), "\(word)")
            let pdf = try ImportFixture.write("%PDF-1.4\n%âãÏÓ\n1 0 obj\n", to: "bang.csv", in: folder)
            let named = try await problems(db, pdf)
            #expect(named == ["FILE: the file is a PDF document, not a table; save the table as .xlsx or .csv"], "\(named)")
        }
    }
}
