import Foundation
import SIPASFiles
import SIPASTestSupport
import Testing

/// The QR codes of the posters, read back by an independent decoder (zbarimg, from zbar-tools):
/// the module matrix libqrencode returns, written as a greyscale image by the test itself, and
/// the SVG that posters print, rendered to PNG by Chromium.
struct QRCodeTests {
    static let zbarAvailable = PythonTool.isCI || ImageTool.has("zbarimg")
    static let addresses = [
        "https://khaosat.hatinh.gov.vn/s/Ab3_x-9QzLmN0pQrStUvWxYz01234567",
        "http://127.0.0.1:8080/s/" + String(repeating: "k", count: 32),
        "https://dichvucong.example.vn/khảo-sát?đơn-vị=Phường Nam Hà",
    ]

    /// The matrix as a binary PGM: 8 pixels a module, white quiet zone of 4 modules.
    static func pgm(_ code: QRCode) -> Data {
        let scale = 8
        let side = (code.size + 2 * QRCode.quietZone) * scale
        var pixels = [UInt8](repeating: 255, count: side * side)
        for y in 0..<code.size {
            for x in 0..<code.size where code[x: x, y: y] {
                for dy in 0..<scale {
                    let row = ((y + QRCode.quietZone) * scale + dy) * side + (x + QRCode.quietZone) * scale
                    for dx in 0..<scale { pixels[row + dx] = 0 }
                }
            }
        }
        return Data("P5\n\(side) \(side)\n255\n".utf8) + Data(pixels)
    }

    @Test func theMatrixHasTheShapeOfItsVersion() throws {
        let code = try QRCode(Self.addresses[0], correction: .quartile)
        #expect(code.size == 17 + 4 * code.version && code.modules.count == code.size * code.size)
        // The three finder patterns: a dark 7×7 ring around a light ring around a dark 3×3 square.
        for (left, top) in [(0, 0), (code.size - 7, 0), (0, code.size - 7)] {
            for y in 0..<7 {
                for x in 0..<7 {
                    let ring = max(abs(x - 3), abs(y - 3))
                    #expect(code[x: left + x, y: top + y] == (ring != 2), "finder at \(left),\(top): module \(x),\(y)")
                }
            }
        }
        // More correction takes more modules for the same text.
        #expect(try QRCode(Self.addresses[0], correction: .low).size < QRCode(Self.addresses[0], correction: .high).size)
    }

    @Test func textsThatCannotBeCodesAreRefused() {
        #expect(throws: QRCodeError.tooLong(bytes: 3000)) { try QRCode(String(repeating: "a", count: 3000)) }
        #expect(throws: QRCodeError.unencodable("")) { try QRCode("") }
    }

    @Test(
        .enabled(if: zbarAvailable, "zbarimg is not installed (apt-get install zbar-tools); required under CI"),
        arguments: addresses, QRCode.Correction.allCases)
    func theMatrixDecodesToTheText(address: String, correction: QRCode.Correction) throws {
        let folder = try ImportFixture.folder()
        let image = folder.appendingPathComponent("code.pgm")
        try Self.pgm(QRCode(address, correction: correction)).write(to: image)
        #expect(try ImageTool.decodeQR(image) == address)
    }

    @Test(
        .enabled(
            if: PythonTool.isCI || (ImageTool.has("zbarimg") && PDFPrinter.canPrintHTML),
            "zbarimg (zbar-tools) or Chromium is not installed; required under CI"))
    func theSVGRenderedToPNGDecodesToTheText() throws {
        let folder = try ImportFixture.folder()
        let page = folder.appendingPathComponent("code.html")
        let address = Self.addresses[0]
        let svg = try QRCode(address, correction: .quartile).svg(side: "400px")
        try Data("<!DOCTYPE html><html><body style=\"margin:0\">\(svg)</body></html>".utf8).write(to: page)
        let image = folder.appendingPathComponent("code.png")
        let chromium = ["chromium", "chromium-browser", "google-chrome"].first { ImageTool.has($0) } ?? "chromium"
        _ = try ImageTool.run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=400,400",
                "--user-data-dir=\(folder.appendingPathComponent("profile").path)", "--screenshot=\(image.path)", page.absoluteString,
            ], package: "chromium")
        #expect(try ImageTool.decodeQR(image) == address)
    }
}
