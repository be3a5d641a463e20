import Foundation
import Logging
import PostgresNIO
import SIPASCore

/// A questionnaire was stored for this dossier before (through a link that requires one):
/// nothing was stored.
public struct DossierAlreadyAnswered: Error, Sendable, Equatable {
    public var dossier: Int
}

/// Single questionnaires from kiosks and the public-service portal. Each is a `responses` row
/// without an upload, identified by its client id: a retry of the same id is recognised and
/// never counted twice.
///
/// Storing one is a single insert. Its counts are added to its unit's and month's vector
/// (`submission_vectors`) later, by `fold`, which the service runs every few seconds: adding
/// to a shared row in the statement that stores the questionnaire made kiosks of one commune
/// wait for each other. Until it is folded a questionnaire is `NOT folded`, and reports count
/// it from its answers, in the same snapshot as the vectors: every stored questionnaire is
/// counted exactly once, folded or not.
public struct SubmissionStore: Sendable {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public enum Outcome: Sendable, Equatable {
        /// Stored now, with its response id.
        case stored(Int)
        /// This account stored this client id before, with the same content (a retry): its
        /// response id; nothing was added.
        case duplicate(Int)
        /// This account stored this client id before with other content: the stored response
        /// id; nothing was overwritten or added.
        case conflict(Int)
    }

    /// Why an answer through a public link is doubted (`responses.flag`).
    public enum Flag: String, Sendable, CaseIterable {
        /// Posted sooner after the form was opened than a person can read it.
        case fast
        /// One of too many answers from one address within a few minutes.
        case burst
    }

    /// What the public form knows of where an answer came from: a flag decided before storing
    /// (`fast`), the salted hash of the sender's address, and how many answers one address may
    /// send within `burstWindow` before the next ones are flagged `burst`.
    public struct Provenance: Sendable, Equatable {
        public var flag: Flag?
        public var addressHash: [UInt8]?
        public var burstLimit: Int
        public var burstWindow: Duration
        /// The dossier the answer is for (a link that requires one): stored only if no
        /// questionnaire was stored for that dossier before, in the same statement.
        public var dossier: Int?

        public init(
            flag: Flag? = nil, addressHash: [UInt8]? = nil, burstLimit: Int = .max, burstWindow: Duration = .seconds(600),
            dossier: Int? = nil
        ) {
            self.flag = flag
            self.addressHash = addressHash
            self.burstLimit = burstLimit
            self.burstWindow = burstWindow
            self.dossier = dossier
        }

        /// An answer of a device or a person signed in: nothing to doubt, nothing kept.
        public static let trusted = Provenance()
    }

