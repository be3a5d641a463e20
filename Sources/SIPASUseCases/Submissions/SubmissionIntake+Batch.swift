import Foundation
import SIPASCore
import SIPASStore

extension SubmissionIntake {
    /// What became of one item of a batch.
    public struct BatchItem: Sendable {
        public enum Outcome: Sendable {
            /// Stored now, with its response id.
            case stored(Int)
            /// Stored before (or earlier in this batch) with the same content: its response id.
            case duplicate(Int)
            /// The account used its client id for another questionnaire: the stored one's id.
            case conflict(Int)
            /// Not stored: why (`SubmissionError`, `FileProblems`, `AccessDenied`, or
            /// `DatabaseError.notFound` for a survey that is not stored).
            case refused(any Error)
        }

        public var index: Int
        public var clientID: String?
        public var outcome: Outcome
    }

    /// Reads, checks and stores a batch (`SubmissionBatch`): each item checked like a single
    /// submission and refused alone; the valid ones stored in one transaction. A client id
    /// repeated in the batch is a retry when its content is the same, a conflict otherwise.
    /// Throws `SubmissionError` when the body as a whole cannot be read.
    public func submitBatch(_ body: Data, format: SubmissionBatch.Format, user: AuthUser) async throws -> [BatchItem] {
        try AccessPolicy.requireSubmit(user)
        let items = try SubmissionBatch.decode(body, format: format)
        let today = today()
        var results: [BatchItem] = []
        results.reserveCapacity(items.count)
        struct Key: Hashable {
            var survey: Int
            var clientID: String
        }
        // The first valid item of each client id is stored; a later one follows it.
        var first: [Key: (result: Int, row: Int, questionnaire: Questionnaire)] = [:]
        var rows: [SubmissionStore.BatchRow] = []
        var followers: [(result: Int, first: Int, same: Bool)] = []
        for item in items {
            // Each item's outcome is set below: here, on reading or checking it, or from the store.
            results.append(BatchItem(index: item.index, clientID: item.clientID, outcome: .refused(SubmissionError.notJSON)))
            let submission: Submission
            switch item.submission {
            case .success(let read): submission = read
            case .failure(let error):
                results[results.count - 1].outcome = .refused(error)
                continue
            }
            do {
                let (questionnaire, surveyID) = try await check(submission, user: user, today: today)
                let key = Key(survey: surveyID, clientID: submission.clientID)
                if let earlier = first[key] {
                    followers.append((results.count - 1, earlier.result, earlier.questionnaire == questionnaire))
                } else {
                    first[key] = (results.count - 1, rows.count, questionnaire)
                    rows.append(.init(questionnaire: questionnaire, clientID: submission.clientID, surveyID: surveyID))
                }
            } catch let error where Self.refusesItem(error) {
                results[results.count - 1].outcome = .refused(error)
            }
        }
        let outcomes = try await SubmissionStore(db).submit(rows, submittedBy: user.username)
        for entry in first.values {
            switch outcomes[entry.row] {
            case .stored(let id): results[entry.result].outcome = .stored(id)
            case .duplicate(let id): results[entry.result].outcome = .duplicate(id)
            case .conflict(let id): results[entry.result].outcome = .conflict(id)
            }
        }
        for follower in followers {
            switch results[follower.first].outcome {
            case .stored(let id), .duplicate(let id): results[follower.result].outcome = follower.same ? .duplicate(id) : .conflict(id)
            case .conflict(let id): results[follower.result].outcome = .conflict(id)
            case .refused: break
            }
        }
        return results
    }

    /// The errors that refuse one item of a batch; any other stops the batch.
    static func refusesItem(_ error: any Error) -> Bool {
        switch error {
        case is SubmissionError, is FileProblems, is AccessDenied: true
        case let error as DatabaseError:
            if case .notFound = error { true } else { false }
        default: false
        }
    }
}
