package kstore.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Accounts and friends in two real headless Chromiums (two cookie jars) against a whole running store: social
 * sign-in through the dev OIDC provider's own login page, sign-up with email and password, a friend request by
 * name that arrives as a notification and a mail, accepting it, the residence's prices for a signed-in player (R12),
 * connecting another sign-in method from the account page (refused for someone else's provider account), and
 * signing out.
 */
@DisplayName("Accounts and friends in a real browser")
class AccountBrowserTest {
  private static final String PASSWORD = "correct-horse-battery";
  private static String base;
  private static Browser mina;
  private static Browser jun;

  /** One browser with its own cookies, and waits on its {@code data-testid} hooks. */
  record Browser(ChromeDriver driver, WebDriverWait waits) {
    static Browser start() throws Exception {
      ChromeDriver d = Chromium.start(1280, 900);
      return new Browser(d, new WebDriverWait(d, Duration.ofSeconds(15)));
    }

    static By byTestId(String id) {
      return By.cssSelector("[data-testid='" + id + "']");
    }

    WebElement testId(String id) {
      return waits.until(ExpectedConditions.visibilityOfElementLocated(byTestId(id)));
    }

    void open(String path) {
      driver.get(base + path);
      pageLoaded();
    }

    /** The router marks {@code <main>} busy while a page loads. */
    void pageLoaded() {
      waits.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main[aria-busy='false']")));
    }

    void type(String id, String text) {
      WebElement input = testId(id);
      input.clear();
      input.sendKeys(text);
    }

    /** The account id from {@code GET /api/v1/me} with this browser's cookies, or "HTTP status" when refused. */
    String me() {
      return (String) driver.executeAsyncScript(
          "const done = arguments[arguments.length - 1];"
              + "fetch('/api/v1/me', {credentials: 'same-origin'})"
              + ".then(r => r.ok ? r.json().then(j => done(j.id)) : done('HTTP ' + r.status), e => done(String(e)));");
    }

    /** A screenshot and the DOM, to see what the browser showed when a step failed. */
    void snapshot(String name) {
      try {
        Path dir = Files.createDirectories(Path.of("target", "account-browser"));
        Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        Files.writeString(dir.resolve(name + ".html"), driver.getCurrentUrl() + "\n" + driver.getPageSource());
      } catch (Exception e) {
        // the browser itself may be gone: the assertion error says enough
      }
    }

    void quit() {
      driver.quit();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    base = TestStore.baseUrl();
    mina = Browser.start();
    jun = Browser.start();
  }

  @AfterAll
  static void stop() {
    for (Browser b : new Browser[] {mina, jun}) {
      if (b != null) {
        b.quit();
      }
    }
  }

  @Test
  @DisplayName("Mina signs in with the dev provider, Jun signs up, Mina adds Jun by name, Jun accepts, Jun signs out")
  void twoPeopleBecomeFriends() throws Exception {
    try {
      scenario();
    } catch (Throwable e) {
      mina.snapshot("mina");
      jun.snapshot("jun");
      throw e;
    }
  }

  private void scenario() throws Exception {
    // 1. Mina: social sign-in on the provider's own login page; a new account lands on /account?welcome=1
    mina.open("/signin");
    mina.testId("provider-dev").click();
    WebElement username = mina.waits().until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
    String minaSubject = "mina-" + System.nanoTime();
    username.sendKeys(minaSubject);
    mina.driver().findElement(By.name("claims")).sendKeys(new JsonObject().put("name", "Mina A").encode());
    mina.driver().findElement(By.cssSelector("form [type=submit]")).click();
    mina.waits().until(ExpectedConditions.urlToBe(base + "/account?welcome=1"));
    mina.testId("account");
    mina.testId("account-welcome");
    assertThat(mina.testId("user-name").getText()).endsWith("Mina A");
    assertThat(mina.testId("linked-providers").getText()).contains("K Store Dev ID");
    assertThat(mina.testId("account-email").getAttribute("data-state")).as("no address from the provider")
        .isEqualTo("none");
    assertThat(mina.driver().findElements(Browser.byTestId("connect-dev"))).as("dev is linked already").isEmpty();
    String minaId = mina.me();

    // 2. Jun: sign-up with email and password, residence Japan and Japanese mails
    String junName = "Jun B " + Long.toString(System.nanoTime(), 36);
    String junEmail = Client.email("jun");
    jun.open("/signup");
    jun.type("signup-name", junName);
    jun.type("signup-email", junEmail);
    jun.type("signup-password", PASSWORD);
    new Select(jun.testId("signup-country")).selectByValue("JP");
    new Select(jun.testId("signup-lang")).selectByValue("ja");
    jun.testId("signup-submit").click();
    jun.testId("signup-done");
    assertThat(jun.testId("user-name").getText()).endsWith(junName);
    jun.open("/account");
    String junCode = jun.testId("my-friend-code").getText();
    assertThat(junCode).matches("[2-9A-Z]{4}-[2-9A-Z]{4}");
    assertThat(jun.testId("email-unverified").isDisplayed()).isTrue();
    assertThat(new Select(jun.testId("account-residence")).getFirstSelectedOption().getAttribute("value"))
        .isEqualTo("JP");

    // R12: signed in, Jun sees the prices of his residence without picking a country in the header
    jun.open("/games/292030");
    WebElement yen = jun.testId("price-amount");
    assertThat(yen.getAttribute("data-currency")).isEqualTo("JPY");
    assertThat(yen.getText()).containsAnyOf("¥", "￥", "JPY");
    WebElement countrySelect = jun.testId("country-select");
    assertThat(countrySelect.getAttribute("data-source")).isEqualTo("residence");
    assertThat(new Select(countrySelect).getFirstSelectedOption().getAttribute("value")).isEqualTo("JP");
    // an explicit pick in the header still works; picking the residence again follows the residence
    new Select(countrySelect).selectByValue("KR");
    jun.waits().until(d -> "KRW".equals(d.findElement(Browser.byTestId("price-amount")).getAttribute("data-currency")));
    assertThat(jun.testId("country-select").getAttribute("data-source")).isEqualTo("picked");
    new Select(jun.testId("country-select")).selectByValue("JP");
    jun.waits().until(d -> "JPY".equals(d.findElement(Browser.byTestId("price-amount")).getAttribute("data-currency")));
    assertThat(jun.testId("country-select").getAttribute("data-source")).isEqualTo("residence");
    assertThat(jun.driver().executeScript("return localStorage.getItem('kstore.country')")).isNull();

    // 3. Mina finds Jun by name (the row shows Jun's friend code) and sends a request
    mina.testId("friends-link").click();
    mina.testId("friends");
    mina.type("friends-search", junName);
    mina.testId("friends-search").sendKeys(Keys.ENTER);
    WebElement result = mina.testId("friends-result");
    assertThat(result.getText()).contains(junName, junCode);
    String junId = result.getAttribute("data-user-id");
    mina.testId("add-friend-" + junId).click();
    WebElement outgoing = mina.testId("outgoing-request");
    assertThat(outgoing.getText()).contains(junName);

    // Jun gets a mail in Japanese, and on the next page load a notification badge in the header
    JsonObject mail = Client.awaitMail(junEmail, "Mina A");
    assertThat(mail.getString("subject")).contains("フレンド申請");
    jun.open("/");
    assertThat(jun.testId("unread-badge").getText()).contains("1");
    jun.testId("friends-link").click();
    jun.testId("friends");
    WebElement incoming = jun.testId("incoming-request");
    assertThat(incoming.getText()).contains("Mina A");
    jun.waits().until(ExpectedConditions.invisibilityOfElementLocated(Browser.byTestId("unread-badge")));
    jun.testId("accept-" + incoming.getAttribute("data-request-id")).click();
    WebElement minaRow = jun.testId("friend-row");
    assertThat(minaRow.getAttribute("data-user-id")).isEqualTo(minaId);
    assertThat(minaRow.getText()).contains("Mina A");
    assertThat(jun.driver().findElements(Browser.byTestId("incoming-request"))).isEmpty();

    // Mina sees Jun as a friend after a reload; the request she sent is gone
    mina.driver().navigate().refresh();
    mina.pageLoaded();
    WebElement junRow = mina.testId("friend-row");
    assertThat(junRow.getAttribute("data-user-id")).isEqualTo(junId);
    assertThat(junRow.getText()).contains(junName);
    assertThat(mina.driver().findElements(Browser.byTestId("outgoing-request"))).isEmpty();

    // 4. Jun connects the dev provider from /account: first with Mina's provider account (refused: it signs in
    // to her K Store account), then with his own one
    jun.open("/account");
    connectDev(minaSubject);
    jun.waits().until(ExpectedConditions.urlContains("/signin?error=CONFLICT"));
    assertThat(jun.testId("connect-error").getAttribute("data-code")).isEqualTo("CONFLICT");
    jun.testId("back-to-account").click();
    jun.testId("account");
    assertThat(jun.driver().findElements(Browser.byTestId("linked-providers"))).isEmpty();
    connectDev("jun-" + System.nanoTime());
    jun.waits().until(ExpectedConditions.urlToBe(base + "/account?linked=1"));
    jun.testId("account-linked");
    assertThat(jun.testId("linked-providers").getText()).contains("K Store Dev ID");
    assertThat(jun.driver().findElements(Browser.byTestId("connect-dev"))).isEmpty();
    assertThat(jun.me()).as("still Jun's account").isEqualTo(junId);

    // 5. Jun signs out from the header on a private page: back home, signed out, /account asks to sign in
    jun.testId("signout").click();
    jun.testId("signin-link");
    jun.waits().until(ExpectedConditions.urlToBe(base + "/"));
    assertThat(jun.me()).isEqualTo("HTTP 401");
    jun.open("/account");
    jun.testId("signin-required");
    assertThat(jun.driver().findElements(Browser.byTestId("user-name"))).isEmpty();
    assertThat(mina.me()).as("Mina's browser is still signed in").isEqualTo(minaId);
  }

  /** Jun clicks "Connect K Store Dev ID" on /account and signs in on the provider's own page as {@code subject}. */
  private void connectDev(String subject) {
    jun.testId("connect-dev").click();
    WebElement username = jun.waits().until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
    username.sendKeys(subject);
    jun.driver().findElement(By.cssSelector("form [type=submit]")).click();
  }
}
