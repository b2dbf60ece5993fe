import Foundation
import JixiaoCore

extension ExtractReader {
    // MARK: 一（四） 预算

    /// 「X万元，比上年增加Y万元，增长Z%，主要原因是R」 read after a label.
    ///
    /// The change and growth are signed by their verbs (减少/下降 negative); the reason runs to
    /// the first 「；」 or 「。」. Returns the figure and where its sentence ends.
    func yearOnYear(_ label: String, in span: Range<Int>, path: FieldPath) -> (YearOnYear, end: Int)? {
        guard let h = find(label + "(?:为|是|共计|合计|总额为?)?" + Self.money, in: span),
              let amount = amount(h, 1, path: path / "amount")
        else { return nil }
        var figure = YearOnYear(amount: amount)
        var position = h.range.upperBound
        if let last = prefix("[，,]?(?:上年|上年度)(?:为|预算为?|数为?)?" + Self.money, at: position, limit: span.upperBound) {
            figure.lastYear = self.amount(last, 1, path: path / "last_year")
            position = last.range.upperBound
        }
        // A bracket of parts may stand between the figure and its change (公务用车…（购置费…）).
        if let c = prefix("(?:[（(][^）)]{0,200}[）)])?[，,]?(?:比上年|较上年|比上年度|同比)(增加|减少|增长|下降)" + Self.money,
                          at: position, limit: span.upperBound),
           var change = self.amount(c, 2, path: path / "change")
        {
            if c[1] == "减少" || c[1] == "下降", change.number.value != 0 { change.number.value = -change.number.value }
            figure.change = AmountChange(change)
            position = c.range.upperBound
        }
        if let g = prefix("[，,]?(?:比上年|同比)?(增长|下降|增加|减少|上升)(-?[0-9]+(?:\\.[0-9]+)?)%", at: position, limit: span.upperBound),
           var percent = try? Percent.parse(g[2]! + "%")
        {
            if g[1] == "下降" || g[1] == "减少", percent.number.value != 0 { percent.number.value = -percent.number.value }
            figure.growth = percent
            mark(path / "growth", g.start(2))
            position = g.range.upperBound
        }
        if let r = prefix("[，,]?(?:主要)?原因(?:是|为|：|:)(.{1,300}?)(?=[；;。]|$)", at: position, limit: span.upperBound) {
            figure.reason = Self.trimPunctuation(prose(r.groups[1]!))
            mark(path / "reason", r.start(1))
            position = r.range.upperBound
        }
        return (figure, position)
    }

