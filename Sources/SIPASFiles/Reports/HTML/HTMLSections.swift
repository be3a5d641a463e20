import SIPASCore

/// The sections of the HTML report, each a `<section>` with a numbered `<h2>`.
enum HTMLSections {
    /// The section headings, in order.
    static func headings(_ w: Words) -> [String] {
        [
            w.t("1. Tóm tắt", "1. Summary"),
            w.t("2. Xếp hạng các đơn vị", "2. Ranking of units"),
            w.t("3. Bản đồ nhiệt theo yếu tố", "3. Heat map by element"),
            w.t("4. Diễn biến 12 tháng của toàn tỉnh", "4. The province over 12 months"),
            w.t("5. Các tiêu chí thấp nhất", "5. Weakest criteria"),
            w.t("6. Đơn vị có quá ít phiếu", "6. Units with too few responses"),
            w.t("7. Nhận định của người dân, tổ chức", "7. Observations"),
            w.t("8. Phương pháp và nguồn số liệu", "8. Method and provenance"),
        ]
    }

    /// Opens a section; a `newPage` section starts on a new printed page, a `small` one is kept on one page.
    static func open(_ number: Int, _ w: Words, id: String, newPage: Bool, small: Bool = false) -> String {
        let classes = (newPage ? ["newpage"] : []) + (small ? ["small"] : [])
        let attribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
        return "<section id=\"\(id)\"\(attribute)>\n<h2>\(HTML.text(headings(w)[number - 1]))</h2>\n"
    }

    static func verdictSymbol(_ verdict: Verdict) -> String {
        switch verdict {
        case .meets: return "✓"
        case .misses: return "✗"
        case .cannotTell: return "?"
        case .tooFewResponses: return "†"
        case .noValidAnswers: return "∅"
        }
    }

    // MARK: 1. Summary

