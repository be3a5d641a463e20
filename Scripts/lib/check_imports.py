"""Checks Package.swift against the imports of each target (see Scripts/check-imports)."""
import json
import pathlib
import re
import sys

# Modules of the toolchain and the system: never declared in Package.swift.
SYSTEM = {"Foundation", "FoundationEssentials", "FoundationNetworking", "Glibc", "Darwin", "Musl", "Dispatch",
          "FoundationXML", "Testing", "XCTest", "_Concurrency", "Synchronization", "os"}
IMPORT = re.compile(r"^\s*(?:@\w+\s+)*(?:public |internal |package |private |fileprivate )?import\s+(?:(?:struct|class|enum|func|protocol|typealias|var|let)\s+)?([A-Za-z_][A-Za-z0-9_]*)", re.M)


def swift_code(text):
    """The text without multi-line string literals (test scripts in Python import things too)."""
    return re.sub(r'"""(?:.|\n)*?"""', '""', text)


def declared(target):
    names = set()
    for dep in target.get("dependencies", []):
        for kind in ("byName", "target", "product"):
            if kind in dep:
                names.add(dep[kind][0])
    return names


def main():
    package = json.load(open(sys.argv[1]))
    problems = []
    for target in package["targets"]:
        name = target["name"]
        if target["type"] == "system":
            continue
        default = ("Tests/" if target["type"] == "test" else "Sources/") + name
        root = pathlib.Path(target.get("path") or default)
        imported = {}
        for file in sorted(root.rglob("*.swift")):
            for module in IMPORT.findall(swift_code(file.read_text(encoding="utf-8"))):
                imported.setdefault(module, file)
        deps = declared(target)
        for module, file in sorted(imported.items()):
            if module in SYSTEM or module == name:
                continue
            if module not in deps:
                problems.append(f"{file}: imports {module}, which target {name} does not declare in Package.swift")
        for dep in sorted(deps - set(imported)):
            problems.append(f"Package.swift: target {name} declares {dep}, but none of its files under {root} imports it")
    if problems:
        print("check-imports: %d problem(s):" % len(problems))
        for p in problems:
            print("  - " + p)
        sys.exit(1)
    print("check-imports: every import of %d targets is declared, and every declared dependency is imported" % len(package["targets"]))


main()
