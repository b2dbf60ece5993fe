import Foundation
import JixiaoCore
import JixiaoFormats

/// 数字表单 — the figures of the evaluation as form fields, section by section: head counts
/// (一（一）), the budget's amounts (一（四）), the final accounts, and the stated score and grade
/// (三（一）). One field per figure, named by its field path. Saving writes the changed figures into
/// the evaluation's YAML in place (so comments and layout stay, and the revision diff shows only
/// what changed). Year-on-year changes, percentages and prose stay in the full text.
struct FiguresForm {
    /// One figure.
    struct Field {
        /// Field path, e.g. `final_accounts.expenditure.by_function[2].amount`; also the input's name.
        var path: String
        /// The section's heading on the form: 人员、预算、决算、自评结果.
        var section: String
        /// What the clerk reads: 支出决算 · 按功能分类 · 208 社会保障和就业支出.
        var label: String
        /// What to type, shown as the input's placeholder.
        var hint: String
        /// Whether the figure may be left empty.
        var optional: Bool
        /// The figure as the file states it (`11,486,444.31元`, `26`, `86.5`, `良`).
        fileprivate var read: (Evaluation) -> String?
        /// Writes the clerk's text (nil: cleared) into the evaluation; on bad text, what was expected.
        fileprivate var write: (inout Evaluation, String?) -> String?

        /// An amount: `285.58万元`, `11,486,444.31元`.
        static func amount(path: String, label: String, optional: Bool, get: @escaping (Evaluation) -> Amount?,
                           set: @escaping (inout Evaluation, Amount?) -> Void) -> Field
        {
            let section = path.hasPrefix("budget") ? "预算" : "决算"
            return Field(path: path, section: section, label: label, hint: "如 11,486,444.31元 或 285.58万元", optional: optional,
                         read: { get($0)?.description }) { e, text in
                guard let text else { set(&e, nil); return nil }
                do { set(&e, try Amount.parse(text)) } catch { return "\(error)" }
                return nil
            }
        }

        /// A head count: a whole number, not negative.
        static func count(path: String, label: String, get: @escaping (Evaluation) -> Int?,
                          set: @escaping (inout Evaluation, Int?) -> Void) -> Field
        {
            Field(path: path, section: "人员", label: label, hint: "人数，如 26", optional: true, read: { get($0).map(String.init) }) { e, text in
                guard let text else { set(&e, nil); return nil }
                guard let n = Int(text), n >= 0 else { return "「\(text)」不是人数：应为不小于 0 的整数" }
                set(&e, n)
                return nil
            }
        }
    }

    /// The fields of `evaluation`: each budget figure the file states, then the final accounts'
    /// totals always and each listed line.
    static func fields(of evaluation: Evaluation) -> [Field] {
        staffingFields(of: evaluation) + budgetFields(of: evaluation) + finalAccountsFields(of: evaluation)
            + resultFields(of: evaluation)
    }

    /// Authorized posts and supported staff, their totals and each listed kind, and those in service.
    private static func staffingFields(of evaluation: Evaluation) -> [Field] {
        var fields: [Field] = []
        let groups: [(key: String, label: String, kp: WritableKeyPath<Staffing, Headcount?>)] = [
            ("authorized", "编制数", \.authorized), ("supported", "财政供养人员", \.supported),
        ]
        for (key, label, kp) in groups {
            fields.append(.count(path: "staffing.\(key).total", label: "\(label) · 合计",
                                 get: { $0.staffing?[keyPath: kp]?.total },
                                 set: { e, n in e.staffing.edit { $0[keyPath: kp].edit { $0.total = n } } }))
            for (i, part) in (evaluation.staffing?[keyPath: kp]?.parts ?? []).enumerated() {
                fields.append(.count(path: "staffing.\(key).parts[\(i)].count", label: "\(label) · \(part.kind)",
                                     get: { $0.staffing?[keyPath: kp]?.parts?[safe: i]?.count },
                                     set: { e, n in if let n { e.staffing?[keyPath: kp]?.parts?[i].count = n } }))
            }
        }
        fields.append(.count(path: "staffing.in_service", label: "实有在职人数", get: { $0.staffing?.inService },
                             set: { e, n in e.staffing.edit { $0.inService = n } }))
        return fields
    }

