import SIPASCore

extension DOCXReport {
    /// Levels with more units than this go to the appendix instead of the body.
    static let bodyTableLimit = 40

    /// The body: written from the numbers, section by section.
    mutating func bodyText() {
        text(
            "Thực hiện nhiệm vụ đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước, \(settings.issuerName) báo cáo kết quả \(period) như sau:"
        )
        heading("I. KẾT QUẢ CHUNG")
        province()
        verdicts()
        standings()
        elements()
        weakestCriteria()
        heading("II. KẾT QUẢ CỦA CÁC ĐƠN VỊ")
        chart()
        unitTables()
        heading("III. BIẾN ĐỘNG SO VỚI KỲ TRƯỚC")
        changes()
        heading("IV. ĐƠN VỊ CHƯA CÓ SỐ LIỆU")
        missing()
    }

    /// The province's index and interval against the target, and its change.
    mutating func province() {
        guard let reference = report.reference else {
            text("1. Báo cáo không có số liệu chung của toàn tỉnh (không có đơn vị đối chiếu).")
            return
        }
        let confidence = DOCXWords.num(report.method.confidence * 100, 0)
        var sentence = "1. Chỉ số hài lòng chung của \(reference.name) \(period) đạt \(DOCXWords.pct(reference.overall.index))"
        sentence += " (khoảng tin cậy \(confidence) %: \(DOCXWords.interval(reference.overall.ciLow, reference.overall.ciHigh)) %),"
        sentence += " tính trên \(DOCXWords.int(reference.respondents)) phiếu khảo sát. So với mục tiêu \(DOCXWords.pct(report.target)),"
        sentence += " toàn tỉnh \(DOCXWords.verdict(reference.verdict, minimum: report.method.minRespondents))."
        if let change = reference.change.previous {
            let when = change.period.map { DOCXWords.period($0) } ?? "kỳ trước"
            let direction = change.difference >= 0 ? "tăng" : "giảm"
            sentence +=
                " So với \(when) (\(DOCXWords.pct(change.from))), chỉ số \(direction) \(DOCXWords.num(abs(change.difference))) điểm phần trăm"
            sentence += change.significant ? ", thay đổi có ý nghĩa thống kê." : ", thay đổi không có ý nghĩa thống kê."
        }
        if let points = reference.parPoints {
            sentence +=
                " Điểm chỉ số SIPAS trong Chỉ số cải cách hành chính (PAR-Index) tương ứng là \(DOCXWords.num(points))/\(DOCXWords.num(report.method.parWeight, 0)) điểm."
        }
        text(sentence)
    }

    /// How many units meet, miss, cannot tell or have too few responses.
    mutating func verdicts() {
        let units = report.units
        guard !units.isEmpty else {
            text("2. Báo cáo không có đơn vị nào.")
            return
        }
        func count(_ verdict: Verdict) -> Int { units.filter { $0.verdict == verdict }.count }
        var sentence = "2. Trong \(DOCXWords.int(units.count)) đơn vị được đo lường: \(DOCXWords.int(count(.meets))) đơn vị đạt mục tiêu;"
        sentence += " \(DOCXWords.int(count(.misses))) đơn vị chưa đạt mục tiêu;"
        sentence += " \(DOCXWords.int(count(.cannotTell))) đơn vị chưa kết luận được (khoảng tin cậy chứa mục tiêu);"
        sentence +=
            " \(DOCXWords.int(count(.tooFewResponses))) đơn vị có dưới \(DOCXWords.int(report.method.minRespondents)) phiếu nên chưa kết luận, không xếp hạng."
        text(sentence)
        for (verdict, label) in [(Verdict.meets, "Các đơn vị đạt mục tiêu"), (.misses, "Các đơn vị chưa đạt mục tiêu")] {
            let names = units.filter { $0.verdict == verdict }.sorted { ($0.overall.index ?? 0) > ($1.overall.index ?? 0) }
                .map { "\($0.name) (\(DOCXWords.pct($0.overall.index)))" }
            if !names.isEmpty { text("\(label): \(DOCXWords.list(names)).") }
        }
    }