    func budget(_ sections: ReportSections) -> Budget? {
        guard let span = sections.span(.budget) else {
            missing(.budget, "未找到该部分")
            return nil
        }
        var budget = Budget()
        if let h = find("([0-9]{4})年(?:度)?(?:本部门|本单位|部门)?(?:收入)?预算", in: span) {
            budget.year = int(h, 1, path: "budget.year")
        }
        if let (f, _) = yearOnYear("收入预算", in: span, path: "budget.income") { budget.income = f } else {
            missing(.budget, "未读出收入预算")
        }
        if let (f, _) = yearOnYear("支出预算", in: span, path: "budget.expenditure") { budget.expenditure = f } else {
            missing(.budget, "未读出支出预算")
        }
        // The full-year budget and why it departs from the year-start one, in the words the report
        // composer writes them: 「2021年全年预算数（调整后预算数）1,148.64万元，比年初预算数增加……，主要原因是……。」
        if let h = find("全年预算数[（(]调整后预算数[）)]" + Self.money, in: span) {
            budget.fullYear = amount(h, 1, path: "budget.full_year")
            if let r = prefix("[^。]{0,120}?主要原因是([^。]{1,300})", at: h.range.upperBound, limit: span.upperBound) {
                var adjustments = BudgetAdjustments()
                adjustments.reason = r[1]
                budget.adjustments = adjustments
                mark("budget.adjustments.reason", r.start(1))
            }
        }
        // “三公” total first, then its parts after it (the operating-funds definition repeats
        // their names without figures, so the figure right after the name is required).
        let threeLabel = "[“\"「]?三公[”\"」]?经费(?:预算)?(?:安排)?"
        if let (total, end) = yearOnYear(threeLabel, in: span, path: "budget.three_public.total") {
            var three = ThreePublicExpenses()
            three.total = total
            let partSpan = end..<span.upperBound
            three.overseasTravel = yearOnYear("因公出国[（(]境[）)](?:经)?费(?:用)?", in: partSpan, path: "budget.three_public.overseas_travel")?.0
            var vehicles = VehicleExpenses()
            vehicles.total = yearOnYear("公务用车购置(?:费)?及运行(?:维护)?(?:费|经费)", in: partSpan, path: "budget.three_public.vehicles.total")?.0
            vehicles.purchase = yearOnYear("公务用车购置费", in: partSpan, path: "budget.three_public.vehicles.purchase")?.0
            vehicles.running = yearOnYear("公务用车运行(?:维护)?费", in: partSpan, path: "budget.three_public.vehicles.running")?.0
            if vehicles != VehicleExpenses() { three.vehicles = vehicles }
            three.reception = yearOnYear("公务接待费", in: partSpan, path: "budget.three_public.reception")?.0
            if three.overseasTravel == nil || three.vehicles == nil || three.reception == nil {
                missing(.budget, "“三公”经费未读出全部分项（因公出国（境）费、公务用车购置及运行维护费、公务接待费）")
            }
            budget.threePublic = three
        } else {
            missing(.budget, "“三公”经费未读出")
        }
        if let (f, _) = yearOnYear("机关运行经费(?:预算)?(?:安排)?", in: span, path: "budget.operating_funds") {
            budget.operatingFunds = f
        } else {
            missing(.budget, "机关运行经费未读出")
        }
        // Its definition: the sentence 「…机关运行经费）指…」 and a following 「具体包括…」.
        // Found at its words and widened back to the sentence's start: a pattern with a leading
        // 「[^。]*」 would try every place in the section.
        if let h = find("机关运行经费[）)]?(?:是)?指[^。]{0,400}。", in: span) {
            let start = sentenceStart(before: h.range.lowerBound, floor: span.lowerBound)
            var end = h.range.upperBound
            if let more = prefix("具体包括[^。]{0,400}。", at: end, limit: span.upperBound) { end = more.range.upperBound }
            budget.operatingFundsDefinition = prose(start..<end)
            mark("budget.operating_funds_definition", start)
        }
        if let h = find("政府采购(?:预算)?(?:安排)?(?:为|共计|合计)?" + Self.money, in: span) {
            var p = Procurement()
            p.total = amount(h, 1, path: "budget.procurement.total")
            let rest = h.range.upperBound..<span.upperBound
            for (word, key) in [("货物", "goods"), ("工程", "works"), ("服务", "services")] {
                guard let k = find(word + "类?(?:采购)?(?:预算)?(?:为)?" + Self.money, in: rest) else { continue }
                let a = amount(k, 1, path: FieldPath("budget.procurement") / key)
                switch key {
                case "goods": p.goods = a
                case "works": p.works = a
                default: p.services = a
                }
            }
            budget.procurement = p
        } else {
            missing(.budget, "政府采购未读出")
        }
        budget.fixedAssets = fixedAssets(span)
        return budget == Budget() ? nil : budget
    }

    func fixedAssets(_ span: Range<Int>) -> FixedAssets? {
        guard let anchor = find("固定资产", in: span) else {
            missing(.budget, "固定资产未找到")
            return nil
        }
        // The paragraph begins at 「截至…」 when the date precedes the first mention.
        let dateHit = find("截(?:至|止)(?:到)?([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日", in: max(span.lowerBound, anchor.range.lowerBound - 40)..<span.upperBound)
        let from = min(anchor.range.lowerBound, dateHit?.range.lowerBound ?? anchor.range.lowerBound)
        let s = from..<span.upperBound
        var assets = FixedAssets()
        if let d = dateHit, let y = Int(d[1]!), let m = Int(d[2]!), let day = Int(d[3]!) {
            assets.asOf = CalendarDate(year: y, month: m, day: day)
            mark("budget.fixed_assets.as_of", d.start(1))
        }
        if let h = find("固定资产(?:金额|总额|原值|账面价值)?(?:为|共计|合计)?" + Self.money, in: s) {
            assets.amount = amount(h, 1, path: "budget.fixed_assets.amount")
        }
        if let h = find("房屋(?:建筑物)?(?:面积)?(?:为|共)?([0-9][0-9,]{0,24}(?:\\.[0-9]+)?)(?:平方米|㎡|m²|m2)", in: s) {
            assets.buildingArea = StatedNumber(parsing: Self.published(h[1]!))
            mark("budget.fixed_assets.building_area", h.start(1))
        }
        if let h = find("车辆(?:为|共)?([0-9]+)(?:辆|台)", in: s) {
            assets.vehicles = int(h, 1, path: "budget.fixed_assets.vehicles")
        }
        if let h = find("单价(?:在)?(?:100|一百)万元(?:以上|及以上)的?(?:设备|专用设备)?(?:为|共)?([0-9]+)(?:台|套|件)", in: s) {
            assets.equipmentOverOneMillion = int(h, 1, path: "budget.fixed_assets.equipment_over_one_million")
        }
        if let h = find("拟(?:新)?购置(?:固定资产)?(?:为|共计)?" + Self.money, in: s) {
            assets.plannedPurchase = amount(h, 1, path: "budget.fixed_assets.planned_purchase")
            if let n = prefix("[，,](?:主要是|主要为|主要用于|用于)(.{1,300}?)(?=[。；;]|$)", at: h.range.upperBound, limit: s.upperBound) {
                var note = Self.trimPunctuation(prose(n.groups[1]!))
                if note.hasSuffix("等") { note.removeLast() }
                assets.plannedNote = note
                mark("budget.fixed_assets.planned_note", n.start(1))
            }
        }
        if assets == FixedAssets() {
            missing(.budget, "固定资产未读出金额及分布")
            return nil
        }
        return assets
    }

