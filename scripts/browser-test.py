#!/usr/bin/env python3
"""Browser test of `jixiao serve --demo` in headless Chromium (Debian's chromium + chromium-driver,
Selenium from PyPI), on loopback only:

  the clerk fills, through the forms only, everything the worked example lacks (the 21 task results,
  the 7 indicator values, the judgement items, measures for both problems, the reason for the budget
  deviation, then the score and grade the framework computes) and watches the errors fall to zero;
  in each list part adds and removes a row; a bad amount keeps the typed value and shows its message
  beside the field; a stale save from a second tab is refused; every page the editor can reach is
  walked and none shows YAML, field paths or rule IDs (the text page is the advanced one); the
  package downloaded is final (no 草稿) and holds the PDF (or, without LibreOffice, a 说明.txt
  saying why). A project (项目支出绩效自评表) is added by its name and filled end to end — money rows,
  goal, indicator rows added, removed and moved, a bad money cell refused at its field — and shows the
  computed 执行率 and 总分; its DOCX and XLSX are in the package; the reviewer comments on one of its
  fields and the clerk sees the comment there. 年度工作 is worked one task category at a time; a button comes back at the row it
  acted on; a target's fields follow its kind (in Chinese) as it changes; progress reaches 100%.
  Then the cycle: submit (after its confirmation step); the reviewer comments on a field by its
  批注 link and returns it; the clerk sees the comment beside that field and, with its place, in the
  overview; the unit resubmits; the reviewer accepts; the admin publishes (confirmed); the public
  page's SHA-256 equals that of the downloaded files (and `jixiao verify` agrees); the admin's
  year form names frameworks and report templates in Chinese and keeps what was typed when refused; the
  year's template is listed, and a bureau's own template file with a mistake is refused at its line. At 390 px wide
  (a phone) no word of the top bar breaks a character a line and no page is wider than the screen.

  apt-get install chromium chromium-driver; python3 -m pip install selenium
  swift build && python3 scripts/browser-test.py [--screenshots DIR]

Screenshots of the main pages go to DIR (default: browser-screenshots/ under a temporary folder).
Exit code 0 when every step passed.
"""
import argparse, hashlib, io, os, re, shutil, subprocess, sys, urllib.parse, urllib.request, zipfile
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from browser_session import BINARY, Session

