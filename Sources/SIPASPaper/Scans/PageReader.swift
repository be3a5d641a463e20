import Foundation
import SIPASCore

/// Reads one scanned page of a printed form: its QR code (which form, which page, which
/// layout), where the form lies on the scan (the four corner marks, rotation up to a few
/// degrees, scale 90–110 %, a page fed upside down), and every answer box: marked, empty or
/// unclear. An item is read only when nothing about it is in doubt; otherwise it waits for a
/// person (`Answer.unclear`), with the reason and sipas's best guess.
public struct PageReader: Sendable {
    /// The layouts by id (the QR code names one) and the survey each belongs to.
    public let layouts: @Sendable (Int) async throws -> (FormLayout, Survey)?

    public init(layouts: @escaping @Sendable (Int) async throws -> (FormLayout, Survey)?) { self.layouts = layouts }

    /// How one box looks: the share of its inside that is ink, and of a band just outside it.
    public struct BoxReading: Sendable, Equatable, Codable {
        public var item: String
        public var option: String
        public var ink: Double
        public var around: Double
        public var state: State

        public enum State: String, Sendable, Codable { case marked, empty, unclear }
    }

    /// What was read for one item.
    public enum Answer: Sendable, Equatable {
        /// The options marked (none: left blank).
        case chosen([String])
        /// In doubt: why, and the options sipas would pick.
        case unclear(reason: String, guess: [String])
    }

    public struct Page: Sendable {
        public var code: FormCode
        public var image: GrayImage
        public var transform: PageTransform
        public var upsideDown: Bool
        public var boxes: [BoxReading]
        /// Every item of the page, in the layout's order.
        public var answers: [(item: String, answer: Answer)]

        public var isClear: Bool {
            !answers.contains {
                if case .unclear = $0.answer { return true }
                return false
            }
        }
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Ink share below which a box is empty, and from which it is marked.
    public static let emptyBelow = 0.05
    public static let markedFrom = 0.14

    public func read(_ scanned: GrayImage) async throws -> Page {
        guard let (code, position) = Self.formCode(in: scanned) else {
            throw Failure(
                description: "no sipas QR code found on the page (is it a form printed by sipas forms print, scanned at 150–300 dpi?)")
        }
        guard let (layout, survey) = try await layouts(code.layoutID) else {
            throw Failure(description: "the page's QR code names a form layout (#\(code.layoutID)) this database never printed")
        }
        guard let pageLayout = layout.pages.first(where: { $0.number == code.page }) else {
            throw Failure(description: "the page's QR code names page \(code.page); the form has \(layout.pages.count)")
        }
        // The QR code must be where the upright form has it; otherwise the sheet was fed turned.
        var problem: Failure?
        for upsideDown in [false, true] {
            let image = upsideDown ? scanned.rotated180() : scanned
            let qr = upsideDown ? (Double(scanned.width - 1) - position.0, Double(scanned.height - 1) - position.1) : position
            let transform: PageTransform
            do {
                transform = try locate(image, page: pageLayout, layout: layout)
            } catch let failure as Failure {
                problem = problem ?? failure
                continue
            }
            let centre = transform.apply(pageLayout.qr.x + pageLayout.qrSize / 2, pageLayout.qr.y + pageLayout.qrSize / 2)
            let dx: Double = centre.x - qr.0
            let dy: Double = centre.y - qr.1
            guard (dx * dx + dy * dy).squareRoot() / transform.scale < 8 else { continue }
            let threshold = image.inkThreshold()
            let boxes = pageLayout.boxes.map { measure($0, image, transform, threshold) }
            return Page(
                code: code, image: image, transform: transform, upsideDown: upsideDown, boxes: boxes,
                answers: Self.answers(boxes, survey: survey))
        }
        throw problem ?? Failure(description: "the corner marks and the QR code of the page do not agree")
    }

    /// The form's code and the centre of its QR code, as the page was scanned. zbar reads the
    /// page as it is, then its ink alone (the page cut at the ink threshold, which takes away
    /// the noise and blur of a poor scan), then turned half a turn.
    static func formCode(in image: GrayImage) -> (FormCode, (Double, Double))? {
        let threshold = image.inkThreshold()
        let inkOnly = GrayImage(width: image.width, height: image.height, pixels: image.pixels.map { $0 < threshold ? 0 : 255 })
        for (candidate, turned) in [(image, false), (inkOnly, false), (inkOnly.rotated180(), true)] {
            for found in QRReader.codes(in: candidate) {
                guard let code = FormCode(found.text) else { continue }
                let position = turned ? (Double(image.width - 1) - found.x, Double(image.height - 1) - found.y) : (found.x, found.y)
                return (code, position)
            }
        }
        return nil
    }

