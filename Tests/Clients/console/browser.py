"""The coordinator's console page in a real browser: Debian's chromium, headless, through its
chromium-driver, driven by selenium.

    browser.py --url http://127.0.0.1:PORT --xid XID --application APP --config-key KEY
               --config-value VALUE --artifacts DIR [--user seata --password seata]

Logs in, filters the transactions by status (CommitRetryTimeout) and by application, waits on
the configuration tab until KEY shows VALUE (printing "READY-FOR-CHANGE" first, for the test to
make the change in ZooKeeper), re-drives XID through its confirmation, and checks it is gone.
Screenshots at 1280x800 and at a narrow 390x844 go to DIR. Exits 0 when every step held; 1 with
the step that failed.
"""

import argparse
import os
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait


def parse():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--xid", required=True)
    parser.add_argument("--application", required=True)
    parser.add_argument("--config-key", required=True)
    parser.add_argument("--config-value", required=True)
    parser.add_argument("--artifacts", required=True)
    parser.add_argument("--user", default="seata")
    parser.add_argument("--password", default="seata")
    parser.add_argument("--timeout", type=float, default=20)
    return parser.parse_args()


def browser(artifacts):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,800", "--user-data-dir=" + os.path.join(artifacts, "profile")):
        options.add_argument(argument)
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=service, options=options)


