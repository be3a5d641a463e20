import Foundation
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASTestSupport
import SIPASUseCases
import Testing

/// Tally files through the same service the CLI and the web use, against the real PostgreSQL.
@Suite(.enabled(if: TestDatabase.isAvailable, "no PostgreSQL configured: run Scripts/test"))
struct TallyImportTests {
    static let today = CalendarDate("2021-12-31")!

    static func options(replace: Bool = false, check: Bool = false, encoding: TextEncoding? = nil) -> ImportService.Options {
        ImportService.Options(surveyCode: "sipas-2017", replace: replace, checkOnly: check, encoding: encoding, actor: "test", today: today)
    }

    /// A long-layout tally of Phường Nam Hà, March 2021: 40 questionnaires, criterion 1.1 and one observation.
    static let long = """
        unit,period,item,option,count
        18073,2021-03,questionnaires,,40
        18073,2021-03,1.1,1,1
        18073,2021-03,1.1,2,2
        18073,2021-03,1.1,3,5
        18073,2021-03,1.1,4,20
        18073,2021-03,1.1,5,10
        18073,2021-03,1.1,na,2
        18073,2021-03,obs.late,yes,3
        18073,2021-03,obs.late,no,37
        """

    static let expected: [String: [String: Int]] = [
        "questionnaires": ["": 40],
        "1.1": ["1": 1, "2": 2, "3": 5, "4": 20, "5": 10, "na": 2],
        "obs.late": ["yes": 3, "no": 37],
    ]

    /// The same counts in the template layout, as a clerk fills it in.
    static let template = """
        PHIẾU TỔNG HỢP KẾT QUẢ KHẢO SÁT SỰ HÀI LÒNG (SIPAS)
        ,"Ghi số phiếu chọn mỗi phương án"
        survey,sipas-2017,Khảo sát
        unit,18073,Phường Nam Hà
        period,2021-03,Tháng 3/2021
        questionnaires,40,Tổng số phiếu thu về
        item,Nội dung,1,2,3,4,5,na
        ,,Rất không hài lòng,Không hài lòng,Bình thường,Hài lòng,Rất hài lòng,Không trả lời
        1.1,Nơi ngồi chờ,1,2,5,20,10,2
        1.2,Trang thiết bị,,,,,,
        item,Nội dung,yes,no,na
        obs.late,Trễ hẹn,3,37,
        """

    func importTallies(_ db: Database, _ url: URL, _ options: ImportService.Options = options()) async throws -> ImportService.Result {
        try await ImportService(db).importTallies(url, options: options)
    }

    func problems(_ db: Database, _ url: URL) async throws -> [FileProblem] {
        do {
            _ = try await importTallies(db, url)
            Issue.record("expected \(url.lastPathComponent) to be refused")
        } catch let error as FileProblems {
            return error.problems
        }
        return []
    }

