package kstore.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Scenario 1 in a real headless Chromium against a whole running store and the payment sandbox: a Korean buyer
 * signs up, puts the demo pre-order in the cart, pre-orders it with KakaoPay (approved on the sandbox's own
 * approval page), lands on the confirmation, finds it in the library, refunds it there, and buys it again on a
 * 360 px screen: a declined card first (the reason is shown, the buyer picks again), then a card that needs
 * 3-D Secure (approved on the sandbox's challenge page). Then release day: a Japanese buyer pre-orders a game that
 * the admin put on sale seconds before its release, watches the library turn it into an owned game, downloads it
 * and finds it at its normal price.
 */
@DisplayName("Checkout in a real browser (Scenario 1)")
class CheckoutBrowserTest {
  /** Starfall Odyssey: a demo pre-order, sold worldwide, 10% pre-order discount until release. */
  private static final long STARFALL = 9_900_001L;
  /** A released game of the seed catalog, sold in Korea. */
  private static final long RELEASED = 292_030L;
  private static final String PASSWORD = "correct-horse-battery";
  private static final By APPROVE = By.cssSelector("button[name='action'][value='approve']");
  /** How far ahead the release-day game releases: time enough to pre-order it through the pages. */
  private static final Duration RELEASE_AHEAD = Duration.ofSeconds(15);
  /** The size of the demo installer the edge serves for every game. */
  private static final int DEMO_SIZE = 4 * 1024 * 1024;
  private static String base;
  private static ChromeDriver driver;
  private static WebDriverWait waits;

  @BeforeAll
  static void start() throws Exception {
    base = TestStore.baseUrl();
    driver = Chromium.start(1280, 900);
    waits = new WebDriverWait(driver, Duration.ofSeconds(20));
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
  }

  private static By byTestId(String id) {
    return By.cssSelector("[data-testid='" + id + "']");
  }

  private static WebElement testId(String id) {
    return waits.until(ExpectedConditions.visibilityOfElementLocated(byTestId(id)));
  }

  private static void pageLoaded() {
    waits.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main[aria-busy='false']")));
  }

  private static void open(String path) {
    driver.get(base + path);
    pageLoaded();
  }

  private static void type(String id, String text) {
    WebElement input = testId(id);
    input.clear();
    input.sendKeys(text);
  }

  private static String cartCount() {
    return driver.findElement(byTestId("cart-count")).getAttribute("data-count");
  }

  /** A new browser session: no cookie, no cart, no stored country or language. */
  private static void resetBrowser(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
    driver.manage().deleteAllCookies();
    open("/");
    driver.executeScript("localStorage.clear(); sessionStorage.clear();");
  }

  /** Signs up through the page (residence and language) and switches the store to that language. */
  private static void signUp(String name, String country, String lang) {
    open("/signup");
    type("signup-name", name + " " + Long.toString(System.nanoTime(), 36));
    type("signup-email", Client.email("checkout-browser"));
    type("signup-password", PASSWORD);
    new Select(testId("signup-country")).selectByValue(country);
    new Select(testId("signup-lang")).selectByValue(lang);
    testId("signup-submit").click();
    testId("signup-done");
    new Select(testId("lang-select")).selectByValue(lang);
    waits.until(d -> lang.equals(d.findElement(By.tagName("html")).getAttribute("lang")));
  }

  /** The API as the browser's signed-in buyer (its session cookie; reads need no CSRF token). */
  private static Client asBrowser() {
    Client c = new Client(base);
    c.session = driver.manage().getCookieNamed("kstore_session").getValue();
    return c;
  }

  private static void noSidewaysScroll(String where) {
    Long overflow = (Long) driver.executeScript(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    assertThat(overflow).as("no sideways scrolling at 360 px: " + where).isLessThanOrEqualTo(0L);
  }

  private static void snapshot(String name) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "checkout-browser"));
      Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
      Files.writeString(dir.resolve(name + ".html"), driver.getCurrentUrl() + "\n" + driver.getPageSource());
    } catch (Exception e) {
      // the browser itself may be gone: the assertion error says enough
    }
  }

  @Test
  @DisplayName("S1.3–S1.14: pre-order with KakaoPay, see it in the library, refund it, buy again after a declined card with a 3-D Secure card, pay partly with points")
  void preOrderRefundAndBuyAgain() {
    try {
      resetBrowser(1280, 900);
      scenario();
    } catch (Throwable e) {
      snapshot("buyer");
      throw e;
    }
  }

  private void scenario() {
    // 1. sign up with residence Korea and Korean; the store shows Korean and KRW
    signUp("Minji", "KR", "ko");
    assertThat(testId("library-link").getText()).isEqualTo("라이브러리");

    // 2. the game page: a pre-order with its 10% pre-order discount, into the cart
    addStarfallToCart();

    // 3. the cart → checkout: the quote (pre-order price, tax included), Korea's methods in Korean
    openCheckout();
    WebElement line = testId("order-line");
    assertThat(line.getText()).contains("-10%");
    assertThat(testId("sum-discount").getAttribute("data-amount")).isNotEqualTo("0");
    assertThat(testId("sum-tax").getText()).contains("포함");
    long total = Long.parseLong(testId("order-total").getAttribute("data-amount"));
    assertThat(total).isEqualTo(Long.parseLong(line.getAttribute("data-amount")));
    assertThat(testId("points-range").isEnabled()).as("a new buyer has no points").isFalse();
    assertThat(testId("payment-methods").getText()).contains("카카오페이", "신용·체크카드");
    assertThat(testId("sandbox-note").isDisplayed()).isTrue();

    // 4. KakaoPay with the sandbox's test account; a double click makes one order (one Idempotency-Key, the
    // button is disabled while the request is in flight); approve on the sandbox's approval page
    testId("method-kakaopay").click();
    ((JavascriptExecutor) driver).executeScript(
        "const f = window.fetch; window.fetch = (u, o) => { if (String(u).endsWith('/api/v1/orders') && o?.method === 'POST') {"
            + " sessionStorage.setItem('test.orderPosts', String(Number(sessionStorage.getItem('test.orderPosts') || 0) + 1)); }"
            + " return f(u, o); };");
    assertThat(new Select(testId("wallet-account")).getFirstSelectedOption().getAttribute("value")).isEqualTo("wallet_ok");
    WebElement pay = testId("pay-button");
    ((JavascriptExecutor) driver).executeScript("arguments[0].click(); arguments[0].click();", pay);
    waits.until(ExpectedConditions.elementToBeClickable(APPROVE)).click();

    // 5. back on /checkout/return → the confirmation (the URL becomes /orders/{id})
    WebElement order = confirmed();
    String firstOrder = order.getAttribute("data-order-id");
    assertThat(driver.getCurrentUrl()).isEqualTo(base + "/orders/" + firstOrder);
    assertThat(((JavascriptExecutor) driver).executeScript("return sessionStorage.getItem('test.orderPosts')"))
        .as("a double click on Pay sends one order").isEqualTo("1");
    assertThat(testId("mail-note").getText()).contains("확인 메일");
    assertThat(testId("points-earned").getAttribute("data-amount")).isEqualTo(String.valueOf(total * 500 / 10_000));
    assertThat(cartCount()).as("the paid game leaves the cart").isEqualTo("0");

    // 6. the library: pre-ordered, with the refund button; the points it earned
    testId("go-library").click();
    testId("library");
    List<WebElement> items = driver.findElements(byTestId("library-item"));
    assertThat(items).as("the double click ordered once").hasSize(1);
    assertThat(items.get(0).getAttribute("data-status")).isEqualTo("pre-ordered");
    assertThat(items.get(0).getAttribute("data-game-id")).isEqualTo(String.valueOf(STARFALL));
    assertThat(items.get(0).findElement(byTestId("library-when")).getText()).startsWith("예약 구매함 — ");
    assertThat(testId("library-points").getAttribute("data-balance")).isEqualTo(String.valueOf(total * 500 / 10_000));

    // 7. refund it: confirm in the dialog, the game disappears, the earned points are taken back
    WebElement refund = testId("refund-" + firstOrder);
    assertThat(refund.isEnabled()).isTrue();
    refund.click();
    testId("refund-dialog");
    testId("refund-confirm").click();
    waits.until(ExpectedConditions.numberOfElementsToBe(byTestId("library-item"), 0));
    waits.until(d -> "0".equals(d.findElement(byTestId("library-points")).getAttribute("data-balance")));

    // 8. buy it again, on a 360 px wide screen, with a card that needs 3-D Secure: approve the challenge
    driver.manage().window().setSize(new Dimension(360, 800));
    addStarfallToCart();
    openCheckout();
    noSidewaysScroll("checkout");
    testId("method-card").click();
    // a declined card first: the reason is shown, nothing is charged, the buyer picks again (a new attempt, so a
    // new Idempotency-Key: reusing the declined attempt's key for another card would be refused)
    new Select(testId("test-card")).selectByValue("pm_card_chargeDeclined");
    testId("pay-button").click();
    WebElement failure = testId("payment-failure");
    assertThat(failure.getAttribute("data-code")).isNotBlank();
    assertThat(testId("checkout-error").getText()).contains("결제가 완료되지 않았습니다");
    assertThat(driver.getCurrentUrl()).isEqualTo(base + "/checkout");
    new Select(testId("test-card")).selectByValue("pm_card_threeDSecureRequired");
    waits.until(ExpectedConditions.elementToBeClickable(byTestId("pay-button"))).click();
    waits.until(ExpectedConditions.elementToBeClickable(APPROVE)).click();
    String secondOrder = confirmed().getAttribute("data-order-id");
    assertThat(secondOrder).isNotEqualTo(firstOrder);
    testId("go-library").click();
    testId("library");
    WebElement again = testId("library-item");
    assertThat(again.getAttribute("data-order-id")).isEqualTo(secondOrder);
    assertThat(again.getAttribute("data-status")).isEqualTo("pre-ordered");

    // 9. points: a released game (the cart shows it with today's price; the pre-order left the cart when paid), paid
    // partly with the points the pre-order earned (re-quoted as the slider moves or the buyer types); it is owned at
    // once, ready to download
    long balance = Long.parseLong(testId("library-points").getAttribute("data-balance"));
    assertThat(balance).isPositive();
    open("/games/" + RELEASED);
    assertThat(testId("status-badge").getAttribute("data-status")).isEqualTo("released");
    testId("buy-button").click();
    testId("go-to-cart").click();
    assertThat(driver.findElements(byTestId("cart-item"))).hasSize(1);
    openCheckout();
    long before = Long.parseLong(testId("order-total").getAttribute("data-amount"));
    WebElement range = testId("points-range");
    assertThat(range.isEnabled()).isTrue();
    long max = Math.min(balance, before); // one point pays one won
    assertThat(range.getAttribute("max")).isEqualTo(String.valueOf(max));
    assertThat(driver.findElement(By.cssSelector("label[for='points-range']")).getAttribute("textContent")).isNotBlank();
    range.sendKeys(Keys.END);
    waits.until(d -> String.valueOf(max).equals(d.findElement(byTestId("points-input")).getAttribute("value")));
    waits.until(d -> String.valueOf(before - max).equals(d.findElement(byTestId("order-total")).getAttribute("data-amount")));
    assertThat(testId("sum-points").getAttribute("data-amount")).isEqualTo(String.valueOf(max));
    assertThat(testId("quote-live").getAttribute("textContent")).isNotBlank();
    range.sendKeys(Keys.HOME);
    waits.until(d -> String.valueOf(before).equals(d.findElement(byTestId("order-total")).getAttribute("data-amount")));
    assertThat(testId("points-input").getAttribute("value")).isEqualTo("0");
    WebElement points = testId("points-input");
    points.clear();
    points.sendKeys("1000", Keys.TAB);
    waits.until(d -> String.valueOf(before - 1000).equals(d.findElement(byTestId("order-total")).getAttribute("data-amount")));
    assertThat(testId("sum-points").getAttribute("data-amount")).isEqualTo("1000");
    testId("method-card").click();
    waits.until(ExpectedConditions.elementToBeClickable(byTestId("pay-button"))).click();
    confirmed();
    assertThat(testId("points-spent").getText()).contains("1,000");
    testId("go-library").click();
    WebElement owned = waits.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("[data-testid='library-item'][data-status='owned']")));
    assertThat(owned.getAttribute("data-game-id")).isEqualTo(String.valueOf(RELEASED));
    assertThat(testId("download-" + RELEASED).isEnabled()).isTrue();
    assertThat(testId("library-points").getAttribute("data-balance"))
        .isEqualTo(String.valueOf(balance - 1000 + (before - 1000) * 500 / 10_000));
  }

  @Test
  @DisplayName("S1.15–S1.16: a pre-order releasing in seconds cannot be downloaded before its release; the open library turns it into an owned game, its download serves the file (refused once refunded), and it then sells at its normal price")
  void releaseDayInTheLibrary() throws Exception {
    Path downloads = Files.createTempDirectory("kstore-downloads-");
    try {
      resetBrowser(360, 800);
      releaseDay(downloads);
    } catch (Throwable e) {
      snapshot("release-day");
      throw e;
    } finally {
      try (var files = Files.walk(downloads)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private void releaseDay(Path downloads) throws Exception {
    // 1. a Japanese buyer signs up; then the admin puts a game on pre-order that releases in a few seconds, 20% off
    // until its release
    signUp("Haruto", "JP", "ja");
    Instant release = Instant.now().plus(RELEASE_AHEAD).truncatedTo(ChronoUnit.SECONDS);
    long id = createPreOrder(release, 20);
    JsonObject price = Http.get(base + "/api/v1/games/" + id + "?country=JP").json().getJsonObject("price");
    assertThat(price.getInteger("discountPercent")).isEqualTo(20);
    long list = price.getLong("list");

    // 2. pre-order it through the pages with the sandbox's good card
    open("/games/" + id);
    assertThat(testId("status-badge").getAttribute("data-status")).isEqualTo("pre-order");
    assertThat(testId("price-amount").getAttribute("data-amount")).isEqualTo(String.valueOf(price.getLong("amount")));
    assertThat(testId("preorder-note").getText()).contains("20%");
    testId("buy-button").click();
    testId("go-to-cart").click();
    testId("cart");
    openCheckout();
    assertThat(testId("order-line").getText()).contains("-20%");
    testId("method-card").click();
    assertThat(new Select(testId("test-card")).getFirstSelectedOption().getAttribute("value")).isEqualTo("pm_card_visa");
    waits.until(ExpectedConditions.elementToBeClickable(byTestId("pay-button"))).click();
    confirmed();

    // 3. the library: a pre-order with its release time, no download yet; asked anyway, the store refuses it
    testId("go-library").click();
    By row = By.cssSelector("[data-testid='library-item'][data-game-id='" + id + "']");
    WebElement item = waits.until(ExpectedConditions.visibilityOfElementLocated(row));
    assertThat(item.getAttribute("data-status")).isEqualTo("pre-ordered");
    WebElement releaseTime = item.findElement(By.cssSelector("[data-testid='library-when'] time"));
    assertThat(releaseTime.getAttribute("datetime")).isEqualTo(release.toString());
    assertThat(releaseTime.getText()).as("a date and a time of day").containsPattern("\\d{1,2}:\\d{2}");
    assertThat(item.findElement(byTestId("library-when")).getText()).startsWith("予約済み — ");
    assertThat(item.findElements(byTestId("download-" + id))).isEmpty();
    assertThat(item.findElement(byTestId("download-at-release")).getText()).contains("ダウンロード");
    assertThat(item.findElements(By.cssSelector("button[data-testid^='refund-']"))).hasSize(1);
    noSidewaysScroll("library");
    Http.Response early = asBrowser().get("/api/v1/library/" + id + "/download");
    assertThat(Instant.now()).as("the pre-order and the refused download happened before the release (%s)", release)
        .isBefore(release);
    assertThat(early.status()).as(early.body()).isEqualTo(403);
    assertThat(early.json().getString("message")).contains("release");

    // 4. release day: the open page asks again at the release instant and shows the game as owned
    WebElement owned = new WebDriverWait(driver, Duration.between(Instant.now(), release).plusSeconds(15)).until(
        ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
            "[data-testid='library-item'][data-game-id='" + id + "'][data-status='owned']")));
    assertThat(Instant.now()).isAfterOrEqualTo(release);
    assertThat(owned.findElements(byTestId("download-at-release"))).isEmpty();
    assertThat(driver.findElement(By.cssSelector(".library .form-status")).getText()).contains("発売されました");

    // 5. after a reload too: owned, still refundable (within 14 days, not played), and ready to download
    open("/library");
    owned = waits.until(ExpectedConditions.visibilityOfElementLocated(row));
    assertThat(owned.getAttribute("data-status")).isEqualTo("owned");
    assertThat(owned.findElements(By.cssSelector("button[data-testid^='refund-']"))).hasSize(1);
    WebElement download = owned.findElement(byTestId("download-" + id));
    assertThat(download.isEnabled()).isTrue();
    assertThat(download.getAttribute("aria-label")).contains("Release Day Browser Test");
    noSidewaysScroll("library with a download");

    // 6. Download: the page gets a signed link and the browser saves the file; the same link serves the file
    // whole (200) and in parts (206)
    driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath",
        downloads.toAbsolutePath().toString()));
    download.click();
    WebElement status = waits.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("[data-testid='download-status'][data-state='ready']")));
    assertThat(status.getAttribute("role")).isEqualTo("status");
    WebElement link = status.findElement(byTestId("download-link"));
    String file = link.getAttribute("data-file");
    assertThat(file).isEqualTo("kstore-demo-" + id + ".bin");
    String url = link.getAttribute("href");
    assertThat(url).startsWith(base + "/downloads/" + id + "/" + file + "?");
    Http.Bytes whole = Http.bytes(url, null);
    assertThat(whole.status()).isEqualTo(200);
    assertThat(whole.body()).hasSize(DEMO_SIZE);
    Http.Bytes part = Http.bytes(url, "bytes=1000-1999");
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.headers().firstValue("content-range")).hasValue("bytes 1000-1999/" + DEMO_SIZE);
    assertThat(Arrays.equals(part.body(), Arrays.copyOfRange(whole.body(), 1000, 2000))).as("the part's bytes").isTrue();
    Path saved = downloads.resolve(file);
    waits.until(d -> Files.isRegularFile(saved) && saved.toFile().length() == DEMO_SIZE);
    assertThat(Arrays.mismatch(Files.readAllBytes(saved), whole.body())).as("the browser saved the same bytes").isEqualTo(-1);

    // 7. refunded in another tab, the game is no longer the buyer's: Download on the stale page shows the refusal
    // and the store's reason
    Client otherTab = asBrowser();
    otherTab.csrf = otherTab.get("/api/v1/me").json().getString("csrfToken");
    Http.Response refunded = otherTab.post("/api/v1/orders/" + owned.getAttribute("data-order-id") + "/refund",
        new JsonObject());
    assertThat(refunded.status()).as(refunded.body()).isEqualTo(200);
    download.click();
    WebElement refused = waits.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("[data-testid='download-status'][data-state='failed']")));
    assertThat(refused.getAttribute("data-code")).isEqualTo("FORBIDDEN");
    assertThat(refused.getText()).contains("ダウンロードできません");
    assertThat(refused.findElement(byTestId("download-reason")).getText()).contains("do not own");
    assertThat(download.isEnabled()).as("the buyer may try again").isTrue();

    // 8. the pre-order discount has ended: the game page shows the normal price
    open("/games/" + id);
    assertThat(testId("status-badge").getAttribute("data-status")).isEqualTo("released");
    assertThat(testId("price-amount").getAttribute("data-amount")).isEqualTo(String.valueOf(list));
    assertThat(driver.findElements(By.cssSelector("[data-testid='game'] .badge-discount"))).isEmpty();
    assertThat(driver.findElements(byTestId("preorder-note"))).isEmpty();
  }

  /** A game on pre-order created through the admin API, released at {@code release}, with a pre-order discount. */
  private static long createPreOrder(Instant release, int percent) {
    JsonObject game = new JsonObject()
        .put("titles", new JsonObject().put("en", "Release Day Browser Test " + System.nanoTime()))
        .put("description", "A pre-order released while the browser test runs.")
        .put("developer", "K Test Studio").put("publisher", "K Test Publishing")
        .put("genres", new JsonArray().add("Adventure")).put("tags", new JsonArray().add("Test"))
        .put("platforms", new JsonArray().add("windows")).put("ageRating", 0)
        .put("releaseAt", release.toString()).put("status", "pre-order")
        .put("priceTier", 1999)
        .put("discount", new JsonObject().put("percent", percent).put("kind", "pre-order")
            .put("startsAt", Instant.now().minusSeconds(60).toString()).put("endsAt", release.toString()));
    Http.Response created = Http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/games"))
        .header("Authorization", "Bearer " + TestStore.adminToken()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(game.encode())).build());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().getLong("id");
  }

  private void addStarfallToCart() {
    open("/games/" + STARFALL);
    assertThat(testId("status-badge").getAttribute("data-status")).isEqualTo("pre-order");
    assertThat(testId("price-amount").getAttribute("data-currency")).isEqualTo("KRW");
    assertThat(testId("preorder-note").getText()).contains("10%");
    testId("buy-button").click();
    testId("go-to-cart");
    waits.until(d -> "1".equals(cartCount()));
    testId("go-to-cart").click();
    testId("cart");
    assertThat(testId("cart-item").getAttribute("data-game-id")).isEqualTo(String.valueOf(STARFALL));
  }

  private void openCheckout() {
    testId("checkout-button").click();
    testId("checkout");
    pageLoaded();
  }

  /** Waits for the paid order's confirmation page. */
  private WebElement confirmed() {
    waits.until(ExpectedConditions.urlContains("/orders/"));
    WebElement order = waits.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("[data-testid='order'][data-status='paid']")));
    testId("order-confirmed");
    return order;
  }
}
