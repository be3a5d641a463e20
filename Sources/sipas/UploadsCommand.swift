import ArgumentParser
import Foundation
import SIPASCore
import SIPASUseCases

struct UploadsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uploads",
        abstract: "The imported files: list them, show one, bring back a superseded one; who has not sent data.",
        subcommands: [List.self, Show.self, Revert.self, Missing.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List uploads, newest first.")
        @Option(help: "How many.") var limit = 50

        func run() async throws {
            let limit = limit
            let uploads = try await CommandContext().withDatabase { db in try await UploadHistory(db).list(limit: limit) }
            if uploads.isEmpty {
                print("Chưa có tệp nào được nhập. (`sipas import tallies FILE --survey sipas-2017`)")
                return
            }
            print(
                table(
                    [["#", "Loại", "Phiếu", "Tệp", "Trạng thái", "Dòng", "Số phiếu", "Đơn vị", "Người nhập", "Lúc"]]
                        + uploads.map {
                            [
                                "\($0.id)", $0.kind.rawValue, "\($0.surveyCode) v\($0.surveyVersion)", $0.fileName,
                                $0.status == .active ? "active" : "superseded by \($0.supersededBy.map(String.init) ?? "?")",
                                "\($0.rowCount)", "\($0.questionnaires)", "\($0.unitCount)", $0.uploadedBy,
                                VietnamTime.minutes($0.uploadedAt),
                            ]
                        }))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one upload: its file, status and the units and periods it covers.")
        @Argument(help: "The upload number.") var id: Int

        func run() async throws {
            let id = id
            let (upload, scopes) = try await CommandContext().withDatabase { db in try await UploadHistory(db).show(id) }
            print(
                """
                Upload \(upload.id): \(upload.kind.rawValue) of \(upload.surveyCode) v\(upload.surveyVersion)
                File: \(upload.fileName) (SHA-256 \(upload.sha256))
                Imported by \(upload.uploadedBy) at \(VietnamTime.minutes(upload.uploadedAt))
                Status: \(upload.status.rawValue)\(upload.supersededBy.map { " by upload \($0)" } ?? "")\(upload.supersedes.isEmpty ? "" : "; supersedes \(upload.supersedes.map(String.init).joined(separator: ", "))")
                Rows: \(upload.rowCount); questionnaires: \(upload.questionnaires); units: \(upload.unitCount)
                """)
            print(
                table(
                    [["Đơn vị", "Kỳ", "Số phiếu"]]
                        + scopes.map { ["\($0.unitCode) \($0.unitName)", $0.period.description, "\($0.questionnaires)"] }))
        }
    }

    struct Revert: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring back a superseded upload; the uploads that replaced it are superseded in turn.")
        @Argument(help: "The upload number.") var id: Int

        func run() async throws {
            let context = CommandContext()
            let (id, actor) = (id, context.actor)
            let (restored, superseded) = try await context.withDatabase { db in try await UploadHistory(db).revert(id, actor: actor) }
            print(
                "Upload \(restored.id) (\(restored.fileName)) is active again."
                    + (superseded.isEmpty
                        ? "" : " Superseded: " + superseded.map { "upload \($0.id) (\($0.fileName))" }.joined(separator: ", ") + "."))
        }
    }
}
