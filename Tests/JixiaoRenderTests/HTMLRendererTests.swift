import Foundation
import JixiaoCore
import JixiaoRender
import Testing

/// A report built by hand, with every kind of block, for the HTML, SVG and Markdown writers.
enum HTMLFixture {
    static let hostile = "<script>alert(\"x&y\")</script> 'q'"

    static let functional = Chart(
        title: "决算支出（按功能分类）", unit: "万元", series: ["决算"],
        groups: [("一般公共服务支出", [Decimal(string: "1148.64")!]),
                 ("社会保障和就业支出", [0]),
                 ("卫生健康支出", [Decimal(string: "35.2")!])])

    /// Budget vs final accounts: a 402 % overrun, a huge value beside a tiny one, and a zero.
    static let budgetVersusFinal = Chart(
        title: "预算与决算对比", unit: "元", series: ["预算", "决算"],
        groups: [("项目支出", [2_500_000, 10_050_000]),
                 ("基本支出", [8_000_000, Decimal(string: "0.01")!]),
                 ("<b>其他&支出</b>", [0, 0])])

    static let table = Table(
        caption: "收支决算总表",
        columns: [("项目", .leading), ("预算数（元）", .trailing), ("决算数（元）", .trailing)],
        rows: [[Text("财政拨款收入"), Text("11,000,000.00"), Text("11,486,444.31")],
               [Text("其他收入 A|B"), Text("0.00"), Text("1,234.50")]])

    static func document(draft: Bool) -> ReportDocument {
        var blocks: [Block] = [
            .heading(level: 1, number: "一、", text: "单位基本情况"),
            .heading(level: 2, number: "（一）", text: "机构设置、部门职能"),
            .heading(level: 3, number: "1.", text: "主要职能"),
            .heading(level: 4, number: "（1）", text: "组织建设"),
            .paragraph("2021 年度决算支出 11,486,444.31 元，较上年增长 3.5%。"),
            .paragraph(Text(hostile)),
            .table(table),
            .chart(functional),
            .chart(budgetVersusFinal),
        ]
        if draft {
            blocks.append(.paragraph(Text([.plain("评价小组由 "), .gap("评价小组成员人数"), .plain(" 人组成。")])))
        }
        return ReportDocument(
            cover: CoverBlock(attachment: "附件 3", title: "廉江市总工会2021年度部门整体支出绩效自评报告",
                              lines: [("评价年度", "2021 年度"), ("评价单位", "廉江市总工会"),
                                      ("填报日期", draft ? Text([.gap("填报日期")]) : "2022 年 3 月 10 日")]),
            blocks: blocks, isDraft: draft)
    }

    static func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }

    /// The `width` of each `<rect class="bar" …>`, in order.
    static func barWidths(_ svg: String) -> [Double] {
        svg.components(separatedBy: "<rect class=\"bar\"").dropFirst().map { tail in
            let afterWidth = tail.components(separatedBy: "width=\"")[1]
            return Double(afterWidth.prefix { $0 != "\"" })!
        }
    }

    /// The `x` of each `<rect class="bar" …>`, in order.
    static func barXs(_ svg: String) -> [Double] {
        svg.components(separatedBy: "<rect class=\"bar\"").dropFirst().map { tail in
            Double(tail.components(separatedBy: "x=\"")[1].prefix { $0 != "\"" })!
        }
    }

    static func svgWidth(_ svg: String) -> Double {
        Double(svg.components(separatedBy: " width=\"")[1].prefix { $0 != "\"" })!
    }
}

@Suite("HTML report")
struct HTMLRendererTests {
    let final = HTMLRenderer.render(HTMLFixture.document(draft: false))
    let draft = HTMLRenderer.render(HTMLFixture.document(draft: true))

    @Test("One HTML5 file in Chinese, UTF-8, with nothing loaded from outside")
    func selfContained() {
        for html in [final, draft] {
            #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
            #expect(html.contains("<meta charset=\"utf-8\">"))
            #expect(html.contains("<style>"))
            for external in ["http", "src=", "url(", "@import", "<link", "<script", "<img", "<iframe", "@font-face", "xmlns"] {
                #expect(!html.contains(external), "found \(external)")
            }
            #expect(html.hasSuffix("</html>\n"))
        }
    }

