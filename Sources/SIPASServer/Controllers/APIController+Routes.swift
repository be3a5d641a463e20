import Hummingbird
import SIPASCore
import SIPASFiles
import SIPASStore
import SIPASUseCases

extension APIController {
    typealias Operation = OpenAPIOperation
    typealias Parameter = OpenAPIOperation.Parameter
    typealias Reply = OpenAPIOperation.Reply
    typealias Content = OpenAPIOperation.Content
    typealias S = JSONSchema

    /// Every route of the API, health, metrics and the OpenAPI document: what the router serves
    /// and what `/openapi.json` describes (with `WebController.operations`).
    static let routes: [APIRoute] = service + data + reports

    static let service: [APIRoute] = [
        APIRoute(
            .get, "/healthz",
            Operation(
                id: "health", summary: "Liveness: the service and its database answer", tag: "service", access: .open,
                replies: [
                    Reply(status: 200, description: "the database answers", content: [json(S.ref("Health"))]),
                    Reply(
                        status: 503, description: "the database does not answer", content: [json(S.ref("Health"))],
                        headers: [retryAfter]),
                ], usesDatabase: false),
            APIController.health),
        APIRoute(
            .get, "/metrics",
            Operation(
                id: "metrics", summary: "Prometheus metrics", tag: "service", access: .open,
                replies: [
                    Reply(
                        status: 200, description: "the metrics in Prometheus's text format",
                        content: [Content(mediaType: "text/plain", schema: S.string)])
                ],
                usesDatabase: false),
            APIController.metrics),
        APIRoute(
            .get, "/openapi.json",
            Operation(
                id: "openapi-json", summary: "This document (OpenAPI 3.1), as JSON", tag: "service", access: .open,
                replies: [
                    Reply(
                        status: 200, description: "the document",
                        content: [Content(mediaType: "application/json", schema: ["type": "object"])])
                ],
                usesDatabase: false),
            APIController.openAPIJSON),
        APIRoute(
            .get, "/openapi.yaml",
            Operation(
                id: "openapi-yaml", summary: "This document (OpenAPI 3.1), as YAML", tag: "service", access: .open,
                replies: [
                    Reply(
                        status: 200, description: "the document",
                        content: [Content(mediaType: "application/yaml", schema: ["type": "object"])])
                ],
                usesDatabase: false),
            APIController.openAPIYAML),
    ]

