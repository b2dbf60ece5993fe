import Foundation
import JixiaoRender
import JixiaoCore
import JixiaoFormats
import JixiaoForms
import NIOCore
import Testing
import Vapor
import VaporTesting
@testable import JixiaoServer

/// The server's pure parts: the line diff, the form engine, the login throttle's window,
/// the package digest, and the body limit over a real socket.
struct ServerUnitTests {
    @Test func lineDiffShowsAChangedLineAsRemovedThenAdded() {
        let lines = LineDiff.diff("a\nb\nc\nd", "a\nB\nc\nd\ne")
        #expect(lines.map(\.kind) == [.same, .removed, .added, .same, .same, .added])
        #expect(lines[1] == LineDiff.Line(kind: .removed, old: 2, new: nil, text: "b"))
        #expect(lines[2] == LineDiff.Line(kind: .added, old: nil, new: 2, text: "B"))
        #expect(lines.last == LineDiff.Line(kind: .added, old: nil, new: 5, text: "e"))
        #expect(LineDiff.diff("x\ny", "x\ny").allSatisfy { $0.kind == .same })
        // Hunks keep the context around each change only.
        let long = (1...20).map(String.init).joined(separator: "\n")
        let hunks = LineDiff.hunks(LineDiff.diff(long, long.replacingOccurrences(of: "\n10\n", with: "\nten\n")), context: 2)
        #expect(hunks.map(\.text) == ["8", "9", "10", "ten", "11", "12"])
    }

    /// A part's form as a browser sends it back: every field the renderer wrote, with `changes`.
    static func posted(_ part: FormPart, _ tree: SourceNode, framework: Framework? = nil, _ changes: [String: String] = [:]) -> [String: String] {
        var renderer = FormRenderer(tree: tree)
        renderer.framework = framework
        renderer.render(part)
        return formFields("<form id=\"f\">" + renderer.html + "</form>", form: "f").merging(changes) { $1 }
    }

    @Test func formEditsInPlaceAndKeepsComments() throws {
        let yaml = try exampleYAML()
        let stored = try EvaluationFile.tree(parsing: yaml, format: .yaml)
        let fields = Self.posted(ReportParts.finalAccounts, stored, ["final_accounts.expenditure.by_function[2].amount": "841,492.06元"])
        #expect(fields["_rows:final_accounts.expenditure.by_function"] == "7")
        let (tree, typed) = try FormEngine.build(ReportParts.finalAccounts, posted: fields, stored: stored, framework: nil)
        #expect(typed.isEmpty)
        let edited = try FormEngine.file(from: tree, stored: stored, storedText: yaml, typed: typed)
        let changed = LineDiff.diff(yaml, edited).filter { $0.kind != .same }
        #expect(changed.map(\.text) == ["        amount: 841,491.06元", "        amount: 841,492.06元"])
        #expect(edited.contains("# 按功能分类"))
        // The form sent back unchanged changes nothing at all.
        let (same, _) = try FormEngine.build(ReportParts.finalAccounts, posted: Self.posted(ReportParts.finalAccounts, stored), stored: stored, framework: nil)
        #expect(try FormEngine.file(from: same, stored: stored, storedText: yaml, typed: [:]) == yaml)
    }

