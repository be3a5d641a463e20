import Foundation

/// Colours of the report. Categorical colours are from the Okabe–Ito palette (safe for the
/// common colour-vision deficiencies) and are always doubled by a symbol or a label; the
/// sequential scale of the heat map is viridis.
enum Palette {
    /// Bar fill for a unit that meets the target (blue).
    static let meets = "#56B4E9"
    /// Bar fill for a unit that misses the target (vermillion).
    static let misses = "#E69F00"
    /// Bar fill for a unit whose interval straddles the target (grey).
    static let cannotTell = "#BBBBBB"
    /// Lines and whiskers.
    static let ink = "#1a1a1a"
    /// The target line (bluish green, dashed).
    static let target = "#009E73"
    /// The province line (reddish purple, dotted).
    static let province = "#CC79A7"
    /// Alternating shading of rank groups.
    static let bandA = "#EDEDED"
    static let bandB = "#FFFFFF"

    /// Nine viridis steps, darkest (lowest) first.
    static let viridis = ["#440154", "#472D7B", "#3B528B", "#2C728E", "#21918C", "#28AE80", "#5EC962", "#ADDC30", "#FDE725"]

    /// WCAG relative luminance of a `#RRGGBB` colour (0 black … 1 white); nil if not parseable.
    static func luminance(_ hex: String) -> Double? {
        let digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        guard digits.count == 6, let value = Int(digits, radix: 16) else { return nil }
        func channel(_ shift: Int) -> Double {
            let c = Double((value >> shift) & 0xFF) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
    }

    /// Black or white, whichever contrasts more with `background`.
    static func textColour(on background: String) -> String {
        guard let l = luminance(background) else { return "#000000" }
        // Contrast with black is (l + 0.05) / 0.05, with white 1.05 / (l + 0.05); equal at l ≈ 0.179.
        return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? "#000000" : "#FFFFFF"
    }

    /// WCAG contrast ratio of two colours.
    static func contrast(_ a: String, _ b: String) -> Double? {
        guard let la = luminance(a), let lb = luminance(b) else { return nil }
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }
}