    // MARK: 一（四） 决算

    /// Each source of income with the pattern of its amount, written once per process.
    static let incomePatterns = IncomeSource.allCases.map { source in
        let label = source == .carriedOver ? "上年结转(?:结余)?" : NSRegularExpression.escapedPattern(for: source.rawValue)
        return (source, label + "(?:收入)?(?:为)?" + money)
    }

    func finalAccounts(_ sections: ReportSections) -> FinalAccounts? {
        guard let span = sections.span(.finalAccounts) else {
            missing(.finalAccounts, "未找到部门决算收支")
            return nil
        }
        var accounts = FinalAccounts()
        var income = FinalIncome()
        var expenditure = FinalExpenditure()
        if let h = find("总收入(?:为|共计|合计)?" + Self.money, in: span) {
            income.total = amount(h, 1, path: "final_accounts.income.total")
        }
        if let h = find("总支出(?:为|共计|合计)?" + Self.money, in: span) {
            expenditure.total = amount(h, 1, path: "final_accounts.expenditure.total")
        }
        // Why final accounts depart from the budget, when the report says so: 「决算支出为支出预算
        // … 的 402.2%，主要原因是……。」 (or 「决算数比预算数增加……，主要原因是……」).
        // 「主要原因是」 stands at most 78 units into a match (4 + 40 + 3 + 30 + 1).
        if let h = find("决算(?:支出|数)[^。]{0,40}?(?:预算|预算数)[^。]{0,30}?[，,]主要原因是([^。]{1,300})", in: span,
                        holding: "主要原因是", within: 78) {
            accounts.deviationReason = h[1]
        }
        let functionHead = find("[（(]按?(?:支出)?功能分类[）)]", in: span)
        let natureHead = find("[（(]按?(?:支出)?性质(?:和经济)?(?:分类)?[）)]", in: span)
        let economicHead = find("[（(]按?(?:支出)?经济分类[）)]", in: span)
        let heads = [functionHead, natureHead, economicHead].compactMap { $0?.range.lowerBound }
        func upto(_ h: Hit?) -> Range<Int>? {
            guard let h else { return nil }
            let end = heads.filter { $0 > h.range.lowerBound }.min() ?? span.upperBound
            return h.range.upperBound..<end
        }
        // Income by source: the sentence(s) between the totals and the first breakdown.
        let incomeSpan = span.lowerBound..<(heads.min() ?? span.upperBound)
        var lines: [(Int, IncomeLine)] = []
        for (source, pattern) in Self.incomePatterns {
            guard let h = find(pattern, in: incomeSpan), let a = amount(h, 1) else { continue }
            lines.append((h.range.lowerBound, IncomeLine(source: source, amount: a)))
            lines.sort { $0.0 < $1.0 }
        }
        if !lines.isEmpty {
            income.bySource = lines.map(\.1)
            for (i, line) in lines.enumerated() {
                // Located at the figure, which follows the label.
                if let h = find(Self.money, in: line.0..<incomeSpan.upperBound) {
                    mark(FieldPath("final_accounts.income.by_source")[i] / "amount", h.start(1))
                    mark(FieldPath("final_accounts.income.by_source")[i] / "source", line.0)
                }
            }
        } else {
            missing(.finalAccounts, "未读出收入来源")
        }
        if let s = upto(functionHead) {
            expenditure.byFunction = classified(s, Classification.functional, aliases: Self.functionalAliases,
                                                path: "final_accounts.expenditure.by_function")
        } else {
            missing(.finalAccounts, "未找到按功能分类的支出")
        }
        if let s = upto(natureHead) {
            expenditure.byNature = byNature(s)
        } else {
            missing(.finalAccounts, "未找到按支出性质分类的支出")
        }
        if let s = upto(economicHead) {
            expenditure.byEconomic = classified(s, Classification.economic, aliases: Self.economicAliases,
                                                path: "final_accounts.expenditure.by_economic")
        } else {
            missing(.finalAccounts, "未找到按经济分类的支出")
        }
        if income != FinalIncome() { accounts.income = income }
        if expenditure != FinalExpenditure() { accounts.expenditure = expenditure }
        if let h = find("(?:年末)?结转(?:和|及)?结余(?:资金)?(?:为)?" + Self.money, in: span) {
            accounts.carryOver = amount(h, 1, path: "final_accounts.carry_over")
        }
        if let h = find("(?:预算)?执行率(?:为|达)?([0-9]+(?:\\.[0-9]+)?)%", in: span) {
            accounts.executionRate = try? Percent.parse(h[1]! + "%")
            mark("final_accounts.execution_rate", h.start(1))
        }
        return accounts == FinalAccounts() ? nil : accounts
    }

