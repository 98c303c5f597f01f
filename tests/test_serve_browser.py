"""hjemmel serve as a caseworker uses it: a real headless Chromium against a real server.

Selenium drives Debian's ``chromium`` through its ``chromedriver`` (no browser download);
the tests are skipped, with that reason, only when either is missing. axe-core (npm, put in
build/npm by ``make test``) checks each page for WCAG 2.1 A/AA violations; a serious or
critical one fails. The pages carry a strict Content-Security-Policy: any console error
(a blocked script or style included) fails the test that caused it.

``make screenshots`` (HJEMMEL_SCREENSHOTS=docs/images) saves the screenshots of the README.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hjemmel import load_case

from .conftest import CASES, ROOT

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER") or shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None, reason="needs chromium and chromedriver (apt-get install chromium chromium-driver)")

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

AXE = ROOT / "build" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = os.environ.get("HJEMMEL_SCREENSHOTS")
BAD = ROOT / "tests" / "data" / "bad"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
]  # fmt: skip


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    folders: list[Path]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    work, temp, home = (tmp_path_factory.mktemp(name) for name in ("cwd", "tmp", "home"))
    log = tmp_path_factory.mktemp("log") / "server.log"
    command = [str(Path(sys.executable).parent / "hjemmel"), "serve", "--port", str(port)]
    env = {**os.environ, "TMPDIR": str(temp), "HOME": str(home)}
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2).read()
            break
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
    yield Server(url, process, log, [work, temp, home])
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tempfile.mkdtemp(prefix="hjemmel-selenium-")
    for flag in [*FLAGS, f"--user-data-dir={profile}", "--window-size=1280,1000", "--lang=nb"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(autouse=True)
def no_console_errors(browser: WebDriver) -> Iterator[None]:
    """Every page loads without a console error (a CSP violation, a missing asset)."""
    browser.get_log("browser")
    yield
    errors = [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE" and not _answered_form(entry)]
    assert errors == []


def _answered_form(entry: dict[str, Any]) -> bool:
    """Chromium logs a page with status 413 or 422 as an error: a form answered with its
    errors shown at the fields is meant to have that status."""
    message = str(entry["message"])
    return entry.get("source") == "network" and "/static/" not in message and ("status of 422" in message or "status of 413" in message)


# --- driving the pages -----------------------------------------------------------------


def navigating(browser: WebDriver, action: Callable[[], object]) -> None:
    """Do ``action`` (a click, a key) and wait until the next page has loaded."""
    browser.execute_script("window.hjemmelOldPage = true")
    action()

    def loaded(driver: WebDriver) -> bool:
        try:
            return bool(driver.execute_script("return window.hjemmelOldPage === undefined && document.readyState === 'complete'"))
        except WebDriverException:  # between the two pages
            return False

    WebDriverWait(browser, 20).until(loaded)


def click(browser: WebDriver, css: str) -> None:
    element = browser.find_element(By.CSS_SELECTOR, css)
    navigating(browser, element.click)


def keys(browser: WebDriver, *sequence: str) -> None:
    ActionChains(browser).send_keys(*sequence).perform()


def start(browser: WebDriver, server: Server, day: dt.date, lang: str = "nb") -> None:
    browser.get(f"{server.url}/?lang={lang}")
    field = browser.find_element(By.ID, "date")
    field.clear()
    field.send_keys(day.strftime("%d.%m.%Y"))
    click(browser, "form[action='/start'] button[type=submit]")


def current_fact(browser: WebDriver) -> str | None:
    found = browser.find_elements(By.CSS_SELECTOR, "input[name=fact]")
    return found[0].get_attribute("value") if found else None


def truth_value(truth: dict[str, Any], fact: str) -> Any:
    """The answer to give: the fact's value (inverted for a positively phrased question about a negative fact)."""
    from hjemmel.cases.facts import catalogue

    section, name = fact.split(".", 1)
    value = truth.get(section, {}).get(name)
    info = catalogue().get(fact)
    return (not value) if isinstance(value, bool) and info is not None and info.inverted else value


