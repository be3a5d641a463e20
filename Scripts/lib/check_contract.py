#!/usr/bin/env python3
"""Checks answers of sipas against its OpenAPI document: the path and method are documented
(or the answer is the 404 or 405 the document promises), the status is documented, the media
type is one documented for that status, the documented headers are present, and a JSON body
validates against the documented schema (JSON Schema 2020-12, with the document's components).
Times must be ISO 8601 with an offset wherever the schema says date-time. HEAD is checked as
GET without its body.

    check_contract.py OPENAPI.json RECORDS.jsonl

Each record: {"method", "uri", "status", "headers": {lower-case name: value}, "body": text or
null (binary)}. Prints every contradiction and exits 1 when there is one."""

import json
import re
import sys
from urllib.parse import urlsplit

import jsonschema
import referencing
import referencing.jsonschema

DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
JSON_TYPES = ("application/json", "application/problem+json")


def pointer(*parts):
    return "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


class Contract:
    def __init__(self, document):
        self.document = document
        resource = referencing.jsonschema.DRAFT202012.create_resource(document)
        self.registry = referencing.Registry().with_resource("urn:sipas:openapi", resource)
        self.format_checker = jsonschema.FormatChecker()

        @self.format_checker.checks("date-time")
        def date_time(value):
            return not isinstance(value, str) or bool(DATE_TIME.match(value))

        @self.format_checker.checks("date")
        def date(value):
            return not isinstance(value, str) or bool(DATE.match(value))

        self.templates = [(path, path.strip("/").split("/") if path != "/" else []) for path in document["paths"]]

    def path_of(self, uri):
        """The documented path template of a request path, literal segments first."""
        segments = [s for s in urlsplit(uri).path.split("/") if s]
        candidates = []
        for path, template in self.templates:
            if len(template) == len(segments) and all(t.startswith("{") or t == s for t, s in zip(template, segments)):
                candidates.append((sum(t.startswith("{") for t in template), path))
        return min(candidates)[1] if candidates else None

    def validate(self, instance, *parts):
        schema = {"$ref": "urn:sipas:openapi#/" + pointer(*parts)}
        validator = jsonschema.Draft202012Validator(schema, registry=self.registry, format_checker=self.format_checker)
        return [f"{'/'.join(map(str, e.absolute_path)) or '(body)'}: {e.message[:300]}" for e in validator.iter_errors(instance)]

    def check(self, record):
        method, uri, status = record["method"].lower(), record["uri"], record["status"]
        headers = record.get("headers", {})
        media = (headers.get("content-type") or "").split(";")[0].strip().lower()
        path = self.path_of(uri)
        if path is None:
            failures = [] if status == 404 else [f"{status} for an undocumented path"]
            if urlsplit(uri).path.startswith("/api/") and media != "application/problem+json":
                failures.append(f"an error of the API as {media or 'no Content-Type'}, not application/problem+json")
            return failures
        item = self.document["paths"][path]
        head = method == "head" and "get" in item
        if head:  # answered wherever GET is, as GET without its body
            method = "get"
        if method not in item:
            if status != 405:
                return [f"{status} for a method the path does not document (expected 405)"]
            allow = {m.strip().lower() for m in headers.get("allow", "").split(",") if m.strip()}
            documented = {m for m in item if m in ("get", "post", "put", "patch", "delete")}
            if "get" in documented:
                documented.add("head")  # answered wherever GET is
            return [] if allow == documented else [f"405 with Allow {sorted(allow)}, documented {sorted(documented)}"]
        responses = item[method]["responses"]
        if str(status) not in responses:
            return [f"{status} is not a documented answer of {method.upper()} {path} ({', '.join(responses)})"]
        response = responses[str(status)]
        failures = []
        for name, header in response.get("headers", {}).items():
            if header.get("required") and name.lower() not in headers:
                failures.append(f"{status} without its header {name}")
        content = response.get("content")
        if not content or head:
            return failures
        if media not in content:
            return failures + [f"{status} as {media or 'no Content-Type'}, documented {', '.join(content)}"]
        if media in JSON_TYPES:
            try:
                body = json.loads(record.get("body") or "")
            except ValueError:
                return failures + [f"{status} {media} that is not JSON"]
            failures += self.validate(body, "paths", path, method, "responses", str(status), "content", media, "schema")
            if media == "application/problem+json" and body.get("status") != status:
                failures.append(f"problem status {body.get('status')} in a {status} answer")
        return failures


def main():
    document = json.load(open(sys.argv[1]))
    contract = Contract(document)
    records = [json.loads(line) for line in open(sys.argv[2]) if line.strip()]
    failures = 0
    for record in records:
        for failure in contract.check(record):
            failures += 1
            print(f"{record['method']} {record['uri'][:160]} → {record['status']}: {failure}")
    print(f"checked {len(records)} answer(s) against the OpenAPI document: {failures} contradiction(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
