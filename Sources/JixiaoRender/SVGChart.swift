import Foundation
import JixiaoCore

/// A horizontal bar chart drawn by the project as SVG, for the HTML report.
///
/// One bar group per `Chart.groups` entry, its label right-aligned before the bars; one bar per series
/// (a legend when there are two or more, e.g. 预算 vs 决算); each bar carries its value with thousands
/// separators. Guarantees:
/// - value and tick labels are made from the `Decimal` values (`DecimalFormat`), never through `Double`;
///   `Double` is used only for pixel geometry;
/// - the axis runs from 0 to a round value at or above the largest value, so no bar is longer than the
///   plot, none has a negative width (a negative value draws an empty bar but keeps its label), and a
///   positive value too small to see at that scale still gets a one-pixel bar;
/// - the output is a pure function of the chart: same chart, same bytes;
/// - `role="img"` with a `<title>` and `<desc>`, so screen readers announce it;
/// - no external references: fonts are named, never loaded.
public enum SVGChart {
    /// The chart as an `<svg>` element to embed in an HTML page (no `xmlns`, which inline SVG in
    /// HTML5 does not need, so the page stays free of any URL).
    public static func render(_ chart: Chart) -> String {
        draw(chart, standalone: false)
    }

    /// The chart as a standalone `.svg` file (XML declaration and the SVG namespace).
    public static func renderStandalone(_ chart: Chart) -> String {
        draw(chart, standalone: true)
    }

    /// The value axis for data whose largest value is `maximum`: ticks from 0 in a step of 1, 2, 2.5 or 5
    /// times a power of ten, the last tick at or above `maximum`, and the decimals the tick labels need.
    /// With no positive value the axis is the single tick 0.
    public static func axis(maximum: Decimal) -> (ticks: [Decimal], top: Decimal, decimals: Int) {
        guard maximum > 0 else { return ([0], 0, 0) }
        let raw = maximum / 5
        var power = Decimal(1)
        while power * 10 <= raw { power *= 10 }
        while power > raw { power /= 10 }
        let step = [Decimal(1), 2, Decimal(string: "2.5")!, 5, 10].map { $0 * power }.first { $0 >= raw } ?? power * 10
        var count = DecimalFormat.floor(maximum / step)
        if count * step < maximum { count += 1 }
        let steps = max(NSDecimalNumber(decimal: count).intValue, 1)
        let ticks = (0...steps).map { Decimal($0) * step }
        var decimals = 0
        while decimals < 8 {
            let scaled = step * Decimal(sign: .plus, exponent: decimals, significand: 1)
            if DecimalFormat.floor(scaled) == scaled { break }
            decimals += 1
        }
        return (ticks, step * Decimal(steps), decimals)
    }

    /// A value as its chart label: two decimals with thousands separators, like the chart's data table.
    public static func valueLabel(_ value: Decimal) -> String {
        DecimalFormat.fixed(value, decimals: 2, grouping: true)
    }

    // MARK: - Layout

    static let fontFamily = "'仿宋_GB2312', '仿宋', FangSong, STFangsong, serif"
    static let labelFontSize = 14.0
    static let valueFontSize = 13.0
    static let titleFontSize = 16.0
    /// About the 156 mm type area at 96 px per inch (590 px), so that the HTML, which draws the chart
    /// across the column, shows its text near its nominal size.
    static let minimumWidth = 600.0
    static let minimumPlotWidth = 240.0
    static let maximumLabelWidth = 192.0
    static let margin = 12.0
    /// Series colours: one series in the dark blue; two as 预算 (light) and 决算 (dark), which stay
    /// apart in greyscale print.
    static let palette = ["#9dbbdc", "#2f5d8a", "#d9a441", "#6b8e4e", "#a05a7a", "#5a5a5a"]

    private static func colour(series index: Int, of count: Int) -> String {
        count <= 1 ? palette[1] : palette[index % palette.count]
    }

