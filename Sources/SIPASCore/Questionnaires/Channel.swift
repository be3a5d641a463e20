import Foundation

/// The channels through which a questionnaire arrives.
public enum Channel: String, Sendable, Codable, CaseIterable {
    case paper, kiosk, web, phone, post
}

extension Channel {
    /// The channel's name in a report (tally sheets count as paper).
    public var label: LocalizedText {
        switch self {
        case .paper: LocalizedText(vi: "Phiếu giấy", en: "Paper")
        case .kiosk: LocalizedText(vi: "Máy đánh giá tại quầy", en: "Kiosk")
        case .web: LocalizedText(vi: "Trực tuyến (mã QR, đường dẫn)", en: "Web (QR code, link)")
        case .phone: LocalizedText(vi: "Điện thoại", en: "Phone")
        case .post: LocalizedText(vi: "Bưu chính", en: "Post")
        }
    }

    /// The label of a channel code, or the code itself when it is none of the channels.
    public static func label(of code: String, language: Language) -> String {
        Channel(rawValue: code)?.label.text(language) ?? code
    }
}
