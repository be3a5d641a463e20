import CCairo
import CLeptonica
import CPoppler
import Foundation

/// The pages of a scan file as grey images: PDF pages rendered by poppler, PNG, JPEG and
/// (multi-page) TIFF decoded by Leptonica. No codec of sipas's own.
public enum ScanLoader {
    /// What cannot be read, said to the person importing it.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The resolution PDF pages are rendered at.
    public static let pdfDPI = 200.0

    public static func pages(of url: URL) throws -> [GrayImage] {
        var pages: [GrayImage] = []
        try forEachPage(of: url) { _, _, image in pages.append(image) }
        return pages
    }

    /// Calls `body` with each page in turn (its index, the number of pages, the image), so that
    /// only one page of a long PDF is in memory at a time.
    public static func forEachPage(of url: URL, _ body: (Int, Int, GrayImage) async throws -> Void) async throws {
        let head = [UInt8]((try? FileHandle(forReadingFrom: url).read(upToCount: 5)) ?? Data())
        if head.starts(with: Array("%PDF".utf8)) {
            let document = try PDFDocument(url)
            for i in 0..<document.count { try await body(i, document.count, try document.page(i)) }
            return
        }
        let images = try imagePages(url)
        for (i, image) in images.enumerated() { try await body(i, images.count, image) }
    }

    /// The synchronous form, for callers outside async code.
    public static func forEachPage(of url: URL, _ body: (Int, Int, GrayImage) throws -> Void) throws {
        let head = [UInt8]((try? FileHandle(forReadingFrom: url).read(upToCount: 5)) ?? Data())
        if head.starts(with: Array("%PDF".utf8)) {
            let document = try PDFDocument(url)
            for i in 0..<document.count { try body(i, document.count, try document.page(i)) }
            return
        }
        let images = try imagePages(url)
        for (i, image) in images.enumerated() { try body(i, images.count, image) }
    }

    static func imagePages(_ url: URL) throws -> [GrayImage] {
        setLeptDebugOK(0)
        // Only errors: Leptonica otherwise prints a line per TIFF page read.
        _ = setMsgSeverity(Int32(L_SEVERITY_ERROR))
        var format: Int32 = 0
        _ = findFileFormat(url.path, &format)
        let tiff = (Int32(IFF_TIFF)...Int32(IFF_TIFF_JPEG)).contains(format)
        if tiff {
            var pixa: UnsafeMutablePointer<PIXA>? = pixaReadMultipageTiff(url.path)
            guard let all = pixa else { throw Failure(description: "the TIFF file cannot be read") }
            defer { pixaDestroy(&pixa) }
            return try (0..<pixaGetCount(all)).map { i in
                var pix: UnsafeMutablePointer<PIX>? = pixaGetPix(all, i, Int32(L_CLONE))
                guard let page = pix else { throw Failure(description: "page \(i + 1) of the TIFF cannot be read") }
                defer { pixDestroy(&pix) }
                return try gray(page)
            }
        }
        var pix: UnsafeMutablePointer<PIX>? = pixRead(url.path)
        guard let image = pix else {
            throw Failure(description: "the file is not an image sipas reads (PDF, PNG, JPEG or TIFF)")
        }
        defer { pixDestroy(&pix) }
        return [try gray(image)]
    }

