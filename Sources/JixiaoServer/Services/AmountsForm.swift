import Foundation
import JixiaoCore
import JixiaoFormats

/// 金额表单 — the amounts of the budget (一（四）) and of the final accounts as form fields: one
/// field per amount, named by its field path. Saving writes the changed amounts into the
/// evaluation's YAML in place (so comments and layout stay, and the revision diff shows only what
/// changed). Year-on-year changes and percentages stay in the full text, where they are stated.
struct AmountsForm {
    /// One amount of the section.
    struct Field {
        /// Field path, e.g. `final_accounts.expenditure.by_function[2].amount`; also the input's name.
        var path: String
        /// What the clerk reads: 支出决算 · 按功能分类 · 208 社会保障和就业支出.
        var label: String
        /// Whether the amount may be left empty.
        var optional: Bool
        fileprivate var get: (Evaluation) -> Amount?
        fileprivate var set: (inout Evaluation, Amount?) -> Void
    }

    /// The fields of `evaluation`: each budget figure the file states, then the final accounts'
    /// totals always and each listed line.
    static func fields(of evaluation: Evaluation) -> [Field] {
        budgetFields(of: evaluation) + finalAccountsFields(of: evaluation)
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
            fields.append(Field(path: "budget.\(figure.key).amount", label: "预算 · \(figure.label)", optional: false,
                                get: { $0.budget.flatMap(figure.get)?.amount },
                                set: { e, a in if let a, e.budget != nil { figure.set(&e.budget!, a) } }))
        }
        let amounts: [(key: String, label: String, kp: WritableKeyPath<Procurement, Amount?>)] = [
            ("total", "政府采购", \.total), ("goods", "政府采购 · 货物类", \.goods),
            ("works", "政府采购 · 工程类", \.works), ("services", "政府采购 · 服务类", \.services),
        ]
        for (key, label, kp) in amounts where evaluation.budget?.procurement?[keyPath: kp] != nil {
            fields.append(Field(path: "budget.procurement.\(key)", label: "预算 · \(label)", optional: true,
                                get: { $0.budget?.procurement?[keyPath: kp] },
                                set: { e, a in e.budget?.procurement?[keyPath: kp] = a }))
        }
        let assets: [(key: String, label: String, kp: WritableKeyPath<FixedAssets, Amount?>)] = [
            ("amount", "固定资产金额", \.amount), ("planned_purchase", "拟购置固定资产", \.plannedPurchase),
        ]
        for (key, label, kp) in assets where evaluation.budget?.fixedAssets?[keyPath: kp] != nil {
            fields.append(Field(path: "budget.fixed_assets.\(key)", label: "预算 · \(label)", optional: true,
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
            Field(path: "\(base).\(key)", label: label, optional: true,
                  get: { $0.finalAccounts?[keyPath: kp] },
                  set: { e, a in var f = e.finalAccounts ?? FinalAccounts(); f[keyPath: kp] = a; e.finalAccounts = f })
        }
        fields.append(Field(path: "\(base).income.total", label: "收入决算 · 合计", optional: true,
                            get: { $0.finalAccounts?.income?.total },
                            set: { e, a in e.finalAccounts.edit { $0.income.edit { $0.total = a } } }))
        for (i, line) in (evaluation.finalAccounts?.income?.bySource ?? []).enumerated() {
            fields.append(Field(path: "\(base).income.by_source[\(i)].amount", label: "收入决算 · \(line.source.rawValue)", optional: false,
                                get: { $0.finalAccounts?.income?.bySource?[safe: i]?.amount },
                                set: { e, a in if let a { e.finalAccounts.edit { $0.income.edit { $0.bySource?[i].amount = a } } } }))
        }
        fields.append(Field(path: "\(base).expenditure.total", label: "支出决算 · 合计", optional: true,
                            get: { $0.finalAccounts?.expenditure?.total },
                            set: { e, a in e.finalAccounts.edit { $0.expenditure.edit { $0.total = a } } }))
        for (i, line) in (evaluation.finalAccounts?.expenditure?.byFunction ?? []).enumerated() {
            fields.append(Field(path: "\(base).expenditure.by_function[\(i)].amount", label: "支出决算 · 按功能分类 · \(line.code) \(line.name ?? "")", optional: false,
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
                fields.append(Field(path: "\(base).expenditure.by_nature.basic.\(key)", label: "支出决算 · 按支出性质 · \(label)", optional: true,
                                    get: { $0.finalAccounts?.expenditure?.byNature?.basic?[keyPath: kp] },
                                    set: { e, a in e.finalAccounts.edit { $0.expenditure.edit { $0.byNature.edit { $0.basic.edit { $0[keyPath: kp] = a } } } } }))
            }
        }
        if nature?.projectTotal != nil {
            fields.append(Field(path: "\(base).expenditure.by_nature.project_total", label: "支出决算 · 按支出性质 · 项目支出合计", optional: true,
                                get: { $0.finalAccounts?.expenditure?.byNature?.projectTotal },
                                set: { e, a in e.finalAccounts.edit { $0.expenditure.edit { $0.byNature.edit { $0.projectTotal = a } } } }))
        }
        for (i, project) in (nature?.projects ?? []).enumerated() {
            fields.append(Field(path: "\(base).expenditure.by_nature.projects[\(i)].amount", label: "支出决算 · 项目 · \(project.name)", optional: false,
                                get: { $0.finalAccounts?.expenditure?.byNature?.projects?[safe: i]?.amount },
                                set: { e, a in if let a { e.finalAccounts.edit { $0.expenditure.edit { $0.byNature.edit { $0.projects?[i].amount = a } } } } }))
        }
        for (i, line) in (evaluation.finalAccounts?.expenditure?.byEconomic ?? []).enumerated() {
            fields.append(Field(path: "\(base).expenditure.by_economic[\(i)].amount", label: "支出决算 · 按经济分类 · \(line.code) \(line.name ?? "")", optional: false,
                                get: { $0.finalAccounts?.expenditure?.byEconomic?[safe: i]?.amount },
                                set: { e, a in if let a { e.finalAccounts.edit { $0.expenditure.edit { $0.byEconomic?[i].amount = a } } } }))
        }
        fields.append(top("carry_over", "年末结转结余", \.carryOver))
        fields.append(top("three_public", "“三公”经费决算数", \.threePublic))
        fields.append(top("procurement", "政府采购实际金额", \.procurement))
        return fields
    }

    /// The value each field shows: the amount as stated (`11,486,444.31元`), or empty.
    static func value(of field: Field, in evaluation: Evaluation) -> String {
        field.get(evaluation)?.description ?? ""
    }

    /// Applies the submitted values to `yaml`. Unparseable or missing amounts come back as
    /// problems located by field path, and nothing is applied.
    static func apply(_ values: [String: String], to yaml: String) throws(InputRejected) -> String {
        let loaded: LoadedEvaluation
        do { loaded = try EvaluationFile.parse(yaml, format: .yaml) } catch { throw InputRejected(problems: error.errors.map(InputProblem.init)) }
        var edited = loaded.evaluation
        var changes: [(path: String, amount: Amount?)] = []
        var problems: [InputProblem] = []
        for field in fields(of: loaded.evaluation) {
            guard let raw = values[field.path] else { continue }
            let text = raw.trimmingCharacters(in: .whitespaces)
            let amount: Amount?
            if text.isEmpty {
                guard field.optional else {
                    problems.append(InputProblem(location: nil, path: field.path, message: "\(field.label)：金额不能为空"))
                    continue
                }
                amount = nil
            } else {
                do { amount = try Amount.parse(text) } catch {
                    problems.append(InputProblem(location: nil, path: field.path, message: "\(field.label)：\(error)"))
                    continue
                }
            }
            if field.get(edited) != amount {
                field.set(&edited, amount)
                changes.append((field.path, amount))
            }
        }
        guard problems.isEmpty else { throw InputRejected(problems: problems) }
        if changes.isEmpty { return yaml }
        if let inPlace = replaceInPlace(changes, in: yaml, map: loaded.sourceMap),
            let reread = try? EvaluationFile.parse(inPlace, format: .yaml), reread.evaluation == edited {
            return inPlace
        }
        // A change the text cannot take in place (an amount added where none was, a flow
        // mapping): the whole file is written anew from the edited evaluation.
        do { return try EvaluationFile.render(edited, as: .yaml) } catch {
            throw InputRejected(problems: [InputProblem(message: "无法写出修改后的文件：\(error)")])
        }
    }

    /// Replaces each changed scalar on its own line, keeping a trailing comment.
    private static func replaceInPlace(_ changes: [(path: String, amount: Amount?)], in yaml: String, map: SourceMap) -> String? {
        var lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for change in changes {
            let path = FieldPath(change.path)
            guard let amount = change.amount, map.contains(path), let location = map.location(of: path),
                location.line >= 1, location.line <= lines.count else { return nil }
            let line = Array(lines[location.line - 1])
            let start = location.column - 1
            guard start >= 0, start < line.count else { return nil }
            let rest = String(line[start...])
            // A comment starts at " #"; a value with a quote or a brace is left to the full rewrite.
            guard !rest.contains("\""), !rest.contains("'"), !rest.contains("{") else { return nil }
            let comment = rest.range(of: " #").map { String(rest[$0.lowerBound...]) } ?? ""
            lines[location.line - 1] = String(line[..<start]) + amount.description + comment
        }
        return lines.joined(separator: "\n")
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

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