    @Test("Print CSS mirrors the DOCX layout: A4, GB/T 9704 margins, fonts, line pitch, page numbers")
    func printLayout() {
        #expect(final.contains("@page { size: A4; margin: 37mm 26mm 35mm 28mm; }"))
        #expect(final.contains("font-family: \"仿宋_GB2312\", \"仿宋\", FangSong, STFangsong, serif; font-size: 16pt; line-height: 28.95pt;"))
        #expect(final.contains("text-indent: 2em; text-align: justify;"))
        #expect(final.contains("font-family: \"方正小标宋简体\", \"小标宋\""))
        #expect(final.contains("font-size: 22pt"))
        #expect(final.contains(".level-1 { font-family: \"黑体\", SimHei"))
        #expect(final.contains(".level-2 { font-family: \"楷体_GB2312\", \"楷体\", KaiTi"))
        #expect(final.contains(".level-3 { font-family: \"仿宋_GB2312\", \"仿宋\", FangSong, STFangsong, serif; font-weight: bold; }"))
        #expect(final.contains("@page :right { @bottom-right { content: \"— \" counter(page) \" —\";"))
        #expect(final.contains("@page :left { @bottom-left { content: \"— \" counter(page) \" —\";"))
        #expect(final.contains("break-after: page"))
        // Headings print their own numbers: no CSS counters besides the page number.
        #expect(!final.contains("counter-increment") && !final.contains("counter-reset"))
    }

    @Test("Cover first, then headings with their printed numbers, paragraphs and tables")
    func structure() throws {
        let cover = try #require(final.range(of: "<header class=\"cover\">"))
        let firstHeading = try #require(final.range(of: "<h2 class=\"level-1\">"))
        #expect(cover.lowerBound < firstHeading.lowerBound)
        #expect(final.contains("<p class=\"attachment\">附件 3</p>"))
        #expect(final.contains("<h1 class=\"title\">廉江市总工会2021年度部门整体支出绩效自评报告</h1>"))
        #expect(final.contains("<div><dt>评价年度：</dt><dd>2021 年度</dd></div>"))
        #expect(final.contains("<h2 class=\"level-1\"><span class=\"number\">一、</span>单位基本情况</h2>"))
        #expect(final.contains("<h3 class=\"level-2\"><span class=\"number\">（一）</span>机构设置、部门职能</h3>"))
        #expect(final.contains("<h4 class=\"level-3\"><span class=\"number\">1.</span>主要职能</h4>"))
        #expect(final.contains("<h5 class=\"level-4\"><span class=\"number\">（1）</span>组织建设</h5>"))
        #expect(final.contains("<p>2021 年度决算支出 11,486,444.31 元，较上年增长 3.5%。</p>"))
        #expect(final.contains("<table class=\"data keep\">\n<caption>收支决算总表</caption>"))
        #expect(final.contains("<thead><tr><th scope=\"col\">项目</th><th scope=\"col\">预算数（元）</th><th scope=\"col\">决算数（元）</th></tr></thead>"))
        #expect(final.contains("<tr><td class=\"al-leading\">财政拨款收入</td><td class=\"al-trailing\">11,000,000.00</td><td class=\"al-trailing\">11,486,444.31</td></tr>"))
        #expect(final.contains(".al-trailing { text-align: right;"))
        #expect(final.contains("border: 0.5pt solid #000"))
    }

    @Test("All text is escaped")
    func escaping() {
        #expect(final.contains("<p>&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt; &#39;q&#39;</p>"))
        #expect(!final.contains(HTMLFixture.hostile))
        #expect(final.contains("&lt;b&gt;其他&amp;支出&lt;/b&gt;"))
        #expect(!final.contains("<b>"))
    }

    @Test("Each chart is inline SVG with its data table in a <details>")
    func charts() {
        #expect(HTMLFixture.count("<figure class=\"chart\">\n<svg class=\"bar-chart\" role=\"img\"", in: final) == 2)
        #expect(HTMLFixture.count("<details class=\"chart-data\">", in: final) == 2)
        #expect(final.contains("<summary>数据表：决算支出（按功能分类）</summary>"))
        #expect(final.contains("<th scope=\"col\">决算（万元）</th>"))
        #expect(final.contains("<td class=\"al-leading\">一般公共服务支出</td><td class=\"al-trailing\">1,148.64</td>"))
        #expect(final.contains("<td class=\"al-trailing\">8,000,000.00</td><td class=\"al-trailing\">0.01</td>"))
    }

    @Test("A draft says 草稿 on every page and marks its gaps; a final document has neither")
    func draftAndGaps() {
        #expect(draft.contains("<div class=\"watermark\" aria-hidden=\"true\">草稿</div>"))
        #expect(draft.contains(".watermark { position: fixed;"))
        #expect(draft.contains("@top-center { content: \"草稿\";"))
        #expect(draft.contains("<title>廉江市总工会2021年度部门整体支出绩效自评报告（草稿）</title>"))
        #expect(draft.contains("<p>评价小组由 <mark class=\"gap\">【待填写：评价小组成员人数】</mark> 人组成。</p>"))
        #expect(draft.contains("<dd><mark class=\"gap\">【待填写：填报日期】</mark></dd>"))
        #expect(!final.contains("草稿"))
        #expect(!final.contains("【待填写"))
        #expect(!final.contains("<mark"))
    }