def answer(browser: WebDriver, fact: str, value: Any) -> None:
    """Answer the question on the page with the mouse (clicks) and typing."""
    if value is None:
        click(browser, "button[name=action][value=dont_know]")
    elif isinstance(value, bool):
        click(browser, f"button[name=answer][value={'true' if value else 'false'}]")
    elif browser.find_elements(By.CSS_SELECTOR, "input[type=radio][name=answer]"):
        browser.find_element(By.CSS_SELECTOR, f"input[type=radio][value='{value}']").click()
        click(browser, "button[name=action][value=answer]")
    else:
        field = browser.find_element(By.ID, "answer")
        field.clear()
        field.send_keys(value.strftime("%d.%m.%Y") if isinstance(value, dt.date) else str(value))
        navigating(browser, lambda: field.send_keys(Keys.ENTER))


def interview(browser: WebDriver, truth: dict[str, Any], after: Callable[[int], None] | None = None) -> list[str]:
    asked: list[str] = []
    while (fact := current_fact(browser)) is not None:
        assert fact not in asked, f"{fact} asked twice"
        asked.append(fact)
        answer(browser, fact, truth_value(truth, fact))
        if after:
            after(len(asked))
    return asked


def findings(browser: WebDriver) -> set[str]:
    return {str(li.get_attribute("data-rule")) for li in browser.find_elements(By.CSS_SELECTOR, "[data-rule]")}


def persona(name: str) -> tuple[dict[str, Any], set[str]]:
    case = load_case(CASES / f"{name}.yaml")
    assert case.expected is not None
    return case.model_dump(mode="python", exclude_none=True, exclude={"expected"}), set(case.expected.findings)


def screenshot(browser: WebDriver, name: str, height: int | None = None) -> None:
    """Save a screenshot into HJEMMEL_SCREENSHOTS (``make screenshots``); else do nothing."""
    if not SHOTS:
        return
    folder = ROOT / SHOTS
    folder.mkdir(parents=True, exist_ok=True)
    size = browser.get_window_size()
    if height:
        browser.set_window_size(size["width"], height)
    browser.save_screenshot(str(folder / name))
    browser.set_window_size(size["width"], size["height"])


def active(browser: WebDriver) -> WebElement:
    return browser.switch_to.active_element


def tab_to(browser: WebDriver, matches: Callable[[WebElement], bool], limit: int = 40) -> WebElement:
    for _ in range(limit):
        keys(browser, Keys.TAB)
        element = active(browser)
        if matches(element):
            return element
    raise AssertionError("not reached with the Tab key")


# --- the tests -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ettervern-19-ar-2024", "bostedslos-2025"], ids=["aftercare-youth", "homeless-person"])
def test_a_caseworker_completes_the_interview_and_sees_the_expected_findings(browser: WebDriver, server: Server, name: str) -> None:
    truth, expected = persona(name)
    start(browser, server, truth["assessment_date"])
    assert browser.find_element(By.TAG_NAME, "h1").text

    def shoot(step: int) -> None:
        if name == "ettervern-19-ar-2024" and step == 5:
            screenshot(browser, "serve-interview.png", 1200)

    interview(browser, truth, shoot)
    assert findings(browser) == expected
    assert "Ingen flere spørsmål kan endre resultatet" in browser.find_element(By.ID, "question-h").text
    if name == "ettervern-19-ar-2024":
        screenshot(browser, "serve-interview-done.png", 1300)
    click(browser, "form[action='/report'] button")
    assert browser.title.startswith("Vurdering av rettslig grunnlag")
    titles = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "article.finding h4")]
    assert len(titles) == len(expected)
    print_button = browser.find_element(By.CSS_SELECTOR, "[data-print]")
    assert print_button.is_displayed()  # the script shows it (progressive enhancement)
    if name == "ettervern-19-ar-2024":
        screenshot(browser, "serve-report.png", 1500)
    click(browser, "button[name=action][value=show]")
    assert findings(browser) == expected


