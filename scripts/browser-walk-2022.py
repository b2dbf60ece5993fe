#!/usr/bin/env python3
"""A new year walked in headless Chromium as its people would, on `jixiao serve --demo` (loopback):

  the admin opens 2022 (frameworks named in Chinese, the bureau's last choice preselected); the clerk
  starts the year from the 2021 report's published text (../shared/corpus/), and the draft holds
  2021's budget as 上年数 with 2022's left empty and the year 2022 throughout; then the clerk makes
  the mistakes clerks make and each gets its message or its exact reading: a decimal comma (「4,8%」,
  「98,81%」, 「285,58万元」) refused beside its field with what was typed kept; a full-width 「１２」
  read as 12; a cover or budget year of 2021 named against 2022; an execution rate computed on the
  year-start budget (174.05%) told apart from the true one on the full-year budget (98.81%,
  accepted); Word text pasted with its line breaks, tabs and 「。。」 stored as tidy paragraphs. The
  clerk submits after a confirmation; the reviewer comments on a field by its 批注 link and returns
  it; the clerk sees the comment beside that field; the reviewer accepts; the admin publishes after
  a confirmation; and no published file (report, tables, PDF) carries a field path, rule ID or
  formula code, or a doubled mark.

  apt-get install chromium chromium-driver poppler-utils; python3 -m pip install selenium
  swift build && python3 scripts/browser-walk-2022.py [--screenshots DIR]

Exit code 0 when every step passed.
"""
import argparse, datetime, html, io, os, re, subprocess, sys, tempfile, urllib.request, zipfile
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from browser_session import BINARY, ROOT, Session

REPORT_2021 = os.path.join(os.path.dirname(ROOT), "shared/corpus/lianjiang-zonggonghui-2021-zhengti-zipingbaogao.txt")

# What internal code looks like in a published file (the same patterns as PlainChineseTests, which
# renders the package under every built-in framework): field paths, derived figures, formula syntax,
# identifiers with underscores; rule IDs are taken from `jixiao rules`.
CODE = [re.compile(p) for p in (r"[a-z_]+\.[a-z_]+", r"[a-z_]+\[", r"derived\.", r"abs\(", r"\* 100", r"[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+")]
WEB_ADDRESS = re.compile(r"https?://[A-Za-z0-9./_\-?=&%#]+")


def rule_ids():
    ids = []
    for flags in ([], ["--text"]):
        out = subprocess.run([BINARY, "rules", *flags], capture_output=True, text=True, check=True).stdout
        ids += [line.split("\t")[0] for line in out.splitlines() if "\t" in line]
    return ids


def readable_text(name, data):
    """What a reader of the file sees: the text of an OOXML file's parts, a page without its markup,
    the Markdown as written, a PDF through pdftotext."""
    if name.endswith((".docx", ".xlsx")):
        parts = []
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for entry in sorted(z.namelist()):
                if entry.endswith((".xml", ".rels")):
                    xml = z.read(entry).decode()
                    parts.append(html.unescape(re.sub(r"<[^>]+>", " ", xml)))
                    if entry == "xl/workbook.xml": parts += re.findall(r'<sheet [^>]*name="([^"]*)"', xml)
        return "\n".join(parts)
    if name.endswith(".html"):
        page = re.sub(r"<(style|script)[^>]*>[\s\S]*?</\1>", " ", data.decode())
        return html.unescape(re.sub(r"<[^>]+>", " ", page))
    if name.endswith(".pdf"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(data); f.flush()
            return subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True, check=True).stdout
    return data.decode()