    static func summary(_ input: HTMLReportInput, words w: Words) -> String {
        let report = input.report
        var html = open(1, w, id: "summary", newPage: false)
        html += "<div class=\"cards\">\n"
        if let reference = report.reference {
            html += card(
                w.t("Chỉ số hài lòng chung — \(HTML.text(reference.name))", "Overall satisfaction — \(HTML.text(reference.name))"),
                w.pct(reference.overall.index),
                w.t("Khoảng tin cậy \(w.num(report.method.confidence * 100, 0)) %: ", "\(w.num(report.method.confidence * 100, 0)) % interval: ")
                    + w.interval(reference.overall.ciLow, reference.overall.ciHigh) + "<br>"
                    + w.t("Số phiếu: ", "Responses: ") + w.int(reference.respondents),
                big: true)
            html += card(
                w.t("Mục tiêu", "Target"), w.pct(report.target),
                "<span class=\"sym\">\(verdictSymbol(reference.verdict))</span> " + HTML.text(reference.verdict.label.text(w.language))
                    + (reference.verdict == .cannotTell ? w.t(" (khoảng tin cậy chứa mục tiêu)", " (the interval contains the target)") : ""))
            html += card(
                w.t("Điểm SIPAS trong PAR-Index", "SIPAS points in the PAR-Index"),
                w.num(reference.parPoints),
                w.t("trên \(w.num(report.method.parWeight, 0)) điểm", "of \(w.num(report.method.parWeight, 0)) points"))
            if let change = reference.change.previous {
                html += card(
                    w.t("So với kỳ trước", "Against the previous period") + (change.period.map { " (\(HTML.text(w.period($0))))" } ?? ""),
                    w.signed(change.difference) + w.t(" điểm %", " pts"),
                    "\(w.pct(change.from)) → \(w.pct(change.to))<br>"
                        + (change.significant ? "<span class=\"sig\">★ " + w.t("có ý nghĩa thống kê", "significant") + "</span>"
                            : w.t("không có ý nghĩa thống kê", "not significant")))
            }
        } else {
            html += card(w.t("Toàn tỉnh", "Province"), "–", w.t("Báo cáo không có đơn vị đối chiếu.", "The report has no reference."))
        }
        html += "</div>\n"

        // Verdicts and standings.
        let units = report.units
        html += "<div class=\"keep\"><h3>" + w.t("Kết luận theo mục tiêu và so với toàn tỉnh", "Verdicts against the target and the province") + "</h3>\n"
        html += "<div class=\"pair\">\n<table class=\"counts\"><thead><tr><th>" + w.t("Kết luận so với mục tiêu", "Verdict against the target")
            + "</th><th class=\"num\">" + w.t("Số đơn vị", "Units") + "</th></tr></thead><tbody>\n"
        let verdictMeaning: [Verdict: String] = [
            .meets: w.t("cả khoảng tin cậy đạt từ mục tiêu trở lên", "the whole interval is at or above the target"),
            .misses: w.t("cả khoảng tin cậy dưới mục tiêu", "the whole interval is below the target"),
            .cannotTell: w.t("khoảng tin cậy chứa mục tiêu", "the interval contains the target"),
            .tooFewResponses: w.t("dưới \(report.method.minRespondents) phiếu, không kết luận, không xếp hạng", "fewer than \(report.method.minRespondents) responses: no verdict, no rank"),
            .noValidAnswers: w.t("có phiếu nhưng không có câu trả lời hợp lệ, không kết luận, không xếp hạng", "questionnaires but no valid answer: no verdict, no rank"),
        ]
        for verdict in Verdict.allCases {
            let count = units.filter { $0.verdict == verdict }.count
            html += "<tr><td><span class=\"sym\">\(verdictSymbol(verdict))</span> \(HTML.text(verdict.label.text(w.language)))<div class=\"meaning\">\(verdictMeaning[verdict] ?? "")</div></td><td class=\"num\">\(w.int(count))</td></tr>\n"
        }
        html += "<tr><td><b>" + w.t("Tổng số đơn vị", "All units") + "</b></td><td class=\"num\"><b>\(w.int(units.count))</b></td></tr>\n"
        html += "</tbody></table>\n"

        html += "<table class=\"counts\"><thead><tr><th>" + w.t("So với toàn tỉnh", "Against the province")
            + "</th><th class=\"num\">" + w.t("Số đơn vị", "Units") + "</th></tr></thead><tbody>\n"
        let standingSymbol: [Standing: String] = [.above: "▲", .below: "▼", .notDistinguishable: "="]
        for standing in [Standing.above, .below, .notDistinguishable] {
            let matching = units.filter { $0.comparison?.standing == standing }
            let names = standing != .notDistinguishable && !matching.isEmpty && matching.count <= 12
                ? matching.map { HTML.text($0.name) }.joined(separator: ", ") : ""
            html += "<tr><td><span class=\"sym\">\(standingSymbol[standing] ?? "")</span> \(HTML.text(standing.label.text(w.language)))"
                + (names.isEmpty ? "" : "<div class=\"meaning\">\(names)</div>") + "</td><td class=\"num\">\(w.int(matching.count))</td></tr>\n"
        }
        let notCompared = units.filter { $0.comparison == nil }.count
        if notCompared > 0 {
            html += "<tr><td><span class=\"sym\">–</span> " + w.t("Không so sánh (quá ít phiếu hoặc không có chỉ số)", "Not compared (too few responses or no index)")
                + "</td><td class=\"num\">\(w.int(notCompared))</td></tr>\n"
        }
        html += "</tbody></table>\n</div>\n"
        html += "<p class=\"note\">" + w.t(
            "“Cao hơn” hay “thấp hơn” toàn tỉnh chỉ khi chênh lệch có ý nghĩa thống kê ở mức 5 % sau hiệu chỉnh Holm trên các đơn vị được so sánh.",
            "“Above” or “below” the province only when the difference is significant at 5 % after Holm’s correction over the units compared.")
            + "</p></div>\n"

        html += changes(units, words: w)
        return html + "</section>\n"
    }

    static func card(_ label: String, _ value: String, _ detail: String, big: Bool = false) -> String {
        "<div class=\"card\(big ? " big" : "")\"><div class=\"label\">\(label)</div><div class=\"value\">\(value)</div><div class=\"detail\">\(detail)</div></div>\n"
    }

