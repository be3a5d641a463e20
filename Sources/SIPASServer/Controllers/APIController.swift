import Foundation
import Hummingbird
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASUseCases

/// The JSON API: surveys, units, uploads (with the same validation as the CLI), reports.
/// Every route is listed in `routes` so that the OpenAPI document can be checked against it.
struct APIController {
    let db: Database
    let configuration: ServerConfiguration
    let submissions: SubmissionIntake

    init(db: Database, configuration: ServerConfiguration) {
        self.db = db
        self.configuration = configuration
        submissions = SubmissionIntake(db: db, cache: ReferenceCache())
    }

    var maxUploadBytes: Int { configuration.maxUploadBytes }

    /// Method and path template of every API route.
    static let routes: [(method: String, path: String, summary: String)] =
        [
            ("GET", "/healthz", "Liveness: the service and its database answer"),
            ("GET", "/metrics", "Prometheus metrics"),
            ("GET", "/openapi.json", "This API's OpenAPI 3 document"),
            ("GET", "/api/surveys", "List stored survey versions"),
            ("GET", "/api/surveys/{code}", "One survey definition (latest version, or ?version=N)"),
            ("GET", "/api/units", "Units valid on a date (?on=YYYY-MM-DD&level=…)"),
            ("GET", "/api/units/tree", "The units valid on a date as a tree (?on=YYYY-MM-DD)"),
            (
                "GET", "/api/templates/tallies",
                "A blank tally sheet (?survey=S&unit=A[,B]&period=YYYY-MM[&children=true][&format=xlsx|csv])"
            ),
            ("GET", "/api/uploads", "Uploads, newest first"),
            ("GET", "/api/uploads/{id}", "One upload with the units and periods it covers"),
            (
                "POST", "/api/uploads",
                "Import a tally or questionnaire file: the raw body with ?kind=tallies|responses&survey=S&name=FILE, or multipart/form-data with the fields kind, survey, replace, check and the file in `file` ([&replace=true] supersedes, [&check=true] validates only)"
            ),
            ("POST", "/api/uploads/{id}/revert", "Bring a superseded upload back"),
            (
                "POST", "/api/submissions",
                "One questionnaire from a kiosk or portal, JSON {client_id, survey, unit, date, channel, answers{item: option}}; a retry of the same client_id is answered 200 and never counted twice"
            ),
            (
                "GET", "/api/reports",
                "A report (?survey=S&period=P[&level=L][&units=A,B][&scope=self|area][&boundaries=…][&format=json|html|xlsx|csv][&table=T])"
            ),
            ("GET", "/api/compare", "Districts compared with the province (?survey=S&period=P[&units=A,B][&format=json|html|xlsx|csv])"),
            (
                "GET", "/api/exports/{what}",
                "Stored data as CSV or JSON lines: what = responses, tallies or counts (?survey=S&period=P[&format=csv|jsonl])"
            ),
            ("GET", "/api/monthly-reports", "Kept monthly reports"),
            ("GET", "/api/monthly-reports/{id}", "One kept monthly report (?part=json|html|xlsx)"),
            ("GET", "/api/audit", "The audit trail (admins; ?since=ISO-8601&user=NAME)"),
        ] + WebController.routes

    func register(on router: Router<AppContext>) {
        router.get("/api/surveys", use: surveys)
        router.get("/api/surveys/:code", use: survey)
        router.get("/api/units", use: units)
        router.get("/api/units/tree", use: unitTree)
        router.get("/api/templates/tallies", use: tallyTemplate)
        router.get("/api/uploads", use: uploads)
        router.get("/api/uploads/:id", use: upload)
        router.post("/api/uploads", use: createUpload)
        router.post("/api/uploads/:id/revert", use: revert)
        router.post("/api/submissions", use: submit)
        router.get("/api/reports", use: report)
        router.get("/api/compare", use: compare)
        router.get("/api/exports/:what", use: export)
        router.get("/api/monthly-reports", use: monthlyReports)
        router.get("/api/monthly-reports/:id", use: monthlyReport)
        router.get("/api/audit", use: audit)
    }
}