    /// The units above and below the province, level by level.
    mutating func standings() {
        let levels = UnitLevel.allCases.filter { level in report.units.contains { $0.level == level && $0.comparison != nil } }
        guard report.reference != nil, !levels.isEmpty else { return }
        text("3. So với toàn tỉnh (chênh lệch có ý nghĩa thống kê ở mức 5 %, đã hiệu chỉnh Holm):", keepNext: true)
        for level in levels {
            let units = report.units.filter { $0.level == level && $0.comparison != nil }
            let above = units.filter { $0.comparison?.standing == .above }.map(\.name)
            let below = units.filter { $0.comparison?.standing == .below }.map(\.name)
            var sentence = "- Đối với \(DOCXWords.levelGroup(level)) (\(DOCXWords.int(units.count)) đơn vị được so sánh): "
            sentence += above.isEmpty ? "không có đơn vị nào cao hơn toàn tỉnh; " : "cao hơn toàn tỉnh: \(DOCXWords.list(above)); "
            sentence += below.isEmpty ? "không có đơn vị nào thấp hơn toàn tỉnh" : "thấp hơn toàn tỉnh: \(DOCXWords.list(below))"
            let rest = units.count - above.count - below.count
            sentence += rest > 0 ? "; \(DOCXWords.int(rest)) đơn vị còn lại không khác biệt có ý nghĩa so với toàn tỉnh." : "."
            text(sentence)
        }
    }

    /// The province's elements as a table, and the weakest one named.
    mutating func elements() {
        guard let reference = report.reference, !reference.elements.isEmpty else { return }
        let ranked = reference.elements.filter { $0.index?.isFinite == true }.sorted { ($0.index ?? 0) < ($1.index ?? 0) }
        var sentence = "4. Chỉ số hài lòng của toàn tỉnh theo từng yếu tố được nêu tại Bảng \(tableCount + 1)."
        if let weakest = ranked.first, let title = input.survey.elements.first(where: { $0.code == weakest.code })?.title.vi {
            sentence += " Yếu tố có chỉ số thấp nhất là “\(title)” (\(DOCXWords.pct(weakest.index)))."
        }
        text(sentence, keepNext: true)
        _ = caption("Chỉ số hài lòng theo yếu tố của toàn tỉnh")
        let widths = [700, 5454, 1400, 1800]
        var rows = [
            ["TT", "Yếu tố", "Chỉ số (%)", "Khoảng tin cậy 95 % (%)"].enumerated().map {
                Self.cell($0.element, width: widths[$0.offset], bold: true, align: .center, shading: "E7E6E6", keepNext: true)
            }
        ]
        for (index, element) in reference.elements.enumerated() {
            let title = input.survey.elements.first { $0.code == element.code }?.title.vi ?? element.code
            rows.append([
                Self.cell(DOCXWords.int(index + 1), width: widths[0], align: .center),
                Self.cell(title, width: widths[1]),
                Self.cell(DOCXWords.num(element.index), width: widths[2], align: .right),
                Self.cell(DOCXWords.interval(element.ciLow, element.ciHigh), width: widths[3], align: .center),
            ])
        }
        rows.append([
            Self.cell("", width: widths[0]), Self.cell("Chỉ số hài lòng chung", width: widths[1], bold: true),
            Self.cell(DOCXWords.num(reference.overall.index), width: widths[2], bold: true, align: .right),
            Self.cell(DOCXWords.interval(reference.overall.ciLow, reference.overall.ciHigh), width: widths[3], bold: true, align: .center),
        ])
        body += WordML.table(rows, widths: widths, borders: true, headerRows: 1)
    }

    /// The province's five weakest criteria, with their wording.
    mutating func weakestCriteria(count: Int = 5) {
        let criteria = (report.reference?.criteria ?? []).filter { $0.index?.isFinite == true }
            .sorted { ($0.index ?? 0) < ($1.index ?? 0) }.prefix(count)
        guard !criteria.isEmpty else { return }
        body += WordML.paragraph([], WordML.Layout(after: 60))
        text("5. Các tiêu chí có chỉ số hài lòng thấp nhất của toàn tỉnh:", keepNext: true)
        for (index, criterion) in criteria.enumerated() {
            let wording = input.survey.item(code: criterion.code)?.text.vi ?? criterion.code
            text(
                [
                    WordML.run("- Tiêu chí \(criterion.code) “\(wording)”: "),
                    WordML.run(DOCXWords.pct(criterion.index), .bold),
                    WordML.run(
                        " (khoảng tin cậy \(DOCXWords.interval(criterion.ciLow, criterion.ciHigh)) %; \(DOCXWords.int(criterion.satisfied))/\(DOCXWords.int(criterion.valid)) câu trả lời hài lòng)"
                            + (index == criteria.count - 1 ? "." : ";")),
                ],
                keepNext: index < criteria.count - 1)
        }
    }