    @Test func formRefusesWhatTheFileWouldWithTheMessageByField() throws {
        let yaml = try exampleYAML()
        let stored = try EvaluationFile.tree(parsing: yaml, format: .yaml)
        let fields = Self.posted(ReportParts.finalAccounts, stored, [
            "final_accounts.income.by_source[0].amount": "4,538,890.45", "final_accounts.expenditure.by_function[0].code": "291",
            "final_accounts.execution_rate": "四成",
        ])
        let (tree, typed) = try FormEngine.build(ReportParts.finalAccounts, posted: fields, stored: stored, framework: nil)
        #expect(Set(typed.keys) == ["final_accounts.income.by_source[0].amount", "final_accounts.expenditure.by_function[0].code",
                                    "final_accounts.execution_rate"])
        #expect(typed["final_accounts.expenditure.by_function[0].code"]?.contains("201 一般公共服务支出") == true)
        // What was typed stays in the tree, so the form shows it again.
        #expect(tree.node(at: "final_accounts.income.by_source[0].amount")?.scalarText == "4,538,890.45")
        #expect(throws: InputRejected.self) { try FormEngine.file(from: tree, stored: stored, storedText: yaml, typed: typed) }
        // A row without what the file requires: the file's own check, by field path.
        let problems = Self.posted(ReportParts.problems, stored, ["problems[0].title": ""])
        let (untitled, none) = try FormEngine.build(ReportParts.problems, posted: problems, stored: stored, framework: nil)
        #expect(none.isEmpty)
        do {
            _ = try FormEngine.file(from: untitled, stored: stored, storedText: yaml, typed: none)
            Issue.record("a problem without its title was accepted")
        } catch let error as InputRejected {
            #expect(error.problems.first?.path?.hasPrefix("problems[0]") == true)
        }
    }

    /// Text pasted from Word into the forms is stored tidied, and shown so: a wrapped sentence
    /// joined, blank lines splitting paragraphs, a list kept line by line, tabs and doubled marks gone.
    @Test func pastedTextIsStoredAndShownTidied() throws {
        let yaml = try exampleYAML()
        let stored = try EvaluationFile.tree(parsing: yaml, format: .yaml)
        let part = ReportParts.process
        let fields = Self.posted(part, stored, [
            "self_evaluation.process[0]": "　　成立自评小组，对照评分表逐项查阅账务和项目\r\n资料。。\r\n\r\n　　结合职能设置了\t7 项个性指标。",
            "self_evaluation.team.duties": "小组职责：\n1.组织本级开展自评；\n2.审核自评材料，，按时报送。",
            "self_evaluation.team.office": "  工会\n办公室  ",
        ])
        let (tree, typed) = try FormEngine.build(part, posted: fields, stored: stored, framework: nil)
        #expect(typed.isEmpty)
        let process = tree.node(at: "self_evaluation.process")?.items?.compactMap(\.scalarText)
        #expect(Array(process?.prefix(2) ?? []) == ["成立自评小组，对照评分表逐项查阅账务和项目资料。", "结合职能设置了 7 项个性指标。"])
        #expect(tree.node(at: "self_evaluation.team.duties")?.scalarText == "小组职责：\n1.组织本级开展自评；\n2.审核自评材料，按时报送。")
        #expect(tree.node(at: "self_evaluation.team.office")?.scalarText == "工会办公室")
        // Stored so, and the file holds nothing the pasted-text rule names.
        let text = try FormEngine.file(from: tree, stored: stored, storedText: yaml, typed: typed)
        let evaluation = try EvaluationFile.parse(text, format: .yaml).evaluation
        #expect(evaluation.selfEvaluation?.process?.first == "成立自评小组，对照评分表逐项查阅账务和项目资料。")
        #expect(evaluation.selfEvaluation?.team?.office == "工会办公室")
        #expect(CheckCatalogue.check(evaluation).filter { $0.rule == "text.pasted" }.isEmpty)
        // Shown back tidied: the page made from the edited tree posts the tidied text.
        let shown = Self.posted(part, tree)
        #expect(shown["self_evaluation.process[1]"] == "结合职能设置了 7 项个性指标。")
        #expect(shown["_rows:self_evaluation.process"] == "\((process ?? []).count)")
    }

    @Test func rowsAreAddedMovedAndRemovedWithoutJavaScript() throws {
        let yaml = try exampleYAML()
        let stored = try EvaluationFile.tree(parsing: yaml, format: .yaml)
        let part = ReportParts.problems
        let titles = (stored.node(at: "problems")?.items ?? []).compactMap { $0.node(at: "title")?.scalarText }
        #expect(titles.count == 2)
        // 下移 the first problem, 添加 a measure: nothing saved, the form shown again from the edited tree.
        var (tree, _) = try FormEngine.build(part, posted: Self.posted(part, stored), stored: stored, framework: nil)
        #expect(FormEngine.apply(action: "down:problems[0]", to: &tree) != nil)
        #expect(FormEngine.apply(action: "add-row:improvements", to: &tree) != nil)
        #expect(FormEngine.apply(action: "add-row:improvements", to: &tree) != nil)
        // The clerk fills the first new row, leaves the second blank and saves.
        let again = Self.posted(part, tree, ["improvements[0].problem": "2", "improvements[0].measure": "按季度跟踪项目执行进度"])
        #expect(again["_origin:problems[0]"] == "problems[1]")
        let (saved, typed) = try FormEngine.build(part, posted: again, stored: stored, framework: nil)
        let text = try FormEngine.file(from: saved, stored: stored, storedText: yaml, typed: typed)
        let evaluation = try EvaluationFile.parse(text, format: .yaml).evaluation
        #expect(evaluation.problems?.map(\.title) == titles.reversed())
        #expect(evaluation.improvements == [Improvement(problem: 2, measure: "按季度跟踪项目执行进度")])
        // 删除 a row.
        var (removed, _) = try FormEngine.build(part, posted: Self.posted(part, saved), stored: stored, framework: nil)
        #expect(FormEngine.apply(action: "remove:problems[0]", to: &removed) != nil)
        #expect(removed.node(at: "problems")?.items?.count == 1)
        #expect(FormEngine.apply(action: "up:problems[0]", to: &removed) == nil)
    }

    /// Whether a form field's kind reads what the model holds at its path.
    static func agrees(_ kind: FieldKind, _ shape: ModelShape) -> Bool {
        switch shape {
        case .number(.yuan):
            if case .amount = kind { return true }
            if case .change = kind { return true }
            return false
        case .number(.percent):
            if case .percent = kind { return true }
            return false
        case .number(.plain):
            switch kind {
            case .count, .number, .year, .problemNumber, .quantity: return true
            default: return false
            }
        case .text:
            switch kind {
            case .text, .paragraph, .choice, .code, .date, .quantity: return true
            default: return false
            }
        case .bool:
            if case .bool = kind { return true }
            return false
        default:
            return false
        }
    }

    /// Every field of every part names a key the evaluation file has, with a matching kind.
    @Test func everyFormFieldIsAFieldOfTheModel() {
        var checked = 0
        func walk(_ items: [FormItem], _ base: [JixiaoCore.PathComponent]) {
            for item in items {
                switch item {
                case .field(let key, let label, let kind):
                    let path = base + key.split(separator: ".").map { JixiaoCore.PathComponent.key(String($0)) }
                    guard let shape = ModelShape.evaluation.shape(at: path) else {
                        Issue.record("\(label): \(path) is not in the model")
                        continue
                    }
                    if Self.agrees(kind, shape) { checked += 1 } else { Issue.record("\(label): \(path) has kind \(kind) but the model has \(shape)") }
                case .paragraphs(let key, _):
                    let path = base + key.split(separator: ".").map { JixiaoCore.PathComponent.key(String($0)) }
                    if case .list(.text)? = ModelShape.evaluation.shape(at: path) { checked += 1 } else { Issue.record("\(path) is no list of text") }
                case .list(let key, _, _, let rows):
                    walk(rows, base + key.split(separator: ".").map { JixiaoCore.PathComponent.key(String($0)) } + [.every])
                case .variant(_, _, let items):
                    walk(items, base)
                case .heading, .judgement: break
                }
            }
        }
        for part in ReportParts.all { walk(part.items, []) }
        #expect(checked > 120)
        #expect(Set(ReportParts.all.map(\.id)).count == ReportParts.all.count)
    }

    @Test func judgementItemsAreAnsweredWithEvidence() throws {
        let yaml = try exampleYAML()
        let stored = try EvaluationFile.tree(parsing: yaml, format: .yaml)
        let framework = try #require(try BuiltInFrameworks.all().first { $0.framework.id == "national-2013" })
        let items = FormEngine.judgementItems(framework.framework)
        #expect(!items.isEmpty)
        var changes: [String: String] = [:]
        for (j, spec) in items.enumerated() {
            switch spec.rule?.type {
            case .manual: changes["self_scoring.answers[\(j)].points"] = "\(spec.points)"
            case .deduction: changes["self_scoring.answers[\(j)].count"] = "0"
            case .checklist:
                for m in (spec.rule?.items ?? []).indices {
                    changes["self_scoring.answers[\(j)].items[\(m)].met"] = "true"
                    changes["self_scoring.answers[\(j)].items[\(m)].evidence"] = "制度文件"
                }
            default: break
            }
            changes["self_scoring.answers[\(j)].evidence"] = "会议纪要"
        }
        let fields = Self.posted(ReportParts.result, stored, framework: framework.framework, changes)
        let (tree, typed) = try FormEngine.build(ReportParts.result, posted: fields, stored: stored, framework: framework.framework)
        #expect(typed.isEmpty)
        let text = try FormEngine.file(from: tree, stored: stored, storedText: yaml, typed: typed)
        let evaluation = try EvaluationFile.parse(text, format: .yaml).evaluation
        #expect(evaluation.selfScoring?.answers?.map(\.indicator) == items.map(\.id))
        let sheet = framework.score(evaluation)
        for spec in items {
            let score = try #require(sheet.all.first { $0.id == spec.id })
            #expect(score.isComplete, "\(spec.name): \(score.basis)")
        }
    }

    @Test func throttleForgetsFailuresAfterFifteenMinutes() async throws {
        try await withServer(.sqlite) { app in
            final class Clock: @unchecked Sendable { var now = Date(timeIntervalSince1970: 1_000_000) }
            let clock = Clock()
            let throttle = LoginThrottle(now: { clock.now })
            let here = LoginThrottle.Place.address("127.0.0.1")
            for _ in 0..<4 { try await throttle.recordFailure(username: "Editor", from: here, in: app) }
            #expect(try await throttle.retryAfter(username: "editor", from: here, in: app) == nil)
            try await throttle.recordFailure(username: "Editor", from: here, in: app)
            #expect(try await throttle.retryAfter(username: "editor", from: here, in: app) == 900)
            #expect(try await throttle.retryAfter(username: "editor", from: .address("127.0.0.2"), in: app) == nil)
            #expect(try await throttle.retryAfter(username: "editor", from: .device("d1"), in: app) == nil)
            clock.now += 600
            #expect(try await throttle.retryAfter(username: "editor", from: here, in: app) == 300)
            clock.now += 301
            #expect(try await throttle.retryAfter(username: "editor", from: here, in: app) == nil)
            // A failure after the window starts the count again.
            try await throttle.recordFailure(username: "Editor", from: here, in: app)
            #expect(try await throttle.retryAfter(username: "editor", from: here, in: app) == nil)
        }
    }

    /// Failures for a name from many addresses space its attempts out, a minute at most; they
    /// never lock the name out of a fresh address for longer.
    @Test func throttleSpacesOutANameTriedFromEverywhere() async throws {
        try await withServer(.sqlite) { app in
            final class Clock: @unchecked Sendable { var now = Date(timeIntervalSince1970: 1_000_000) }
            let clock = Clock()
            let throttle = LoginThrottle(now: { clock.now })
            for k in 0..<9 { try await throttle.recordFailure(username: "editor", from: .address("10.0.0.\(k)"), in: app) }
            #expect(try await throttle.retryAfter(username: "editor", from: .address("10.0.1.1"), in: app) == nil)
            try await throttle.recordFailure(username: "editor", from: .address("10.0.0.9"), in: app)
            #expect(try await throttle.retryAfter(username: "editor", from: .address("10.0.1.1"), in: app) == 2)
            for k in 10..<40 { try await throttle.recordFailure(username: "editor", from: .address("10.0.0.\(k)"), in: app) }
            #expect(try await throttle.retryAfter(username: "editor", from: .address("10.0.1.1"), in: app) == 60)
            clock.now += 61
            #expect(try await throttle.retryAfter(username: "editor", from: .address("10.0.1.1"), in: app) == nil)
            // The browser that logged in as editor before is not slowed at all.
            clock.now -= 61
            #expect(try await throttle.retryAfter(username: "editor", from: .device("d1"), in: app) == nil)
        }
    }

    /// Trusted proxies: `X-Forwarded-For` names the client only behind one, read from the right.
    @Test func trustedProxiesNameTheClient() throws {
        let proxies = try TrustedProxies("127.0.0.1, 10.1.0.0/16 ::1")
        #expect(proxies.clientAddress(peer: "203.0.113.9", forwardedFor: ["10.9.9.9"]) == "203.0.113.9")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["10.9.9.9"]) == "10.9.9.9")
        #expect(proxies.clientAddress(peer: "::ffff:127.0.0.1", forwardedFor: ["10.9.9.9"]) == "10.9.9.9")
        #expect(proxies.clientAddress(peer: "::1", forwardedFor: ["1.2.3.4, 5.6.7.8", "10.1.2.3"]) == "5.6.7.8")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["evil, 5.6.7.8"]) == "5.6.7.8")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: ["5.6.7.8, junk"]) == "127.0.0.1")
        #expect(proxies.clientAddress(peer: "127.0.0.1", forwardedFor: []) == "127.0.0.1")
        #expect(!proxies.trusts("10.2.0.1") && proxies.trusts("10.1.255.1"))
        #expect(throws: ServerConfigurationError.self) { try TrustedProxies("127.0.0.1, nginx") }
        #expect(throws: ServerConfigurationError.self) { try TrustedProxies("10.0.0.0/33") }
    }

    /// The hashing threads take a bounded queue: a storm beyond it is answered "busy" at once.
    @Test func passwordHashingRefusesBeyondItsQueue() async throws {
        let hashing = try PasswordHashing(cost: 8, threads: 1)
        let hash = try await hashing.hash("secret-password")
        let answers = await withTaskGroup(of: Bool?.self) { group in
            for _ in 0..<60 {
                group.addTask {
                    do { return try await hashing.verify("wrong", created: hash) } catch { return false }
                }
            }
            var answers: [Bool?] = []
            for await answer in group { answers.append(answer) }
            return answers
        }
        #expect(answers.contains(nil))
        #expect(answers.count { $0 == false } <= 1 + PasswordHashing.maximumWaiting)
        #expect(try await hashing.verify("secret-password", created: hash) == true)
        try await hashing.shutdown()
    }

    @Test func csvNeutralisesFormulasAndQuotesLineBreaks() {
        #expect(Dashboard.csvField("=1+1") == "'=1+1")
        #expect(Dashboard.csvField("-12.5") == "-12.5")
        #expect(Dashboard.csvField("-cmd") == "'-cmd")
        #expect(Dashboard.csvField("\tx") == "'\tx")
        #expect(Dashboard.csvField("a\rb") == "\"a\rb\"")
        #expect(Dashboard.csvField("a,\"b\"") == "\"a,\"\"b\"\"\"")
        #expect(Dashboard.csvField("廉江市总工会") == "廉江市总工会")
    }

    @Test func undecodableFormFieldsAreNamedNotEmptied() {
        let fields = PostedForm("a=%E4%B8&b=%E4%B8%AD&c=&d=%ZZ")
        #expect(fields.values == ["b": "中", "c": ""])
        #expect(fields.undecodable == ["a", "d"])
    }

    @Test func largeDiffsAreSummarised() {
        let old = (0..<5_000).map { "old \($0)" }.joined(separator: "\n"), new = (0..<5_000).map { "new \($0)" }.joined(separator: "\n")
        let comparison = LineDiff.compare("head\n" + old + "\ntail", "head\n" + new + "\ntail")
        #expect(comparison.summary?.contains("改动过多") == true)
        #expect(comparison.changed == 10_000)
        #expect(comparison.lines.map(\.text) == ["head", "tail"])
    }

    @Test func packageDigestIsTheSHA256OfTheSortedManifest() {
        let files = [(name: "b.txt", sha256: PackageDigest.hex("b")), (name: "a.txt", sha256: PackageDigest.hex("a"))]
        let manifest = PackageDigest.manifest(files)
        #expect(manifest == "\(PackageDigest.hex("a"))  a.txt\n\(PackageDigest.hex("b"))  b.txt\n")
        #expect(PackageDigest.package(files) == PackageDigest.hex(manifest))
        #expect(PackageDigest.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(PackageDigest.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func analysisCacheForgetsTheLeastRecentlyUsed() throws {
        let analysis = try Analysis.analyse(yaml: try exampleYAML(), framework: nil)
        let cache = AnalysisCache(capacity: 2)
        let a = AnalysisCache.Key(sha256: "a", frameworkID: "f", year: 2021), b = AnalysisCache.Key(sha256: "b", frameworkID: "f", year: 2021)
        let c = AnalysisCache.Key(sha256: "a", frameworkID: "f", year: 2022)
        cache.store(analysis, for: a)
        cache.store(analysis, for: b)
        #expect(cache.analysis(a)?.yaml == analysis.yaml)
        cache.store(analysis, for: c)
        #expect(cache.analysis(b) == nil)
        #expect(cache.analysis(a) != nil && cache.analysis(c) != nil)
        cache.store(analysis, for: b)
        #expect(cache.analysis(a) == nil)
    }

    /// Issue 22, finding 13: large texts' analyses are kept within the text budget, the least
    /// recently used going first; a text larger than the budget is not kept at all.
    @Test func analysisCacheKeepsItsTextBudget() throws {
        let analysis = try Analysis.analyse(yaml: try exampleYAML(), framework: nil)
        let size = analysis.yaml.utf8.count
        let cache = AnalysisCache(capacity: 64, textBudget: 2 * size + 1)
        let keys = (0..<3).map { AnalysisCache.Key(sha256: "\($0)", frameworkID: "f", year: 2021) }
        for key in keys { cache.store(analysis, for: key) }
        #expect(cache.analysis(keys[0]) == nil)
        #expect(cache.analysis(keys[1]) != nil && cache.analysis(keys[2]) != nil)
        cache.store(analysis, for: keys[2])  // stored again: counted once
        #expect(cache.analysis(keys[1]) != nil)
        let small = AnalysisCache(capacity: 64, textBudget: size - 1)
        small.store(analysis, for: keys[0])
        #expect(small.analysis(keys[0]) == nil)
    }

    /// Over a real socket, a streamed body beyond the limit is refused with 413 and nothing stored.
    @Test func bodyOverTheLimitIs413OverHTTP() async throws {
        try await withServer(.sqlite, bodyLimit: 64 << 10) { app in
            let id = try await submissionID(app, unitCode: "101")
            let before = try await revisionCount(app, id)
            let port = 20_000 + Int.random(in: 0..<20_000)
            let tester = try app.testing(method: .running(hostname: "127.0.0.1", port: port))
            var body = ByteBuffer()
            body.writeString("text=" + String(repeating: "a", count: 200 << 10))
            let response = try await tester.performTest(request: TestingHTTPRequest(
                method: .POST, url: URI(path: "/submissions/\(id)/text"),
                headers: ["Content-Type": "application/x-www-form-urlencoded"], body: body))
            #expect(response.status == .payloadTooLarge)
            #expect(try await revisionCount(app, id) == before)
        }
    }
}