    static let data: [APIRoute] = [
        APIRoute(
            .get, "/api/surveys",
            Operation(
                id: "list-surveys", summary: "The stored survey versions", tag: "surveys",
                replies: [Reply(status: 200, description: "every stored version", content: [json(S.array(S.ref("SurveySummary")))])]),
            APIController.surveys),
        APIRoute(
            .get, "/api/surveys/{code}",
            Operation(
                id: "get-survey", summary: "One survey definition: the latest version, or `version`", tag: "surveys",
                parameters: [
                    .path("code", S.text, "the survey's code", example: "sipas-2017"),
                    .query("version", ["type": "integer", "minimum": 1, "maximum": .int(Int(Int32.max))], "a stored version"),
                ],
                replies: [Reply(status: 200, description: "the survey", content: [json(S.ref("Survey"))])],
                problems: [.invalidParameter, .notFound]),
            APIController.survey),
        APIRoute(
            .get, "/api/units", unitsOperation(id: "list-units", summary: "The units valid on a date", schema: "Unit"), APIController.units),
        APIRoute(
            .get, "/api/units/tree",
            unitsOperation(id: "unit-tree", summary: "The units valid on a date, as a tree", schema: "UnitNode"), APIController.unitTree),
        APIRoute(
            .get, "/api/templates/tallies",
            Operation(
                id: "tally-template", summary: "A blank tally sheet for units and a month or quarter", tag: "uploads",
                parameters: templateParameters, replies: [Reply(status: 200, description: "the sheet", content: [xlsx, csv])],
                problems: [.invalidParameter, .notFound]),
            APIController.tallyTemplate),
        APIRoute(
            .get, "/api/uploads",
            Operation(
                id: "list-uploads", summary: "Uploads, newest first (an uploader's: those of its area)", tag: "uploads",
                replies: [Reply(status: 200, description: "the uploads", content: [json(S.array(S.ref("Upload")))])]),
            APIController.uploads),
        APIRoute(
            .get, "/api/uploads/{id}",
            Operation(
                id: "get-upload", summary: "One upload with the units and periods it covers", tag: "uploads", parameters: [uploadID],
                replies: [Reply(status: 200, description: "the upload", content: [json(S.ref("Upload"))])],
                problems: [.invalidParameter, .notFound]),
            APIController.upload),
        APIRoute(.post, "/api/uploads", createUploadOperation, APIController.createUpload),
        APIRoute(
            .post, "/api/uploads/{id}/revert",
            Operation(
                id: "revert-upload", summary: "Brings a superseded upload back (analysts, admins)", tag: "uploads", parameters: [uploadID],
                replies: [Reply(status: 200, description: "the upload brought back", content: [json(S.ref("Upload"))])],
                problems: [.invalidParameter, .notFound, .conflict]),
            APIController.revert),
        APIRoute(
            .post, "/api/submissions",
            Operation(
                id: "submit", summary: "One questionnaire from a kiosk or the portal",
                description:
                    "A retry with the same client_id and content is answered 200 and counted once; the same client_id with other content is refused (409, `submission-conflict`). A date after tomorrow or before the submission window (by default this month and the last) is refused (422, `field` date). Each token may send a limited number a minute (`sipas serve --submission-rate`): beyond it 429 with `Retry-After`, nothing stored.",
                tag: "submissions", body: [json(S.ref("Submission"))],
                replies: [
                    Reply(status: 201, description: "stored", content: [json(S.ref("SubmissionReceipt"))]),
                    Reply(status: 200, description: "already stored (a retry)", content: [json(S.ref("SubmissionReceipt"))]),
                ],
                problems: [
                    .invalidBody, .invalidContent, .notFound, .submissionConflict, .tooLarge, .unsupportedMediaType, .tooManyRequests,
                ]),
            APIController.submit),
        APIRoute(
            .post, "/api/submissions/batch",
            Operation(
                id: "submit-batch", summary: "Many questionnaires at once (a kiosk flushing its queue)",
                description:
                    "A JSON array of questionnaires, each as the body of `POST /api/submissions`, or JSON lines (`application/x-ndjson` or `application/jsonl`, one questionnaire a line, blank lines skipped); at most \(SubmissionBatch.maxItems) questionnaires and \(SubmissionBatch.maxBytes >> 20) MB (413 beyond). Each is checked like a single one and refused alone (its `problem`, as the single operation would answer it); the others are stored in one transaction. A client_id this account stored before, or sent earlier in the batch, is `already_stored` with the same content and refused (`submission-conflict`) with other content. The batch counts as one request against the token's rate (429 with `Retry-After`, nothing stored).",
                tag: "submissions",
                body: [
                    json(S.ref("SubmissionBatch")), Content(mediaType: "application/x-ndjson", schema: S.string),
                    Content(mediaType: "application/jsonl", schema: S.string),
                ],
                replies: [
                    Reply(status: 200, description: "what became of each questionnaire", content: [json(S.ref("SubmissionBatchReceipt"))])
                ],
                problems: [.invalidBody, .tooLarge, .unsupportedMediaType, .tooManyRequests]),
            APIController.submitBatch),
        APIRoute(
            .get, "/api/exports/{what}",
            Operation(
                id: "export", summary: "Stored data as CSV or JSON lines (the CSV's values as strings), streamed", tag: "exports",
                parameters: [
                    .path("what", S.oneOf(ExportKind.allCases.map(\.rawValue)), "what to export", example: "counts"),
                    surveyParameter, .query("period", OpenAPISchemas.period, "the period", required: true, example: "2021-03"),
                    .query("format", S.oneOf(ExportRowWriter.Format.allCases.map(\.rawValue)), "csv (the default) or JSON lines"),
                ],
                replies: [
                    Reply(
                        status: 200, description: "the rows",
                        content: [csv, Content(mediaType: "application/x-ndjson", schema: S.string)], headers: [contentDisposition])
                ],
                problems: [.invalidParameter, .notFound]),
            APIController.export),
        APIRoute(
            .get, "/api/audit",
            Operation(
                id: "audit", summary: "The audit trail (admins)", tag: "audit",
                parameters: [
                    .query("since", S.dateTime, "events at or after this time"),
                    .query("user", S.anyText, "events of this account only"),
                ],
                replies: [Reply(status: 200, description: "the events, oldest first", content: [json(S.array(S.ref("AuditEvent")))])],
                problems: [.invalidParameter]),
            APIController.audit),
    ]

