import ArgumentParser
import Foundation
import SIPASCore
import SIPASFiles
import SIPASUseCases

extension CollectCommand {
    /// `sipas collect poster`: the A4 poster of a unit's link (or of every commune of a district).
    struct Poster: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an A4 poster to print: the unit's name, the QR code of its link and the address, what the survey is for.",
            discussion: """
                Uses the unit's newest open link for the survey, or makes one (stderr says which). \
                With --district, one page for each commune of the district valid today.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case pdf, html, svg
        }

        @Option(help: "The survey's code, e.g. sipas-2017.") var survey: String
        @Option(help: "The unit's code or name (a unit valid today).") var unit: String?
        @Option(help: "A district's code or name: one page for each of its communes valid today.") var district: String?
        @Option(name: [.customShort("o"), .long], help: "The file to write, e.g. poster.pdf.") var output: String
        @Option(
            help:
                "pdf (printed by Chromium), html, or svg (the QR code alone, with --unit) (default: from the extension of --output, else pdf)."
        )
        var format: Format?
        @OptionGroup var address: Address

        var resolvedFormat: Format {
            format ?? Format(rawValue: URL(fileURLWithPath: output).pathExtension.lowercased()) ?? .pdf
        }

        func validate() throws {
            guard (unit == nil) != (district == nil) else { throw ValidationError("give either --unit or --district") }
            if resolvedFormat == .svg, district != nil {
                throw ValidationError("--format svg is the QR code of one unit; use --unit, or --format pdf|html for a district")
            }
        }

        func run() async throws {
            let context = CommandContext()
            let base = try address.resolved()
            let format = resolvedFormat
            if format == .pdf, !PDFPrinter.canPrintHTML {
                throw CLIMessage(
                    "a PDF poster needs Chromium (chromium), which is not installed; install it (apt-get install chromium), or write --format html and print it from a browser"
                )
            }
            let (survey, actor) = (survey, context.actor)
            let scope: CollectionService.PosterScope = unit.map { .unit($0) } ?? .district(district ?? "")
            let links = try await context.withDatabase { db in
                try await CollectionService(db: db).posterLinks(surveyCode: survey, scope: scope, actor: actor, today: .today())
            }
            var pages: [SIPASFiles.Poster.Page] = []
            for found in links {
                let url = CollectionService.url(of: found.link, publicURL: base)
                let unit = "\(found.unit.unit.code) \(found.unit.unit.name)"
                let note = found.isNew ? "made link \(found.link.id) for \(unit)" : "using link \(found.link.id) of \(unit)"
                FileHandle.standardError.write(Data("\(note): \(url)\n".utf8))
                pages.append(.init(unitName: found.unit.unit.name, url: url))
            }
            let bytes: Data
            switch format {
            case .html: bytes = Data(try SIPASFiles.Poster.html(pages).utf8)
            case .svg: bytes = Data(try SIPASFiles.Poster.code(pages[0]).utf8)
            case .pdf: bytes = Data(try PDFPrinter.pdf(html: SIPASFiles.Poster.html(pages), what: "a poster"))
            }
            let file = try OutputFile(output)
            defer { file.close() }
            try file.write(bytes)
            FileHandle.standardError.write(Data("wrote \(output) (\(pages.count) \(pages.count == 1 ? "page" : "pages"))\n".utf8))
        }
    }
}
