#!/usr/bin/env python3
"""Browser test of `jixiao serve --demo` in headless Chromium (Debian's chromium + chromium-driver,
Selenium from PyPI), on loopback only:

  the unit changes a final-account figure so that a sum breaks, sees the finding, fixes it, submits;
  the reviewer returns it with a comment; the unit resubmits; the reviewer accepts; the admin
  publishes; the public page's SHA-256 equals that of the downloaded files (and `jixiao verify` agrees).

  apt-get install chromium chromium-driver; python3 -m pip install selenium
  swift build --product jixiao && python3 scripts/browser-test.py [--screenshots DIR]

Screenshots of the main pages go to DIR (default: browser-screenshots/ under a temporary folder).
Exit code 0 when every step passed.
"""
import argparse, hashlib, os, re, shutil, socket, subprocess, sys, tempfile, time, urllib.request
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, ".build/debug/jixiao")


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--screenshots", default=None)
    args = p.parse_args()
    work = tempfile.mkdtemp(prefix="jixiao-browser-")
    shots = args.screenshots or os.path.join(work, "browser-screenshots")
    os.makedirs(shots, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ); env.pop("DATABASE_URL", None)
    server = subprocess.Popen([BINARY, "serve", "--demo", "--data", os.path.join(work, "data"), "--port", str(port)], cwd=ROOT,
                              env=env, stdout=subprocess.PIPE, stderr=open(os.path.join(work, "server.log"), "w"), text=True)
    logins = {}
    for line in server.stdout:
        m = re.match(r"\s+\S+?(?:（.*）)?：(\w+) / (\S+)", line)
        if m: logins[m.group(1)] = m.group(2)
        if line.startswith("http://"): break
    for _ in range(100):
        try: socket.create_connection(("127.0.0.1", port), timeout=1).close(); break
        except OSError: time.sleep(0.1)

    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,900", "--lang=zh-CN"]:
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    browser.set_page_load_timeout(60)
    wait = WebDriverWait(browser, 30)
    steps = []

    def step(name, ok):
        steps.append((name, ok)); print(("✔ " if ok else "✘ ") + name, flush=True)
        if not ok: raise AssertionError(name)

    def shot(name):
        # The whole page, not only the window: widen the window to the page's height first.
        height = browser.execute_script("return document.body.scrollHeight")
        browser.set_window_size(1366, min(max(900, height), 4000))
        browser.save_screenshot(os.path.join(shots, name + ".png"))
        browser.set_window_size(1366, 900)

    def login(user):
        browser.get(base + "/login")
        browser.find_element(By.ID, "username").send_keys(user)
        browser.find_element(By.ID, "password").send_keys(logins[user])
        browser.find_element(By.ID, "login").click()
        wait.until(lambda b: "/submissions" in b.current_url)

    def logout():
        browser.find_element(By.CSS_SELECTOR, "header form button").click()
        wait.until(lambda b: b.current_url.rstrip("/") == base)

    def status():
        return browser.find_element(By.ID, "status").text

    try:
        browser.get(base + "/")
        shot("01-public-home")
        login("editor")
        submission = browser.find_element(By.CSS_SELECTOR, "table a[href^='/submissions/']").get_attribute("href")
        step("填报人员看到本单位的自评", "廉江市总工会" in browser.page_source)
        browser.get(submission + "/edit")
        total = browser.find_element(By.ID, "final_accounts.expenditure.total")
        original = total.get_attribute("value")
        total.clear(); total.send_keys("11,486,445.31元")
        wait.until(lambda b: "即时核对" in b.find_element(By.ID, "live-figures").text)
        step("填写决算时即时核对显示 sum.mismatch（未保存）", "sum.mismatch" in browser.find_element(By.ID, "live-figures").text)
        browser.find_element(By.ID, "save-figures").click()
        wait.until(lambda b: "已保存第 2 版" in b.page_source)
        findings = browser.find_element(By.ID, "findings").text
        step("改动决算支出合计后，发现 sum.mismatch", "sum.mismatch" in findings and "final_accounts.expenditure" in findings)
        shot("02-edit-sum-breaks")
        # Inline check while typing, before any save.
        area = browser.find_element(By.ID, "evaluation-text")
        browser.execute_script("arguments[0].value = arguments[0].value.replace('841,491.06元', '841,499.06元');"
                               "arguments[0].dispatchEvent(new Event('input'));", area)
        wait.until(lambda b: "即时核对" in b.find_element(By.ID, "live").text)
        step("输入时即时核对显示发现", "sum.mismatch" in browser.find_element(By.ID, "live").text)
        total = browser.find_element(By.ID, "final_accounts.expenditure.total")
        total.clear(); total.send_keys(original)
        browser.find_element(By.ID, "save-figures").click()
        wait.until(lambda b: "已保存第 3 版" in b.page_source)
        step("改正后不再有 sum.mismatch", "sum.mismatch" not in browser.find_element(By.ID, "findings").text)
        browser.get(submission)
        browser.find_element(By.ID, "submit").click()
        wait.until(lambda b: "已报送" in status())
        step("报送后状态为已报送", True)
        shot("03-submitted")
        logout()

        login("reviewer")
        browser.get(submission)
        browser.find_element(By.ID, "path").send_keys("improvements")
        browser.find_element(By.ID, "comment-body").send_keys("缺少改进措施，请补充")
        browser.find_element(By.ID, "add-comment").click()
        wait.until(lambda b: "已添加审核意见" in b.page_source)
        browser.find_element(By.ID, "return-comment").send_keys("请按意见修改后重新报送")
        browser.find_element(By.ID, "return").click()
        wait.until(lambda b: "已退回" in status())
        step("审核人员提出意见并退回", "缺少改进措施" in browser.find_element(By.ID, "comments").text)
        shot("04-returned-with-comment")
        logout()

        login("editor")
        browser.get(submission)
        step("单位看到审核意见", "缺少改进措施" in browser.page_source)
        browser.get(submission + "/edit")
        area = browser.find_element(By.ID, "evaluation-text")
        browser.execute_script("arguments[0].value = arguments[0].value + '\\nimprovements:\\n  - measure: 加强预算绩效管理，细化绩效目标，按季度跟踪项目执行进度\\n';", area)
        browser.find_element(By.ID, "save-text").click()
        wait.until(lambda b: "已保存第 4 版" in b.page_source)
        browser.get(submission)
        browser.find_element(By.ID, "submit").click()
        wait.until(lambda b: "已报送" in status())
        step("单位修改后重新报送", True)
        logout()

        login("reviewer")
        browser.get(submission)
        browser.find_element(By.ID, "accept").click()
        wait.until(lambda b: "已通过" in status())
        step("审核人员通过", True)
        logout()

        login("admin")
        browser.get(base + "/dashboard")
        shot("05-dashboard")
        step("总览列出各单位", "廉江市总工会" in browser.find_element(By.ID, "dashboard").text)
        browser.get(submission)
        browser.find_element(By.ID, "publish").click()
        wait.until(lambda b: "/published/" in b.current_url)
        page_hash = browser.find_element(By.ID, "package-sha256").text.strip()
        shot("06-published")
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
    finally:
        browser.quit()
        server.terminate()
        try: server.wait(timeout=20)
        except subprocess.TimeoutExpired: server.kill()
        print(f"截图：{shots}")
        if not args.screenshots: print("（临时目录，用 --screenshots 保存到别处）")
    print(f"{sum(ok for _, ok in steps)} passed, {sum(not ok for _, ok in steps)} failed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError:
        sys.exit(1)