    static let reports: [APIRoute] = [
        APIRoute(.get, "/api/reports", reportOperation(comparison: false), APIController.report(_:context:)),
        APIRoute(.get, "/api/compare", reportOperation(comparison: true), APIController.compare(_:context:)),
        APIRoute(
            .get, "/api/monthly-reports",
            Operation(
                id: "list-monthly-reports", summary: "The kept monthly reports (not for uploaders)", tag: "reports",
                replies: [Reply(status: 200, description: "the kept reports", content: [json(S.array(S.ref("KeptReport")))])]),
            APIController.monthlyReports),
        APIRoute(
            .get, "/api/monthly-reports/{id}",
            Operation(
                id: "get-monthly-report", summary: "One kept monthly report (not for uploaders)", tag: "reports",
                parameters: [
                    .path("id", S.id, "the kept report's id", example: 1),
                    .query("part", S.oneOf(MonthlyReportStore.Part.allCases.map(\.rawValue)), "json (the default), html or xlsx"),
                ],
                replies: [Reply(status: 200, description: "the report", content: [json(S.ref("Report")), html, xlsx])],
                problems: [.invalidParameter, .notFound]),
            APIController.monthlyReport),
    ]

    // MARK: Parts shared by the operations

    static func json(_ schema: JSONValue) -> Content { Content(mediaType: "application/json", schema: schema) }
    static let html = Content(mediaType: "text/html", schema: S.string)
    static let csv = Content(mediaType: "text/csv", schema: S.string)
    static let xlsx = Content(mediaType: Download.xlsxType, schema: S.binary)
    static let retryAfter = OpenAPIOperation.Header(name: "Retry-After", schema: S.integer, description: "seconds to wait")
    static let contentDisposition = OpenAPIOperation.Header(
        name: "Content-Disposition", schema: S.string, description: "attachment with the file's name", required: false)

    static let surveyParameter = Parameter.query("survey", S.text, "the survey's code", required: true, example: "sipas-2017")
    static let uploadID = Parameter.path("id", S.id, "the upload's id", example: 1)

    static var templateParameters: [Parameter] {
        [
            surveyParameter,
            .query(
                "unit", ["type": "string", "pattern": "^[^\\u0000]*[^\\u0000\\s,][^\\u0000]*$"],
                "unit codes (or exact names), separated by commas", required: true, example: "18073"),
            .query("period", OpenAPISchemas.monthOrQuarter, "the month or quarter", required: true, example: "2021-03"),
            .query("children", S.flag, "true: a block for each unit directly below each unit too"),
            .query("format", S.oneOf(TemplateService.FileType.allCases.map(\.rawValue)), "xlsx (the default) or csv"),
        ]
    }

    static func unitsOperation(id: String, summary: String, schema: String) -> Operation {
        Operation(
            id: id, summary: summary, tag: "units",
            parameters: [
                .query("on", S.date, "the date (default: today)", example: "2021-03-01"),
                .query("level", OpenAPISchemas.level, "only the units of this level"),
            ],
            replies: [Reply(status: 200, description: "the units", content: [json(S.array(S.ref(schema)))])], problems: [.invalidParameter])
    }

