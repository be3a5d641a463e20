import Foundation
import FuzzSupport
import SIPASCore
// Internal access for the reader's chunk size (debug builds are compiled with -enable-testing).
@testable import SIPASFiles

/// Everything a `DelimitedFileReader` yields for a file: what it detected, its records (fields
/// compared byte for byte) and the error that stopped it.
struct Outcome: Equatable, CustomStringConvertible {
    var encoding: TextEncoding?
    var delimiter: Character?
    var records: [[[UInt8]]] = []
    var lines: [Int] = []
    var error: String?

    var description: String {
        "encoding \(encoding.map(\.rawValue) ?? "-"), delimiter \(delimiter.map { $0.debugDescription } ?? "-"), "
            + "\(records.count) record(s) at lines \(lines), error \(error ?? "none")"
    }
}

/// Reads every record; the reader must fail only with `DelimitedTextError`.
func readAll(_ open: () throws -> DelimitedFileReader) -> Outcome {
    var outcome = Outcome()
    do {
        var reader = try open()
        outcome.encoding = reader.encoding
        outcome.delimiter = reader.delimiter
        while let record = try reader.next() {
            guard record.line >= 1 else { fatalError("record at line \(record.line)") }
            outcome.records.append(record.fields.map { Array($0.utf8) })
            outcome.lines.append(record.line)
        }
        // After the end, the reader stays at the end.
        if try reader.next() != nil { fatalError("a record after the end") }
    } catch let error as DelimitedTextError {
        guard !error.message.isEmpty, error.line.map({ $0 >= 1 }) ?? true else { fatalError("unclear error: \(error)") }
        outcome.error = "line \(error.line.map(String.init) ?? "-"): \(error.message)"
    } catch {
        fatalError("DelimitedFileReader threw \(type(of: error)), not DelimitedTextError: \(error)")
    }
    return outcome
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let url = Fuzz.write(bytes, name: "input.csv")
    let h = Fuzz.hash(bytes)

    // 1. As the import reads a file: detect the encoding and the delimiter, read every record.
    _ = readAll { try DelimitedFileReader(url: url) }

    // 2. The same file with options chosen from the input (a given encoding, delimiter, comment
    //    prefix, a short record limit), read in 1 MiB chunks and in tiny ones: chunk boundaries
    //    must never change what is read ("so a chunk boundary anywhere … gives the same result").
    let encodings: [TextEncoding?] = [nil, nil, nil, .utf8, .utf16LE, .utf16BE, .windows1258]
    let encoding = encodings[Int(h % UInt64(encodings.count))]
    let delimiters: [Character?] = [nil, nil, ",", ";", "\t", "|"]
    let delimiter = delimiters[Int((h >> 8) % UInt64(delimiters.count))]
    let comment: Character? = (h >> 16) % 4 == 0 ? "#" : nil
    let maxRecordBytes = (h >> 24) % 2 == 0 ? 1 << 20 : 1 + Int((h >> 32) % 96)
    // Mostly tiny chunks (a boundary at every position), larger ones for longer inputs, which
    // tiny chunks make slow (a read call per chunk).
    let chunkSizes = size <= 1024 ? [1, 2, 3, 4, 5, 7, 13, 64] : [7, 13, 64, 509]
    let chunkSize = chunkSizes[Int((h >> 40) % UInt64(chunkSizes.count))]
    let whole = readAll {
        try DelimitedFileReader(url: url, encoding: encoding, delimiter: delimiter, commentPrefix: comment,
                                maxRecordBytes: maxRecordBytes, chunkSize: 1 << 20)
    }
    let chunked = readAll {
        try DelimitedFileReader(url: url, encoding: encoding, delimiter: delimiter, commentPrefix: comment,
                                maxRecordBytes: maxRecordBytes, chunkSize: chunkSize)
    }
    if whole != chunked {
        fatalError("""
            chunk size \(chunkSize) changes the result (encoding \(encoding.map(\.rawValue) ?? "detected"), \
            delimiter \(delimiter.map { $0.debugDescription } ?? "detected"), comment \(comment.map { String($0) } ?? "none"), \
            maxRecordBytes \(maxRecordBytes)):
              1 MiB chunks: \(whole)
              \(chunkSize)-byte chunks: \(chunked)
            """)
    }

    // 3. The rows the importers see (trimmed, empty rows skipped), then the tally and the
    //    questionnaire readers on the shipped survey. A file starting "PK\u{3}\u{4}" goes down
    //    the XLSX path here, as in the import.
    do {
        var table = try TableReader(url: url)
        defer { table.close() }
        while let row = try table.next() {
            if row.cells.allSatisfy(\.isEmpty) { fatalError("an empty row at line \(row.line)") }
        }
    } catch {
        Fuzz.expectFileProblems(error, from: "TableReader")
    }
    do {
        _ = try TallyFileReader.read(url: url, survey: Fuzz.survey)
    } catch {
        Fuzz.expectFileProblems(error, from: "TallyFileReader")
    }
    do {
        let reader = try QuestionnaireFileReader(url: url, survey: Fuzz.survey)
        defer { reader.close() }
        while try reader.next() != nil {}
    } catch {
        Fuzz.expectFileProblems(error, from: "QuestionnaireFileReader")
    }
    return 0
}