    @Test("A gap in a final document still renders, marked")
    func gapInFinal() {
        var document = HTMLFixture.document(draft: false)
        document.blocks.append(.paragraph(Text([.gap("a<b")])))
        #expect(HTMLRenderer.render(document).contains("<mark class=\"gap\">【待填写：a&lt;b】</mark>"))
    }

    @Test("Same document, same bytes")
    func deterministic() {
        #expect(HTMLRenderer.render(HTMLFixture.document(draft: false)) == final)
        #expect(HTMLRenderer.render(HTMLFixture.document(draft: true)) == draft)
        #expect(SVGChart.render(HTMLFixture.budgetVersusFinal) == SVGChart.render(HTMLFixture.budgetVersusFinal))
        #expect(MarkdownRenderer.render(HTMLFixture.document(draft: true)) == MarkdownRenderer.render(HTMLFixture.document(draft: true)))
    }
}

@Suite("HTML charts (SVG)")
struct HTMLChartTests {
    @Test("One series: one bar per group, value labels with separators, no legend, accessible")
    func oneSeries() {
        let svg = SVGChart.render(HTMLFixture.functional)
        #expect(svg.hasPrefix("<svg class=\"bar-chart\" role=\"img\""))
        #expect(svg.contains("<title>决算支出（按功能分类）（单位：万元）</title>"))
        #expect(svg.contains("<desc>"))
        #expect(svg.contains(">决算支出（按功能分类）</text>"))
        #expect(svg.contains(">单位：万元</text>"))
        let widths = HTMLFixture.barWidths(svg)
        #expect(widths.count == 3)
        #expect(widths.allSatisfy { $0 >= 0 })
        #expect(widths[1] == 0)
        #expect(widths[0] > widths[2] && widths[2] > 0)
        for label in ["1,148.64", "0.00", "35.20"] {
            #expect(svg.contains(">\(label)</text>"), "value label \(label)")
        }
        for label in ["一般公共服务支出", "社会保障和就业支出", "卫生健康支出"] {
            #expect(svg.contains("text-anchor=\"end\">\(label)</text>"), "group label \(label)")
        }
        #expect(!svg.contains("class=\"legend\""))
        #expect(!svg.contains("http"))
    }

    @Test("Two series: a legend, two bars a group, a 402 % overrun and a huge beside a tiny value stay in the plot")
    func twoSeries() {
        let svg = SVGChart.render(HTMLFixture.budgetVersusFinal)
        let widths = HTMLFixture.barWidths(svg)
        let xs = HTMLFixture.barXs(svg)
        let total = HTMLFixture.svgWidth(svg)
        #expect(widths.count == 6)
        #expect(HTMLFixture.count("<rect class=\"swatch\"", in: svg) == 2)
        #expect(svg.contains(">预算</text>") && svg.contains(">决算</text>"))
        #expect(widths.allSatisfy { $0 >= 0 })
        #expect(zip(xs, widths).allSatisfy { $0 + $1 <= total })
        #expect(widths[3] >= 1, "a tiny positive value still shows")
        #expect(widths[2] > widths[3] * 100)
        #expect(abs(widths[1] / widths[0] - 4.02) < 0.02, "402 % of the budget")
        #expect(widths[4] == 0 && widths[5] == 0)
        for label in ["2,500,000.00", "10,050,000.00", "8,000,000.00", "0.01", "0.00"] {
            #expect(svg.contains(">\(label)</text>"), "value label \(label)")
        }
        #expect(svg.contains("&lt;b&gt;其他&amp;支出&lt;/b&gt;"))
        // Axis 0–12,500,000 in steps of 2,500,000; long figures are labelled on every second tick.
        #expect(HTMLFixture.count("<line x1=", in: svg) == 7)
        #expect(svg.contains(">5,000,000</text>") && svg.contains(">10,000,000</text>"))
        #expect(!svg.contains(">2,500,000</text>") && !svg.contains(">12,500,000</text>"))
    }

