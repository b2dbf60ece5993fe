import Foundation

/// 政府收支分类科目 — an expenditure classification: functional (2xx) or economic (3xx).
///
/// The class level (类) is built in and stable across 2019–2024; deeper codes (款/项) are
/// accepted when they begin with a known class code, and are named by the unit.
public struct Classification: Sendable {
    /// 支出功能分类 or 部门预算支出经济分类.
    public let name: String
    /// Class-level codes and their names, in classification order.
    public let classes: [(code: String, name: String)]
    /// Valid code lengths: class, sub-class, item.
    public let codeLengths: Set<Int>

    public func className(of code: String) -> String? {
        classes.first { $0.code == String(code.prefix(3)) }?.name
    }

    /// The class-level code whose name is `name`, for reading reports that give names only.
    public func code(named name: String) -> String? { classes.first { $0.name == name }?.code }

    /// nil when `code` is valid; otherwise what is wrong, with the valid class codes.
    public func problem(with code: String) -> String? {
        if code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber), codeLengths.contains(code.count),
           className(of: code) != nil
        {
            return nil
        }
        let valid = classes.map { "\($0.code) \($0.name)" }.joined(separator: "、")
        return "未知的\(name)科目编码「\(code)」：类级编码应为 \(valid)（款、项级编码以类级编码开头）"
    }

    /// 支出功能分类 class level (政府收支分类科目).
    public static let functional = Classification(
        name: "支出功能分类",
        classes: [
            ("201", "一般公共服务支出"), ("202", "外交支出"), ("203", "国防支出"), ("204", "公共安全支出"),
            ("205", "教育支出"), ("206", "科学技术支出"), ("207", "文化旅游体育与传媒支出"),
            ("208", "社会保障和就业支出"), ("210", "卫生健康支出"), ("211", "节能环保支出"),
            ("212", "城乡社区支出"), ("213", "农林水支出"), ("214", "交通运输支出"),
            ("215", "资源勘探工业信息等支出"), ("216", "商业服务业等支出"), ("217", "金融支出"),
            ("219", "援助其他地区支出"), ("220", "自然资源海洋气象等支出"), ("221", "住房保障支出"),
            ("222", "粮油物资储备支出"), ("224", "灾害防治及应急管理支出"), ("227", "预备费"),
            ("229", "其他支出"), ("230", "转移性支出"), ("231", "债务还本支出"), ("232", "债务付息支出"),
            ("233", "债务发行费用支出"),
        ],
        codeLengths: [3, 5, 7])

    /// 部门预算支出经济分类 class level.
    public static let economic = Classification(
        name: "支出经济分类",
        classes: [
            ("301", "工资福利支出"), ("302", "商品和服务支出"), ("303", "对个人和家庭的补助"),
            ("307", "债务利息及费用支出"), ("309", "资本性支出（基本建设）"), ("310", "资本性支出"),
            ("311", "对企业补助（基本建设）"), ("312", "对企业补助"), ("313", "对社会保障基金补助"),
            ("399", "其他支出"),
        ],
        codeLengths: [3, 5])
}