    /// Stores one validated questionnaire. With an address hash, the answer is flagged
    /// `burst` when that address stored `burstLimit` answers or more within the window before
    /// it (counted in the same statement that stores it).
    public func submit(
        _ questionnaire: Questionnaire, clientID: String, surveyID: Int, submittedBy: String, provenance: Provenance = .trusted
    ) async throws -> Outcome {
        let profile = StoredJSON.text(questionnaire.profile)
        let hash = provenance.addressHash.map { ByteBuffer(bytes: $0) }
        let windowSeconds = Int(provenance.burstWindow.components.seconds)
        let limit = min(provenance.burstLimit, Int(Int32.max))
        // A client id is unique per survey and submitting account. A concurrent retry of the
        // same id waits on the unique index and then inserts nothing.
        if let dossier = provenance.dossier {
            // Stored only when the dossier has no questionnaire yet, and claimed in the same
            // statement: two forms of one dossier at once collide on the claim's key, and the
            // loser's statement (its questionnaire with it) is undone.
            let rows: PostgresRowSequence
            do {
                rows = try await db.client.query(
                    """
                    WITH stored AS (
                        INSERT INTO responses (survey_id, unit_id, response_date, channel, client_id, answers, profile, submitted_by, flag, address_hash)
                        SELECT \(surveyID), \(questionnaire.unitID), \(questionnaire.date.description)::date, \(questionnaire.channel.rawValue),
                               \(clientID), \(questionnaire.answers), \(profile)::jsonb, \(submittedBy),
                               coalesce(\(provenance.flag?.rawValue)::text,
                                        CASE WHEN \(hash)::bytea IS NOT NULL
                                              AND (SELECT count(*) FROM responses WHERE address_hash = \(hash)::bytea
                                                   AND created_at > now() - make_interval(secs => \(windowSeconds))) >= \(limit)
                                             THEN 'burst' END),
                               \(hash)::bytea
                        WHERE NOT EXISTS (SELECT 1 FROM dossier_answers WHERE dossier_id = \(dossier))
                        ON CONFLICT (survey_id, submitted_by, client_id) WHERE client_id IS NOT NULL AND upload_id IS NULL DO NOTHING
                        RETURNING response_id
                    ), claim AS (
                        INSERT INTO dossier_answers (dossier_id, response_id) SELECT \(dossier), response_id FROM stored
                    )
                    SELECT response_id FROM stored
                    """, logger: db.logger)
                for try await id in rows.decode(Int.self) { return .stored(id) }
            } catch  where error.sqlState == "23505" {
                throw DossierAlreadyAnswered(dossier: dossier)
            }
            // Nothing stored: this form sent before (a reload, a second tap), or another form
            // answered for the dossier.
            if let outcome = try await previous(
                questionnaire, clientID: clientID, surveyID: surveyID, submittedBy: submittedBy, profile: profile)
            {
                return outcome
            }
            throw DossierAlreadyAnswered(dossier: dossier)
        }
        let rows = try await db.client.query(
            """
            INSERT INTO responses (survey_id, unit_id, response_date, channel, client_id, answers, profile, submitted_by, flag, address_hash)
            VALUES (\(surveyID), \(questionnaire.unitID), \(questionnaire.date.description)::date, \(questionnaire.channel.rawValue),
                    \(clientID), \(questionnaire.answers), \(profile)::jsonb, \(submittedBy),
                    coalesce(\(provenance.flag?.rawValue)::text,
                             CASE WHEN \(hash)::bytea IS NOT NULL
                                   AND (SELECT count(*) FROM responses WHERE address_hash = \(hash)::bytea
                                        AND created_at > now() - make_interval(secs => \(windowSeconds))) >= \(limit)
                                  THEN 'burst' END),
                    \(hash)::bytea)
            ON CONFLICT (survey_id, submitted_by, client_id) WHERE client_id IS NOT NULL AND upload_id IS NULL DO NOTHING
            RETURNING response_id
            """, logger: db.logger)
        for try await id in rows.decode(Int.self) { return .stored(id) }
        if let outcome = try await previous(
            questionnaire, clientID: clientID, surveyID: surveyID, submittedBy: submittedBy, profile: profile)
        {
            return outcome
        }
        throw DatabaseError.conflict("the questionnaire \(clientID) could not be stored; send it again")
    }

    /// The questionnaire this account stored before under `clientID`: the same content (a
    /// retry) or other content (a conflict); nil when there is none.
    private func previous(_ questionnaire: Questionnaire, clientID: String, surveyID: Int, submittedBy: String, profile: String)
        async throws -> Outcome?
    {
        let again = try await db.client.query(
            """
            SELECT response_id, unit_id = \(questionnaire.unitID) AND response_date = \(questionnaire.date.description)::date
                   AND channel = \(questionnaire.channel.rawValue) AND answers = \(questionnaire.answers) AND profile = \(profile)::jsonb
            FROM responses
            WHERE survey_id = \(surveyID) AND submitted_by = \(submittedBy) AND client_id = \(clientID) AND upload_id IS NULL
            """, logger: db.logger)
        for try await (id, same) in again.decode((Int, Bool).self) { return same ? .duplicate(id) : .conflict(id) }
        return nil
    }

    /// Whether this account stored a questionnaire under `clientID`.
    public func isStored(clientID: String, submittedBy: String, surveyID: Int) async throws -> Bool {
        let rows = try await db.client.query(
            """
            SELECT EXISTS (SELECT 1 FROM responses
                           WHERE survey_id = \(surveyID) AND submitted_by = \(submittedBy) AND client_id = \(clientID) AND upload_id IS NULL)
            """, logger: db.logger)
        for try await found in rows.decode(Bool.self) { return found }
        return false
    }