    @Test(arguments: [
        ("long.csv", long, String.Encoding.utf8, ","),
        ("long-semicolon.csv", long.replacingOccurrences(of: ",", with: ";"), .utf8, ";"),
        ("long-tab.tsv", long.replacingOccurrences(of: ",", with: "\t"), .utf8, "\t"),
        ("long-utf16.csv", "\u{FEFF}" + long.replacingOccurrences(of: ",", with: "\t"), .utf16LittleEndian, "\t"),
        ("template.csv", template, .utf8, ","),
        ("template-bom.csv", "\u{FEFF}" + template, .utf8, ","),
        ("template-crlf.csv", template.replacingOccurrences(of: "\n", with: "\r\n"), .utf8, ","),
        ("template-semicolon.csv", template.replacingOccurrences(of: ",", with: ";"), .utf8, ";"),
    ])
    func everyLayoutEncodingAndDelimiterGivesTheSameCounts(file: (String, String, String.Encoding, String)) async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let url = try ImportFixture.write(file.1, to: file.0, in: try ImportFixture.folder(), encoding: file.2)
            guard case .imported(let upload, let superseded) = try await importTallies(db, url) else {
                Issue.record("expected an import")
                return
            }
            #expect(superseded.isEmpty)
            #expect(upload.questionnaires == 40 && upload.unitCount == 1)
            #expect(try await ImportFixture.counts(db, unit: "18073", periodStart: "2021-03-01") == Self.expected)
        }
    }

    @Test func windows1258FromAnOldExcel() async throws {
        // Windows-1258 has the letters with circumflex, breve and horn (Ê, Ơ, Ư …) but writes the
        // five tones as combining marks, as old Excel did: encode each character that way with
        // Python's cp1258 codec, an independent encoder.
        let text = Self.template.replacingOccurrences(of: "18073", with: "Phường Nam Hà")
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let folder = try ImportFixture.folder()
            let utf8 = try ImportFixture.write(text, to: "source.csv", in: folder)
            let target = folder.appendingPathComponent("cp1258.csv")
            let python = try ChildProcess.run([
                "/usr/bin/env", "python3", "-c",
                """
                import sys, unicodedata
                def enc(ch):
                    try:
                        return ch.encode('cp1258')
                    except UnicodeEncodeError:
                        tones = '\\u0300\\u0301\\u0303\\u0309\\u0323'
                        d = unicodedata.normalize('NFD', ch)
                        base = ''.join(c for c in d if c not in tones)
                        tone = ''.join(c for c in d if c in tones)
                        return unicodedata.normalize('NFC', base).encode('cp1258') + tone.encode('cp1258')
                text = open(sys.argv[1], encoding='utf-8').read()
                open(sys.argv[2], 'wb').write(b''.join(enc(c) for c in text))
                """,
                utf8.path, target.path,
            ])
            try #require(python.status == 0, "python3 could not write cp1258: \(python.output)")
            guard case .imported = try await importTallies(db, target) else {
                Issue.record("expected an import")
                return
            }
            #expect(try await ImportFixture.counts(db, unit: "18073", periodStart: "2021-03-01") == Self.expected)
        }
    }

    @Test func templateWrittenBySipasReadsBack() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            let survey = try await ImportFixture.prepare(db)
            let units = try await UnitStore(db).list(on: CalendarDate("2021-03-01")!).filter { ["18070", "18073"].contains($0.unit.code) }
                .map(\.unit)
            let template = TallyTemplate(survey: survey, units: units, period: .month(2021, 3))
            // Fill in the blank template as a clerk would: questionnaires, and 1.1 level 4 for both units.
            var lines = String(decoding: template.csv(), as: UTF8.self).components(separatedBy: "\r\n")
            for i in lines.indices {
                if lines[i].hasPrefix("questionnaires,") {
                    lines[i] = lines[i].replacingOccurrences(of: "questionnaires,,", with: "questionnaires,12,")
                }
                if lines[i].hasPrefix("1.1,") { lines[i] = lines[i].replacingOccurrences(of: ",,,,,,", with: ",1,,,11,,") }
            }
            let folder = try ImportFixture.folder()
            let filled = try ImportFixture.write(lines.joined(separator: "\r\n"), to: "filled.csv", in: folder)
            guard case .imported(let upload, _) = try await importTallies(db, filled) else {
                Issue.record("expected an import")
                return
            }
            #expect(upload.unitCount == 2 && upload.questionnaires == 24)
            for unit in ["18070", "18073"] {
                let counts = try await ImportFixture.counts(db, unit: unit, periodStart: "2021-03-01")
                #expect(counts == ["questionnaires": ["": 12], "1.1": ["1": 1, "4": 11]])
            }
            // The XLSX template carries the same rows.
            let xlsx = folder.appendingPathComponent("template.xlsx")
            try template.writeXLSX(to: xlsx)
            var reader = try TableReader(url: xlsx)
            defer { reader.close() }
            var rows: [[String]] = []
            while let row = try reader.next() { rows.append(row.cells) }
            #expect(rows.map { $0.first ?? "" } == template.cells.filter { !$0.allSatisfy(\.isEmpty) }.map { $0.first ?? "" })
        }
    }

    @Test func xlsxTallyFromASpreadsheet() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let folder = try ImportFixture.folder()
            // The long layout in a workbook; counts typed as numbers, one stored as text.
            let rows: [[XLSXCell]] = Self.long.split(separator: "\n").enumerated().map { i, line in
                line.split(separator: ",", omittingEmptySubsequences: false).enumerated().map { j, cell in
                    if i > 0 && j == 4 && !(i == 3) { return .number(Double(cell)!, format: .integer) }
                    return cell.isEmpty ? .empty : .text(String(cell))
                }
            }
            let url = folder.appendingPathComponent("long.xlsx")
            try XLSXWriter.write([XLSXSheet(name: "Tally", rows: rows)], to: url)
            guard case .imported = try await importTallies(db, url) else {
                Issue.record("expected an import")
                return
            }
            #expect(try await ImportFixture.counts(db, unit: "18073", periodStart: "2021-03-01") == Self.expected)
        }
    }

    @Test func sameFileTwiceRefusalReplaceAndRevert() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let folder = try ImportFixture.folder()
            let first = try ImportFixture.write(Self.long, to: "march.csv", in: folder)
            guard case .imported(let upload1, _) = try await importTallies(db, first) else {
                Issue.record("expected an import")
                return
            }

            // The same file again: already imported, nothing changes.
            let before = try await ImportFixture.footprint(db)
            guard case .alreadyImported(let same) = try await importTallies(db, first) else {
                Issue.record("expected already imported")
                return
            }
            #expect(same.id == upload1.id)
            #expect(try await ImportFixture.footprint(db) == before)

            // A corrected file for the same unit and month is refused without --replace, naming upload 1.
            let corrected = try ImportFixture.write(
                Self.long.replacingOccurrences(of: "1.1,5,10", with: "1.1,5,9"), to: "march-fixed.csv", in: folder)
            await #expect {
                try await importTallies(db, corrected)
            } throws: { error in
                guard case .conflict(_, let conflicts) = error as? UploadError else { return false }
                return conflicts.map(\.uploadID) == [upload1.id]
                    && "\(error)".contains("18073 Phường Nam Hà 2021-03: already imported as upload \(upload1.id) (march.csv")
            }
            #expect(try await ImportFixture.footprint(db) == before)

            // With --replace it supersedes upload 1, which stays, out of the counts.
            guard case .imported(let upload2, let superseded) = try await importTallies(db, corrected, Self.options(replace: true)) else {
                Issue.record("expected an import")
                return
            }
            #expect(superseded.map(\.id) == [upload1.id])
            #expect(superseded.first?.status == .superseded && superseded.first?.supersededBy == upload2.id)
            #expect(upload2.supersedes == [upload1.id])
            #expect(try await ImportFixture.counts(db, unit: "18073", periodStart: "2021-03-01")["1.1"]?["5"] == 9)
            #expect(try await db.scalar("SELECT count(*)::int FROM tallies WHERE upload_id = \(upload1.id)", as: Int.self) == 9)

            // Revert brings upload 1 back and supersedes upload 2.
            let (restored, displaced) = try await UploadStore(db).revert(upload1.id, actor: "test")
            #expect(restored.status == .active && displaced.map(\.id) == [upload2.id])
            #expect(try await ImportFixture.counts(db, unit: "18073", periodStart: "2021-03-01") == Self.expected)
            await #expect(throws: UploadError.self) { try await UploadStore(db).revert(upload1.id, actor: "test") }

            // A quarterly tally overlapping March conflicts too.
            let quarter = try ImportFixture.write(Self.long.replacingOccurrences(of: "2021-03", with: "2021-Q1"), to: "q1.csv", in: folder)
            await #expect(throws: UploadError.self) { try await importTallies(db, quarter) }
            let actions = try await AuditLog.events(db).map(\.action).filter { $0.hasPrefix("upload.") }
            #expect(actions == ["upload.import", "upload.import", "upload.supersede", "upload.revert"])
        }
    }

    @Test func replaceNeverDropsUnitsTheNewFileDoesNotBring() async throws {
        let twoUnits =
            Self.long + "\n"
            + Self.long.split(separator: "\n").dropFirst().map { $0.replacingOccurrences(of: "18073,", with: "18070,") }.joined(
                separator: "\n")
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let folder = try ImportFixture.folder()
            guard case .imported(let both, _) = try await importTallies(db, try ImportFixture.write(twoUnits, to: "both.csv", in: folder))
            else {
                Issue.record("expected an import")
                return
            }
            // A correction for 18073 alone would take 18070's March out with the whole upload: refused.
            let before = try await ImportFixture.footprint(db)
            let onlyOne = try ImportFixture.write(
                Self.long.replacingOccurrences(of: "1.1,5,10", with: "1.1,5,9"), to: "one.csv", in: folder)
            await #expect {
                try await importTallies(db, onlyOne, Self.options(replace: true))
            } throws: { error in
                guard case .partialReplace(_, let uncovered) = error as? UploadError else { return false }
                return uncovered.map(\.unit) == ["18070 Phường Trần Phú"] && uncovered.map(\.uploadID) == [both.id]
            }
            #expect(try await ImportFixture.footprint(db) == before)
        }
    }

    @Test func checkValidatesWithoutWriting() async throws {
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let url = try ImportFixture.write(Self.long, to: "march.csv", in: try ImportFixture.folder())
            let before = try await ImportFixture.footprint(db)
            guard case .checked(let rows, let scopes, let questionnaires) = try await importTallies(db, url, Self.options(check: true))
            else {
                Issue.record("expected a check")
                return
            }
            #expect(rows == 9 && scopes == 1 && questionnaires == 40)
            #expect(try await ImportFixture.footprint(db) == before)
        }
    }

    /// Each rule of the issue, with the exact row and column reported, and nothing written.
    @Test(arguments: [
        ("unknown unit", "18073,2021-03,1.1,4,20", "99999,2021-03,1.1,4,20", 3, "unit", "no unit has the code or name \"99999\""),
        ("unit not valid then", "18073,2021-03,1.1,4,20", "18073,2019-03,1.1,4,20", 3, "unit", "is not valid during 2019-03"),
        ("unknown item", "18073,2021-03,1.1,4,20", "18073,2021-03,9.9,4,20", 3, "item", "\"9.9\" is not an item of survey sipas-2017"),
        ("unknown option", "18073,2021-03,1.1,4,20", "18073,2021-03,1.1,6,20", 3, "option", "\"6\" is not an option of item 1.1"),
        ("negative count", "18073,2021-03,1.1,4,20", "18073,2021-03,1.1,4,-2", 3, "count", "count -2 is negative"),
        ("fractional count", "18073,2021-03,1.1,4,20", "18073,2021-03,1.1,4,2.5", 3, "count", "count 2.5 is not a whole number"),
        ("non-numeric count", "18073,2021-03,1.1,4,20", "18073,2021-03,1.1,4,hai mươi", 3, "count", "\"hai mươi\" is not a number"),
        ("malformed period", "18073,2021-03,1.1,4,20", "18073,2021-13,1.1,4,20", 3, "period", "\"2021-13\" is not a period"),
        ("future period", "18073,2021-03,1.1,4,20", "18073,2022-01,1.1,4,20", 3, "period", "period 2022-01 is in the future"),
        ("duplicate count", "18073,2021-03,1.1,5,10", "18073,2021-03,1.1,4,10", 3, "count", "is already counted on row 3"),
        (
            "more answers than questionnaires", "18073,2021-03,1.1,4,20", "18073,2021-03,1.1,4,30", 3, "1.1",
            "add up to 50, more than the 40 questionnaires"
        ),
    ])
    func validationRules(rule: (String, String, String, Int, String, String)) async throws {
        let (_, from, to, line, column, message) = rule
        // Row 3 of the file is "18073,2021-03,1.1,4,20" after moving it up front.
        var lines = Self.long.split(separator: "\n").map(String.init)
        lines.removeAll { $0 == "18073,2021-03,1.1,4,20" }
        lines.insert("18073,2021-03,1.1,4,20", at: 2)
        let text = lines.joined(separator: "\n").replacingOccurrences(of: from, with: to)
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let before = try await ImportFixture.footprint(db)
            let url = try ImportFixture.write(text, to: "bad.csv", in: try ImportFixture.folder())
            let problems = try await problems(db, url)
            #expect(problems.count == 1, "\(problems)")
            #expect(problems.first?.file == url.path)
            #expect(problems.first?.line == (rule.0 == "duplicate count" ? 7 : line))
            #expect(problems.first?.column == column)
            #expect(problems.first?.message.contains(message) == true, "\(problems.first?.message ?? "")")
            #expect(try await ImportFixture.footprint(db) == before)
        }
    }

    @Test func allProblemsOfAFileAreListedTogether() async throws {
        let text = Self.long
            .replacingOccurrences(of: "1.1,1,1", with: "1.1,1,-1")
            .replacingOccurrences(of: "obs.late,yes,3", with: "obs.late,maybe,3")
            .replacingOccurrences(of: "1.1,na,2", with: "1.1,na,x")
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let problems = try await problems(db, try ImportFixture.write(text, to: "bad.csv", in: try ImportFixture.folder()))
            #expect(problems.map(\.line) == [3, 8, 9])
            #expect(problems.map(\.column) == ["count", "count", "option"])
        }
    }

    @Test func aMissingNumberOfQuestionnairesIsNamed() async throws {
        let text = Self.long.replacingOccurrences(of: "18073,2021-03,questionnaires,,40\n", with: "")
        try await TestDatabase.withMigrated { (db: Database) async throws in
            _ = try await ImportFixture.prepare(db)
            let problems = try await problems(db, try ImportFixture.write(text, to: "bad.csv", in: try ImportFixture.folder()))
            #expect(problems.count == 1)
            #expect(problems.first?.message.contains("the number of questionnaires is missing for 18073 Phường Nam Hà 2021-03") == true)
        }
    }
}