    /// The largest rises and falls against the previous period (units with enough responses).
    static func changes(_ units: [Report.UnitResult], words w: Words, count: Int = 5) -> String {
        let changed = units.compactMap { unit -> (Report.UnitResult, Report.Change)? in
            guard unit.verdict != .tooFewResponses, let change = unit.change.previous, change.difference.isFinite else { return nil }
            return (unit, change)
        }
        var html = "<div class=\"changes\"><h3>" + w.t("Tăng, giảm nhiều nhất so với kỳ trước", "Largest rises and falls against the previous period")
        if let period = changed.first?.1.period { html += " (\(HTML.text(w.period(period))))" }
        html += "</h3>\n"
        guard !changed.isEmpty else {
            return html + "<p class=\"empty\">" + w.t("Không có số liệu kỳ trước.", "No data for the previous period.") + "</p></div>\n"
        }
        let rises = changed.filter { $0.1.difference > 0 }.sorted { $0.1.difference > $1.1.difference }.prefix(count)
        let falls = changed.filter { $0.1.difference < 0 }.sorted { $0.1.difference < $1.1.difference }.prefix(count)
        let significantUp = changed.filter { $0.1.significant && $0.1.difference > 0 }.count
        let significantDown = changed.filter { $0.1.significant && $0.1.difference < 0 }.count
        html += "<p>" + w.t(
            "\(w.int(changed.count)) đơn vị có số liệu cả hai kỳ: \(w.int(significantUp)) tăng và \(w.int(significantDown)) giảm có ý nghĩa thống kê (mức 5 %).",
            "\(w.int(changed.count)) units have data for both periods: \(w.int(significantUp)) rose and \(w.int(significantDown)) fell significantly (at 5 %).") + "</p>\n"
        html += "<table class=\"changes\"><thead><tr><th></th><th>" + w.t("Đơn vị", "Unit") + "</th><th class=\"num\">" + w.t("Kỳ trước", "Before")
            + "</th><th class=\"num\">" + w.t("Kỳ này", "Now") + "</th><th class=\"num\">" + w.t("Thay đổi (điểm %)", "Change (pts)")
            + "</th><th>" + w.t("Ý nghĩa thống kê", "Significance") + "</th></tr></thead><tbody>\n"
        func rows(_ list: ArraySlice<(Report.UnitResult, Report.Change)>, _ label: String) -> String {
            guard !list.isEmpty else { return "" }
            var out = ""
            for (i, (unit, change)) in list.enumerated() {
                out += "<tr>"
                if i == 0 { out += "<th rowspan=\"\(list.count)\">\(label)</th>" }
                out += "<td>\(HTML.text(unit.name))</td><td class=\"num\">\(w.pct(change.from))</td><td class=\"num\">\(w.pct(change.to))</td>"
                out += "<td class=\"num\(change.significant ? " sig" : "")\">\(w.signed(change.difference))</td>"
                out += "<td>" + (change.significant ? "<span class=\"sig\">★ " + w.t("có ý nghĩa", "significant") + "</span>" : w.t("không", "no")) + "</td></tr>\n"
            }
            return out
        }
        html += rows(rises, w.t("▲ Tăng", "▲ Rises"))
        html += rows(falls, w.t("▼ Giảm", "▼ Falls"))
        html += "</tbody></table>\n<p class=\"note\">" + w.t(
            "★: thay đổi có ý nghĩa thống kê (kiểm định z hai phía, mức 5 % sau hiệu chỉnh Holm trên các đơn vị cùng cấp). Không tính các đơn vị có quá ít phiếu.",
            "★: a significant change (two-sided z-test at 5 % after Holm’s correction over the units of the level). Units with too few responses are left out.") + "</p></div>\n"
        return html
    }

    // MARK: 2. Ranking

