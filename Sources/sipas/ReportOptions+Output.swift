import ArgumentParser
import Foundation
import SIPASCore
import SIPASFiles
import SIPASUseCases

extension ReportOptions {
    /// Computes the report (and its printable HTML when asked for) and writes it; with
    /// `SIPAS_TIMING=1`, prints how long each phase took (see `PhaseTiming`).
    func produce(_ request: ReportService.Request) async throws {
        let (lang, wantsHTML, format) = (self.lang, self.format == .html, self.format)
        let document = try issuingSettings()
        let (report, survey, html, file, measured) = try await CommandContext().withDatabase {
            db -> (Report, Survey, String?, Download?, PhaseTiming) in
            var timing = PhaseTiming()
            let (input, survey) = try await ReportService(db).input(request)
            timing.lap("read")
            let report = ReportBuilder.build(input)
            timing.lap("build")
            var html: String?
            if wantsHTML {
                html = try await ReportDocumentService(db).html(report, survey: survey, request: request, language: lang)
                timing.lap("encode")
            }
            var file: Download?
            if format == .docx || format == .pdf {
                // The Word document and the PDF are made by the application layer, as for the API.
                file = try await ReportDownloads(db).download(
                    report, survey: survey, request: request, format: format, table: nil, document: document)
                timing.lap("encode")
            }
            return (report, survey, html, file, timing)
        }
        var timing = measured
        try await emit(report, survey: survey, html: html, file: file, timing: &timing)
        timing.report()
    }

    /// The issuer, number, date and signer of the Word report: the settings file, then the flags.
    func issuingSettings() throws -> DocumentSettings {
        var settings = DocumentSettings()
        if let documentSettings { settings = try DocumentSettings.load(URL(fileURLWithPath: documentSettings)) }
        if let documentNumber { settings.number = documentNumber }
        if let documentDate { settings.date = documentDate }
        if let signer { settings.signerName = signer }
        return settings
    }

    /// Prints or writes the report in the chosen format, timing the encoding and the writing.
    func emit(_ report: Report, survey: Survey, html: String?, file: Download? = nil, timing: inout PhaseTiming) async throws {
        let base = output ?? "sipas-report-\(report.period)"
        switch format {
        case .json:
            // Byte for byte what JSONEncoder with [.prettyPrinted, .sortedKeys,
            // .withoutEscapingSlashes] writes (see Report.jsonData), and a newline; written in
            // pieces as it is encoded.
            let file = try OutputFile(output)
            defer { file.close() }
            let clock = ContinuousClock()
            var writing = Duration.zero
            do {
                try report.writeJSON(.pretty) { piece in
                    let start = clock.now
                    try file.write(piece)
                    writing += clock.now - start
                }
            } catch {
                // No half-written report is left behind.
                file.remove()
                throw error
            }
            timing.lap("encode", of: "write", took: writing)
            try file.write(Data("\n".utf8))
            if let output { FileHandle.standardError.write(Data("wrote \(output)\n".utf8)) }
            timing.lap("write")
        case .text:
            let text = ReportText.render(report, survey: survey, language: lang) + "\n"
            timing.lap("encode")
            let file = try OutputFile(output)
            defer { file.close() }
            try file.write(Data(text.utf8))
            if let output { FileHandle.standardError.write(Data("wrote \(output)\n".utf8)) }
            timing.lap("write")
        case .html:
            guard let html else { throw ValidationError("--format html is not available for this command") }
            let path = output ?? base + ".html"
            try Data(html.utf8).write(to: URL(fileURLWithPath: path))
            timing.lap("write")
            print(path)
        case .xlsx:
            let path = output ?? base + ".xlsx"
            let tables = ReportTables.tables(report, survey: survey, language: lang)
            timing.lap("encode")
            try TableExport.xlsx(tables, to: URL(fileURLWithPath: path))
            timing.lap("write")
            print(path)
        case .docx, .pdf:
            guard let file else { throw ValidationError("--format \(format.rawValue) is not available for this command") }
            let path = output ?? base + "." + format.rawValue
            try Data(file.bytes).write(to: URL(fileURLWithPath: path))
            timing.lap("write")
            print(path)
        case .csv:
            let tables = ReportTables.tables(report, survey: survey, language: lang)
            timing.lap("encode")
            defer { timing.lap("write") }
            if let name = table?.rawValue, let one = tables.first(where: { $0.name == name }) {
                if let output {
                    try TableExport.csv(one).write(to: URL(fileURLWithPath: output))
                    print(output)
                } else {
                    FileHandle.standardOutput.write(TableExport.csv(one))
                }
            } else {
                // One file per table: BASE-units.csv, BASE-criteria.csv, …
                let stem = base.hasSuffix(".csv") ? String(base.dropLast(4)) : base
                for one in tables {
                    let path = "\(stem)-\(one.name).csv"
                    try TableExport.csv(one).write(to: URL(fileURLWithPath: path))
                    print(path)
                }
            }
        }
    }
}