    /// The level whose units the chart shows: districts when there are, else the first level with ranked units.
    var chartLevel: UnitLevel? {
        let levels = UnitLevel.allCases.filter { level in report.units.contains { $0.level == level && $0.overall.index?.isFinite == true }
        }
        return levels.contains(.district) ? .district : levels.first
    }

    /// A native bar chart of the chart level's units and the province.
    mutating func chart() {
        guard let level = chartLevel else {
            text("Không có đơn vị nào có chỉ số để vẽ biểu đồ.")
            return
        }
        var units = report.units.filter { $0.level == level && $0.overall.index?.isFinite == true && $0.verdict != .tooFewResponses }
            .sorted { ($0.overall.index ?? 0) > ($1.overall.index ?? 0) }
        var shown = ""
        if units.count > 30 {
            units = Array(units.prefix(15) + units.suffix(15))
            shown = " (15 đơn vị cao nhất và 15 đơn vị thấp nhất)"
        }
        var bars = units.map { DOCXChart.Bar(label: $0.name, value: $0.overall.index ?? 0) }
        if let reference = report.reference, let index = reference.overall.index, index.isFinite {
            bars.append(DOCXChart.Bar(label: reference.name, value: index, highlighted: true))
            bars.sort { $0.value > $1.value }
        }
        let title = "Chỉ số hài lòng chung của \(DOCXWords.levelGroup(level)) \(period)\(shown)"
        charts.append(DOCXChart(title: title, seriesName: "Chỉ số hài lòng chung (%)", bars: bars))
        let number = charts.count
        text(
            "Chỉ số hài lòng chung của \(DOCXWords.levelGroup(level)) so với toàn tỉnh được thể hiện tại Biểu đồ \(number); kết quả chi tiết của các đơn vị tại các bảng dưới đây\(hasAppendix ? " và Phụ lục kèm theo" : "").",
            keepNext: true)
        body += WordML.paragraph(
            [charts[number - 1].drawing(relationship: DOCXParts.chartRelationship(number), id: number, width: Self.width)],
            WordML.Layout(alignment: .center, keepNext: true))
        body += WordML.paragraph(
            "Biểu đồ \(number). \(title)", WordML.Font(italic: true, size: 12), WordML.Layout(alignment: .center, after: 120))
    }

    /// Levels with few enough units get their table in the body; the rest are in the appendix.
    mutating func unitTables() {
        for level in UnitLevel.allCases {
            let units = report.units.filter { $0.level == level }
            guard !units.isEmpty else { continue }
            if units.count > Self.bodyTableLimit {
                text(
                    "Kết quả của \(DOCXWords.int(units.count)) đơn vị \(DOCXWords.levelGroup(level)) được nêu tại Phụ lục kèm theo báo cáo này."
                )
                continue
            }
            _ = caption("Kết quả của \(DOCXWords.levelGroup(level)) \(period)")
            body += Self.unitTable(units)
            body += WordML.paragraph([], WordML.Layout(after: 120))
        }
    }

    /// The units table: rank, unit, responses, index, interval, verdict, against the province.
    static func unitTable(_ units: [Report.UnitResult]) -> String {
        let widths = [800, 2754, 850, 900, 1450, 1300, 1300]
        let header = ["Hạng", "Đơn vị", "Số phiếu", "Chỉ số (%)", "Khoảng tin cậy 95 % (%)", "Kết luận", "So với toàn tỉnh"]
        var rows = [header.enumerated().map { cell($0.element, width: widths[$0.offset], bold: true, align: .center, shading: "E7E6E6") }]
        let ordered = units.sorted {
            switch ($0.rank, $1.rank) {
            case (let a?, let b?): return a != b ? a < b : $0.name < $1.name
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return ($0.overall.index ?? -1) > ($1.overall.index ?? -1)
            }
        }
        for unit in ordered {
            let standing: String
            switch unit.comparison?.standing {
            case .above: standing = "Cao hơn"
            case .below: standing = "Thấp hơn"
            case .notDistinguishable: standing = "Không khác biệt"
            case nil: standing = "–"
            }
            rows.append([
                cell(unit.rank.map(DOCXWords.int) ?? "–", width: widths[0], align: .center),
                cell(unit.name, width: widths[1]),
                cell(DOCXWords.int(unit.respondents), width: widths[2], align: .right),
                cell(DOCXWords.num(unit.overall.index), width: widths[3], align: .right),
                cell(DOCXWords.interval(unit.overall.ciLow, unit.overall.ciHigh), width: widths[4], align: .center),
                cell(unit.verdict.label.vi, width: widths[5], align: .center),
                cell(standing, width: widths[6], align: .center),
            ])
        }
        return WordML.table(rows, widths: widths, borders: true, headerRows: 1)
    }