    /// The affine map of the form onto the scan, from the four corner marks.
    func locate(_ image: GrayImage, page: FormLayout.Page, layout: FormLayout) throws -> PageTransform {
        let threshold = image.inkThreshold()
        let pxPerMM = Double(image.width) / layout.pageWidth
        let expected = page.markSize * pxPerMM
        let window = 48 * pxPerMM
        var found: [(Double, Double)?] = []
        for k in page.corners.indices {
            let right = k % 2 == 1
            let bottom = k >= 2
            let x0 = right ? max(0, Double(image.width) - window) : 0
            let y0 = bottom ? max(0, Double(image.height) - window) : 0
            let target = (right ? Double(image.width) : 0.0, bottom ? Double(image.height) : 0.0)
            found.append(
                Self.mark(in: image, x0: Int(x0), y0: Int(y0), size: Int(window), expected: expected, threshold: threshold, nearest: target)
            )
        }
        // A sheet turned and enlarged at once may lose one corner off the scan: three marks fix
        // the map exactly (the QR code's place then confirms it); four also check each other.
        let pairs = zip(page.corners, found).compactMap { corner, point in point.map { ((corner.x, corner.y), $0) } }
        guard pairs.count >= 3 else {
            let names = ["top left", "top right", "bottom left", "bottom right"]
            let missing = found.indices.filter { found[$0] == nil }.map { names[$0] }
            throw Failure(description: "corner marks not found: \(missing.joined(separator: ", "))")
        }
        guard let transform = PageTransform.fit(from: pairs.map(\.0), to: pairs.map(\.1)) else {
            throw Failure(description: "the corner marks do not form a page")
        }
        var worst = 0.0
        for (p, q) in pairs {
            let m = transform.apply(p.0, p.1)
            let dx: Double = m.x - q.0
            let dy: Double = m.y - q.1
            worst = max(worst, (dx * dx + dy * dy).squareRoot() / transform.scale)
        }
        guard worst < 1.5, abs(transform.rotation) < 7, (0.85...1.15).contains(transform.scale / pxPerMM) else {
            throw Failure(
                description:
                    "the corner marks were not found where a form's are (off by \(String(format: "%.1f", worst)) mm, turned \(String(format: "%.1f", transform.rotation))°)"
            )
        }
        return transform
    }