    static func ranking(_ input: HTMLReportInput, words w: Words) -> String {
        let report = input.report
        var html = open(2, w, id: "ranking", newPage: true)
        html += "<p>" + w.t(
            "Đơn vị xếp theo chỉ số hài lòng chung; hạng tính riêng trong từng cấp. Các đơn vị cùng một <b>nhóm</b> (dải tô nền xen kẽ, số nhóm ở cột đầu) không phân biệt được với nhau về mặt thống kê, nên cần đọc theo nhóm chứ không chỉ theo hạng.",
            "Units in order of their overall index; ranks run within each level. Units in the same <b>group</b> (alternating shaded bands, group number in the first column) cannot be told apart statistically: read the groups, not only the ranks.") + "</p>\n"
        let levels = UnitLevel.allCases.filter { level in report.units.contains { $0.level == level && $0.rank != nil } }
        guard !levels.isEmpty else {
            return html + "<p class=\"empty\">" + w.t("Không có đơn vị nào được xếp hạng.", "No unit is ranked.") + "</p></section>\n"
        }
        for level in levels {
            let units = report.units.filter { $0.level == level }
            let rows = SVGCharts.rankingRows(units)
            let rankedCount = units.filter { $0.rank != nil && $0.overall.index != nil }.count
            let levelName = level.label.text(w.language)
            let shown = rows.count < rankedCount
                ? w.t(" — \(w.int(15)) đơn vị cao nhất và \(w.int(15)) thấp nhất", " — the 15 highest and the 15 lowest")
                : ""
            let caption = w.t("Xếp hạng \(levelName.lowercased()): \(w.int(rankedCount)) đơn vị\(shown)",
                              "Ranking, \(levelName.lowercased()): \(w.int(rankedCount)) units\(shown)")
            html += "<figure class=\"chart\">\n<h3>\(HTML.text(caption))</h3>\n"
            html += SVGCharts.ranking(rows: rows, caption: caption, target: report.target, province: report.reference?.overall.index, words: w)
            html += "\n" + rankingLegend(report, words: w)
            if rows.count < rankedCount {
                html += "<figcaption>" + w.t(
                    "Chỉ hiển thị 15 đơn vị cao nhất và 15 đơn vị thấp nhất; mọi đơn vị có trong bản đồ nhiệt (mục 3).",
                    "Only the 15 highest and the 15 lowest units are shown; every unit is in the heat map (section 3).") + "</figcaption>\n"
            }
            html += "</figure>\n"
        }
        return html + "</section>\n"
    }

    static func rankingLegend(_ report: Report, words w: Words) -> String {
        func box(_ fill: String, _ symbol: String, _ label: String) -> String {
            "<span class=\"key\"><span class=\"box\" style=\"background:\(fill)\"></span><span class=\"sym\">\(symbol)</span>\(label)</span>"
        }
        var html = "<div class=\"legend\">"
        html += box(Palette.meets, "✓", HTML.text(Verdict.meets.label.text(w.language)))
        html += box(Palette.misses, "✗", HTML.text(Verdict.misses.label.text(w.language)))
        html += box(Palette.cannotTell, "?", HTML.text(Verdict.cannotTell.label.text(w.language)))
        html += "<span class=\"key\"><span class=\"line\" style=\"border-top-style:dashed;border-color:\(Palette.target)\"></span>" + w.t("Mục tiêu ", "Target ") + w.pct(report.target) + "</span>"
        if let province = report.reference?.overall.index {
            html += "<span class=\"key\"><span class=\"line\" style=\"border-top-style:dotted;border-color:#8a3f6c\"></span>" + w.t("Toàn tỉnh ", "Province ") + w.pct(province) + "</span>"
        }
        html += "<span class=\"key\"><span class=\"sym\">▲ ▼</span>" + w.t("cao hơn / thấp hơn toàn tỉnh", "above / below the province") + "</span>"
        html += "<span class=\"key\"><span class=\"sym\">├┤</span>" + w.t("khoảng tin cậy 95 %", "95 % interval") + "</span>"
        return html + "</div>\n"
    }

    // MARK: 3. Heat map

    static func heatMap(_ input: HTMLReportInput, words w: Words) -> String {
        var html = open(3, w, id: "heatmap", newPage: true)
        if input.report.units.isEmpty {
            html += "<p class=\"empty\">" + w.t("Báo cáo không có đơn vị.", "The report has no units.") + "</p>\n"
        } else {
            html += HeatMap.render(report: input.report, survey: input.survey, words: w)
        }
        return html + "</section>\n"
    }

    // MARK: 4. Trend