    /// Names used in older classification years, mapped to today's class codes.
    static let functionalAliases: [String: String] = [
        "文化体育与传媒支出": "207", "文化旅游体育与传媒支出": "207", "医疗卫生与计划生育支出": "210", "医疗卫生支出": "210",
        "资源勘探信息等支出": "215", "国土海洋气象等支出": "220", "社会保障与就业支出": "208", "城乡社区事务支出": "212",
    ]
    static let economicAliases: [String: String] = [
        "对个人和家庭补助": "303", "对个人和家庭补助支出": "303", "商品服务支出": "302", "工资福利": "301",
    ]

    /// 「A X 元；B Y 元；…」 → lines with codes looked up by name (the name kept as written).
    func classified(_ span: Range<Int>, _ classification: Classification, aliases: [String: String], path: FieldPath) -> [ClassifiedLine]? {
        var lines: [ClassifiedLine] = []
        for h in findAll("([^；;。，,：:0-9]{1,40}?)(?:为)?" + Self.money, in: span) {
            var name = h[1]!
            for lead in ["其中", "包括", "主要是"] where name.hasPrefix(lead) { name.removeFirst(lead.count) }
            guard let a = amount(h, 2) else { continue }
            let code = classification.code(named: name) ?? aliases[name]
                ?? classification.classes.first { name.hasPrefix($0.name) || $0.name.hasPrefix(name) }?.code
            guard let code else {
                missing("\(classification.name)「\(name)」\(a)：无法对应科目编码")
                continue
            }
            if classification.code(named: name) == nil {
                note(path[lines.count] / "code", "「\(name)」按近似名称对应为 \(code) \(classification.className(of: code) ?? "")")
            }
            mark(path[lines.count] / "amount", h.start(2))
            mark(path[lines.count] / "code", h.start(1))
            mark(path[lines.count] / "name", h.start(1))
            lines.append(ClassifiedLine(code: code, name: name, amount: a))
        }
        return lines.isEmpty ? nil : lines
    }

    /// 「基本支出 X 元，其中人员经费 Y 元；公用经费 Z 元。项目支出-基本建设类项目 名称 W 元」.
    func byNature(_ span: Range<Int>) -> ExpenditureByNature? {
        var nature = ExpenditureByNature()
        let base: FieldPath = "final_accounts.expenditure.by_nature"
        var basic = BasicExpenditure()
        if let h = find("基本支出(?:为)?" + Self.money, in: span) { basic.amount = amount(h, 1, path: base / "basic" / "amount") }
        if let h = find("人员经费(?:支出)?(?:为)?" + Self.money, in: span) { basic.personnel = amount(h, 1, path: base / "basic" / "personnel") }
        if let h = find("公用经费(?:支出)?(?:为)?" + Self.money, in: span) { basic.publicOperating = amount(h, 1, path: base / "basic" / "public_operating") }
        if basic != BasicExpenditure() { nature.basic = basic }
        if let head = find("项目支出", in: span) {
            let rest = head.range.upperBound..<span.upperBound
            if let t = prefix("(?:合计|共计|为)?" + Self.money, at: rest.lowerBound, limit: rest.upperBound) {
                nature.projectTotal = amount(t, 1, path: base / "project_total")
            }
            var projects: [ProjectLine] = []
            let items = findAll("[-－—:：，,；;]*(?:其中)?[:：]?(?:([^-－—:：，,；;。0-9]{1,12}?类项目)[-－—:：]?)?([^；;。，,]{1,60}?)(?:为)?" + Self.money, in: nature.projectTotal == nil ? rest : (find(Self.money, in: rest)?.range.upperBound ?? rest.lowerBound)..<rest.upperBound)
            for h in items {
                guard let name = h[2], let a = amount(h, 3) else { continue }
                mark((base / "projects")[projects.count] / "amount", h.start(3))
                mark((base / "projects")[projects.count] / "name", h.start(2))
                projects.append(ProjectLine(category: h[1], name: name, amount: a))
            }
            if !projects.isEmpty { nature.projects = projects }
        }
        return nature == ExpenditureByNature() ? nil : nature
    }
}