# Field paths and rule IDs (`final_accounts.expenditure.total`, `sum.mismatch`) and the file's own
# text never appear in the normal flow of an editor.
INTERNAL = re.compile(r"\b[a-z_]+(?:\.[a-z_]+|\[\d+\])+\b|jixiao/evaluation")
# Pages of the advanced flow, where the file's text is the point.
ADVANCED = re.compile(r"/text$|/revisions/\d+$|/diff\b|\.zip$|\.xlsx$|\.csv$|/preview$|/logout$|/published/")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--screenshots", default=None)
    args = p.parse_args()
    session = Session(args.screenshots)
    browser, wait, base, work, shots = session.browser, session.wait, session.base, session.work, session.shots
    step, shot, window_shot, phone, in_view = session.step, session.shot, session.window_shot, session.phone, session.in_view
    login, logout, status, by_id, fill, click = session.login, session.logout, session.status, session.by_id, session.fill, session.click
    save_part, rows = session.save_part, session.rows

    def counts():
        browser.get(submission + "/edit")
        return int(by_id("error-count").text), int(by_id("warning-count").text), int(by_id("missing-count").text)

    def part(name):
        browser.get(submission + "/edit/" + name)

    def walk_pages(who, at_least):
        """Every page `who` can reach by links from the submissions list, outside the advanced flow
        and the details views: no YAML, no field paths, no rule IDs in what the page shows."""
        seen, queue, walked, variants = set(), [base + "/submissions"], 0, {}
        while queue:
            url = queue.pop(0).split("#")[0]
            parsed = urllib.parse.urlparse(url)
            if url in seen or not url.startswith(base) or ADVANCED.search(parsed.path) or "annotate=" in parsed.query: continue
            seen.add(url)
            # A page's other rows or pages (`?row=3`, `?page=2`) look like its first two.
            variants[parsed.path] = variants.get(parsed.path, 0) + 1
            if variants[parsed.path] > 2: continue
            browser.get(url)
            walked += 1
            text = browser.find_element(By.TAG_NAME, "body").text
            found = INTERNAL.findall(text)
            if found: step(f"{url} 不显示字段路径或规则编号（见到 {found[:3]}）", False)
            queue += [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a[href]")]
        step(f"{who}能到达的 {walked} 个页面都不显示 YAML、字段路径或规则编号", walked >= at_least)

    try:
        browser.get(base + "/")
        shot("01-public-home")
        login("editor")
        submission = browser.find_element(By.CSS_SELECTOR, "table a[href^='/submissions/']").get_attribute("href")
        step("填报人员看到本单位的自评", "廉江市总工会" in browser.page_source)
        start = counts()
        shot("02-edit-overview-before")
        step(f"填报总览列出待解决的问题：错误 {start[0]}，警告 {start[1]}，缺项 {start[2]}", start[0] > 0 and start[2] > 0)
        parts = [a.get_attribute("href").rsplit("/", 1)[1] for a in browser.find_elements(By.CSS_SELECTOR, "#parts a")]
        step(f"报告按提纲分为 {len(parts)} 个部分", parts == ["cover", "unit", "work", "goals", "budget", "final", "process", "result", "indicators", "problems", "use"])

        # In each part with a list: a row added, then removed (no JavaScript needed, nothing saved).
        for name in parts:
            part(name)
            buttons = browser.find_elements(By.CSS_SELECTOR, "button[value^='add-']")
            if not buttons: continue
            path = buttons[0].get_attribute("value").split(":", 1)[1]
            before = rows(path)
            click(f"button[value='{buttons[0].get_attribute('value')}']", "已添加一行")
            added = rows(path)
            click(f"button[value='remove:{path}[{before}]']", "已删除第")
            step(f"「{name}」添加一行（{before}→{added}）再删除（→{rows(path)}）", added == before + 1 and rows(path) == before)

        # A bad amount: its message beside the field, the typed value kept, nothing saved.
        part("final")
        fill("final_accounts.income.by_source[0].amount", "4,538,890.45")
        fill("final_accounts.deviation_reason", "年中追加政府性基金预算 694.76万元，用于安铺工人文化宫重建项目。")
        click("#save-part", "输入有误，未保存")
        field = by_id("final_accounts.income.by_source[0].amount")
        beside = session.beside(field.get_attribute("id"))
        step("金额缺单位：说明在字段旁，填写的值保留", field.get_attribute("value") == "4,538,890.45" and "单位" in beside
             and "年中追加" in by_id("final_accounts.deviation_reason").get_attribute("value"))
        shot("03-bad-amount")
        fill("final_accounts.income.by_source[0].amount", "4,538,890.45元")
        # The two final-account figures the framework's formulas read and the report does not state.
        fill("final_accounts.carry_over", "0.00元")
        fill("final_accounts.three_public", "1.20万元")
        save_part()
        # The budget figure 公用经费控制率 divides by, which the report does not state either.
        part("budget")
        fill("budget.public_operating", "80.00万元")
        save_part()
        part("final")
        step("决算偏离预算的原因已填写", "年中追加" in by_id("final_accounts.deviation_reason").get_attribute("value"))

        # 年度工作: one task category at a time, the others folded.
        part("work")
        categories = rows("work.categories")
        folded = len(browser.find_elements(By.CSS_SELECTOR, ".row.folded"))
        fields = len(browser.find_elements(By.CSS_SELECTOR, "#part-form input:not([type=hidden]):enabled, #part-form textarea:enabled, #part-form select:enabled"))
        step(f"年度工作：{categories} 个类别，一次展开一个（其余 {folded} 个折叠），本页 {fields} 个栏目", categories == 7 and folded == 6 and fields < 120)
        browser.find_element(By.CSS_SELECTOR, "a.open-row[href*='row=5']").click()
        wait.until(lambda b: "row=5" in b.current_url)
        step("点“展开”打开第 6 个类别", len(browser.find_elements(By.NAME, "work.categories[5].tasks[0].title")) == 1)
        browser.set_window_size(1366, 1300)
        browser.execute_script("arguments[0].scrollIntoView({block: 'start'});", by_id("work.categories"))
        window_shot("04-work-one-category", height=1300)
        # A button comes back at the row it acted on, not at the top of the page.
        click("button[value='add-row:work.categories[5].tasks[2].targets']", "已添加一行")
        added = by_id("work.categories[5].tasks[2].targets[6]")
        step("添加目标后回到新添加的行（不回到页首）", "row=5" in browser.current_url and browser.current_url.endswith("targets%5B6%5D")
             and browser.execute_script("return window.scrollY") > 1000 and in_view(added))
        window_shot("04a-work-added-target")
        # A target's fields follow its kind, at once (the script), in Chinese.
        kind = Select(by_id("work.categories[5].tasks[2].targets[6].kind"))
        labels = [o.text for o in kind.options]
        kind.select_by_value("range")
        shown = [f.split(".")[-1] for f in ["work.categories[5].tasks[2].targets[6].min", "work.categories[5].tasks[2].targets[6].max",
                                             "work.categories[5].tasks[2].targets[6].percent"] if by_id(f).is_displayed()]
        kind.select_by_value("percentage")
        percent = by_id("work.categories[5].tasks[2].targets[6].percent").is_displayed() and not by_id("work.categories[5].tasks[2].targets[6].min").is_displayed()
        step(f"目标类型为中文（{'、'.join(labels[1:])}），选“区间”即显示上下限（{shown}），选“百分比”即换成目标比例",
             labels[1:] == ["数量", "不低于", "区间", "百分比", "时限", "是否", "分解"] and shown == ["min", "max"] and percent
             and not browser.find_element(By.CSS_SELECTOR, "button.show-variant").is_displayed())
        window_shot("04b-target-kind-percentage")
        click("button[value='remove:work.categories[5].tasks[2].targets[6]']", "已删除第")

        # The 21 task results, category by category.
        summaries = 0
        for k in range(categories):
            part(f"work?row={k}")
            for path in [t.get_attribute("id") for t in browser.find_elements(By.CSS_SELECTOR, "textarea[id$='.result.summary']")]:
                summaries += 1
                fill(path, f"已按计划完成第 {summaries} 项任务，相关工作记录和总结材料已归档。")
            save_part()
            step(f"保存后仍在第 {k + 1} 个类别", f"row={k}" in browser.current_url)
        step(f"填写 {summaries} 项重点任务的完成情况", summaries == 21)

        # The 7 indicator values.
        part("indicators")
        names = [i.get_attribute("id") for i in browser.find_elements(By.CSS_SELECTOR, "input[id$='].name'][id^='indicators[']")]
        for path in names:
            row = path[:-len(".name")]
            fill(row + ".target", "90%")
            fill(row + ".actual", "95%")
        save_part()
        step(f"填写 {len(names)} 项指标的目标值和实际值", len(names) == 7)

        # Measures for both problems, each linked to its problem.
        part("problems")
        problems = rows("problems")
        for k in range(problems):
            click("button[value='add-row:improvements']", "已添加一行")
        for k in range(problems):
            Select(by_id(f"improvements[{k}].problem")).select_by_value(str(k + 1))
            fill(f"improvements[{k}].measure", f"针对第 {k + 1} 个问题：细化绩效目标，按季度跟踪执行进度，年底对照目标逐项考核。")
        save_part()
        step(f"为 {problems} 个问题各填一项改进措施", problems == 2 and rows("improvements") == 2)

        # The judgement items, with evidence; then the score and grade the framework computes.
        part("result")
        for field in browser.find_elements(By.CSS_SELECTOR, "input[id^='self_scoring.answers['][id$='.points']"):
            full = re.search(r"满分 ([\d.]+) 分", session.beside(field.get_attribute("id"))).group(1)
            fill(field.get_attribute("id"), full)
        for field in browser.find_elements(By.CSS_SELECTOR, "input[id^='self_scoring.answers['][id$='.count']"):
            fill(field.get_attribute("id"), "0")
        for select in browser.find_elements(By.CSS_SELECTOR, "select[id^='self_scoring.answers['][id$='.met']"):
            Select(select).select_by_value("true")
            fill(select.get_attribute("id")[:-len(".met")] + ".evidence", "制度文件和会议纪要")
        evidence = browser.find_elements(By.CSS_SELECTOR, "textarea[id^='self_scoring.answers['][id$='.evidence']")
        for field in evidence:
            fill(field.get_attribute("id"), "自评工作底稿及佐证材料")
        save_part()
        note = session.beside("self_evaluation.result.score")
        computed = re.search(r"计算：([\d.]+) 分", note).group(1)
        grade = re.search(r"按评分框架计算：(\S)", session.beside("self_evaluation.result.grade")).group(1)
        fill("self_evaluation.result.score", computed)
        Select(by_id("self_evaluation.result.grade")).select_by_value(grade)
        save_part()
        step(f"回答 {len(evidence)} 项评分判断项并附佐证；自评得分 {computed}、等级 {grade} 与框架计算一致", len(evidence) > 0 and "暂定" not in browser.page_source)

        end = counts()
        shot("04-edit-overview-after")
        step(f"错误 {start[0]} → {end[0]}，缺项 {start[2]} → {end[2]}", end[0] == 0 and end[2] == 0 and "可以生成正式材料" in browser.page_source)
        step("填报进度按必备内容计：完整的报告为 100%", by_id("progress-percent").text == "100%" and "选填的栏目不计入" in by_id("progress-basis").text)

        # A second tab opened before another save: its save is refused, what it typed is kept.
        first = browser.current_window_handle
        browser.switch_to.new_window("tab")
        part("goals")
        second = browser.current_window_handle
        browser.switch_to.window(first)
        part("cover")
        fill("cover.title", "整体支出绩效自评报告")
        save_part()
        browser.switch_to.window(second)
        fill("performance_goals[0]", "第二个窗口写的绩效目标")
        click("#save-part", "未保存：您的修改基于第")
        step("另一窗口已保存后，旧窗口的保存被拒绝且保留所填内容", "第二个窗口写的绩效目标" in by_id("performance_goals[0]").get_attribute("value"))
        shot("05-stale-save-refused")
        browser.close()
        browser.switch_to.window(first)

        # 项目支出绩效自评表: a project added by its name and filled end to end through its form.
        browser.get(submission + "/edit")
        click("#projects-link", "添加空白项目")
        fill("new-project-name", "职工文化活动经费")
        click("#add-blank", "已添加 1 个项目")
        project = browser.current_url.split("#")[0]
        step("添加空白项目后打开其自评表，资金行按全国表式列出", project.endswith("/projects/1")
             and [by_id(f"funds.parts[{i}].source").get_attribute("value") for i in range(3)] == ["当年财政拨款", "上年结转资金", "其他资金"])
        header = {"department": "廉江市总工会", "funds.total.year_start": "50万元", "funds.total.full_year": "50万元",
                  "funds.total.spent": "43万元", "funds.total.execution_rate": "86%", "funds.weight": "10", "funds.score": "8.6",
                  "funds.parts[0].year_start": "50万元", "funds.parts[0].full_year": "50万元", "funds.parts[0].spent": "43万元",
                  "funds.explanation": "两场活动因天气顺延至次年，资金按合同进度支付。",
                  "goal.expected": "全年开展职工文化活动 20 场，职工满意度不低于 90%。", "goal.achieved": "开展 18 场，职工满意度 95%。"}
        for path, value in header.items(): fill(path, value)
        for n in (1, 2, 3):
            click("button[value='add-row:indicators']", f"已添加一行（第 {n} 行）")
        click("button[value='remove:indicators[2]']", "已删除第 3 行")
        step(f"绩效指标添加三行、删除一行（{rows('indicators')} 行），所填的资金保留",
             rows("indicators") == 2 and by_id("funds.total.spent").get_attribute("value") == "43万元")
        indicators = [("满意度指标", "服务对象满意度指标", "职工满意度", "≥", "90", "%", "95", "40", "40", ""),
                      ("产出指标", "数量指标", "开展活动场次", "≥", "20", "场", "18", "50", "45", "两场因天气顺延，次年一季度补办。")]
        for i, (level1, level2, name, nature, target, unit, actual, weight, score, deviation) in enumerate(indicators):
            Select(by_id(f"indicators[{i}].level1")).select_by_visible_text(level1)
            Select(by_id(f"indicators[{i}].nature")).select_by_visible_text(nature)
            for key, value in [("level2", level2), ("name", name), ("target", target), ("unit", unit), ("actual", actual),
                               ("weight", weight), ("score", score), ("deviation", deviation)]:
                if value: fill(f"indicators[{i}].{key}", value)
        click("button[value='down:indicators[0]']", "已移动第 1 行")
        step("第 1 行下移：产出指标在前", by_id("indicators[0].name").get_attribute("value") == "开展活动场次"
             and by_id("indicators[1].name").get_attribute("value") == "职工满意度")
        fill("total_score", "93.6")
        fill("funds.total.spent", "4,8%")
        click("#save-project", "输入有误，未保存")
        step("项目资金填「4,8%」：说明在字段旁，未保存", "逗号不是千位分隔符" in session.beside("funds.total.spent")
             and by_id("funds.total.spent").get_attribute("value") == "4,8%")
        fill("funds.total.spent", "43万元")
        click("#save-project", "已保存「职工文化活动经费」")
        execution, total = by_id("computed-execution").text, by_id("computed-total").text
        step(f"保存后显示系统计算的执行率 {execution}、总分 {total}（与所填一致）", execution == "86.00%" and total == "93.6")
        step("执行率和各项得分的计算依据显示在所填数字旁",
             "86.00%" in session.beside("funds.total.execution_rate") and "45 分" in session.beside("indicators[0].score"))
        shot("p1-project-form")

        # A screenshot of each part, as the clerk left it.
        for i, name in enumerate(parts):
            part(name)
            shot(f"part-{i + 1:02d}-{name}")

        # Every page the editor can reach by links: no YAML, no field paths, no rule IDs.
        walk_pages("填报人员", 14)

        # The package is final: no 草稿 in any file's name.
        cookie = session.cookie()
        data = urllib.request.urlopen(urllib.request.Request(submission + "/package.zip", headers={"Cookie": cookie}), timeout=120).read()
        package = zipfile.ZipFile(io.BytesIO(data))
        names = package.namelist()
        step(f"下载的材料为正式稿（{len(names)} 个文件，无「草稿」）", names and not any("草稿" in n for n in names))
        step("材料含项目支出绩效自评表（DOCX 和 XLSX）",
             all(f"廉江市总工会2021年度项目支出绩效自评表1（职工文化活动经费）.{ext}" in names for ext in ("docx", "xlsx")))
        browser.get(submission + "/edit")
        note = by_id("pdf-note").text
        if shutil.which("soffice") or shutil.which("libreoffice"):
            pdf = [n for n in names if n.endswith(".pdf")]
            step(f"材料含 PDF（{pdf}），页面也这样说", len(pdf) == 1 and package.read(pdf[0]).startswith(b"%PDF") and "材料含 PDF" in note)
        else:
            step("没有 LibreOffice：材料中的说明.txt 和页面都说明没有 PDF 的原因",
                 "服务器未安装 LibreOffice" in package.read("说明.txt").decode() and "没有 PDF" in note)

        # The advanced text page still checks as typed.
        browser.get(submission + "/text")
        area = by_id("evaluation-text")
        browser.execute_script("arguments[0].value = arguments[0].value.replace('841,491.06元', '841,499.06元');"
                               "arguments[0].dispatchEvent(new Event('input'));", area)
        wait.until(lambda b: "即时核对" in b.find_element(By.ID, "live").text)
        step("高级页面：输入全文时即时核对显示发现", "sum.mismatch" in by_id("live").text)

        phone(submission + "/edit", "phone-01-overview")
        phone(submission + "/edit/work?row=2", "phone-02-work")
        phone(submission, "phone-03-submission")

        browser.get(submission)
        click("#submit", "确认报送")
        step("报送前先确认：说明报送后锁定，尚未报送", "报送后自评锁定" in browser.page_source and "已报送" not in browser.page_source)
        shot("06a-confirm-submit")
        click("#confirm")
        wait.until(lambda b: "已报送" in status())
        step("确认后状态为已报送", True)
        shot("06-submitted")
        logout()

        login("reviewer")
        browser.get(submission)
        step("审核页面不再让审核人员输入字段路径", not browser.find_elements(By.ID, "path"))
        browser.find_element(By.ID, "view-problems").click()
        wait.until(lambda b: "/view/problems" in b.current_url)
        link = browser.find_element(By.CSS_SELECTOR, "#improvements > legend a.annotate")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
        link.click()
        wait.until(lambda b: b.find_elements(By.ID, "annotation-body"))
        step("点“改进措施”旁的“批注”，意见框出现在该栏旁", "对「改进措施」的审核意见" in by_id("annotation").text
             and by_id("annotation").find_element(By.XPATH, "./ancestor::fieldset").get_attribute("id") == "improvements")
        by_id("annotation-body").send_keys("改进措施请写明完成时限")
        window_shot("07a-annotate")
        click("#add-annotation", "已添加批注")
        step("批注后回到该栏，意见显示在栏旁", "完成时限" in by_id("improvements").find_element(By.CSS_SELECTOR, ".comment-note").text)
        # The project: its score and findings, and a 批注 on one of its fields.
        browser.get(submission)
        browser.find_element(By.ID, "view-project-1").click()
        wait.until(lambda b: "/projects/1/view" in b.current_url)
        step("审核人员看到项目的计算得分", by_id("computed-total").text == "93.6" and "未达到目标" in by_id("score-lines").text)
        link = by_id("indicators[0].actual").find_element(By.CSS_SELECTOR, "a.annotate")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
        link.click()
        wait.until(lambda b: b.find_elements(By.ID, "annotation-body"))
        step("点项目指标“实际完成值”旁的“批注”，意见框出现在该栏旁",
             "对「职工文化活动经费 › 指标 1 › 实际完成值」的审核意见" in by_id("annotation").text)
        by_id("annotation-body").send_keys("请附活动签到表，核实 18 场")
        click("#add-annotation", "已添加批注")
        step("项目栏目的批注显示在栏旁", "签到表" in by_id("indicators[0].actual").find_element(By.CSS_SELECTOR, ".comment-note").text)
        window_shot("p2-project-review")
        shot("p2-project-review-page")
        browser.get(submission)
        # The reviewer's own answers to the judgement items, with evidence: the reviewed score beside the unit's.
        field = browser.find_element(By.CSS_SELECTOR, "#review-scoring-form input[id$='.points']")
        fill(field.get_attribute("id"), "1")
        fill(field.get_attribute("id")[:-len(".points")] + ".evidence", "抽查会议纪要")
        click("#save-review-scoring", "已保存复核评分")
        step("审核人员复核评分判断项，显示复核后的得分", "复核后的评分" in browser.page_source and "人工评分 1 分（抽查会议纪要）" in browser.page_source)
        shot("07-review-scoring")
        browser.find_element(By.ID, "return-comment").send_keys("请按意见修改后重新报送")
        browser.find_element(By.ID, "return").click()
        wait.until(lambda b: "已退回" in status())
        step("审核人员提出意见并退回", "完成时限" in browser.find_element(By.ID, "comments").text)
        shot("07-returned-with-comment")
        logout()

        login("editor")
        browser.get(submission)
        step("单位看到审核意见", "完成时限" in browser.page_source)
        browser.get(submission + "/edit")
        comment = browser.find_element(By.CSS_SELECTOR, "#comments a")
        step("总览列出意见所指的栏目（中文名称）并链接到该栏", comment.text == "改进措施" and "完成时限" in by_id("comments").text)
        comment.click()
        wait.until(lambda b: "/edit/problems" in b.current_url)
        beside = by_id("improvements").find_element(By.CSS_SELECTOR, ".comment-note")
        step("填报页面上，意见显示在所指栏目旁", "完成时限" in beside.text and in_view(by_id("improvements")))
        window_shot("07b-comment-beside-field")
        fill("improvements[0].measure", "针对第 1 个问题：细化绩效目标，2022 年 6 月底前完成，按季度跟踪执行进度。")
        save_part()
        browser.get(submission + "/edit")
        project_comment = [a for a in browser.find_elements(By.CSS_SELECTOR, "#comments a") if "项目 1" in a.text]
        step("总览列出项目栏目的意见（项目 1 › 指标 1 › 实际完成值）", len(project_comment) == 1
             and project_comment[0].text == "项目 1 › 指标 1 › 实际完成值")
        project_comment[0].click()
        wait.until(lambda b: "/projects/1" in b.current_url)
        step("项目表上，意见显示在所指栏目旁", "签到表" in session.beside("indicators[0].actual"))
        window_shot("p3-project-comment-beside-field")
        browser.get(submission)
        click("#submit", "确认报送")
        browser.find_element(By.ID, "confirm").click()
        try:
            wait.until(lambda b: "已报送" in status())
        except Exception:
            # Once seen under heavy load: keep what the page said, for the next one to look at.
            shot("failed-resubmit")
            open(os.path.join(shots, "failed-resubmit.html"), "w").write(browser.page_source)
            raise
        step("单位修改后重新报送", True)
        logout()

        login("reviewer")
        walk_pages("审核人员", 20)
        browser.get(submission)
        browser.find_element(By.ID, "accept").click()
        wait.until(lambda b: "已通过" in status())
        step("审核人员通过", True)
        logout()

        login("admin")
        walk_pages("管理员", 20)
        browser.get(base + "/dashboard")
        shot("08-dashboard")
        step("总览列出各单位", "廉江市总工会" in browser.find_element(By.ID, "dashboard").text)
        browser.get(submission)
        click("#publish", "确认公开")
        step("公开前先确认：说明公开不能撤回", "公开不能撤回" in browser.page_source)
        browser.find_element(By.ID, "confirm").click()
        wait.until(lambda b: "/published/" in b.current_url)
        page_hash = browser.find_element(By.ID, "package-sha256").text.strip()
        shot("09-published")
        links = [(a.text, a.get_attribute("href")) for a in browser.find_elements(By.CSS_SELECTOR, "table a[href*='/files/']")]
        download = os.path.join(work, "download")
        os.makedirs(download)
        manifest = []
        for name, href in links:
            data = urllib.request.urlopen(href, timeout=60).read()
            open(os.path.join(download, name), "wb").write(data)
            manifest.append((name, hashlib.sha256(data).hexdigest()))
        text = "".join(f"{h}  {n}\n" for n, h in sorted(manifest, key=lambda x: x[0].encode()))
        step(f"公开页面的包 SHA-256 等于下载文件的 SHA-256（{len(links)} 个文件）", hashlib.sha256(text.encode()).hexdigest() == page_hash)
        verify = subprocess.run([BINARY, "verify", download, "--url", browser.current_url], capture_output=True, text=True)
        step("jixiao verify 核验一致", verify.returncode == 0)
        print(verify.stdout.strip())

        # The year form: frameworks by name, the bureau's last choice selected; a refused form keeps what was typed.
        browser.get(base + "/admin")
        framework = Select(by_id("frameworkID"))
        step(f"评分框架以中文名称列出，默认为本局上次所选（{framework.first_selected_option.text}）",
             framework.first_selected_option.get_attribute("value") == "national-2013"
             and all(re.search(r"[\u4e00-\u9fff]", o.text) and not re.search(r"[a-z]-", o.text) for o in framework.options))
        framework.select_by_visible_text("岳阳市部门整体支出绩效评价评分表")
        template = Select(by_id("templateID"))
        step(f"报告模板以中文名称列出，默认为本局上次所选（{template.first_selected_option.text}）",
             template.first_selected_option.get_attribute("value") == "zhanjiang-lianjiang"
             and all(re.search(r"[\u4e00-\u9fff]", o.text) and not re.search(r"[a-z]-", o.text) for o in template.options))
        template.select_by_visible_text("湖南省部门整体支出绩效评价报告")
        fill("year", "2022")
        browser.execute_script("arguments[0].value = '2022-09-30';", by_id("deadline"))
        click("#open-cycle", "2023 年报送")
        shot("10-admin-refused")
        step("截止日期在评价年度之内：说明原因，所填的年度、框架和日期都保留", "2022 年度的自评在 2023 年报送" in by_id("admin-error").text
             and by_id("year").get_attribute("value") == "2022" and by_id("deadline").get_attribute("value") == "2022-09-30"
             and Select(by_id("frameworkID")).first_selected_option.get_attribute("value") == "yueyang-department"
             and Select(by_id("templateID")).first_selected_option.get_attribute("value") == "hunan-department")
        browser.execute_script("arguments[0].value = '2023-09-30';", by_id("deadline"))
        click("#open-cycle", "已开启 2022 年度")
        step("开启 2022 年度后，表单默认下一年度和刚选的框架、模板", by_id("year").get_attribute("value") == "2023"
             and Select(by_id("frameworkID")).first_selected_option.get_attribute("value") == "yueyang-department"
             and Select(by_id("templateID")).first_selected_option.get_attribute("value") == "hunan-department")
        step("评价年度列表写明 2022 年度的报告模板", "湖南省部门整体支出绩效评价报告" in browser.find_element(By.TAG_NAME, "table").text)
        # The bureau's own template file, with a mistake: refused with its line, nothing opened.
        own = os.path.join(work, "本局模板.yaml")
        open(own, "w", encoding="utf-8").write("format: jixiao/template@1\nid: benju\nname: 本局模板\nsource: 本局通知\n"
                                               "title: \"{单位}{年度}年度自评报告\"\ncover: [unit, year]\nheadings:\n"
                                               "  - title: 基本情况\n    numbering: 第一章\n    parts: [unit]\n")
        Select(by_id("templateID")).select_by_value("own")
        by_id("templateFile").send_keys(own)
        browser.execute_script("arguments[0].value = '2024-09-30';", by_id("deadline"))
        click("#open-cycle", "有误")
        shot("11-admin-template-refused")
        step("本局模板文件有误：说明第几行、哪里错，不开启年度", "第 9 行" in by_id("admin-error").text and "「第一章」无效" in by_id("admin-error").text
             and all(a.text != "2023" for a in browser.find_elements(By.CSS_SELECTOR, "table a[href*='/dashboard?cycle=']")))
        phone(base + "/admin", "phone-04-admin")
        phone(base + "/dashboard", "phone-05-dashboard")
    finally:
        session.close()

if __name__ == "__main__":
    try:
        main()
    except AssertionError:
        sys.exit(1)