    @Test("All zero, one group, no group, negative: no negative widths and no NaN")
    func edgeCases() {
        let zero = SVGChart.render(Chart(title: "零", unit: "元", series: ["决算"], groups: [("甲", [0])]))
        #expect(HTMLFixture.barWidths(zero) == [0])
        #expect(zero.contains(">0.00</text>"))
        let single = SVGChart.render(Chart(title: "单项", unit: "分", series: ["得分"], groups: [("总分", [Decimal(string: "92.5")!])]))
        #expect(HTMLFixture.barWidths(single).count == 1)
        #expect(single.contains(">92.50</text>"))
        let empty = SVGChart.render(Chart(title: "空", unit: "元", series: ["决算"], groups: []))
        #expect(empty.contains("无数据") && HTMLFixture.barWidths(empty).isEmpty)
        let negative = SVGChart.render(Chart(title: "负", unit: "元", series: ["变动"], groups: [("甲", [-5]), ("乙", [10])]))
        #expect(HTMLFixture.barWidths(negative).allSatisfy { $0 >= 0 })
        #expect(negative.contains(">-5.00</text>"))
        let extreme = SVGChart.render(Chart(title: "悬殊", unit: "元", series: ["决算"],
                                            groups: [("大", [Decimal(string: "1000000000000")!]), ("小", [Decimal(string: "0.01")!])]))
        let extremeWidths = HTMLFixture.barWidths(extreme)
        #expect(extremeWidths[1] == 1 && extremeWidths[0] > 200)
        #expect(extreme.contains(">1,000,000,000,000.00</text>") && extreme.contains(">0.01</text>"))
        for svg in [zero, single, empty, negative, extreme] {
            #expect(!svg.contains("nan") && !svg.contains("inf") && !svg.contains("=\"-"))
        }
    }

    @Test("The axis runs from 0 to a round value at or above the largest")
    func axis() {
        let a = SVGChart.axis(maximum: Decimal(string: "1148.64")!)
        #expect(a.ticks == [0, 250, 500, 750, 1000, 1250] && a.top == 1250 && a.decimals == 0)
        let b = SVGChart.axis(maximum: Decimal(string: "0.03")!)
        #expect(b.top == Decimal(string: "0.03")! && b.decimals == 2)
        let c = SVGChart.axis(maximum: 0)
        #expect(c.ticks == [0] && c.top == 0)
        let d = SVGChart.axis(maximum: Decimal(string: "1000000000")!)
        #expect(d.top == Decimal(string: "1000000000")! && d.ticks.count == 6)
    }

    @Test("A standalone SVG file carries the namespace")
    func standalone() {
        let svg = SVGChart.renderStandalone(HTMLFixture.functional)
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
    }
}

@Suite("HTML companion: Markdown")
struct HTMLMarkdownTests {
    let final = MarkdownRenderer.render(HTMLFixture.document(draft: false))
    let draft = MarkdownRenderer.render(HTMLFixture.document(draft: true))

    @Test("Cover, numbered headings, paragraphs with their figures")
    func text() {
        #expect(final.hasPrefix("附件 3\n\n**廉江市总工会2021年度部门整体支出绩效自评报告**\n\n评价年度：2021 年度\n\n"))
        #expect(final.contains("\n\n---\n\n# 一、单位基本情况\n\n## （一）机构设置、部门职能\n\n### 1.主要职能\n\n#### （1）组织建设\n\n"))
        #expect(final.contains("\n\n2021 年度决算支出 11,486,444.31 元，较上年增长 3.5%。\n\n"))
        #expect(final.contains("\\<script>alert(\"x&y\")\\</script> 'q'"))
        #expect(final.hasSuffix("\n") && !final.hasSuffix("\n\n"))
    }

    @Test("Tables and charts as GFM pipe tables, figures right-aligned, | escaped")
    func tables() {
        #expect(final.contains("**收支决算总表**\n\n| 项目 | 预算数（元） | 决算数（元） |\n| --- | ---: | ---: |\n| 财政拨款收入 | 11,000,000.00 | 11,486,444.31 |\n| 其他收入 A\\|B | 0.00 | 1,234.50 |"))
        #expect(final.contains("**决算支出（按功能分类）**\n\n| 项目 | 决算（万元） |\n| --- | ---: |\n| 一般公共服务支出 | 1,148.64 |"))
        #expect(final.contains("| 项目 | 预算（元） | 决算（元） |\n| --- | ---: | ---: |\n| 项目支出 | 2,500,000.00 | 10,050,000.00 |"))
    }

    @Test("A draft starts with 「> 草稿」 and shows its gaps; a final document has none")
    func draftMarks() {
        #expect(draft.hasPrefix("> 草稿\n\n附件 3\n\n"))
        #expect(draft.contains("评价小组由 【待填写：评价小组成员人数】 人组成。"))
        #expect(draft.contains("填报日期：【待填写：填报日期】"))
        #expect(!final.contains("草稿"))
        #expect(!final.contains("【待填写"))
    }

    @Test("Lines that Markdown would read as structure are escaped")
    func blockMarkers() {
        let document = ReportDocument(
            cover: CoverBlock(attachment: nil, title: "T", lines: []),
            blocks: [.paragraph("# 不是标题"), .paragraph("1. 不是列表"), .paragraph("1.负责全市工会工作"), .paragraph("- 不是列表")],
            isDraft: false)
        let markdown = MarkdownRenderer.render(document)
        #expect(markdown.contains("\n\n\\# 不是标题\n\n1\\. 不是列表\n\n1.负责全市工会工作\n\n\\- 不是列表\n"))
    }
}