def test_a_bad_case_file_shows_the_located_error_next_to_the_upload_field(browser: WebDriver, server: Server) -> None:
    browser.get(server.url + "/")
    browser.find_element(By.ID, "file").send_keys(str(BAD / "bad-date.yaml"))
    click(browser, "form[action='/upload'] button[type=submit]")
    error = browser.find_element(By.CSS_SELECTOR, ".field #file-error")
    assert error.is_displayed()
    assert "linje 4, kolonne 3" in error.text and "person.birth_date" in error.text and "2004-31-12" in error.text
    field = browser.find_element(By.ID, "file")
    assert "file-error" in str(field.get_attribute("aria-describedby")) and field.get_attribute("aria-invalid") == "true"
    error_box, field_box = error.rect, field.rect
    assert 0 <= field_box["y"] - (error_box["y"] + error_box["height"]) < 60  # right above the field
    screenshot(browser, "serve-upload-error.png")


def test_a_good_case_file_starts_the_interview_from_its_facts(browser: WebDriver, server: Server) -> None:
    browser.get(server.url + "/")
    browser.find_element(By.ID, "file").send_keys(str(CASES / "bostedslos-2025.yaml"))
    click(browser, "form[action='/upload'] button[type=submit]")
    assert findings(browser) == persona("bostedslos-2025")[1]
    assert "bostedslos-2025" in browser.find_element(By.CLASS_NAME, "case-line").text


def test_the_answers_name_the_municipality_of_the_day(browser: WebDriver, server: Server) -> None:
    browser.get(server.url + "/?lang=nn")
    browser.find_element(By.ID, "file").send_keys(str(CASES / "ettervern-24-ar-2020.yaml"))
    click(browser, "form[action='/upload'] button[type=submit]")
    answers = browser.find_element(By.TAG_NAME, "main").text
    assert "Opphaldskommune" in answers and "5001 Trondheim" in answers
    screenshot(browser, "serve-municipality.png", 1200)


def test_an_error_page_speaks_the_interviews_language(browser: WebDriver, server: Server) -> None:
    browser.get(server.url + "/finst-ikkje?lang=nn")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nn"
    assert "finst ikkje" in browser.find_element(By.TAG_NAME, "main").text.lower()
    screenshot(browser, "serve-error-nn.png", 700)
    logged = browser.get_log("browser")  # (Chromium logs the page's own 404 status: meant here, and the only entry)
    assert all("status of 404" in str(entry["message"]) for entry in logged if entry["level"] == "SEVERE"), logged


def test_the_language_can_be_switched(browser: WebDriver, server: Server) -> None:
    browser.get(server.url + "/")
    click(browser, "nav.langs a[hreflang=en]")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert browser.find_element(By.TAG_NAME, "h1").text == "New assessment"
    start(browser, server, dt.date(2024, 3, 1), "en")
    english = browser.find_element(By.ID, "question-h").text
    case_line = browser.find_element(By.CLASS_NAME, "case-line").text
    assert case_line.startswith("Case intervju-20240301")
    click(browser, "form.langs button[value=nb]")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nb"
    assert browser.find_element(By.ID, "question-h").text != english
    assert browser.find_element(By.CLASS_NAME, "case-line").text.startswith("Sak intervju-20240301")