    /// The stated score and grade, checked against the framework when a year has one.
    private static func resultFields(of evaluation: Evaluation) -> [Field] {
        let score = Field(path: "self_evaluation.result.score", section: "自评结果", label: "自评得分", hint: "如 86.5",
                          optional: true, read: { $0.selfEvaluation?.result?.score?.description }) { e, text in
            guard let text else { e.selfEvaluation?.result?.score = nil; return nil }
            guard let n = StatedNumber(parsing: text), n.value >= 0, n.value <= 100 else { return "「\(text)」不是得分：应为 0 到 100 的数" }
            e.selfEvaluation.edit { $0.result.edit { $0.score = n } }
            return nil
        }
        let grade = Field(path: "self_evaluation.result.grade", section: "自评结果", label: "自评等级", hint: "优、良、中 或 差",
                          optional: true, read: { $0.selfEvaluation?.result?.grade?.rawValue }) { e, text in
            guard let text else { e.selfEvaluation?.result?.grade = nil; return nil }
            guard let g = Grade(word: text) else { return "「\(text)」不是等级：应为 优、良、中 或 差" }
            e.selfEvaluation.edit { $0.result.edit { $0.grade = g } }
            return nil
        }
        return [score, grade]
    }

    /// The budget's figures that the file states (a year-on-year figure needs its amount, so
    /// one not stated at all is added in the full text, with its change and reason).
    private static func budgetFields(of evaluation: Evaluation) -> [Field] {
        typealias Figure = (key: String, label: String, get: (Budget) -> YearOnYear?, set: (inout Budget, Amount) -> Void)
        let figures: [Figure] = [
            ("income", "收入预算", { $0.income }, { $0.income?.amount = $1 }),
            ("expenditure", "支出预算", { $0.expenditure }, { $0.expenditure?.amount = $1 }),
            ("three_public.total", "“三公”经费", { $0.threePublic?.total }, { $0.threePublic?.total?.amount = $1 }),
            ("three_public.overseas_travel", "“三公” · 因公出国（境）费", { $0.threePublic?.overseasTravel },
             { $0.threePublic?.overseasTravel?.amount = $1 }),
            ("three_public.vehicles.total", "“三公” · 公务用车购置及运行维护费", { $0.threePublic?.vehicles?.total },
             { $0.threePublic?.vehicles?.total?.amount = $1 }),
            ("three_public.vehicles.purchase", "“三公” · 公务用车购置费", { $0.threePublic?.vehicles?.purchase },
             { $0.threePublic?.vehicles?.purchase?.amount = $1 }),
            ("three_public.vehicles.running", "“三公” · 公务用车运行维护费", { $0.threePublic?.vehicles?.running },
             { $0.threePublic?.vehicles?.running?.amount = $1 }),
            ("three_public.reception", "“三公” · 公务接待费", { $0.threePublic?.reception }, { $0.threePublic?.reception?.amount = $1 }),
            ("operating_funds", "机关运行经费", { $0.operatingFunds }, { $0.operatingFunds?.amount = $1 }),
        ]
        var fields: [Field] = []
        for figure in figures where evaluation.budget.flatMap(figure.get) != nil {
            fields.append(.amount(path: "budget.\(figure.key).amount", label: "预算 · \(figure.label)", optional: false,
                                get: { $0.budget.flatMap(figure.get)?.amount },
                                set: { e, a in if let a, e.budget != nil { figure.set(&e.budget!, a) } }))
        }
        let amounts: [(key: String, label: String, kp: WritableKeyPath<Procurement, Amount?>)] = [
            ("total", "政府采购", \.total), ("goods", "政府采购 · 货物类", \.goods),
            ("works", "政府采购 · 工程类", \.works), ("services", "政府采购 · 服务类", \.services),
        ]
        for (key, label, kp) in amounts where evaluation.budget?.procurement?[keyPath: kp] != nil {
            fields.append(.amount(path: "budget.procurement.\(key)", label: "预算 · \(label)", optional: true,
                                get: { $0.budget?.procurement?[keyPath: kp] },
                                set: { e, a in e.budget?.procurement?[keyPath: kp] = a }))
        }
        let assets: [(key: String, label: String, kp: WritableKeyPath<FixedAssets, Amount?>)] = [
            ("amount", "固定资产金额", \.amount), ("planned_purchase", "拟购置固定资产", \.plannedPurchase),
        ]
        for (key, label, kp) in assets where evaluation.budget?.fixedAssets?[keyPath: kp] != nil {
            fields.append(.amount(path: "budget.fixed_assets.\(key)", label: "预算 · \(label)", optional: true,
                                get: { $0.budget?.fixedAssets?[keyPath: kp] },
                                set: { e, a in e.budget?.fixedAssets?[keyPath: kp] = a }))
        }
        return fields
    }