    /// The centre of the dark, filled, square blob of about `expected` pixels a side nearest
    /// to `nearest` within the window.
    static func mark(
        in image: GrayImage, x0: Int, y0: Int, size: Int, expected: Double, threshold: UInt8, nearest: (Double, Double)
    ) -> (Double, Double)? {
        let w = min(size, image.width - x0)
        let h = min(size, image.height - y0)
        guard w > 0, h > 0 else { return nil }
        var seen = [Bool](repeating: false, count: w * h)
        var best: (centre: (Double, Double), distance: Double)?
        var stack: [Int] = []
        for start in 0..<(w * h) where !seen[start] {
            seen[start] = true
            guard image.pixels[(y0 + start / w) * image.width + x0 + start % w] < threshold else { continue }
            // Flood fill of one dark blob (4-connected).
            var (count, sx, sy) = (0, 0.0, 0.0)
            var (minX, maxX, minY, maxY) = (Int.max, Int.min, Int.max, Int.min)
            stack.append(start)
            while let i = stack.popLast() {
                let (x, y) = (i % w, i / w)
                count += 1
                sx += Double(x)
                sy += Double(y)
                (minX, maxX, minY, maxY) = (min(minX, x), max(maxX, x), min(minY, y), max(maxY, y))
                for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)] where nx >= 0 && ny >= 0 && nx < w && ny < h {
                    let j = ny * w + nx
                    if !seen[j] {
                        seen[j] = true
                        if image.pixels[(y0 + ny) * image.width + x0 + nx] < threshold { stack.append(j) }
                    }
                }
            }
            let bw: Double = Double(maxX - minX + 1)
            let bh: Double = Double(maxY - minY + 1)
            let sized = (0.7 * expected...1.45 * expected).contains(bw) && (0.7 * expected...1.45 * expected).contains(bh)
            let filled = Double(count) / (bw * bh) > 0.72
            guard sized && filled else { continue }
            let centre = (Double(x0) + sx / Double(count), Double(y0) + sy / Double(count))
            let distance = hypot(centre.0 - nearest.0, centre.1 - nearest.1)
            if best == nil || distance < best!.distance { best = (centre, distance) }
        }
        return best?.centre
    }

    /// The ink inside a box (leaving out its printed border), and in a band just left of it.
    func measure(_ box: FormLayout.Box, _ image: GrayImage, _ t: PageTransform, _ threshold: UInt8) -> BoxReading {
        // A light pencil stroke is lighter than ink but darker than paper.
        let light = UInt8(min(235, max(215, Int(threshold) + 60)))
        func share(x0: Double, x1: Double, y0: Double, y1: Double, steps: Int, below: UInt8? = nil) -> Double {
            let limit = below ?? threshold
            var dark = 0
            var total = 0
            for i in 0..<steps {
                for j in 0..<steps {
                    let x = x0 + (x1 - x0) * (Double(i) + 0.5) / Double(steps)
                    let y = y0 + (y1 - y0) * (Double(j) + 0.5) / Double(steps)
                    let p = t.apply(x, y)
                    if image.at(p.x, p.y) < limit { dark += 1 }
                    total += 1
                }
            }
            return Double(dark) / Double(total)
        }
        let inset = 0.85
        let (hw, hh) = (box.width / 2, box.height / 2)
        let ink = share(x0: box.x - hw + inset, x1: box.x + hw - inset, y0: box.y - hh + inset, y1: box.y + hh - inset, steps: 24)
        // A circle drawn around a box crosses the band just left of it, where the form prints
        // nothing (the question's text ends 3 mm before the first box, a label 3 mm before the next).
        let around = share(x0: box.x - hw - 2.0, x1: box.x - hw - 0.6, y0: box.y - hh, y1: box.y + hh, steps: 16)
        let faint = share(
            x0: box.x - hw + inset, x1: box.x + hw - inset, y0: box.y - hh + inset, y1: box.y + hh - inset, steps: 24, below: light)
        let state: BoxReading.State
        if ink >= Self.markedFrom {
            state = .marked
        } else if ink < Self.emptyBelow {
            state = around > 0.12 || faint > 0.08 ? .unclear : .empty
        } else {
            state = .unclear
        }
        return BoxReading(item: box.item, option: box.option, ink: ink, around: around, state: state)
    }

    /// Each item's answer from its boxes: one mark on a one-answer item is its answer; two, or
    /// any box in doubt, is unclear.
    static func answers(_ boxes: [BoxReading], survey: Survey) -> [(item: String, answer: Answer)] {
        var order: [String] = []
        var byItem: [String: [BoxReading]] = [:]
        for box in boxes {
            if byItem[box.item] == nil { order.append(box.item) }
            byItem[box.item, default: []].append(box)
        }
        let multiple = Set(survey.allItems.filter { $0.kind == .multipleChoice }.map(\.code))
        return order.map { item in
            let readings = byItem[item]!
            let marked = readings.filter { $0.state == .marked }.map(\.option)
            let doubtful = readings.filter { $0.state == .unclear }
            // The best guess: the options with clearly the most ink.
            let guess =
                multiple.contains(item)
                ? readings.filter { $0.ink >= (Self.emptyBelow + Self.markedFrom) / 2 }.map(\.option)
                : readings.max { $0.ink < $1.ink }.flatMap { $0.ink >= Self.emptyBelow ? [$0.option] : nil } ?? []
            if !doubtful.isEmpty {
                let what = doubtful.map { $0.ink >= Self.emptyBelow ? "ô \($0.option) có nét mờ" : "có nét quanh ô \($0.option)" }
                return (item, .unclear(reason: what.joined(separator: "; "), guess: guess))
            }
            if !multiple.contains(item) && marked.count > 1 {
                return (item, .unclear(reason: "đánh dấu \(marked.count) ô: \(marked.joined(separator: ", "))", guess: guess))
            }
            // A box filled in beside boxes crossed: perhaps a mark crossed out, perhaps a choice.
            let inks = readings.filter { $0.state == .marked }.map(\.ink)
            if multiple.contains(item), inks.contains(where: { $0 > 0.7 }), inks.contains(where: { $0 < 0.6 }) {
                return (item, .unclear(reason: "ô tô kín lẫn ô đánh dấu: có thể là một ô đã gạch bỏ", guess: guess))
            }
            return (item, .chosen(marked))
        }
    }
}
