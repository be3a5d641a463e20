import ArgumentParser
import Foundation
import SIPASCore
import SIPASUseCases

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The audit trail: every write (imports, supersedes, reverts, units, surveys, accounts, tokens), oldest first.")
    @Option(help: "Only events since this day (YYYY-MM-DD).") var since: String?
    @Option(help: "Only events of this account (e.g. cli:root, clerk-namha).") var user: String?
    @Option(help: "At most this many events.") var limit = 1000

    func validate() throws {
        if let since, VietnamTime.startOfDay(since) == nil { throw ValidationError("--since \(since) is not a date YYYY-MM-DD") }
    }

    func run() async throws {
        let (since, user, limit) = (since.flatMap(VietnamTime.startOfDay), user, limit)
        let events = try await CommandContext().withDatabase { db in
            try await AuditTrail(db).events(since: since, actor: user, limit: limit)
        }
        print(
            table(
                [["#", "Lúc", "Người thực hiện", "Hành động", "Đối tượng", "Chi tiết"]]
                    + events.map {
                        [
                            "\($0.id)", VietnamTime.minutes($0.occurredAt), $0.actor, $0.action, "\($0.objectType) \($0.objectID)",
                            $0.details,
                        ]
                    }))
    }
}