class Steps:
    def __init__(self, driver, args):
        self.driver = driver
        self.args = args
        # The list refreshes itself every few seconds: a row read while it is replaced is read again.
        self.wait = WebDriverWait(driver, args.timeout, ignored_exceptions=[StaleElementReferenceException])

    def step(self, text):
        print("step: " + text, flush=True)

    def shot(self, name):
        path = os.path.join(self.args.artifacts, name + ".png")
        self.driver.save_screenshot(path)
        print("screenshot: " + path, flush=True)

    def size(self, width, height):
        """Makes the viewport (not the window) width x height, as a person's screen would be."""
        self.driver.set_window_size(width, height)
        inner = self.driver.execute_script("return [window.innerWidth, window.innerHeight]")
        self.driver.set_window_size(width + (width - inner[0]), height + (height - inner[1]))
        time.sleep(0.3)
        inner = self.driver.execute_script("return [window.innerWidth, window.innerHeight]")
        if inner != [width, height]:
            raise AssertionError("the viewport is %dx%d, not %dx%d" % (inner[0], inner[1], width, height))

    def fits(self, where):
        overflow = self.driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 1:
            raise AssertionError(where + ": the page is %d px wider than the window" % overflow)

    def rows(self, selector):
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def xids(self):
        return self.driver.execute_script(
            "return [...document.querySelectorAll('#sessions tbody tr')].map((row) => row.dataset.xid)")

    def click(self, selector):
        """Clicks `selector`, finding it again when the list was re-rendered under the click."""
        def attempt():
            element = self.driver.find_element(By.CSS_SELECTOR, selector)
            self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
            element.click()
            return True
        self.until(selector + " can be clicked", attempt)

    def until(self, description, condition):
        try:
            return self.wait.until(lambda _: condition())
        except TimeoutException:
            raise AssertionError("timed out waiting until " + description)

    def run(self):
        a = self.args
        d = self.driver
        self.step("open the page: the login form shows")
        d.get(a.url + "/")
        self.size(1280, 800)
        self.wait.until(EC.visibility_of_element_located((By.ID, "login-form")))
        self.shot("login-1280x800")

        self.step("a wrong password is refused on the page")
        d.find_element(By.ID, "login-username").send_keys(a.user)
        d.find_element(By.ID, "login-password").send_keys("wrong")
        d.find_element(By.ID, "login-submit").click()
        self.until("the login error shows", lambda: d.find_element(By.ID, "login-error").is_displayed())

        self.step("log in")
        d.find_element(By.ID, "login-password").clear()
        d.find_element(By.ID, "login-password").send_keys(a.password)
        d.find_element(By.ID, "login-submit").click()
        self.wait.until(EC.visibility_of_element_located((By.ID, "view-transactions")))
        self.until("the session list loads", lambda: a.xid in self.xids())

        self.step("filter by status CommitRetryTimeout")
        Select(d.find_element(By.ID, "filter-status")).select_by_visible_text("CommitRetryTimeout")
        d.find_element(By.ID, "filter-apply").click()
        self.until("only the CommitRetryTimeout session is listed", lambda: self.xids() == [a.xid])

        self.step("filter by application, and by an age no session has")
        Select(d.find_element(By.ID, "filter-status")).select_by_visible_text("any")
        d.find_element(By.ID, "filter-application").send_keys(a.application)
        d.find_element(By.ID, "filter-apply").click()
        self.until("the application's sessions are listed", lambda: a.xid in self.xids() and len(self.xids()) >= 2)
        d.find_element(By.ID, "filter-age").send_keys("600")
        d.find_element(By.ID, "filter-apply").click()
        self.until("no session is older than 10 hours", lambda: self.xids() == [] and
                   d.find_element(By.ID, "sessions-empty").is_displayed())
        d.find_element(By.ID, "filter-reset").click()
        self.until("the filters are reset", lambda: a.xid in self.xids())

        self.step("open the session: its branches show")
        self.click('#sessions tbody tr[data-xid="%s"] button' % a.xid)
        self.until("the detail shows its branches", lambda: d.find_element(By.ID, "detail").is_displayed() and
                   len(self.rows("#branches tbody tr")) == 2)
        self.shot("transactions-1280x800")
        self.fits("transactions at 1280x800")

        self.step("the configuration shows a live change")
        d.find_element(By.ID, "tab-config").click()
        self.until("the configuration loads", lambda: len(self.rows("#config tbody tr")) > 50)
        selector = '#config tbody tr[data-key="%s"] td.value' % a.config_key
        before = d.find_element(By.CSS_SELECTOR, selector).text
        if before == a.config_value:
            raise AssertionError("%s is %s already" % (a.config_key, before))
        print("READY-FOR-CHANGE", flush=True)
        self.until("%s shows %s" % (a.config_key, a.config_value),
                   lambda: d.find_element(By.CSS_SELECTOR, selector).text == a.config_value)
        origin = d.find_element(By.CSS_SELECTOR, '#config tbody tr[data-key="%s"] td:nth-child(3)' % a.config_key).text
        if "znode" not in origin:
            raise AssertionError("the origin of %s reads %r" % (a.config_key, origin))
        d.find_element(By.ID, "config-filter").send_keys("server.max")
        self.shot("config-1280x800")

        self.step("narrow window: the configuration and the transactions still fit")
        self.size(390, 844)
        self.fits("configuration at 390 px")
        self.shot("config-390x844")
        d.find_element(By.ID, "tab-transactions").click()
        self.until("the list shows again", lambda: a.xid in self.xids())
        self.click('#sessions tbody tr[data-xid="%s"] button' % a.xid)
        self.until("the detail shows", lambda: d.find_element(By.ID, "detail").is_displayed())
        self.fits("transactions at 390 px")
        self.shot("transactions-390x844")
        self.size(1280, 800)

        self.step("re-drive it, through the confirmation")
        self.click('#detail-actions button[data-action="redrive"]')
        self.until("the confirmation opens", lambda: d.find_element(By.ID, "confirm-dialog").is_displayed())
        text = d.find_element(By.ID, "confirm-text").text
        if "BranchCommit" not in text:
            raise AssertionError("the confirmation says %r" % text)
        self.shot("confirm-1280x800")
        d.find_element(By.ID, "confirm-ok").click()
        self.until("the outcome is shown", lambda: d.find_element(By.ID, "notice").is_displayed())
        notice = d.find_element(By.ID, "notice").text
        if "Re-driven" not in notice:
            raise AssertionError("the page said %r" % notice)
        self.until("the session is gone from the list", lambda: a.xid not in self.xids())
        self.shot("redriven-1280x800")
        self.step("done")


def main():
    args = parse()
    os.makedirs(args.artifacts, exist_ok=True)
    driver = browser(args.artifacts)
    steps = Steps(driver, args)
    try:
        steps.run()
    except Exception as error:  # noqa: BLE001 - any failure is the test's answer
        try:
            steps.shot("failure")
        except Exception:  # noqa: BLE001
            pass
        print("FAILED: %s" % error, flush=True)
        return 1
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
