import Foundation
import Testing
import ZIPFoundation

@testable import SIPASCore
@testable import SIPASFiles

/// The Word report: the package as Word expects it, read back by python-docx (a reader that
/// shares no code with sipas) and converted to PDF by LibreOffice.
@Suite("Word report")
struct DOCXReportTests {
    static let isCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "0" && $0.lowercased() != "false" } ?? false
    static let hasPythonDocx = (try? Python.run(["-c", "import docx"]).status) == 0
    static let hasLibreOffice = PDFPrinter.program(PDFPrinter.libreOfficeNames) != nil && PDFPrinter.program(["pdftotext"]) != nil

    static func settings() -> DocumentSettings {
        var settings = DocumentSettings()
        settings.number = "15"
        settings.date = CalendarDate("2021-04-05")
        settings.signerName = "Nguyễn Văn An"
        return settings
    }

    /// The demo's March 2021 report (260 units), with one unit renamed to markup.
    static func input() throws -> DOCXReportInput {
        var report = try sampleReport()
        let district = try #require(report.units.firstIndex { $0.level == .district })
        report.units[district].name = "Huyện <b>&\"Thử\"</b>"
        return DOCXReportInput(report: report, survey: sipas2017Survey(), settings: settings(), today: CalendarDate("2026-12-02")!)
    }

    static func entries(_ url: URL) throws -> [String: String] {
        let archive = try Archive(url: url, accessMode: .read)
        var parts: [String: String] = [:]
        for entry in archive where entry.path.hasSuffix(".xml") || entry.path.hasSuffix(".rels") {
            var data = Data()
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            parts[entry.path] = String(decoding: data, as: UTF8.self)
        }
        return parts
    }

    @Test("the package has the parts Word needs: content types, styles, compatibility mode, A4 and the decree's margins, a chart")
    func packageParts() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let url = folder.file("bao-cao.docx")
        try DOCXWriter.write(try Self.input(), to: url)
        let parts = try Self.entries(url)
        for name in [
            "[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml",
            "word/settings.xml", "word/header1.xml", "docProps/core.xml", "docProps/app.xml", "word/charts/chart1.xml",
            "word/charts/_rels/chart1.xml.rels",
        ] {
            #expect(parts[name] != nil, "missing \(name)")
        }
        let document = try #require(parts["word/document.xml"])
        #expect(document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"))
        // 20 mm top and bottom, 30 mm left, 15 mm right.
        #expect(document.contains("<w:pgMar w:top=\"1134\" w:right=\"850\" w:bottom=\"1134\" w:left=\"1701\""))
        #expect(document.contains("<c:chart r:id=\"rIdChart1\"/>"))
        #expect(document.contains("Huyện &lt;b&gt;&amp;&quot;Thử&quot;&lt;/b&gt;"))
        #expect(
            parts["word/settings.xml"]?.contains(
                "w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"") == true)
        #expect(parts["word/styles.xml"]?.contains("w:ascii=\"Times New Roman\"") == true)
        #expect(parts["[Content_Types].xml"]?.contains("/word/charts/chart1.xml") == true)
        let chart = try #require(parts["word/charts/chart1.xml"])
        #expect(chart.contains("<c:numCache>") && chart.contains("<c:strCache>"))
        #expect(chart.contains("<c:v>Tỉnh Hà Tĩnh</c:v>"))
    }

    /// What python-docx sees, as JSON: every paragraph's text, every table's cells, and the
    /// section's page size and margins in twips; every XML part must parse.
    static let script = """
        import json, sys, zipfile, xml.dom.minidom
        import docx
        z = zipfile.ZipFile(sys.argv[1])
        for name in z.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                xml.dom.minidom.parseString(z.read(name))
        d = docx.Document(sys.argv[1])
        s = d.sections[0]
        out = {
            "paragraphs": [p.text for p in d.paragraphs],
            "tables": [[[c.text for c in row.cells] for row in t.rows] for t in d.tables],
            "page": [s.page_width.twips, s.page_height.twips, s.top_margin.twips, s.bottom_margin.twips,
                     s.left_margin.twips, s.right_margin.twips],
            "font": d.styles["Normal"].font.name,
            "bold": [r.text for t in d.tables[:1] for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs if r.bold],
            "italic": [r.text for t in d.tables[:1] for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs if r.italic],
        }
        print(json.dumps(out, ensure_ascii=False))
        """

    struct Seen: Decodable {
        var paragraphs: [String]
        var tables: [[[String]]]
        var page: [Int]
        var font: String?
        var bold: [String]
        var italic: [String]
    }

    @Test(
        "python-docx reads the header block, the title and tables whose numbers are the JSON report's",
        .enabled(if: isCI || hasPythonDocx, "python3 with python-docx is not available (pip install python-docx); required under CI"))
    func pythonDocxReadsTheReport() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let url = folder.file("bao-cao.docx")
        let input = try Self.input()
        try DOCXWriter.write(input, to: url)
        let result = try Python.run(["-c", Self.script, url.path])
        try #require(result.status == 0, "python-docx failed: \(result.errors)")
        let seen = try JSONDecoder().decode(Seen.self, from: Data(result.output.utf8))

        #expect(seen.page == [11906, 16838, 1134, 1134, 1701, 850])
        #expect(seen.font == nil || seen.font == "Times New Roman")
        let header = try #require(seen.tables.first)
        #expect(header[0][0].contains("UBND TỈNH HÀ TĨNH") && header[0][0].contains("SỞ NỘI VỤ"))
        #expect(header[0][1].contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && header[0][1].contains("Độc lập - Tự do - Hạnh phúc"))
        #expect(header[1][0] == "Số: 15/BC-SNV")
        #expect(header[1][1] == "Hà Tĩnh, ngày 05 tháng 4 năm 2021")
        #expect(seen.bold.contains("SỞ NỘI VỤ") && seen.bold.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
        #expect(seen.italic == ["Hà Tĩnh, ngày 05 tháng 4 năm 2021"])
        #expect(seen.paragraphs.contains("BÁO CÁO"))
        #expect(
            seen.paragraphs.contains(
                "Kết quả đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước tháng 3/2021"))

        // The province in a sentence, with its interval as the report prints it.
        let reference = try #require(input.report.reference)
        let province = "đạt \(NumberFormatting.percent(reference.overall.index, language: .vi)) (khoảng tin cậy 95 %: 90,72–91,66 %)"
        #expect(seen.paragraphs.contains { $0.contains(province) }, "no paragraph has \(province)")
        #expect(
            seen.paragraphs.contains { $0.contains("Nơi nhận") } || seen.tables.contains { $0.last?.first?.hasPrefix("Nơi nhận:") == true })

        // The districts' table: every row's numbers are the JSON report's, rounded as printed.
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(input.report)) as! [String: Any]
        let units = (json["units"] as! [[String: Any]]).filter { $0["level"] as? String == "district" }
        let table = try #require(seen.tables.first { $0.first?.first == "Hạng" && $0.count == units.count + 1 })
        for row in table.dropFirst() {
            let unit = try #require(units.first { $0["name"] as? String == row[1] }, "unknown unit \(row[1])")
            let overall = unit["overall"] as! [String: Any]
            func printed(_ value: Any?) -> String {
                guard let value = value as? Double else { return "–" }
                return String(format: "%.2f", value).replacingOccurrences(of: ".", with: ",")
            }
            #expect(row[3] == printed(overall["index"]), "\(row[1]): \(row[3])")
            #expect(row[4] == "\(printed(overall["ci_low"]))–\(printed(overall["ci_high"]))", "\(row[1]): \(row[4])")
            #expect(row[2].replacingOccurrences(of: ".", with: "") == "\(unit["respondents"] as! Int)")
            #expect(row[0] == ((unit["rank"] as? Int).map(String.init) ?? "–"))
        }
        #expect(table.contains { $0[1] == "Huyện <b>&\"Thử\"</b>" })
        // The signature block: the title and the signer's name, and the recipients.
        let signature = try #require(seen.tables.first { $0.first?.first?.hasPrefix("Nơi nhận:") == true })
        #expect(signature[0][1].contains("GIÁM ĐỐC") && signature[0][1].contains("Nguyễn Văn An"))
        #expect(signature[0][0].contains("- Lưu: VT, CCHC."))
    }

    @Test(
        "LibreOffice converts it to PDF and page 1 holds the header block",
        .enabled(
            if: isCI || hasLibreOffice,
            "LibreOffice (soffice) or pdftotext is not installed (Scripts/test installs them); required under CI"))
    func libreOfficeConvertsToPDF() throws {
        let pdf = try PDFPrinter.pdf(docx: DOCXWriter.bytes(try Self.input()))
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let url = folder.file("bao-cao.pdf")
        try Data(pdf).write(to: url)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pdftotext", "-f", "1", "-l", "1", "-layout", url.path, "-"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
        #expect(text.contains("Độc lập - Tự do - Hạnh phúc"))
        #expect(text.contains("UBND TỈNH HÀ TĨNH") && text.contains("SỞ NỘI VỤ"))
        #expect(text.contains("BÁO CÁO"))
    }

    @Test func settingsFileOverridesTheDefaults() throws {
        let settings = try DocumentSettings.parse(
            """
            parent_body: UBND TỈNH NGHỆ AN
            place: Nghệ An
            number: 7
            date: 2021-04-05
            signer_name: Trần Thị Bình
            signing_authority: KT. GIÁM ĐỐC
            signer_title: PHÓ GIÁM ĐỐC
            recipients: ["UBND tỉnh;", "Lưu: VT."]
            """, file: "doc.yaml")
        #expect(settings.parentBody == "UBND TỈNH NGHỆ AN" && settings.issuingBody == "SỞ NỘI VỤ")
        #expect(settings.place == "Nghệ An" && settings.number == "7" && settings.date == CalendarDate("2021-04-05"))
        #expect(settings.signingAuthority == "KT. GIÁM ĐỐC" && settings.signerTitle == "PHÓ GIÁM ĐỐC")
        #expect(settings.recipients == ["UBND tỉnh;", "Lưu: VT."])
        let json = try DocumentSettings.parse("{\"signer_name\": \"A\", \"date\": \"2021-12-01\"}", file: "doc.json")
        #expect(json.signerName == "A" && json.date == CalendarDate("2021-12-01"))
        #expect(throws: DocumentSettingsError.self) { try DocumentSettings.parse("signer: A", file: "doc.yaml") }
        #expect(throws: DocumentSettingsError.self) { try DocumentSettings.parse("date: tomorrow", file: "doc.yaml") }
    }

    @Test func datesAndNumbersAreWrittenTheVietnameseWay() {
        #expect(DOCXWords.placeAndDate("Hà Tĩnh", CalendarDate("2021-04-05")!) == "Hà Tĩnh, ngày 05 tháng 4 năm 2021")
        #expect(DOCXWords.placeAndDate("Hà Tĩnh", CalendarDate("2021-02-15")!) == "Hà Tĩnh, ngày 15 tháng 02 năm 2021")
        #expect(DOCXWords.pct(91.175) == "91,18 %")
        #expect(DOCXWords.interval(90.724, 91.658) == "90,72–91,66")
        #expect(DOCXWords.period("2021-03") == "tháng 3/2021" && DOCXWords.period("2021-Q1") == "quý 1/2021")
        #expect(DOCXWords.list(["A", "B", "C"]) == "A, B và C")
    }
}