    static func trend(_ input: HTMLReportInput, words w: Words) -> String {
        var html = open(4, w, id: "trend", newPage: true)
        let points = Array(input.trend.suffix(12))
        guard !points.isEmpty else {
            return html + "<p class=\"empty\">" + w.t("Không có số liệu các tháng trước.", "No data for earlier months.") + "</p></section>\n"
        }
        let name = input.report.reference?.name ?? w.t("Toàn tỉnh", "Province")
        let caption = w.t("Chỉ số hài lòng chung của \(name), \(w.int(points.count)) kỳ gần nhất",
                          "Overall satisfaction index of \(name), last \(w.int(points.count)) periods")
        html += "<figure class=\"chart\">\n"
        html += SVGCharts.trend(points, caption: caption, target: input.report.target, words: w)
        html += "\n<div class=\"legend\"><span class=\"key\"><span class=\"line\" style=\"border-top-style:solid;border-color:#08306b\"></span>"
            + w.t("Chỉ số chung", "Overall index") + "</span>"
            + "<span class=\"key\"><span class=\"box\" style=\"background:#c5dfee\"></span>" + w.t("khoảng tin cậy 95 %", "95 % interval") + "</span>"
            + "<span class=\"key\"><span class=\"line\" style=\"border-top-style:dashed;border-color:\(Palette.target)\"></span>" + w.t("Mục tiêu ", "Target ") + w.pct(input.report.target) + "</span>"
            + "</div>\n"
        html += "<figcaption>\(HTML.text(caption)).</figcaption>\n</figure>\n"
        html += trendTable(points, words: w)
        return html + "</section>\n"
    }

    /// The trend's numbers, in two tables side by side.
    static func trendTable(_ points: [TrendPoint], words w: Words) -> String {
        let half = (points.count + 1) / 2
        let halves = points.count > 4 ? [Array(points.prefix(half)), Array(points.dropFirst(half))] : [points]
        var html = "<div class=\"pair keep\">\n"
        for part in halves {
            html += "<table class=\"trend\"><thead><tr><th>" + w.t("Kỳ", "Period") + "</th><th class=\"num\">" + w.t("Chỉ số", "Index")
                + "</th><th class=\"num\">" + w.t("KTC 95 %", "95 % interval") + "</th><th class=\"num\">" + w.t("Số phiếu", "Responses") + "</th></tr></thead><tbody>\n"
            for point in part {
                html += "<tr><td>\(HTML.text(point.label))</td><td class=\"num\">\(w.pct(point.estimate.index))</td>"
                html += "<td class=\"num\">\(w.interval(point.estimate.ciLow, point.estimate.ciHigh))</td><td class=\"num\">\(w.int(point.respondents))</td></tr>\n"
            }
            html += "</tbody></table>\n"
        }
        return html + "</div>\n"
    }

    // MARK: 5. Weakest criteria

    static func weakestCriteria(_ input: HTMLReportInput, words w: Words, count: Int = 5) -> String {
        var html = open(5, w, id: "criteria", newPage: false, small: true)
        let criteria = (input.report.reference?.criteria ?? []).filter { $0.index?.isFinite == true }
            .sorted { ($0.index ?? 0) < ($1.index ?? 0) }.prefix(count)
        guard !criteria.isEmpty else {
            return html + "<p class=\"empty\">" + w.t("Không có số liệu tiêu chí.", "No criterion data.") + "</p></section>\n"
        }
        html += "<div class=\"keep\"><p>" + w.t("\(w.int(criteria.count)) tiêu chí có chỉ số toàn tỉnh thấp nhất:", "The \(w.int(criteria.count)) criteria with the lowest province index:") + "</p>\n"
        html += "<table><thead><tr><th>" + w.t("Mã", "Code") + "</th><th>" + w.t("Tiêu chí", "Criterion") + "</th><th>" + w.t("Yếu tố", "Element")
            + "</th><th class=\"num\">" + w.t("Chỉ số", "Index") + "</th><th class=\"num\">" + w.t("KTC 95 %", "95 % interval")
            + "</th><th class=\"num\">" + w.t("Hài lòng / trả lời", "Satisfied / answered") + "</th></tr></thead><tbody>\n"
        for criterion in criteria {
            let text = input.survey.item(code: criterion.code)?.text.text(w.language) ?? "–"
            let element = input.survey.elements.first { $0.items.contains { $0.code == criterion.code } }
            html += "<tr><td>\(HTML.text(criterion.code))</td><td>\(HTML.text(text))</td><td>\(HTML.text(element?.title.text(w.language) ?? "–"))</td>"
            html += "<td class=\"num\"><b>\(w.pct(criterion.index))</b></td><td class=\"num\">\(w.interval(criterion.ciLow, criterion.ciHigh))</td>"
            html += "<td class=\"num\">\(w.int(criterion.satisfied)) / \(w.int(criterion.valid))</td></tr>\n"
        }
        return html + "</tbody></table></div>\n</section>\n"
    }

