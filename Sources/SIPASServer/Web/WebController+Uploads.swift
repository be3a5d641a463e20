import Foundation
import Hummingbird
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASUseCases

/// The upload form, the tally template, my uploads and one upload.
extension WebController {
    // MARK: Uploads

    func uploadForm(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        try AccessPolicy.requireImport(user)
        return try await uploadPage(context, user: user, extra: [:], status: .ok)
    }

    func uploadPage(_ context: AppContext, user: AuthUser, extra: [String: Any], status: HTTPResponse.Status) async throws -> Response {
        var object: [String: Any] = [
            "surveys": try await surveyOptions(selected: extra["survey"] as? String), "maxMB": configuration.maxUploadBytes / 1_048_576,
            "defaultUnit": user.unitCode ?? "", "defaultPeriod": Self.previousMonth().description, "isTallies": true,
        ]
        object.merge(extra) { $1 }
        return page(context, title: "Tải lên", template: "upload", object, status: status)
    }

    /// The form's body is received to disk once as it streams (`ReceivedUpload`); the file is
    /// imported in the import gate (beyond it: 503 with Retry-After).
    func upload(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        try AccessPolicy.requireImport(user)
        return try await ReceivedUpload.receive(
            request, in: configuration.uploadFolder, maxBytes: configuration.maxUploadBytes, rawName: nil
        ) { form in
            try checkCSRF(form.fields, context)
            return try await importUpload(form, context: context, user: user)
        }
    }

    private func importUpload(_ form: ReceivedUpload, context: AppContext, user: AuthUser) async throws -> Response {
        guard let kind = UploadStore.Kind(rawValue: form.fields["kind"] ?? "") else {
            throw HTTPError(.badRequest, message: "Loại tệp phải là tallies hoặc responses.")
        }
        let survey = form.fields["survey"] ?? ""
        guard let file = form.file, file.byteCount > 0 else {
            return try await uploadPage(
                context, user: user,
                extra: ["error": "Chưa chọn tệp, hoặc tệp rỗng.", "fileName": form.file?.name ?? "", "survey": survey],
                status: .badRequest)
        }
        let name = file.name
        let common: [String: Any] = ["fileName": name, "survey": survey, "isTallies": kind == .tallies]
        do {
            let intake = UploadIntake(db: db, maxBytes: configuration.maxUploadBytes)
            let replace = form.fields["replace"] == "true"
            let result = try await configuration.imports.run {
                try await intake.run(kind: kind, survey: survey, fileName: name, file: file.url, replace: replace, check: false, user: user)
            }
            switch result {
            case .imported(let upload, _): return Self.redirect("/uploads/\(upload.id)?new=1")
            case .alreadyImported(let upload): return Self.redirect("/uploads/\(upload.id)?already=1")
            case .checked: return Self.redirect("/uploads")
            }
        } catch let problems as FileProblems {
            let shown = problems.problems.prefix(200).map { $0.remedy == nil ? $0 : WebWording.problem($0) }
            try await UploadRejectionStore(db).record(
                userID: user.id, kind: kind.rawValue, surveyCode: survey, fileName: name, sha256: try FileDigest.sha256(of: file.url),
                byteCount: file.byteCount, problems: shown, problemCount: problems.problems.count)
            var object = common
            object.merge(Self.problemRows(shown, total: problems.problems.count)) { $1 }
            object["hasProblems"] = true
            object["problemCount"] = problems.problems.count
            return try await uploadPage(context, user: user, extra: object, status: .unprocessableContent)
        } catch let error as UploadError {
            return try await uploadPage(
                context, user: user, extra: common.merging(["error": WebWording.refusal(error)]) { $1 }, status: .conflict)
        } catch let error as AccessDenied {
            return try await uploadPage(context, user: user, extra: common.merging(["error": error.message]) { $1 }, status: .forbidden)
        } catch let error as DatabaseError {
            if case .unreachable = error { throw error }
            return try await uploadPage(
                context, user: user, extra: common.merging(["error": error.description]) { $1 }, status: .badRequest)
        }
    }