    /// An 8-bit grey copy of a Leptonica image of any depth.
    static func gray(_ pix: UnsafeMutablePointer<PIX>) throws -> GrayImage {
        var converted: UnsafeMutablePointer<PIX>?
        if pixGetDepth(pix) == 32 { converted = pixConvertRGBToLuminance(pix) } else { converted = pixConvertTo8(pix, 0) }
        defer { pixDestroy(&converted) }
        guard var eight = converted else { throw Failure(description: "the image cannot be turned to grey") }
        if pixGetColormap(eight) != nil, let plain = pixRemoveColormap(eight, Int32(REMOVE_CMAP_TO_GRAYSCALE)) {
            pixDestroy(&converted)
            converted = plain
            eight = plain
        }
        var (w, h, d): (Int32, Int32, Int32) = (0, 0, 0)
        pixGetDimensions(eight, &w, &h, &d)
        guard d == 8, let data = pixGetData(eight) else { throw Failure(description: "the image cannot be turned to grey") }
        let wpl = Int(pixGetWpl(eight))
        var pixels = [UInt8](repeating: 255, count: Int(w) * Int(h))
        let bytes = UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self)
        // Leptonica keeps pixels in 32-bit words, most significant byte first: on a
        // little-endian machine byte n of a row is at n ^ 3.
        let flip = 1.littleEndian == 1 ? 3 : 0
        pixels.withUnsafeMutableBufferPointer { out in
            for y in 0..<Int(h) {
                let row = bytes + y * wpl * 4
                for x in 0..<Int(w) { out[y * Int(w) + x] = row[x ^ flip] }
            }
        }
        return GrayImage(width: Int(w), height: Int(h), pixels: pixels)
    }

    /// A PDF open in poppler, rendered a page at a time.
    final class PDFDocument {
        let document: OpaquePointer
        let count: Int

        init(_ url: URL) throws {
            var error: UnsafeMutablePointer<GError>?
            guard let document = poppler_document_new_from_file(url.absoluteURL.absoluteString, nil, &error) else {
                let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
                if let error { g_error_free(error) }
                throw Failure(description: "the PDF cannot be read (\(message))")
            }
            self.document = document
            count = Int(poppler_document_get_n_pages(document))
        }

        deinit { g_object_unref(UnsafeMutableRawPointer(document)) }

        func page(_ i: Int) throws -> GrayImage {
            guard let page = poppler_document_get_page(document, Int32(i)) else {
                throw Failure(description: "page \(i + 1) of the PDF cannot be read")
            }
            defer { g_object_unref(UnsafeMutableRawPointer(page)) }
            var (w, h) = (0.0, 0.0)
            poppler_page_get_size(page, &w, &h)
            let scale = pdfDPI / 72
            let (width, height) = (Int32((w * scale).rounded()), Int32((h * scale).rounded()))
            guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height) else {
                throw Failure(description: "page \(i + 1) is too large to render")
            }
            defer { cairo_surface_destroy(surface) }
            let cr = cairo_create(surface)!
            cairo_set_source_rgb(cr, 1, 1, 1)
            cairo_paint(cr)
            cairo_scale(cr, scale, scale)
            poppler_page_render(page, cr)
            cairo_destroy(cr)
            cairo_surface_flush(surface)
            let stride = Int(cairo_image_surface_get_stride(surface))
            guard let data = cairo_image_surface_get_data(surface) else { throw Failure(description: "page \(i + 1) cannot be rendered") }
            var pixels = [UInt8](repeating: 255, count: Int(width) * Int(height))
            pixels.withUnsafeMutableBufferPointer { out in
                for y in 0..<Int(height) {
                    let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
                    for x in 0..<Int(width) {
                        let p = row[x]
                        // Luma in integers: 0.299 R + 0.587 G + 0.114 B.
                        out[y * Int(width) + x] = UInt8((77 * ((p >> 16) & 0xFF) + 150 * ((p >> 8) & 0xFF) + 29 * (p & 0xFF)) >> 8)
                    }
                }
            }
            return GrayImage(width: Int(width), height: Int(height), pixels: pixels)
        }
    }

    /// A kept page image (PNG) back as a grey image.
    public static func image(png: Data) throws -> GrayImage {
        var pix: UnsafeMutablePointer<PIX>? = png.withUnsafeBytes { bytes in
            pixReadMem(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), bytes.count)
        }
        defer { pixDestroy(&pix) }
        guard let decoded = pix else { throw Failure(description: "the kept page image cannot be read") }
        return try gray(decoded)
    }

    /// A page as PNG (Leptonica, 8-bit grey): the evidence kept of every scanned page.
    public static func png(_ image: GrayImage) throws -> Data {
        var created: UnsafeMutablePointer<PIX>? = pixCreate(Int32(image.width), Int32(image.height), 8)
        defer { pixDestroy(&created) }
        guard let pix = created, let data = pixGetData(pix) else { throw Failure(description: "the page image cannot be kept") }
        let wpl = Int(pixGetWpl(pix))
        let bytes = UnsafeMutableRawPointer(data).assumingMemoryBound(to: UInt8.self)
        let flip = 1.littleEndian == 1 ? 3 : 0
        for y in 0..<image.height {
            let row = bytes + y * wpl * 4
            for x in 0..<image.width { row[x ^ flip] = image.pixels[y * image.width + x] }
        }
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        guard pixWriteMemPng(&out, &size, pix, 0) == 0, let out else { throw Failure(description: "the page image cannot be kept") }
        defer { free(out) }
        return Data(bytes: out, count: size)
    }
}
