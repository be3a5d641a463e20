/// The `_xHHHH_` notation (ECMA-376 ST_Xstring) that Excel uses in cell text for characters XML
/// cannot carry, such as `_x000D_`. XML escaping itself is `XMLEscaping`.
enum OOXMLText {
    /// Protects literal `_xHHHH_` sequences in cell text so Excel shows them as typed:
    /// "_x0041_" becomes "_x005F_x0041_".
    static func protectingEscapes(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if escapeValue(in: scalars, at: i) != nil {
                out.append(contentsOf: "_x005F".unicodeScalars)
            }
            out.append(scalars[i])
            i += 1
        }
        return String(out)
    }

    /// Decodes `_xHHHH_` sequences: "_x000D_" → "\r", "_x005F_x0041_" → "_x0041_".
    static func decodingEscapes(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if let value = escapeValue(in: scalars, at: i), let scalar = Unicode.Scalar(value) {
                out.append(scalar)
                i += 7
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }

    /// The value of an `_xHHHH_` sequence starting at `i`, if there is one.
    private static func escapeValue(in scalars: [Unicode.Scalar], at i: Int) -> UInt32? {
        guard i + 6 < scalars.count, scalars[i] == "_", scalars[i + 1] == "x", scalars[i + 6] == "_" else {
            return nil
        }
        var value: UInt32 = 0
        for scalar in scalars[(i + 2)..<(i + 6)] {
            guard let digit = hexDigit(scalar) else { return nil }
            value = value * 16 + digit
        }
        return value
    }

    private static func hexDigit(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar.value {
        case 0x30...0x39: return scalar.value - 0x30
        case 0x41...0x46: return scalar.value - 0x41 + 10
        case 0x61...0x66: return scalar.value - 0x61 + 10
        default: return nil
        }
    }
}
