import SIPASCore
import SIPASStore
import SIPASUseCases

/// The schemas of the OpenAPI document's `components`: every JSON answer of the API and the
/// submission body (the report's come from `Schema/report.schema.json`, see `OpenAPIDocument`).
enum OpenAPISchemas {
    typealias S = JSONSchema

    static let period = S.string(
        pattern: "^(19|[2-9][0-9])[0-9]{2}(-(0[1-9]|1[0-2]|[Qq][1-4]))?$", "a month YYYY-MM, a quarter YYYY-Qn or a year YYYY")
    static let monthOrQuarter = S.string(
        pattern: "^(19|[2-9][0-9])[0-9]{2}-(0[1-9]|1[0-2]|[Qq][1-4])$", "a month YYYY-MM or a quarter YYYY-Qn")
    static let localized = S.ref("LocalizedText")
    static let level = S.oneOf(UnitLevel.allCases.map(\.rawValue))

    static var all: [(String, JSONValue)] {
        [
            ("LocalizedText", S.object([("vi", S.string), ("en", S.string)], description: "a text in Vietnamese and English")),
            ("Problem", problem),
            ("Health", S.object([("status", S.oneOf(["ok", "unavailable"])), ("database", S.oneOf(["ok", "unreachable"]))])),
            (
                "SurveySummary",
                S.object([("code", S.string), ("version", S.integer), ("title", localized), ("source", S.string)])
            ),
            ("Survey", survey),
            ("SurveyItem", surveyItem),
            (
                "Unit",
                S.object(
                    [
                        ("code", S.string), ("name", S.string), ("level", level), ("type", S.string), ("parent_code", S.string),
                        ("valid_from", S.date), ("valid_to", S.date),
                    ], required: ["code", "name", "level", "type", "valid_from"])
            ),
            (
                "UnitNode",
                S.object([("code", S.string), ("name", S.string), ("level", level), ("children", S.array(S.ref("UnitNode")))])
            ),
            ("Upload", upload),
            (
                "UploadCheck",
                S.object([("status", S.oneOf(["valid"])), ("rows", S.count), ("scopes", S.count), ("questionnaires", S.count)])
            ),
            ("Submission", submission),
            (
                "SubmissionReceipt",
                S.object([
                    ("status", S.oneOf(["stored", "already stored"])), ("id", S.id), ("client_id", S.string),
                ])
            ),
            (
                "SubmissionBatch",
                [
                    "type": "array", "maxItems": .int(SubmissionBatch.maxItems),
                    "items": [
                        "description":
                            "a questionnaire as the `Submission` schema; one that is not (or does not fit the survey, units or period) is refused alone"
                    ],
                ]
            ),
            ("SubmissionBatchReceipt", batchReceipt),
            (
                "KeptReport",
                S.object([("id", S.id), ("survey", S.string), ("period", period), ("generated_at", S.dateTime), ("generated_by", S.string)])
            ),
            (
                "AuditEvent",
                S.object([
                    ("id", S.id), ("occurred_at", S.dateTime), ("actor", S.string), ("action", S.string), ("object_type", S.string),
                    (
                        "object_id",
                        ["type": "string", "description": "what the event is about: an upload's id, an account's name… as text"]
                    ),
                    ("details", S.map(S.string)),
                ])
            ),
        ]
    }

    static var batchReceipt: JSONValue {
        S.object(
            [
                ("stored", S.count), ("duplicates", S.count), ("refused", S.count),
                (
                    "items",
                    S.array(
                        S.object(
                            [
                                ("index", S.count), ("client_id", S.string), ("status", S.oneOf(["stored", "already_stored", "refused"])),
                                ("response_id", S.id), ("problem", S.ref("Problem")),
                            ], required: ["index", "status"]))
                ),
            ],
            description: "the counts, and each questionnaire by its position in the batch (from 0): its response id, or why it was refused")
    }

    static var problem: JSONValue {
        S.object(
            [
                ("type", S.oneOf(Problem.Kind.allCases.map(\.type))),
                ("title", S.string),
                ("status", ["type": "integer", "minimum": 400, "maximum": 599]),
                ("detail", ["type": "string", "description": "this occurrence, in Vietnamese"]),
                ("error", ["type": "string", "description": "the same in English (as the API said it before problem details)"]),
                ("field", ["type": "string", "description": "the parameter or body field that is wrong"]),
                ("expected", ["type": "array", "items": S.string, "description": "the valid values of `field`"]),
                (
                    "problems",
                    S.array(
                        S.object(
                            [
                                ("file", S.string), ("line", ["type": "integer", "minimum": 1]), ("column", S.string),
                                ("message", S.string),
                                ("detail", S.string),
                            ], required: ["file", "message", "detail"]))
                ),
                ("id", S.id),
                ("client_id", S.string),
            ], required: ["type", "title", "status", "detail", "error"],
            description: "problem details (RFC 9457); `type` is one of the kinds listed in the README")
    }