    /// The final accounts' totals always, and each listed line.
    private static func finalAccountsFields(of evaluation: Evaluation) -> [Field] {
        var fields: [Field] = []
        let base = "final_accounts"
        func top(_ key: String, _ label: String, _ kp: WritableKeyPath<FinalAccounts, Amount?>) -> Field {
            .amount(path: "\(base).\(key)", label: label, optional: true,
                  get: { $0.finalAccounts?[keyPath: kp] },
                  set: { e, a in var f = e.finalAccounts ?? FinalAccounts(); f[keyPath: kp] = a; e.finalAccounts = f })
        }
        fields.append(.amount(path: "\(base).income.total", label: "收入决算 · 合计", optional: true,
                            get: { $0.finalAccounts?.income?.total },
                            set: { e, a in e.finalAccounts.edit { $0.income.edit { $0.total = a } } }))
        for (i, line) in (evaluation.finalAccounts?.income?.bySource ?? []).enumerated() {
            fields.append(.amount(path: "\(base).income.by_source[\(i)].amount", label: "收入决算 · \(line.source.rawValue)", optional: false,
                                get: { $0.finalAccounts?.income?.bySource?[safe: i]?.amount },
                                set: { e, a in if let a { e.finalAccounts.edit { $0.income.edit { $0.bySource?[i].amount = a } } } }))
        }
        fields.append(.amount(path: "\(base).expenditure.total", label: "支出决算 · 合计", optional: true,
                            get: { $0.finalAccounts?.expenditure?.total },
                            set: { e, a in e.finalAccounts.edit { $0.expenditure.edit { $0.total = a } } }))
        for (i, line) in (evaluation.finalAccounts?.expenditure?.byFunction ?? []).enumerated() {
            fields.append(.amount(path: "\(base).expenditure.by_function[\(i)].amount", label: "支出决算 · 按功能分类 · \(line.code) \(line.name ?? "")", optional: false,
                                get: { $0.finalAccounts?.expenditure?.byFunction?[safe: i]?.amount },
                                set: { e, a in if let a { e.finalAccounts.edit { $0.expenditure.edit { $0.byFunction?[i].amount = a } } } }))
        }
        let nature = evaluation.finalAccounts?.expenditure?.byNature
        if nature?.basic != nil {
            let parts: [(String, String, WritableKeyPath<BasicExpenditure, Amount?>)] = [
                ("amount", "基本支出", \.amount), ("personnel", "基本支出 · 人员经费", \.personnel),
                ("public_operating", "基本支出 · 公用经费", \.publicOperating),
            ]
            for (key, label, kp) in parts {
                fields.append(.amount(path: "\(base).expenditure.by_nature.basic.\(key)", label: "支出决算 · 按支出性质 · \(label)", optional: true,
                                    get: { $0.finalAccounts?.expenditure?.byNature?.basic?[keyPath: kp] },
                                    set: { e, a in e.finalAccounts.edit { $0.expenditure.edit { $0.byNature.edit { $0.basic.edit { $0[keyPath: kp] = a } } } } }))
            }
        }
        if nature?.projectTotal != nil {
            fields.append(.amount(path: "\(base).expenditure.by_nature.project_total", label: "支出决算 · 按支出性质 · 项目支出合计", optional: true,
                                get: { $0.finalAccounts?.expenditure?.byNature?.projectTotal },
                                set: { e, a in e.finalAccounts.edit { $0.expenditure.edit { $0.byNature.edit { $0.projectTotal = a } } } }))
        }
        for (i, project) in (nature?.projects ?? []).enumerated() {
            fields.append(.amount(path: "\(base).expenditure.by_nature.projects[\(i)].amount", label: "支出决算 · 项目 · \(project.name)", optional: false,
                                get: { $0.finalAccounts?.expenditure?.byNature?.projects?[safe: i]?.amount },
                                set: { e, a in if let a { e.finalAccounts.edit { $0.expenditure.edit { $0.byNature.edit { $0.projects?[i].amount = a } } } } }))
        }
        for (i, line) in (evaluation.finalAccounts?.expenditure?.byEconomic ?? []).enumerated() {
            fields.append(.amount(path: "\(base).expenditure.by_economic[\(i)].amount", label: "支出决算 · 按经济分类 · \(line.code) \(line.name ?? "")", optional: false,
                                get: { $0.finalAccounts?.expenditure?.byEconomic?[safe: i]?.amount },
                                set: { e, a in if let a { e.finalAccounts.edit { $0.expenditure.edit { $0.byEconomic?[i].amount = a } } } }))
        }
        fields.append(top("carry_over", "年末结转结余", \.carryOver))
        fields.append(top("three_public", "“三公”经费决算数", \.threePublic))
        fields.append(top("procurement", "政府采购实际金额", \.procurement))
        return fields
    }

