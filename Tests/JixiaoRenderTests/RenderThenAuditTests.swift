import Foundation
import JixiaoAudit
import JixiaoCore
import JixiaoFormats
import JixiaoRender
import Testing

/// A report jixiao writes is a correct report in the register the audit reads: auditing its text
/// must find no error (a false error on a correct report is the audit's worst failure).
@Suite("Render, then audit")
struct RenderThenAuditTests {
    /// The report as plain text, one block per line, the way pdftotext gives a printed report.
    static func text(_ document: ReportDocument) -> String {
        plainLines(document).joined(separator: "\n\n")
    }

    @Test("The complete example, rendered and read back, has no error finding")
    func noFalseErrors() throws {
        let evaluation = try completeExample()
        let document = ReportComposer(evaluation: evaluation, scores: nil).compose(draft: false).document
        let findings = Auditor.audit(Self.text(document))
        let errors = findings.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map { "\($0.rule) \($0.location.map(String.init(describing:)) ?? "") \($0.message)" })")
        // The deviation is explained in the report, and the reader finds the explanation.
        #expect(!findings.contains { $0.rule == "budget.deviation.unexplained" })
        // Every section of the outline is there, numbered in order.
        #expect(!findings.contains { $0.rule == "section.missing" || $0.rule.hasPrefix("numbering.") })
    }
}