    static var survey: JSONValue {
        let items = S.array(S.ref("SurveyItem"))
        return S.object(
            [
                ("code", S.string), ("version", S.integer), ("title", localized), ("source", S.string), ("note", S.string),
                (
                    "index",
                    S.object(
                        [
                            ("satisfied_levels", S.array(["type": "integer", "minimum": 1, "maximum": 5])),
                            ("element_rule", S.oneOf(IndexSettings.ElementRule.allCases.map(\.rawValue))),
                            ("overall_rule", S.oneOf(IndexSettings.OverallRule.allCases.map(\.rawValue))),
                            ("overall_item", S.string),
                            ("across_units", S.oneOf(IndexSettings.AcrossUnits.allCases.map(\.rawValue))),
                            ("par_weight", ["type": "number"]), ("target", ["type": "number"]), ("min_respondents", S.count),
                            ("confidence", ["type": "number"]), ("rank_incomplete", S.boolean),
                        ],
                        required: [
                            "satisfied_levels", "element_rule", "overall_rule", "across_units", "par_weight", "target", "min_respondents",
                            "confidence",
                        ])
                ),
                ("parts", S.array(S.object([("code", S.string), ("title", localized)]))),
                (
                    "elements",
                    S.array(
                        S.object(
                            [("code", S.string), ("part", S.string), ("title", localized), ("items", items)],
                            required: ["code", "title", "items"]))
                ),
                ("items", items),
                (
                    "series",
                    S.object([("survey", S.string), ("elements", S.map(S.string)), ("items", S.map(S.string))])
                ),
            ], required: ["code", "version", "title", "source", "index", "parts", "elements", "items"])
    }

    static var surveyItem: JSONValue {
        S.object(
            [
                ("code", S.string), ("kind", S.oneOf(ItemKind.allCases.map(\.rawValue))),
                ("group", S.oneOf(ItemGroup.allCases.map(\.rawValue))),
                ("text", localized), ("options", S.array(S.object([("code", S.string), ("label", localized)]))),
                ("max_choices", ["type": "integer", "minimum": 1]),
            ], required: ["code", "kind", "group", "text", "options"])
    }

    static var upload: JSONValue {
        S.object(
            [
                ("id", S.id), ("kind", S.oneOf(UploadStore.Kind.allCases.map(\.rawValue))), ("survey", S.string),
                ("survey_version", S.integer), ("file_name", S.string), ("sha256", S.string(pattern: "^[0-9a-f]{64}$", "hex")),
                ("uploaded_by", S.string), ("uploaded_at", S.dateTime), ("status", S.oneOf(["active", "superseded"])),
                ("supersedes", S.array(S.id)), ("superseded_by", S.id), ("rows", S.count), ("questionnaires", S.count),
                ("units", S.count),
                (
                    "scopes",
                    S.array(S.object([("unit", S.string), ("name", S.string), ("period", monthOrQuarter), ("questionnaires", S.count)]))
                ),
            ],
            required: [
                "id", "kind", "survey", "survey_version", "file_name", "sha256", "uploaded_by", "uploaded_at", "status", "supersedes",
                "rows",
                "questionnaires", "units",
            ])
    }

    /// The body of `POST /api/submissions`, as `Submission.decode` reads it.
    static var submission: JSONValue {
        let answer: JSONValue = [
            "anyOf": [
                ["type": "string", "maxLength": 1000], ["type": "integer", "minimum": .int(Int.min), "maximum": .int(Int.max)],
                ["type": "array", "maxItems": 64, "items": S.string],
            ]
        ]
        func text(_ max: Int) -> JSONValue {
            ["type": "string", "minLength": 1, "maxLength": .int(max), "pattern": "^[^\\u0000-\\u001f]*$"]
        }
        return S.object(
            [
                ("client_id", text(100)), ("survey", text(64)), ("unit", text(64)),
                ("date", text(10)),
                ("channel", text(16)), ("answers", S.map(answer)),
            ], required: ["client_id", "survey", "unit", "date", "answers"],
            description: "one questionnaire: item code → option code (a string or a whole number) or a list of option codes")
    }
}