def test_the_interview_can_be_done_with_the_keyboard_alone(browser: WebDriver, server: Server) -> None:
    truth, expected = persona("bostedslos-2025")
    browser.get(server.url + "/")
    skip = tab_to(browser, lambda e: True)
    assert "skip" in str(skip.get_attribute("class")) and skip.is_displayed() and skip.location["y"] >= 0
    date = tab_to(browser, lambda e: e.get_attribute("id") == "date")
    assert browser.execute_script("return getComputedStyle(arguments[0]).outlineStyle", date) != "none"
    ActionChains(browser).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).send_keys("01.10.2025").perform()
    navigating(browser, lambda: keys(browser, Keys.ENTER))
    assert current_fact(browser) is not None, browser.find_element(By.TAG_NAME, "main").text
    asked = 0
    while (fact := current_fact(browser)) is not None:
        asked += 1
        assert asked < 40
        value = truth_value(truth, fact)
        focused = active(browser)
        if value is None:
            tab_to(browser, lambda e: e.get_attribute("value") == "dont_know")
        elif isinstance(value, bool):
            assert focused.get_attribute("value") == "true"  # the question's first control has the focus
            if not value:
                tab_to(browser, lambda e: e.get_attribute("value") == "false")
        elif focused.get_attribute("type") == "radio":
            for _ in range(20):
                if active(browser).get_attribute("value") == value:
                    break
                keys(browser, Keys.ARROW_DOWN)
            tab_to(browser, lambda e: e.get_attribute("value") == "answer")
        else:
            assert focused.get_attribute("id") == "answer"
            keys(browser, value.strftime("%d.%m.%Y") if isinstance(value, dt.date) else str(value))
        navigating(browser, lambda: keys(browser, Keys.ENTER))
    assert findings(browser) == expected
    assert active(browser).text == "Åpne rapporten"
    navigating(browser, lambda: keys(browser, Keys.ENTER))
    back = tab_to(browser, lambda e: e.get_attribute("value") == "show")
    assert back.text == "Tilbake til intervjuet"
    navigating(browser, lambda: keys(browser, Keys.ENTER))
    assert findings(browser) == expected


AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]})
  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))))
  .catch(e => done([{id: "axe-error", impact: "critical", help: String(e), nodes: []}]));
"""


def serious_violations(browser: WebDriver) -> list[dict[str, Any]]:
    browser.execute_script(AXE.read_text("utf-8"))
    browser.set_script_timeout(60)
    found: list[dict[str, Any]] = browser.execute_async_script(AXE_RUN)
    if os.environ.get("HJEMMEL_AXE_ALL"):
        print(browser.current_url, found)
    return [v for v in found if v["impact"] in ("serious", "critical")]


def test_no_page_has_a_serious_accessibility_violation(browser: WebDriver, server: Server) -> None:
    if not AXE.exists():
        pytest.skip("axe-core is not installed (make test installs it with npm into build/npm)")
    checked: dict[str, list[dict[str, Any]]] = {}

    def check(page: str) -> None:
        checked[page] = serious_violations(browser)

    browser.get(server.url + "/")
    check("start")
    truth, _ = persona("ettervern-19-ar-2024")
    start(browser, server, truth["assessment_date"])
    check("first question")
    interview(browser, truth, lambda step: check(f"question {step + 1}") if step in (1, 4) else None)
    check("done")
    click(browser, "form[action='/report'] button")
    check("report")
    start(browser, server, dt.date(2024, 3, 1))
    while not browser.find_elements(By.ID, "answer"):  # to a question answered in a text field
        assert current_fact(browser) is not None
        click(browser, "button[name=action][value=dont_know]")
    field = browser.find_element(By.ID, "answer")
    field.send_keys("not a valid answer")
    navigating(browser, lambda: field.send_keys(Keys.ENTER))
    assert browser.find_element(By.ID, "answer-error").is_displayed()
    check("answer error")
    browser.get(server.url + "/")
    browser.find_element(By.ID, "file").send_keys(str(BAD / "unknown-field.yaml"))
    click(browser, "form[action='/upload'] button[type=submit]")
    check("upload error")
    browser.get(server.url + "/?lang=en")
    check("start (en)")
    browser.get(server.url + "/docs")
    check("API docs")
    assert {page: found for page, found in checked.items() if found} == {}
    browser.execute_script("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')")
    assert [v["id"] for v in serious_violations(browser)] == ["label"]  # the check does find problems


def test_the_server_wrote_nothing_to_disk_and_logged_no_case_data(server: Server) -> None:
    """Runs last: after every test above, the server's folders are empty and its log has
    only the start-up line (no request is logged)."""
    for folder in server.folders:
        assert list(folder.iterdir()) == [], folder
    lines = [line for line in server.log.read_text("utf-8").splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("hjemmel serve: http://127.0.0.1:"), lines