def internal_code(text, ids):
    text = WEB_ADDRESS.sub(" ", text)
    found = [m.group(0) for pattern in CODE for m in [pattern.search(text)] if m]
    return found + [i for i in ids if i in text]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--screenshots", default=None)
    args = p.parse_args()
    session = Session(args.screenshots, "jixiao-walk-")
    browser, base, step, shot, by_id, fill, click = session.browser, session.base, session.step, session.shot, session.by_id, session.fill, session.click
    beside, save_part, status = session.beside, session.save_part, session.status

    def part(name):
        browser.get(submission + "/edit/" + name)

    def value(path):
        return by_id(path).get_attribute("value")

    def refused(path, typed, message):
        """Saves `typed` in the field at `path`: refused, its message beside the field, the text kept."""
        fill(path, typed)
        click("#save-part", "输入有误，未保存")
        return message in beside(path) and value(path) == typed

    try:
        # The admin opens the year.
        session.login("admin")
        browser.get(base + "/admin")
        framework = Select(by_id("frameworkID"))
        names = [o.text for o in framework.options]
        step(f"开启年度：评分框架以中文名称列出（{'、'.join(names)}），默认为本局上次所选",
             framework.first_selected_option.get_attribute("value") == "national-2013" and not any(re.search(r"[a-z]-[a-z]", n) for n in names))
        fill("year", "2022")
        deadline = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
        browser.execute_script("arguments[0].value = arguments[1];", by_id("deadline"), deadline)
        click("#open-cycle", "已开启 2022 年度")
        session.logout()

        # The clerk starts 2022 from the 2021 report as published.
        session.login("editor")
        row = [r for r in browser.find_elements(By.CSS_SELECTOR, "table tr") if "<td>2022</td>" in r.get_attribute("innerHTML")][0]
        submission = row.find_element(By.CSS_SELECTOR, "a[href^='/submissions/']").get_attribute("href")
        browser.get(submission + "/edit")
        by_id("start-report-file").send_keys(REPORT_2021)
        click("#start-report", "已从")
        flash = browser.find_element(By.CSS_SELECTOR, ".flash").text
        step(f"从 2021 年度的报告开始：{flash[:60]}…", "2021 年度的预算数字已作为 2022 年度的上年数" in flash)
        shot("01-started-from-2021-report")
        part("cover")
        step(f"封面评价年度为 2022（读作 {value('cover.year')}），通知未带入", value("cover.year") == "2022" and value("cover.notice.title") == "")
        part("budget")
        step(f"2021 年的预算数作为上年数（{value('budget.income.last_year')}），2022 年的本年数空着待填",
             value("budget.year") == "2022" and value("budget.income.last_year") == "285.58万元"
             and value("budget.income.amount") == "" and value("budget.expenditure.amount") == "")

        # A decimal comma in an amount: refused, with what to type; what was typed stays.
        step("「285,58万元」不读作 28558万元：说明逗号不是千位分隔符，填写的值保留",
             refused("budget.income.amount", "285,58万元", "“285,58万元” 中的逗号不是千位分隔符；小数请用小数点，如 285.58万元"))
        browser.execute_script("window.scrollTo(0, 0);")
        session.window_shot("02-decimal-comma-refused", height=760)
        # The year-start budget, the adjustments and the full-year budget, as a clerk types them (full-width too).
        fill("budget.income.amount", "１，１６２．５０万元")
        fill("budget.expenditure.amount", "659.93万元")
        fill("budget.adjustments.added", "502.57 万元")
        fill("budget.adjustments.reduced", "0万元")
        fill("budget.adjustments.reason", "年中追加安铺工人文化宫重建项目资金")
        fill("budget.full_year", "1,162.50万元")
        fill("budget.year", "2021")
        save_part()
        step(f"全角「１，１６２．５０万元」读作 {value('budget.income.amount')}", value("budget.income.amount") == "1162.50万元")
        step("预算年度填成 2021：字段旁说明本次是 2022 年度", "本次填报的是 2022 年度的自评，预算年度为 2021 年，应为 2022 年" in beside("budget.year"))
        fill("budget.year", "2022")
        save_part()
        step("改为 2022 后不再提示", "应为 2022 年" not in beside("budget.year"))

        # The cover's year: 2021 is named against the year the bureau opened.
        part("cover")
        fill("cover.year", "2021")
        save_part()
        step("评价年度填成 2021：字段旁说明应为 2022", "本次填报的是 2022 年度的自评，封面评价年度为 2021 年，应为 2022 年" in beside("cover.year"))
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", by_id("cover.year"))
        session.window_shot("03-cover-year-2021", height=600)
        browser.get(submission)
        click("#submit", "确认报送")
        refusal = by_id("confirm-refusal").text
        step(f"年度不符时不能报送：{refusal[:50]}…", "年度不符" in refusal and not browser.find_elements(By.ID, "confirm"))
        shot("03a-submit-refused-year")
        part("cover")
        fill("cover.year", "2022")
        save_part()

        # Spending, and the execution rate on the full-year budget.
        part("final")
        fill("final_accounts.expenditure.total", "1,148.64万元")
        step("「98,81%」被拒绝", refused("final_accounts.execution_rate", "98,81%", "“98,81%” 中的逗号不是千位分隔符；小数请用小数点，如 98.81%"))
        fill("final_accounts.execution_rate", "174.05%")
        save_part()
        note = beside("final_accounts.execution_rate")
        step(f"按年初预算计算的 174.05%：说明它是按年初预算数计算的，应按全年预算数（{note[:40]}…）",
             "是按年初预算数计算的" in note and "全年预算数" in note)
        fill("final_accounts.execution_rate", "98.81%")
        save_part()
        step("按全年预算数计算的 98.81% 被接受，不再提示", value("final_accounts.execution_rate") == "98.81%"
             and "计算的" not in beside("final_accounts.execution_rate"))

        # An indicator with a decimal comma; a head count in full-width digits.
        part("indicators")
        click("button[value='add-row:indicators']", "已添加一行")
        fill("indicators[0].name", "职工服务事项办结率")
        fill("indicators[0].target", "95%")
        step("指标实际值「4,8%」不读作 48%", refused("indicators[0].actual", "4,8%", "“4,8%” 中的逗号不是千位分隔符；小数请用小数点，如 4.8%"))
        fill("indicators[0].actual", "96.5%")
        save_part()
        part("process")
        fill("self_evaluation.team.members", "１２")
        save_part()
        step(f"人数「１２」读作 {value('self_evaluation.team.members')}", value("self_evaluation.team.members") == "12")

        # Word text pasted with its line breaks, a tab, a run of spaces and 「。。」.
        part("goals")
        if not browser.find_elements(By.ID, "performance_goals[0]"):
            click("button[value$=':performance_goals']", "已添加")
        pasted = "围绕市委、市政府中心工作，\r\n\t扎实开展职工服务。。\r\n\r\n全年组织  职工文体活动 12 场。"
        browser.execute_script("arguments[0].value = arguments[1];", by_id("performance_goals[0]"), pasted)
        save_part()
        goals = [value(f"performance_goals[{i}]") for i in range(session.rows("performance_goals"))]
        step(f"粘贴的文字整理成段（{goals}）", goals[:2] == ["围绕市委、市政府中心工作，扎实开展职工服务。", "全年组织职工文体活动 12 场。"])
        shot("04-pasted-text-tidied")

        # Submitted after its confirmation.
        browser.get(submission)
        click("#submit", "确认报送")
        step("报送前先确认", "报送后自评锁定" in browser.page_source)
        click("#confirm")
        session.wait.until(lambda b: "已报送" in status())
        session.logout()

        # The reviewer comments on the full-year budget by its 批注 link, and returns the submission.
        session.login("reviewer")
        browser.get(submission)
        by_id("view-budget").click()
        session.wait.until(lambda b: "/view/budget" in b.current_url)
        link = by_id("budget.full_year").find_element(By.CSS_SELECTOR, "a.annotate")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
        link.click()
        session.wait.until(lambda b: b.find_elements(By.ID, "annotation-body"))
        by_id("annotation-body").send_keys("全年预算数请附追加预算的批复文号")
        click("#add-annotation", "已添加批注")
        step("审核人员点全年预算数旁的“批注”写意见", "批复文号" in by_id("budget.full_year").text)
        browser.get(submission)
        by_id("return-comment").send_keys("请补充后重新报送")
        click("#return")
        session.wait.until(lambda b: "已退回" in status())
        session.logout()

        # The clerk sees it beside the field, and resubmits.
        session.login("editor")
        part("budget")
        step("填报人员在全年预算数旁看到审核意见", "批复文号" in beside("budget.full_year"))
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", by_id("budget.full_year"))
        session.window_shot("05-comment-beside-full-year")
        fill("budget.adjustments.reason", "年中追加安铺工人文化宫重建项目资金（廉财预〔2022〕15号）")
        save_part()
        browser.get(submission)
        click("#submit", "确认报送")
        click("#confirm")
        session.wait.until(lambda b: "已报送" in status())
        session.logout()
        session.login("reviewer")
        browser.get(submission)
        click("#accept")
        session.wait.until(lambda b: "已通过" in status())
        session.logout()

        # Published after a confirmation; every file in plain Chinese.
        session.login("admin")
        browser.get(submission)
        click("#publish", "确认公开")
        click("#confirm")
        session.wait.until(lambda b: "/published/" in b.current_url)
        shot("06-published")
        ids = rule_ids()
        files = [(a.text, a.get_attribute("href")) for a in browser.find_elements(By.CSS_SELECTOR, "table a[href*='/files/']")]
        for name, href in files:
            text = readable_text(name, urllib.request.urlopen(href, timeout=60).read())
            code = internal_code(text, ids)
            doubled = re.findall(r"[。，；：]{2}", text)
            step(f"公开的「{name}」不含字段路径、规则编号或公式代码{('（见到 ' + str(code[:3]) + '）') if code else ''}，无重复标点",
                 len(text) > 300 and not code and not doubled)
        step(f"公开了 {len(files)} 个文件", len(files) >= 5)
    finally:
        session.close()


if __name__ == "__main__":
    try:
        main()
    except AssertionError:
        sys.exit(1)