    static func problemRows(_ problems: [FileProblem], total: Int) -> [String: Any] {
        [
            "problems": problems.map { problem -> [String: Any] in
                var row: [String: Any] = [
                    "line": problem.line.map(String.init) ?? "—", "column": problem.column ?? "—", "message": problem.message,
                ]
                if let vietnamese = ProblemText.vietnamese(problem.message) {
                    row["message"] = vietnamese
                    row["original"] = problem.message
                }
                return row
            },
            "more": total - problems.count, "hasMore": total > problems.count,
        ]
    }

    func template(_ request: Request, context: AppContext) async throws -> Response {
        try await TallyTemplateRequest.response(request, user: try user(context), db: db)
    }

    static func statusLabel(_ status: UploadStore.Status) -> String { status == .active ? "đang dùng" : "đã thay thế" }

    func uploads(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        let all = try await AccessPolicy.visibleUploads(user, db: db)
        let rejections = try await UploadRejectionStore(db).list(userID: user.id)
        return page(
            context, title: "Các tệp đã tải lên", template: "uploads",
            [
                "uploads": all.map {
                    [
                        "id": $0.id, "fileName": $0.fileName, "kind": $0.kind.rawValue, "survey": $0.surveyCode, "by": $0.uploadedBy,
                        "at": VietnamTime.minutes($0.uploadedAt), "questionnaires": $0.questionnaires, "status": $0.status.rawValue,
                        "statusLabel": Self.statusLabel($0.status),
                    ] as [String: Any]
                },
                "hasRejections": !rejections.isEmpty,
                "rejections": rejections.map { r -> [String: Any] in
                    var row: [String: Any] = [
                        "fileName": r.fileName, "kind": r.kind, "survey": r.surveyCode, "at": VietnamTime.minutes(r.rejectedAt),
                        "problemCount": r.problemCount,
                    ]
                    row.merge(Self.problemRows(r.problems, total: r.problemCount)) { $1 }
                    return row
                },
            ])
    }

    func uploadDetail(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        guard let id = context.parameters.get("id", as: Int.self) else { throw HTTPError(.notFound, message: "Không có tệp này.") }
        let (upload, scopes) = try await AccessPolicy.upload(id, user: user, db: db, denied: "Tệp số \(id) không thuộc đơn vị của bạn.")
        let query = request.uri.queryParameters
        return page(
            context, title: "Tệp số \(id)", template: "upload-detail",
            [
                "id": upload.id, "fileName": upload.fileName, "kind": upload.kind.rawValue, "survey": upload.surveyCode,
                "surveyVersion": upload.surveyVersion,
                "statusLabel": Self.statusLabel(upload.status), "by": upload.uploadedBy, "at": VietnamTime.minutes(upload.uploadedAt),
                "shortHash": String(upload.sha256.prefix(16)) + "…", "questionnaires": upload.questionnaires, "units": upload.unitCount,
                "supersedes": upload.supersedes.map(String.init).joined(separator: ", "),
                "isNew": query["new"] == "1", "isAlready": query["already"] == "1",
                "canRevert": upload.status == .superseded && (user.role == .admin || user.role == .analyst),
                "scopes": scopes.map {
                    ["unit": $0.unitCode, "name": $0.unitName, "period": $0.period.description, "questionnaires": $0.questionnaires]
                        as [String: Any]
                },
            ])
    }

    func revert(_ request: Request, context: AppContext) async throws -> Response {
        let user = try user(context)
        _ = try await form(request, context)
        try AccessPolicy.requireAnalyst(user, "revert uploads")
        guard let id = context.parameters.get("id", as: Int.self) else { throw HTTPError(.notFound) }
        _ = try await UploadStore(db).revert(id, actor: user.username)
        return Self.redirect("/uploads/\(id)")
    }
}
