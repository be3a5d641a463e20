/// JSON Schema (2020-12, as OpenAPI 3.1 uses it) written as `JSONValue`s, for the OpenAPI
/// document's parameters, bodies and answers.
enum JSONSchema {
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    static let string: JSONValue = ["type": "string"]
    /// Text sent in a parameter or a form: never a NUL character (`NULCharacterMiddleware`).
    static let anyText: JSONValue = ["type": "string", "pattern": "^[^\\u0000]*$"]
    /// Text of at least one character.
    static let text: JSONValue = ["type": "string", "minLength": 1, "pattern": "^[^\\u0000]*$"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let integer: JSONValue = ["type": "integer"]
    static let count: JSONValue = ["type": "integer", "minimum": 0]
    /// Every id of the API is a JSON integer.
    static let id: JSONValue = ["type": "integer", "format": "int64", "minimum": 1, "maximum": .int(Int.max)]
    static let dateTime: JSONValue = [
        "type": "string", "format": "date-time", "description": "ISO 8601 with its offset, in Vietnam time: 2021-03-05T17:00:00.123+07:00",
    ]
    static let date: JSONValue = ["type": "string", "format": "date", "description": "YYYY-MM-DD"]
    static let binary: JSONValue = ["type": "string", "contentMediaType": "application/octet-stream"]
    /// `true` or `false` as a query parameter or form field.
    static let flag: JSONValue = ["type": "string", "enum": ["true", "false"]]

    static func string(pattern: String, _ description: String) -> JSONValue {
        ["type": "string", "pattern": .string(pattern), "description": .string(description)]
    }

    static func oneOf(_ values: [String]) -> JSONValue { ["type": "string", "enum": .array(values.map(JSONValue.string))] }

    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }

    static func nullable(_ schema: JSONValue) -> JSONValue { ["anyOf": [schema, ["type": "null"]]] }

    /// A closed object: exactly these properties, the `required` ones always present.
    static func object(_ properties: [(String, JSONValue)], required: [String]? = nil, description: String? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", "object")]
        if let description { members.append(("description", .string(description))) }
        members.append(("additionalProperties", false))
        members.append(("required", .array((required ?? properties.map(\.0)).map(JSONValue.string))))
        members.append(("properties", .object(properties)))
        return .object(members)
    }

    /// An object of any keys, each value of `values`' schema.
    static func map(_ values: JSONValue) -> JSONValue { ["type": "object", "additionalProperties": values] }
}