    // MARK: 6. Too few responses

    static func tooFew(_ input: HTMLReportInput, words w: Words) -> String {
        var html = open(6, w, id: "too-few", newPage: false, small: input.report.units.filter { $0.verdict == .tooFewResponses }.count <= 20)
        let minimum = input.report.method.minRespondents
        let units = input.report.units.filter { $0.verdict == .tooFewResponses }
        guard !units.isEmpty else {
            return html + "<p>" + w.t("Mọi đơn vị đều có từ \(w.int(minimum)) phiếu trở lên.", "Every unit has at least \(w.int(minimum)) responses.") + "</p></section>\n"
        }
        html += "<p>" + w.t(
            "Các đơn vị dưới đây có dưới \(w.int(minimum)) phiếu: vẫn được nêu kết quả nhưng không xếp hạng, không kết luận so với mục tiêu.",
            "These units have fewer than \(w.int(minimum)) responses: their results are shown but they are not ranked and get no verdict.") + "</p>\n"
        html += "<table><thead><tr><th>" + w.t("Mã", "Code") + "</th><th>" + w.t("Đơn vị", "Unit") + "</th><th>" + w.t("Cấp", "Level")
            + "</th><th class=\"num\">" + w.t("Số phiếu", "Responses") + "</th><th class=\"num\">" + w.t("Tối thiểu", "Minimum")
            + "</th><th class=\"num\">" + w.t("Chỉ số (tham khảo)", "Index (for reference)") + "</th></tr></thead><tbody>\n"
        for unit in units {
            html += "<tr><td>\(HTML.text(unit.code))</td><td>\(HTML.text(unit.name))</td><td>\(HTML.text(unit.level.label.text(w.language)))</td>"
            html += "<td class=\"num\">\(w.int(unit.respondents))</td><td class=\"num\">\(w.int(minimum))</td><td class=\"num\">\(w.pct(unit.overall.index))</td></tr>\n"
        }
        return html + "</tbody></table>\n</section>\n"
    }

    // MARK: 7. Observations

    static func observations(_ input: HTMLReportInput, words w: Words) -> String {
        var html = open(7, w, id: "observations", newPage: false, small: true)
        let all = input.report.reference?.observations ?? []
        let observations = all.filter { $0.group == .observation }
        if observations.isEmpty {
            html += "<p class=\"empty\">" + w.t("Không có câu hỏi nhận định.", "No observation items.") + "</p>\n"
        } else {
            html += "<div class=\"keep\"><table><thead><tr><th>" + w.t("Nội dung", "Question") + "</th><th class=\"num\">" + w.t("Tỉ lệ", "Share")
                + "</th><th class=\"num\">" + w.t("Số phiếu / trả lời", "Count / answered") + "</th></tr></thead><tbody>\n"
            for observation in observations {
                let item = input.survey.item(code: observation.code)
                let text = item?.text.text(w.language) ?? observation.code
                if item?.kind == .yesNo || item == nil, let yes = observation.options.first(where: { $0.code == "yes" }) {
                    html += "<tr><td>\(HTML.text(text))</td><td class=\"num\"><b>\(w.pct(yes.percent))</b> " + w.t("“Có”", "“yes”")
                        + "</td><td class=\"num\">\(w.int(yes.count)) / \(w.int(observation.answered))</td></tr>\n"
                } else {
                    html += "<tr><td colspan=\"3\"><b>\(HTML.text(text))</b> (" + w.t("trả lời: ", "answered: ") + "\(w.int(observation.answered)))</td></tr>\n"
                    html += optionRows(observation, item: item, words: w)
                }
            }
            html += "</tbody></table>\n<p class=\"note\">" + w.t(
                "Tỉ lệ trên số người trả lời câu hỏi; số liệu của toàn tỉnh.",
                "Shares of the respondents who answered the question; figures for the whole province.") + "</p></div>\n"
        }
        let expectations = all.filter { $0.group == .expectation && $0.options.contains { $0.count > 0 } }
        for expectation in expectations {
            let item = input.survey.item(code: expectation.code)
            html += "<div class=\"keep\"><h3>\(HTML.text(item?.text.text(w.language) ?? expectation.code))</h3>\n<table><thead><tr><th>"
                + w.t("Lựa chọn", "Option") + "</th><th class=\"num\">" + w.t("Tỉ lệ", "Share") + "</th><th class=\"num\">"
                + w.t("Số phiếu / trả lời", "Count / answered") + "</th></tr></thead><tbody>\n"
            html += optionRows(expectation, item: item, words: w)
            html += "</tbody></table></div>\n"
        }
        return html + "</section>\n"
    }

