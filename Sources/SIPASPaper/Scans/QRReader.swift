import CZbar
import Foundation

/// The QR codes on a page, read by zbar: their text and the centre of each.
enum QRReader {
    struct Code {
        var text: String
        var x: Double
        var y: Double
    }

    static func codes(in image: GrayImage) -> [Code] {
        guard let scanner = zbar_image_scanner_create() else { return [] }
        defer { zbar_image_scanner_destroy(scanner) }
        zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0)
        zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1)
        guard let zimage = zbar_image_create() else { return [] }
        defer { zbar_image_destroy(zimage) }
        // "Y800": eight-bit grey, the fourcc zbar reads without converting.
        let y800 = UInt(UInt8(ascii: "Y")) | UInt(UInt8(ascii: "8")) << 8 | UInt(UInt8(ascii: "0")) << 16 | UInt(UInt8(ascii: "0")) << 24
        zbar_image_set_format(zimage, y800)
        zbar_image_set_size(zimage, UInt32(image.width), UInt32(image.height))
        return image.pixels.withUnsafeBufferPointer { buffer in
            zbar_image_set_data(zimage, buffer.baseAddress, UInt(buffer.count), nil)
            guard zbar_scan_image(scanner, zimage) > 0 else { return [] }
            var found: [Code] = []
            var symbol = zbar_image_first_symbol(zimage)
            while let s = symbol {
                let n = zbar_symbol_get_loc_size(s)
                var (sx, sy) = (0.0, 0.0)
                for i in 0..<n {
                    sx += Double(zbar_symbol_get_loc_x(s, i))
                    sy += Double(zbar_symbol_get_loc_y(s, i))
                }
                if let data = zbar_symbol_get_data(s), n > 0 {
                    found.append(Code(text: String(cString: data), x: sx / Double(n), y: sy / Double(n)))
                }
                symbol = zbar_symbol_next(s)
            }
            // zbar must not keep the buffer past this call.
            zbar_image_set_data(zimage, nil, 0, nil)
            return found
        }
    }
}