    /// The biggest rises and falls against the previous period.
    mutating func changes(count: Int = 5) {
        let changed = report.units.compactMap { unit -> (Report.UnitResult, Report.Change)? in
            guard unit.verdict != .tooFewResponses, let change = unit.change.previous, change.difference.isFinite else { return nil }
            return (unit, change)
        }
        guard !changed.isEmpty else {
            text("Không có số liệu kỳ trước để so sánh.")
            return
        }
        let when = changed.first?.1.period.map { DOCXWords.period($0) } ?? "kỳ trước"
        let up = changed.filter { $0.1.significant && $0.1.difference > 0 }.count
        let down = changed.filter { $0.1.significant && $0.1.difference < 0 }.count
        text(
            "So với \(when), \(DOCXWords.int(changed.count)) đơn vị có số liệu cả hai kỳ; \(DOCXWords.int(up)) đơn vị tăng và \(DOCXWords.int(down)) đơn vị giảm có ý nghĩa thống kê (mức 5 %)."
        )
        let rises = changed.filter { $0.1.difference > 0 }.sorted { $0.1.difference > $1.1.difference }.prefix(count)
        let falls = changed.filter { $0.1.difference < 0 }.sorted { $0.1.difference < $1.1.difference }.prefix(count)
        func describe(_ list: ArraySlice<(Report.UnitResult, Report.Change)>) -> String {
            DOCXWords.list(
                list.map { unit, change in
                    "\(unit.name) (\(DOCXWords.pct(change.from)) → \(DOCXWords.pct(change.to)), \(change.difference >= 0 ? "+" : "−")\(DOCXWords.num(abs(change.difference))) điểm\(change.significant ? ", có ý nghĩa" : ""))"
                })
        }
        if !rises.isEmpty { text("- Tăng nhiều nhất: \(describe(rises)).") }
        if !falls.isEmpty { text("- Giảm nhiều nhất: \(describe(falls)).") }
    }

    /// The units that sent nothing; see `DOCXReportInput.notReported`.
    mutating func missing() {
        if let names = input.notReported {
            text(
                names.isEmpty
                    ? "Tất cả các đơn vị đã gửi số liệu \(period)."
                    : "Có \(DOCXWords.int(names.count)) đơn vị chưa gửi số liệu \(period): \(DOCXWords.list(names, limit: 40)).")
            return
        }
        let empty = report.units.filter { $0.respondents == 0 }.map(\.name)
        text(
            empty.isEmpty
                ? "Tất cả các đơn vị có trong báo cáo đều có phiếu khảo sát \(period)."
                : "Có \(DOCXWords.int(empty.count)) đơn vị trong báo cáo không có phiếu khảo sát nào \(period): \(DOCXWords.list(empty, limit: 40))."
        )
    }

    /// The levels whose units are listed in the appendix rather than the body.
    var appendixLevels: [UnitLevel] {
        UnitLevel.allCases.filter { level in report.units.filter { $0.level == level }.count > Self.bodyTableLimit }
    }

    var hasAppendix: Bool { !appendixLevels.isEmpty }

    /// Every unit, level by level, after the signature.
    mutating func appendix() {
        let large = appendixLevels
        guard !large.isEmpty else { return }
        body += WordML.paragraph("PHỤ LỤC", .bold, WordML.Layout(alignment: .center, keepNext: true, pageBreakBefore: true))
        body += WordML.paragraph(
            "Kết quả đo lường sự hài lòng của các đơn vị \(period)", .bold, WordML.Layout(alignment: .center, keepNext: true))
        let reference = settings.number.isEmpty ? "số       /\(settings.symbol)" : "số \(settings.number)/\(settings.symbol)"
        body += WordML.paragraph(
            "(Kèm theo Báo cáo \(reference) ngày \(date.dayMonthYear) của \(settings.issuerName))",
            .italic, WordML.Layout(alignment: .center, after: 240, keepNext: true))
        for level in large {
            _ = caption("Kết quả của \(DOCXWords.levelGroup(level)) \(period)")
            body += Self.unitTable(report.units.filter { $0.level == level })
        }
    }
}