    static func optionRows(_ observation: Report.Observation, item: SurveyItem?, words w: Words) -> String {
        observation.options.map { option in
            let label = item?.options.first { $0.code == option.code }?.label.text(w.language) ?? option.code
            return "<tr><td>\(HTML.text(label))</td><td class=\"num\">\(w.pct(option.percent))</td><td class=\"num\">\(w.int(option.count)) / \(w.int(observation.answered))</td></tr>\n"
        }.joined()
    }

    // MARK: 8. Method and provenance

    static func method(_ input: HTMLReportInput, words w: Words) -> String {
        let report = input.report, survey = input.survey, method = report.method
        var html = open(8, w, id: "method", newPage: true)
        html += "<h3>" + w.t("Bộ câu hỏi", "Questionnaire") + "</h3>\n<dl class=\"method\">\n"
        html += entry(w.t("Mã, phiên bản", "Code, version"), "\(HTML.text(survey.code)), " + w.t("phiên bản ", "version ") + "\(survey.version)")
        html += entry(w.t("Tên", "Title"), HTML.text(survey.title.text(w.language)))
        html += entry(w.t("Căn cứ", "Source"), HTML.text(survey.source))
        if let note = survey.note, !note.isEmpty { html += entry(w.t("Ghi chú", "Note"), "<span class=\"verbatim\">\(HTML.text(note))</span>") }
        if report.survey != survey.code || report.surveyVersion != survey.version {
            html += entry(w.t("Lưu ý", "Warning"), w.t("Báo cáo được tính với ", "The report was computed with ")
                + "\(HTML.text(report.survey)) v\(report.surveyVersion).")
        }
        html += "</dl>\n<h3>" + w.t("Cách tính", "Computation") + "</h3>\n<dl class=\"method\">\n"
        let levels = method.satisfiedLevels.map(String.init).joined(separator: ", ")
        html += entry(w.t("Chỉ số tiêu chí", "Criterion index"), w.t(
            "tỉ lệ câu trả lời ở mức \(levels) trên số câu trả lời ở các mức 1–5 (không tính “không trả lời”)",
            "share of answers at level \(levels) among the answers at levels 1–5 (“no answer” excluded)"))
        html += entry(w.t("Chỉ số yếu tố", "Element index"), elementRule(method.elementRule, w))
        html += entry(w.t("Chỉ số chung", "Overall index"), overallRule(method.overallRule, w))
        html += entry(w.t("Gộp các đơn vị", "Across units"), method.acrossUnits == .pooled
            ? w.t("cộng số phiếu của các đơn vị rồi mới tính chỉ số", "counts are added up, then the index is computed")
            : w.t("trung bình cộng chỉ số của các đơn vị", "mean of the units' indices"))
        html += entry(w.t("Mục tiêu", "Target"), w.pct(report.target))
        html += entry(w.t("Số phiếu tối thiểu", "Minimum responses"), w.int(method.minRespondents))
        html += entry(w.t("Độ tin cậy", "Confidence"), w.num(method.confidence * 100, 0) + " %")
        html += entry(w.t("Điểm PAR-Index", "PAR-Index points"), w.t("chỉ số chung × \(w.num(method.parWeight, 0)) / 100", "overall index × \(w.num(method.parWeight, 0)) / 100"))
        html += entry(w.t("Khoảng tin cậy", "Intervals"), "<span class=\"verbatim\">\(HTML.text(method.interval))</span>")
        html += entry(w.t("So sánh, xếp hạng", "Comparison, ranking"), "<span class=\"verbatim\">\(HTML.text(method.comparison))</span>")
        html += entry(w.t("Địa giới", "Boundaries"), boundaries(method.boundaries, w))
        html += entry(w.t("Phạm vi số liệu", "Scope"), scope(method.scope, w))
        if !report.unmappedUnits.isEmpty {
            html += entry(w.t("Đơn vị cũ không chuyển được", "Old units not carried over"), report.unmappedUnits.map(HTML.text).joined(separator: ", "))
        }
        if !report.unmappedSeries.isEmpty {
            html += entry(w.t("Chỉ tiêu không có chuỗi nối tiếp", "Codes with no earlier series"), report.unmappedSeries.map(HTML.text).joined(separator: ", "))
        }
        html += "</dl>\n"
        if w.vi {
            html += "<p class=\"note\">Hai câu in nghiêng về khoảng tin cậy và so sánh được giữ nguyên văn như trong dữ liệu báo cáo.</p>\n"
        }

        html += "<h3>" + w.t("Số liệu đã dùng", "Uploads used") + "</h3>\n"
        if input.uploads.isEmpty {
            html += "<p class=\"empty\">" + w.t("Không có thông tin tệp tải lên.", "No upload information.") + "</p>\n"
        } else {
            html += "<table><thead><tr><th class=\"num\">" + w.t("Mã", "ID") + "</th><th>" + w.t("Tệp", "File") + "</th><th>" + w.t("Người tải lên", "Uploaded by")
                + "</th><th>" + w.t("Thời điểm", "When") + "</th><th>" + w.t("Trạng thái", "Status") + "</th></tr></thead><tbody>\n"
            for upload in input.uploads {
                html += "<tr><td class=\"num\">\(upload.id)</td><td>\(HTML.text(upload.fileName))</td><td>\(HTML.text(upload.uploadedBy))</td>"
                html += "<td>\(HTML.text(upload.uploadedAt))</td><td>\(HTML.text(upload.status))</td></tr>\n"
            }
            html += "</tbody></table>\n"
        }
        html += "<p class=\"generated\">" + w.t("Báo cáo lập lúc ", "Report generated ") + HTML.text(input.generatedAt)
            + w.t(" bằng công cụ sipas.", " by the sipas tool.") + "</p>\n"
        return html + "</section>\n"
    }