    static var createUploadOperation: Operation {
        let kind = S.oneOf(UploadStore.Kind.allCases.map(\.rawValue))
        let file = S.binary
        return Operation(
            id: "create-upload", summary: "Imports a tally or questionnaire file",
            description:
                "The file is the raw body (its name in `name`), or the part `file` of a multipart/form-data body whose fields may also carry kind, survey, replace and check. It is validated like `sipas import`: every problem with its line and column (422), a conflict with data already stored (409) unless replace=true supersedes it, nothing written on any problem. The same file again is answered 200 with the earlier upload.",
            tag: "uploads",
            parameters: [
                .query("kind", kind, "tallies or responses (questionnaires)", required: true, example: "tallies"),
                surveyParameter,
                .query("name", S.anyText, "the file's name (raw body)"),
                .query("replace", S.flag, "true: supersede the uploads holding the same units and periods"),
                .query("check", S.flag, "true: validate only, write nothing"),
            ],
            body: [
                Content(mediaType: "text/csv", schema: file), Content(mediaType: "application/octet-stream", schema: file),
                Content(mediaType: Download.xlsxType, schema: file),
                Content(
                    mediaType: "multipart/form-data",
                    schema: S.object(
                        [
                            ("file", file), ("kind", kind), ("survey", S.text), ("replace", S.flag), ("check", S.flag),
                        ], required: ["file"])),
            ],
            replies: [
                Reply(status: 201, description: "imported", content: [json(S.ref("Upload"))]),
                Reply(
                    status: 200, description: "already imported (the earlier upload), or valid (check=true)",
                    content: [json(["oneOf": [S.ref("Upload"), S.ref("UploadCheck")]])]),
            ],
            problems: [.invalidParameter, .invalidBody, .invalidContent, .notFound, .conflict, .tooLarge])
    }

    static func reportOperation(comparison: Bool) -> Operation {
        var parameters: [Parameter] = [
            surveyParameter, .query("period", OpenAPISchemas.period, "the period", required: true, example: "2021-03"),
            .query("units", S.anyText, "unit codes separated by commas (an uploader: of its area)", example: "18073"),
            .query(
                "scope", S.oneOf(ReportService.Scope.allCases.map(\.rawValue)), "self: each unit's own data; area: with the units below it"),
            .query(
                "boundaries", ["anyOf": [S.oneOf(["as-reported", "current"]), S.date]],
                "as-reported (the default), current, or the units of a date YYYY-MM-DD"),
            .query("level", OpenAPISchemas.level, comparison ? "the level compared (default district)" : "only the units of this level"),
            .query("format", S.oneOf(ReportFormat.allCases.map(\.rawValue)), "json (the default), text, html, xlsx, csv, docx or pdf"),
            .query("table", S.oneOf(ReportTables.names), "with format=csv: the table (default units)"),
            .query("by_channel", S.flag, "true: each unit's index per channel (paper, kiosk, web, phone, post) and whether they differ"),
            .query(
                "exclude_flagged", S.flag,
                "true: leave out the public answers flagged as posted too fast or in a burst, and say how many (excluded_flagged)"),
        ]
        if comparison { parameters[2].description = "the units compared (an uploader must name units of its area)" }
        return Operation(
            id: comparison ? "compare" : "report",
            summary: comparison
                ? "Units of a level (districts) compared with the province" : "A report: indices, intervals, verdicts, rankings",
            tag: "reports", parameters: parameters,
            replies: [
                Reply(
                    status: 200, description: "the report in the format asked for",
                    content: [
                        json(S.ref("Report")), Content(mediaType: "text/plain", schema: S.string), html, xlsx, csv,
                        Content(mediaType: Download.docxType, schema: S.binary), Content(mediaType: Download.pdfType, schema: S.binary),
                    ], headers: [contentDisposition])
            ],
            problems: [.invalidParameter, .notFound])
    }
}