    /// The value each field shows: the figure as stated (`11,486,444.31元`), or empty.
    static func value(of field: Field, in evaluation: Evaluation) -> String {
        field.read(evaluation) ?? ""
    }

    /// Applies the submitted values to `yaml`. Unreadable or missing figures come back as
    /// problems located by field path, and nothing is applied.
    static func apply(_ values: [String: String], to yaml: String) throws(InputRejected) -> String {
        let loaded: LoadedEvaluation
        do { loaded = try EvaluationFile.parse(yaml, format: .yaml) } catch { throw InputRejected(problems: error.errors.map(InputProblem.init)) }
        var edited = loaded.evaluation
        var changes: [(path: String, text: String?)] = []
        var problems: [InputProblem] = []
        for field in fields(of: loaded.evaluation) {
            guard let raw = values[field.path] else { continue }
            let text = raw.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty || field.optional else {
                problems.append(InputProblem(location: nil, path: field.path, message: "\(field.label)：不能为空（\(field.hint)）"))
                continue
            }
            let before = field.read(edited)
            if let message = field.write(&edited, text.isEmpty ? nil : text) {
                problems.append(InputProblem(location: nil, path: field.path, message: "\(field.label)：\(message)"))
                continue
            }
            // Compared as the file writes them: 「285.58 万元」 typed for 285.58万元 is no change.
            let after = field.read(edited)
            if after != before { changes.append((field.path, after)) }
        }
        guard problems.isEmpty else { throw InputRejected(problems: problems) }
        if changes.isEmpty { return yaml }
        if let inPlace = replaceInPlace(changes, in: yaml, map: loaded.sourceMap),
            let reread = try? EvaluationFile.parse(inPlace, format: .yaml), reread.evaluation == edited {
            return inPlace
        }
        // A change the text cannot take in place (a figure added where none was, a flow
        // mapping): the whole file is written anew from the edited evaluation.
        do { return try EvaluationFile.render(edited, as: .yaml) } catch {
            throw InputRejected(problems: [InputProblem(message: "无法写出修改后的文件：\(error)")])
        }
    }

    /// Replaces each changed scalar on its own line, keeping a trailing comment; a cleared figure
    /// that is a `key: value` line of its own loses that line only, so the file keeps its comments.
    private static func replaceInPlace(_ changes: [(path: String, text: String?)], in yaml: String, map: SourceMap) -> String? {
        var lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var cleared = Set<Int>()
        for change in changes {
            let path = FieldPath(change.path)
            guard map.contains(path), let location = map.location(of: path), location.line >= 1, location.line <= lines.count else { return nil }
            let line = Array(lines[location.line - 1])
            let start = location.column - 1
            guard start >= 0, start < line.count else { return nil }
            guard let text = change.text else {
                guard String(line[..<start]).range(of: #"^ *[a-z_]+: *$"#, options: .regularExpression) != nil else { return nil }
                cleared.insert(location.line - 1)
                continue
            }
            let rest = String(line[start...])
            // A comment starts at " #"; a value with a quote or a brace is left to the full rewrite.
            guard !rest.contains("\""), !rest.contains("'"), !rest.contains("{") else { return nil }
            let comment = rest.range(of: " #").map { String(rest[$0.lowerBound...]) } ?? ""
            lines[location.line - 1] = String(line[..<start]) + text + comment
        }
        return lines.indices.filter { !cleared.contains($0) }.map { lines[$0] }.joined(separator: "\n")
    }
}

extension Optional {
    /// Edits the wrapped value, creating it first when absent.
    mutating func edit(_ body: (inout Wrapped) -> Void) where Wrapped: DefaultInitializable {
        var value = self ?? Wrapped()
        body(&value)
        self = value
    }
}

/// Model types with an empty initializer, so a form can create a section it fills.
protocol DefaultInitializable { init() }
extension FinalAccounts: DefaultInitializable {}
extension FinalIncome: DefaultInitializable {}
extension FinalExpenditure: DefaultInitializable {}
extension ExpenditureByNature: DefaultInitializable {}
extension BasicExpenditure: DefaultInitializable {}
extension Staffing: DefaultInitializable {}
extension Headcount: DefaultInitializable {
    init() { self.init(total: nil, parts: nil) }
}
extension SelfEvaluation: DefaultInitializable {}
extension EvaluationResult: DefaultInitializable {}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