    /// One validated questionnaire of a batch.
    public struct BatchRow: Sendable {
        public var questionnaire: Questionnaire
        public var clientID: String
        public var surveyID: Int

        public init(questionnaire: Questionnaire, clientID: String, surveyID: Int) {
            self.questionnaire = questionnaire
            self.clientID = clientID
            self.surveyID = surveyID
        }
    }

    /// Stores many validated questionnaires of one account in one transaction: one insert of
    /// every row, then one look-up of the client ids stored before, to tell a retry (same
    /// content) from a conflict. The rows' (survey, client id) must differ from each other.
    /// Returns each row's outcome, in order.
    public func submit(_ batch: [BatchRow], submittedBy: String) async throws -> [Outcome] {
        guard !batch.isEmpty else { return [] }
        let numbers = Array(batch.indices)
        let surveys = batch.map(\.surveyID)
        let units = batch.map(\.questionnaire.unitID)
        let dates = batch.map(\.questionnaire.date.description)
        let channels = batch.map(\.questionnaire.channel.rawValue)
        let clientIDs = batch.map(\.clientID)
        let answers = batch.map { "{" + $0.questionnaire.answers.map(String.init).joined(separator: ",") + "}" }
        let profiles = batch.map { StoredJSON.text($0.questionnaire.profile) }
        let logger = db.logger
        do {
            return try await db.client.withTransaction(logger: logger) { connection in
                var outcomes = [Outcome?](repeating: nil, count: batch.count)
                let stored = try await connection.query(
                    """
                    INSERT INTO responses (survey_id, unit_id, response_date, channel, client_id, answers, profile, submitted_by)
                    SELECT s, u, d::date, c, k, a::smallint[], p::jsonb, \(submittedBy)
                    FROM unnest(\(surveys)::int[], \(units)::bigint[], \(dates)::text[], \(channels)::text[], \(clientIDs)::text[],
                                \(answers)::text[], \(profiles)::text[]) WITH ORDINALITY AS t(s, u, d, c, k, a, p, n)
                    ORDER BY n
                    ON CONFLICT (survey_id, submitted_by, client_id) WHERE client_id IS NOT NULL AND upload_id IS NULL DO NOTHING
                    RETURNING response_id, survey_id, client_id
                    """, logger: logger)
                var rowOf: [String: Int] = [:]
                for (n, row) in batch.enumerated() { rowOf["\(row.surveyID) \(row.clientID)"] = n }
                for try await (id, survey, clientID) in stored.decode((Int, Int, String).self) {
                    if let n = rowOf["\(survey) \(clientID)"] { outcomes[n] = .stored(id) }
                }
                let rest = numbers.filter { outcomes[$0] == nil }
                if !rest.isEmpty {
                    let earlier = try await connection.query(
                        """
                        SELECT t.n, r.response_id, r.unit_id = t.u AND r.response_date = t.d::date AND r.channel = t.c
                               AND r.answers = t.a::smallint[] AND r.profile = t.p::jsonb
                        FROM unnest(\(rest)::int[], \(rest.map { surveys[$0] })::int[], \(rest.map { units[$0] })::bigint[],
                                    \(rest.map { dates[$0] })::text[], \(rest.map { channels[$0] })::text[],
                                    \(rest.map { clientIDs[$0] })::text[], \(rest.map { answers[$0] })::text[],
                                    \(rest.map { profiles[$0] })::text[]) AS t(n, s, u, d, c, k, a, p)
                        JOIN responses r ON r.survey_id = t.s AND r.submitted_by = \(submittedBy) AND r.client_id = t.k
                                        AND r.client_id IS NOT NULL AND r.upload_id IS NULL
                        """, logger: logger)
                    for try await (n, id, same) in earlier.decode((Int, Int, Bool).self) {
                        outcomes[n] = same ? .duplicate(id) : .conflict(id)
                    }
                }
                return try outcomes.map {
                    guard let outcome = $0 else {
                        throw DatabaseError.conflict("the questionnaires could not be stored; send them again")
                    }
                    return outcome
                }
            }
        } catch {
            throw error.unwrappingTransaction
        }
    }

