import Foundation
import SIPASCore
import SIPASStore

extension CollectionService {
    /// The units a poster is printed for.
    public enum PosterScope: Sendable, Equatable {
        /// One unit (code or name) valid today.
        case unit(String)
        /// Every commune valid today whose parent is this district (code or name).
        case district(String)
    }

    /// A unit's link for its poster, and whether it was made for it.
    public struct PosterLink: Sendable {
        public var link: CollectionLinkStore.Link
        /// The unit as it is today (its name goes on the poster).
        public var unit: UnitVersion
        public var isNew: Bool
    }

    /// A link per unit of `scope` for the newest version of `surveyCode`, in the order of the
    /// units' codes: the unit's newest link that is open today and asks for no dossier number
    /// (a poster is for everyone served), else a new one without an end.
    public func posterLinks(surveyCode: String, scope: PosterScope, actor: String, today: CalendarDate) async throws -> [PosterLink] {
        let (surveyID, _) = try await SurveyStore(db).get(code: surveyCode)
        let versions = try await UnitStore(db).allVersions()
        let directory = UnitDirectory(versions)
        let units: [UnitVersion]
        switch scope {
        case .unit(let text):
            units = [try Self.unit(text, in: directory, on: today)]
        case .district(let text):
            let district = try Self.unit(text, in: directory, on: today)
            guard district.unit.level == .district else {
                throw InvalidArgument(
                    field: "district", value: text,
                    expected: ["a district valid today (\(district.unit.code) \(district.unit.name) is a \(district.unit.level.rawValue))"])
            }
            units = versions.filter { $0.unit.parentCode == district.unit.code && $0.unit.level == .commune && $0.isValid(on: today) }
                .sorted { $0.unit.code < $1.unit.code }
            guard !units.isEmpty else {
                throw DatabaseError.notFound("district \(district.unit.code) \(district.unit.name) has no communes on \(today)")
            }
        }
        let store = CollectionLinkStore(db)
        let existing = try await store.list()
        var links: [PosterLink] = []
        for unit in units {
            if let link = existing.first(where: {
                $0.surveyCode == surveyCode && $0.unit.id == unit.id && $0.isOpen(on: today) && !$0.requireDossier
            }) {
                links.append(PosterLink(link: link, unit: unit, isNew: false))
            } else {
                let link = try await store.create(
                    token: Self.newToken(), surveyID: surveyID, unitID: unit.id, validUntil: nil, requireDossier: false, actor: actor)
                links.append(PosterLink(link: link, unit: unit, isNew: true))
            }
        }
        return links
    }
}