    private static func draw(_ chart: Chart, standalone: Bool) -> String {
        let groups = chart.groups
        let barsPerGroup = max(chart.series.count, groups.map(\.values.count).max() ?? 0, 1)
        let maximum = groups.flatMap(\.values).max() ?? 0
        let axis = axis(maximum: maximum)

        // Horizontal layout: labels | plot | room for the longest value label.
        let labels = groups.map { fitted($0.label, width: maximumLabelWidth, size: labelFontSize) }
        let labelColumn = max(48, (labels.map { width(of: $0, size: labelFontSize) }.max() ?? 0) + 20)
        let valueTexts = groups.map { $0.values.map(valueLabel) }
        let valueColumn = (valueTexts.flatMap { $0 }.map { width(of: $0, size: valueFontSize) }.max() ?? 0) + 10
        let tickTexts = axis.ticks.map { DecimalFormat.fixed($0, decimals: axis.decimals, grouping: true) }
        let lastTickHalf = (tickTexts.last.map { width(of: $0, size: valueFontSize) } ?? 0) / 2
        let right = max(valueColumn, lastTickHalf) + margin
        let titleWidth = width(of: chart.title, size: titleFontSize) + 2 * margin
        let totalWidth = max(minimumWidth, labelColumn + minimumPlotWidth + right, titleWidth).rounded(.up)
        let plotLeft = labelColumn
        let plotWidth = totalWidth - labelColumn - right

        // Vertical layout: title, unit and legend, the groups, the tick labels.
        let barHeight = barsPerGroup > 1 ? 16.0 : 20.0
        let barGap = 2.0
        let groupPadding = 8.0
        let groupHeight = Double(barsPerGroup) * barHeight + Double(barsPerGroup - 1) * barGap + 2 * groupPadding
        let plotTop = 64.0
        let plotHeight = Double(max(groups.count, 1)) * groupHeight
        let plotBottom = plotTop + plotHeight
        let totalHeight = (plotBottom + 30).rounded(.up)

        var svg = ""
        if standalone { svg += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" }
        svg += "<svg"
        if standalone { svg += " xmlns=\"http://www.w3.org/2000/svg\"" }
        svg += " class=\"bar-chart\" role=\"img\" width=\"\(n(totalWidth))\" height=\"\(n(totalHeight))\""
        svg += " viewBox=\"0 0 \(n(totalWidth)) \(n(totalHeight))\" font-family=\"\(fontFamily)\" font-size=\"\(n(labelFontSize))\">\n"
        let unitText = chart.unit.isEmpty ? "" : "（单位：\(chart.unit)）"
        svg += "<title>\(esc(chart.title + unitText))</title>\n"
        svg += "<desc>\(esc(description(chart)))</desc>\n"
        svg += "<rect class=\"background\" x=\"0\" y=\"0\" width=\"\(n(totalWidth))\" height=\"\(n(totalHeight))\" fill=\"#ffffff\"/>\n"
        svg += "<text class=\"chart-title\" x=\"\(n(totalWidth / 2))\" y=\"26\" text-anchor=\"middle\" font-size=\"\(n(titleFontSize))\" font-weight=\"bold\">\(esc(chart.title))</text>\n"
        if !chart.unit.isEmpty {
            svg += "<text class=\"unit\" x=\"\(n(totalWidth - margin))\" y=\"50\" text-anchor=\"end\" font-size=\"\(n(valueFontSize))\" fill=\"#444444\">单位：\(esc(chart.unit))</text>\n"
        }
        if chart.series.count > 1 {
            svg += "<g class=\"legend\">\n"
            var x = plotLeft
            for (index, name) in chart.series.enumerated() {
                svg += "<rect class=\"swatch\" x=\"\(n(x))\" y=\"39\" width=\"14\" height=\"14\" fill=\"\(colour(series: index, of: chart.series.count))\"/>"
                svg += "<text x=\"\(n(x + 18))\" y=\"51\">\(esc(name))</text>\n"
                x += 18 + width(of: name, size: labelFontSize) + 20
            }
            svg += "</g>\n"
        }

        // Grid and ticks.
        // Where the tick labels would crowd (long figures), every second (or third…) tick is labelled.
        let spacing = axis.ticks.count > 1 ? plotWidth / Double(axis.ticks.count - 1) : plotWidth
        let widestTick = tickTexts.map { width(of: $0, size: valueFontSize) }.max() ?? 0
        var labelEvery = 1
        while spacing * Double(labelEvery) < widestTick + 10 && labelEvery < axis.ticks.count { labelEvery += 1 }
        svg += "<g class=\"axis\" font-size=\"\(n(valueFontSize))\" fill=\"#444444\">\n"
        for (index, tick) in axis.ticks.enumerated() {
            let x = plotLeft + fraction(tick, of: axis.top) * plotWidth
            let stroke = index == 0 ? "#000000" : "#d8d8d8"
            svg += "<line x1=\"\(n(x))\" y1=\"\(n(plotTop))\" x2=\"\(n(x))\" y2=\"\(n(plotBottom))\" stroke=\"\(stroke)\" stroke-width=\"1\"/>"
            if index % labelEvery == 0 {
                svg += "<text x=\"\(n(x))\" y=\"\(n(plotBottom + 18))\" text-anchor=\"middle\">\(esc(tickTexts[index]))</text>"
            }
            svg += "\n"
        }
        svg += "<line x1=\"\(n(plotLeft))\" y1=\"\(n(plotBottom))\" x2=\"\(n(plotLeft + plotWidth))\" y2=\"\(n(plotBottom))\" stroke=\"#000000\" stroke-width=\"1\"/>\n"
        svg += "</g>\n"

        if groups.isEmpty {
            svg += "<text class=\"empty\" x=\"\(n(plotLeft + plotWidth / 2))\" y=\"\(n(plotTop + plotHeight / 2))\" dy=\"0.35em\" text-anchor=\"middle\" fill=\"#666666\">无数据</text>\n"
        }

        // The groups.
        for (g, group) in groups.enumerated() {
            let top = plotTop + Double(g) * groupHeight
            svg += "<g class=\"group\">"
            if labels[g] != group.label { svg += "<title>\(esc(group.label))</title>" }
            svg += "\n<text class=\"label\" x=\"\(n(plotLeft - 8))\" y=\"\(n(top + groupHeight / 2))\" dy=\"0.35em\" text-anchor=\"end\">\(esc(labels[g]))</text>\n"
            for (s, value) in group.values.enumerated() {
                let y = top + groupPadding + Double(s) * (barHeight + barGap)
                var barWidth = fraction(value, of: axis.top) * plotWidth
                if value > 0 && barWidth < 1 { barWidth = 1 }
                let name = s < chart.series.count ? chart.series[s] : ""
                svg += "<rect class=\"bar\" x=\"\(n(plotLeft))\" y=\"\(n(y))\" width=\"\(n(barWidth))\" height=\"\(n(barHeight))\" fill=\"\(colour(series: s, of: barsPerGroup))\">"
                svg += "<title>\(esc(group.label))\(name.isEmpty ? "" : " " + esc(name))：\(esc(valueTexts[g][s]))</title></rect>"
                svg += "<text class=\"value\" x=\"\(n(plotLeft + barWidth + 4))\" y=\"\(n(y + barHeight / 2))\" dy=\"0.35em\" font-size=\"\(n(valueFontSize))\">\(esc(valueTexts[g][s]))</text>\n"
            }
            svg += "</g>\n"
        }
        svg += "</svg>"
        return svg
    }

    /// What the chart shows, for screen readers.
    private static func description(_ chart: Chart) -> String {
        var text = "横向条形图"
        if !chart.series.isEmpty { text += "，系列：" + chart.series.joined(separator: "、") }
        text += "，共 \(chart.groups.count) 项"
        if !chart.unit.isEmpty { text += "，单位：\(chart.unit)" }
        return text + "。数据见图下数据表。"
    }

    /// `value / top` as a pixel fraction in 0...1 (0 for a non-positive value or an empty axis).
    private static func fraction(_ value: Decimal, of top: Decimal) -> Double {
        guard top > 0, value > 0 else { return 0 }
        let ratio = NSDecimalNumber(decimal: value / top).doubleValue
        return min(max(ratio, 0), 1)
    }

    /// An estimate of a text's width, generous so that labels are not clipped: CJK and full-width
    /// characters one em, others 0.65 em (serif digits and Latin letters in the fallback fonts).
    static func width(of text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? size : size * 0.65) }
    }

    /// `text`, shortened with 「…」 to fit `width`.
    private static func fitted(_ text: String, width limit: Double, size: Double) -> String {
        guard width(of: text, size: size) > limit else { return text }
        var kept = ""
        for character in text {
            if width(of: kept + String(character) + "…", size: size) > limit { break }
            kept.append(character)
        }
        return kept + "…"
    }

    /// A pixel coordinate with at most one decimal, written without locale or `Double` formatting.
    private static func n(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    private static func esc(_ text: String) -> String { Markup.escape(text) }
}