    /// Adds the counts of stored, not yet folded submissions to `submission_vectors` and marks
    /// them folded, `batch` at a time, each batch in one transaction. Several folds at once
    /// take different rows. Returns how many were folded.
    @discardableResult
    public func fold(batch: Int = 5000) async throws -> Int {
        var total = 0
        while true {
            let n = try await foldBatch(batch)
            total += n
            if n < batch { return total }
        }
    }

    private func foldBatch(_ batch: Int) async throws -> Int {
        let logger = db.logger
        do {
            return try await db.client.withTransaction(logger: logger) { connection in
                let rows = try await connection.query(
                    """
                    SELECT response_id, survey_id, unit_id, date_trunc('month', response_date)::date::text, channel,
                           flag IS NOT NULL, answers
                    FROM responses WHERE upload_id IS NULL AND NOT folded
                    ORDER BY response_id LIMIT \(batch) FOR UPDATE SKIP LOCKED
                    """, logger: logger)
                struct Key: Hashable {
                    var survey: Int
                    var unit: Int
                    var month: String
                    var channel: String
                    var flagged: Bool
                }
                var ids: [Int] = []
                var counters: [Int: AnswerCounter] = [:]
                var vectors: [Key: [Int64]] = [:]
                var pending: [(Key, [Int16])] = []
                for try await (id, survey, unit, month, channel, flagged, answers) in rows.decode(
                    (Int, Int, Int, String, String, Bool, [Int16]).self)
                {
                    ids.append(id)
                    pending.append((Key(survey: survey, unit: unit, month: month, channel: channel, flagged: flagged), answers))
                }
                guard !ids.isEmpty else { return 0 }
                for (key, answers) in pending {
                    if counters[key.survey] == nil {
                        let layout = try await UploadStore.slotLayout(surveyID: key.survey, on: connection, logger: logger)
                        counters[key.survey] = try await Self.counter(surveyID: key.survey, layout: layout, on: connection, logger: logger)
                    }
                    let counter = counters[key.survey]!
                    counter.add(answers, into: &vectors[key, default: counter.zero])
                }
                // In one order everywhere, so that folds running at once never deadlock.
                let keys = vectors.keys.sorted {
                    ($0.survey, $0.month, $0.unit, $0.channel, $0.flagged ? 1 : 0) < (
                        $1.survey, $1.month, $1.unit, $1.channel, $1.flagged ? 1 : 0
                    )
                }
                for key in keys {
                    let counts = vectors[key]!
                    try await connection.query(
                        """
                        INSERT INTO submission_vectors AS sv (survey_id, unit_id, period_start, channel, flagged, counts)
                        VALUES (\(key.survey), \(key.unit), \(key.month)::date, \(key.channel), \(key.flagged), \(counts))
                        ON CONFLICT (survey_id, period_start, unit_id, channel, flagged)
                        DO UPDATE SET counts = sipas_add_counts(sv.counts, EXCLUDED.counts)
                        """, logger: logger)
                }
                try await connection.query("UPDATE responses SET folded = true WHERE response_id = ANY(\(ids))", logger: logger)
                return ids.count
            }
        } catch {
            throw error.unwrappingTransaction
        }
    }

    /// How a survey's stored answers are counted into its stored slot layout.
    static func counter(surveyID: Int, layout: SlotLayout, on connection: PostgresConnection, logger: Logger) async throws -> AnswerCounter
    {
        let rows = try await connection.query("SELECT definition::text FROM surveys WHERE survey_id = \(surveyID)", logger: logger)
        var survey: Survey?
        for try await json in rows.decode(String.self) { survey = try JSONDecoder().decode(Survey.self, from: Data(json.utf8)) }
        guard let survey else { throw DatabaseError.notFound("there is no survey #\(surveyID)") }
        return try AnswerCounter(survey: survey, layout: layout)
    }

    /// The number of stored submissions (responses without an upload) of a survey.
    public func count(surveyID: Int) async throws -> Int {
        let rows = try await db.client.query(
            "SELECT count(*)::bigint FROM responses WHERE survey_id = \(surveyID) AND upload_id IS NULL", logger: db.logger)
        for try await n in rows.decode(Int.self) { return n }
        return 0
    }
}
