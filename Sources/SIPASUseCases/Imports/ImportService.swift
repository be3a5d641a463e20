import Foundation
import NIOPosix
import SIPASCore
import SIPASFiles
import SIPASStore

/// Imports tally and questionnaire files: read, validate against the survey, the units and
/// the calendar, then write in one transaction. The command line and the HTTP service both
/// go through here, so a file gets the same checks and the same error list either way.
public struct ImportService: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public struct Options: Sendable {
        public var surveyCode: String
        public var surveyVersion: Int?
        public var replace: Bool
        /// Validate and report without writing.
        public var checkOnly: Bool
        public var encoding: TextEncoding?
        public var delimiter: Character?
        /// For questionnaires: every date must lie in this period.
        public var period: Period?
        public var actor: String
        /// The name recorded for the file (the upload's original name).
        public var displayName: String?
        public var today: CalendarDate
        /// When set (an uploader's area), every unit version the file's rows fall on must be in it.
        public var area: AccessArea?

        public init(
            surveyCode: String, surveyVersion: Int? = nil, replace: Bool = false, checkOnly: Bool = false,
            encoding: TextEncoding? = nil, delimiter: Character? = nil, period: Period? = nil,
            actor: String, displayName: String? = nil, today: CalendarDate
        ) {
            self.surveyCode = surveyCode
            self.surveyVersion = surveyVersion
            self.replace = replace
            self.checkOnly = checkOnly
            self.encoding = encoding
            self.delimiter = delimiter
            self.period = period
            self.actor = actor
            self.displayName = displayName
            self.today = today
        }
    }

    public enum Result: Sendable {
        case checked(rows: Int, scopes: Int, questionnaires: Int)
        case alreadyImported(UploadStore.Upload)
        case imported(UploadStore.Upload, superseded: [UploadStore.Upload])
    }

    public func importTallies(_ url: URL, options: Options) async throws -> Result {
        let (surveyID, survey) = try await SurveyStore(db).get(code: options.surveyCode, version: options.surveyVersion)
        let store = UploadStore(db)
        let sha = try FileDigest.sha256(of: url)
        let name = options.displayName ?? url.lastPathComponent
        if !options.checkOnly, let earlier = try await store.existing(kind: .tallies, surveyID: surveyID, sha256: sha),
            try await Self.mayKnow(earlier, area: options.area, store: store)
        {
            return .alreadyImported(earlier)
        }
        let directory = UnitDirectory(try await UnitStore(db).allVersions())
        // Reading and checking a sheet is synchronous work of up to seconds: on NIO's blocking
        // thread pool, never on an event loop nor on one of the few cooperative threads.
        let tally = try await NIOThreadPool.singleton.runIfActive {
            let entries = try TallyFileReader.read(url: url, survey: survey, encoding: options.encoding, delimiter: options.delimiter)
            let validator = TallyValidator(survey: survey, units: directory, today: options.today, file: options.displayName ?? url.path)
            return try validator.validate(entries).get()
        }
        if let area = options.area {
            let outside = Set(
                tally.scopes.filter { !area.contains(versionID: $0.unitID) }.compactMap { directory.version(id: $0.unitID)?.unit.code }
            )
            .sorted()
            if !outside.isEmpty {
                throw AccessDenied(
                    message:
                        "\(name): unit(s) \(outside.joined(separator: ", ")) are outside the units you may upload for; nothing was written")
            }
        }
        let questionnaires = tally.counts.counts.filter { $0.key.item == TallyEntry.questionnairesItem }.values.reduce(0, +)
        if options.checkOnly {
            return .checked(rows: tally.rowCount, scopes: tally.scopes.count, questionnaires: questionnaires)
        }
        let outcome = try await store.importTallies(
            tally, surveyID: surveyID, file: .init(fileName: name, sha256: sha, actor: options.actor), replace: options.replace)
        return Self.result(outcome)
    }

    public func importQuestionnaires(_ url: URL, options: Options, progress: (@Sendable (Int, Double) -> Void)? = nil) async throws
        -> Result
    {
        let (surveyID, survey) = try await SurveyStore(db).get(code: options.surveyCode, version: options.surveyVersion)
        let store = UploadStore(db)
        let sha = try FileDigest.sha256(of: url)
        let name = options.displayName ?? url.lastPathComponent
        if !options.checkOnly, let earlier = try await store.existing(kind: .responses, surveyID: surveyID, sha256: sha),
            try await Self.mayKnow(earlier, area: options.area, store: store)
        {
            return .alreadyImported(earlier)
        }
        let reader = try QuestionnaireFileReader(url: url, survey: survey, encoding: options.encoding, delimiter: options.delimiter)
        defer { reader.close() }
        // Units outside an uploader's area are unknown to the validator.
        let versions = try await UnitStore(db).allVersions()
        let directory = UnitDirectory(
            options.area.map { area in versions.filter { area.contains($0) } } ?? versions)
        var validator = QuestionnaireValidator(
            survey: survey, units: directory, today: options.today,
            file: options.displayName ?? url.path, period: options.period)
        validator.checkHeader(reader.columns, line: reader.headerLine)
        if validator.problemCount > 0 { throw FileProblems(validator.problems) }

        if options.checkOnly {
            var rows = 0
            while let row = try reader.next() {
                _ = validator.check(row)
                rows += 1
                if rows % 50_000 == 0 { progress?(rows, reader.fractionRead) }
            }
            if validator.problemCount > 0 { throw FileProblems(Self.withOverflow(validator, file: name)) }
            return .checked(rows: rows, scopes: validator.scopes.count, questionnaires: validator.questionnaireCount)
        }
        let outcome = try await store.importQuestionnaires(
            reader, validator: validator, surveyID: surveyID, file: .init(fileName: name, sha256: sha, actor: options.actor),
            replace: options.replace, progress: progress.map { report in { @Sendable rows in report(rows, reader.fractionRead) } })
        return Self.result(outcome)
    }

    /// Whether the sender may be told of an earlier upload of the same file: always, unless
    /// it is held to an area the earlier upload reaches beyond (then the file is checked as
    /// new, and refused for the units outside the area, without naming the other upload).
    static func mayKnow(_ earlier: UploadStore.Upload, area: AccessArea?, store: UploadStore) async throws -> Bool {
        guard let area else { return true }
        return try await store.unitVersions(of: [earlier.id])[earlier.id, default: []].isSubset(of: area.versionIDs)
    }

    static func withOverflow(_ validator: QuestionnaireValidator, file: String) -> [FileProblem] {
        var problems = validator.problems
        if validator.problemCount > problems.count {
            problems.append(FileProblem(file: file, line: nil, message: "… and \(validator.problemCount - problems.count) more problems"))
        }
        return problems
    }

    static func result(_ outcome: UploadStore.Outcome) -> Result {
        switch outcome {
        case .alreadyImported(let upload): return .alreadyImported(upload)
        case .imported(let upload, let superseded): return .imported(upload, superseded: superseded)
        }
    }
}
