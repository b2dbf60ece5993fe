"""What the browser tests share: `jixiao serve --demo` on a free loopback port with its printed
logins, headless Chromium (Debian's chromium + chromium-driver, Selenium from PyPI) driven as a
person would, each step printed with ✔ or ✘, and screenshots of whole pages, of the window, and
at 390 px (a phone)."""
import os, re, socket, subprocess, tempfile, time
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, ".build/debug/jixiao")


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


class Session:
    """A demo server of its own (SQLite in a temporary folder) and one browser on it."""

    def __init__(self, screenshots=None, prefix="jixiao-browser-"):
        self.work = tempfile.mkdtemp(prefix=prefix)
        self.kept_screenshots = screenshots is not None
        self.shots = screenshots or os.path.join(self.work, "browser-screenshots")
        os.makedirs(self.shots, exist_ok=True)
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        env = dict(os.environ); env.pop("DATABASE_URL", None)
        self.server = subprocess.Popen([BINARY, "serve", "--demo", "--data", os.path.join(self.work, "data"), "--port", str(port)],
                                       cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                       stderr=open(os.path.join(self.work, "server.log"), "w"), text=True)
        self.logins = {}
        for line in self.server.stdout:
            m = re.match(r"\s+\S+?(?:（.*）)?：(\w+) / (\S+)", line)
            if m: self.logins[m.group(1)] = m.group(2)
            if line.startswith("http://"): break
        for _ in range(100):
            try: socket.create_connection(("127.0.0.1", port), timeout=1).close(); break
            except OSError: time.sleep(0.1)
        options = webdriver.ChromeOptions()
        for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,900", "--lang=zh-CN"]:
            options.add_argument(flag)
        options.binary_location = "/usr/bin/chromium"
        self.browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.browser.set_page_load_timeout(60)
        self.wait = WebDriverWait(self.browser, 30)
        self.steps = []

    def close(self):
        self.browser.quit()
        self.server.terminate()
        try: self.server.wait(timeout=20)
        except subprocess.TimeoutExpired: self.server.kill()
        print(f"截图：{self.shots}")
        if not self.kept_screenshots: print("（临时目录，用 --screenshots 保存到别处）")
        print(f"{sum(ok for _, ok in self.steps)} passed, {sum(not ok for _, ok in self.steps)} failed")

    def step(self, name, ok):
        self.steps.append((name, ok)); print(("✔ " if ok else "✘ ") + name, flush=True)
        if not ok: raise AssertionError(name)

    def shot(self, name, width=1366):
        # The whole page, not only the window: widen the window to the page's height first.
        self.browser.set_window_size(width, 900)
        height = self.browser.execute_script("return document.body.scrollHeight")
        self.browser.set_window_size(width, min(max(900, height), 4000))
        self.browser.save_screenshot(os.path.join(self.shots, name + ".png"))
        self.browser.set_window_size(1366, 900)

    def window_shot(self, name, width=1366, height=900):
        """What the window shows where the page is scrolled to (an anchor)."""
        self.browser.set_window_size(width, height)
        self.browser.save_screenshot(os.path.join(self.shots, name + ".png"))
        self.browser.set_window_size(1366, 900)

    def phone(self, url, name):
        """The page at 390 px: the top bar's words each on one line, nothing wider than the screen."""
        self.browser.set_window_size(390, 844)
        self.browser.get(url)
        broken = self.browser.execute_script("""
            return [...document.querySelectorAll('header .brand, header nav a, header .who span, header .who button, nav.parts a')]
              .filter(e => e.getClientRects().length > 1 || e.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(e).lineHeight || 24))
              .map(e => e.textContent.trim());""")
        overflow = self.browser.execute_script("return document.documentElement.scrollWidth")
        self.shot(name, 390)
        self.step(f"390 px：{name} 顶栏无断行（{broken}），页面宽 {overflow} px", not broken and overflow <= 392)

    def in_view(self, element):
        return self.browser.execute_script("const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight;", element)

    def login(self, user):
        self.browser.get(self.base + "/login")
        self.browser.find_element(By.ID, "username").send_keys(user)
        self.browser.find_element(By.ID, "password").send_keys(self.logins[user])
        self.browser.find_element(By.ID, "login").click()
        self.wait.until(lambda b: "/submissions" in b.current_url)

    def logout(self):
        self.browser.find_element(By.CSS_SELECTOR, "header form button").click()
        self.wait.until(lambda b: b.current_url.rstrip("/") == self.base)

    def status(self):
        """The submission's status, or "" while the page is being replaced (a click's form post has
        not yet loaded the next page, so the element found may belong to the page that is going)."""
        try:
            return self.browser.find_element(By.ID, "status").text
        except WebDriverException:
            return ""

    def by_id(self, path):
        return self.browser.find_element(By.ID, path)

    def fill(self, path, text):
        field = self.by_id(path)
        self.browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", field)
        field.clear(); field.send_keys(text)

    def click(self, css, expect=None):
        """Clicks and, with `expect`, waits for the next page to say it."""
        button = self.browser.find_element(By.CSS_SELECTOR, css)
        self.browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
        button.click()
        if expect:
            self.wait.until(lambda b: self.gone(button))
            self.wait.until(lambda b: expect in b.page_source)

    @staticmethod
    def gone(element):
        """Whether the page that had `element` has been replaced (Chromium says so in more than one way)."""
        try:
            element.is_enabled()
            return False
        except WebDriverException:
            return True

    def save_part(self):
        self.click("#save-part", "已保存第")

    def beside(self, path):
        """The text of the field block around the field `path`: its label, hint and messages."""
        return self.by_id(path).find_element(By.XPATH, "./ancestor::div[contains(@class,'field')]").text

    def rows(self, path):
        return int(self.browser.find_element(By.NAME, "_rows:" + path).get_attribute("value"))

    def cookie(self):
        return "; ".join(f"{c['name']}={c['value']}" for c in self.browser.get_cookies())
