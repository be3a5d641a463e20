import Foundation
import SIPASCore
import Yams

/// Who issues the Word report and how it is numbered, dated, signed and sent: the parts of
/// the header block, signature block and "Nơi nhận" that Nghị định 30/2020/NĐ-CP asks for.
/// Read from a YAML or JSON file (`--document-settings`); every key is optional and falls back
/// to the Hà Tĩnh Department of Home Affairs.
public struct DocumentSettings: Sendable, Equatable {
    /// The body above the issuer, in capitals: "UBND TỈNH HÀ TĨNH".
    public var parentBody = "UBND TỈNH HÀ TĨNH"
    /// The issuer, in capitals: "SỞ NỘI VỤ".
    public var issuingBody = "SỞ NỘI VỤ"
    /// The issuer as it is named in a sentence: "Sở Nội vụ".
    public var issuerName = "Sở Nội vụ"
    /// To whom the report is addressed, in a sentence: "Ủy ban nhân dân tỉnh".
    public var addressee = "Ủy ban nhân dân tỉnh"
    /// Where it is issued: "Hà Tĩnh".
    public var place = "Hà Tĩnh"
    /// The number; empty leaves room for the clerk to write it in at issue.
    public var number = ""
    /// The symbol after the number: "BC-SNV".
    public var symbol = "BC-SNV"
    /// The date of the document; nil: the day it is written (Vietnam time).
    public var date: CalendarDate?
    /// Signing on behalf ("KT. GIÁM ĐỐC"), printed above the title; empty when the head signs.
    public var signingAuthority = ""
    /// The signer's title: "GIÁM ĐỐC".
    public var signerTitle = "GIÁM ĐỐC"
    /// The signer's name; empty leaves the line blank.
    public var signerName = ""
    /// "Nơi nhận": one line each; the decree's style ends the last with a full stop.
    public var recipients = [
        "UBND tỉnh (để b/c);",
        "Bộ Nội vụ (để b/c);",
        "Các sở, ban, ngành cấp tỉnh;",
        "UBND các huyện, thành phố, thị xã;",
        "Lưu: VT, CCHC.",
    ]

    public init() {}

    /// The keys of the settings file.
    enum Key: String, CaseIterable, CodingKey {
        case parentBody = "parent_body"
        case issuingBody = "issuing_body"
        case issuerName = "issuer_name"
        case addressee, place
        case number, symbol, date
        case signingAuthority = "signing_authority"
        case signerTitle = "signer_title"
        case signerName = "signer_name"
        case recipients
    }

    /// Reads a settings file (YAML; JSON is YAML too). Unknown keys are refused, so that a
    /// misspelt key does not silently fall back to the default.
    public static func load(_ url: URL) throws -> DocumentSettings {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw DocumentSettingsError("\(url.path) cannot be read as UTF-8 text")
        }
        return try parse(text, file: url.lastPathComponent)
    }

    public static func parse(_ text: String, file: String) throws -> DocumentSettings {
        let node: Any?
        do {
            node = try Yams.load(yaml: text)
        } catch {
            throw DocumentSettingsError("\(file) is not valid YAML or JSON (\(error))")
        }
        var settings = DocumentSettings()
        guard let node else { return settings }
        guard let map = node as? [String: Any] else { throw DocumentSettingsError("\(file): expected keys and values at the top level") }
        for (name, value) in map {
            guard let key = Key(rawValue: name) else {
                throw DocumentSettingsError(
                    "\(file): unknown key \(name); expected one of \(Key.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            func string() throws -> String {
                if let text = value as? String { return text }
                if let number = value as? Int { return String(number) }
                throw DocumentSettingsError("\(file): \(name) should be text")
            }
            switch key {
            case .parentBody: settings.parentBody = try string()
            case .issuingBody: settings.issuingBody = try string()
            case .issuerName: settings.issuerName = try string()
            case .addressee: settings.addressee = try string()
            case .place: settings.place = try string()
            case .number: settings.number = try string()
            case .symbol: settings.symbol = try string()
            case .signingAuthority: settings.signingAuthority = try string()
            case .signerTitle: settings.signerTitle = try string()
            case .signerName: settings.signerName = try string()
            case .date:
                let text = value as? String ?? (value as? Date).map { Self.isoDay($0) } ?? ""
                guard let date = CalendarDate(text) else { throw DocumentSettingsError("\(file): date \(value) is not a date YYYY-MM-DD") }
                settings.date = date
            case .recipients:
                guard let list = value as? [Any] else { throw DocumentSettingsError("\(file): recipients should be a list of lines") }
                settings.recipients = try list.map {
                    guard let line = $0 as? String else { throw DocumentSettingsError("\(file): every recipient should be text") }
                    return line
                }
            }
        }
        return settings
    }

    /// YAML reads an unquoted 2021-04-05 as a timestamp at midnight UTC.
    private static func isoDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