    static func entry(_ term: String, _ definition: String) -> String { "<dt>\(term)</dt><dd>\(definition)</dd>\n" }

    static func elementRule(_ rule: IndexSettings.ElementRule, _ w: Words) -> String {
        switch rule {
        case .meanOfCriteria: return w.t("trung bình cộng chỉ số các tiêu chí của yếu tố", "mean of the element's criterion indices")
        case .pooled: return w.t("tỉ lệ hài lòng trên mọi câu trả lời của yếu tố", "share satisfied over all answers of the element")
        }
    }

    static func overallRule(_ rule: IndexSettings.OverallRule, _ w: Words) -> String {
        switch rule {
        case .meanOfElements: return w.t("trung bình cộng chỉ số các yếu tố", "mean of the element indices")
        case .meanOfCriteria: return w.t("trung bình cộng chỉ số mọi tiêu chí", "mean of all criterion indices")
        case .meanOfParts: return w.t("trung bình cộng chỉ số các phần (mỗi phần là trung bình các yếu tố của phần)", "mean of the part indices (each the mean of its elements)")
        case .directItem: return w.t("tỉ lệ hài lòng ở câu hỏi đánh giá chung", "share satisfied on the direct overall question")
        }
    }

    static func boundaries(_ value: String, _ w: Words) -> String {
        switch value {
        case "as-reported": return w.t("theo địa giới của kỳ báo cáo", "as reported (the boundaries of the period)")
        case "current": return w.t("theo địa giới hiện hành (số liệu đơn vị cũ chuyển sang đơn vị kế thừa)", "current boundaries (old units' counts carried to their successors)")
        default:
            let parts = value.split(separator: "-")
            if parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) {
                return w.t("theo địa giới ngày \(d)/\(m)/\(y)", "boundaries of \(value)")
            }
            return HTML.text(value)
        }
    }

    static func scope(_ value: String, _ w: Words) -> String {
        switch value {
        case "self": return w.t("riêng cơ quan của đơn vị (bộ phận một cửa)", "the unit's own office (its one-stop desk)")
        case "area": return w.t("toàn địa bàn: đơn vị và các đơn vị trực thuộc", "the whole area: the unit and everything under it")
        default: return HTML.text(value)
        }
    }
}
