package kstore.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * 3-D Secure (approved on the sandbox's challenge page).
 */
@DisplayName("Checkout in a real browser (Scenario 1)")
class CheckoutBrowserTest {
  /** Starfall Odyssey: a demo pre-order, sold worldwide, 10% pre-order discount until release. */
  private static final long STARFALL = 9_900_001L;
  /** A released game of the seed catalog, sold in Korea. */
  private static final long RELEASED = 292_030L;
  private static final String PASSWORD = "correct-horse-battery";
  private static final By APPROVE = By.cssSelector("button[name='action'][value='approve']");
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
  @DisplayName("S1.3–S1.16: pre-order with KakaoPay, see it in the library, refund it, buy again after a declined card with a 3-D Secure card")
  void preOrderRefundAndBuyAgain() {
    try {
      scenario();
    } catch (Throwable e) {
      snapshot("buyer");
      throw e;
    }
  }

  private void scenario() {
    // 1. sign up with residence Korea and Korean; the store shows Korean and KRW
    open("/signup");
    type("signup-name", "Minji " + Long.toString(System.nanoTime(), 36));
    type("signup-email", Client.email("checkout-browser"));
    type("signup-password", PASSWORD);
    new Select(testId("signup-country")).selectByValue("KR");
    new Select(testId("signup-lang")).selectByValue("ko");
    testId("signup-submit").click();
    testId("signup-done");
    new Select(testId("lang-select")).selectByValue("ko");
    waits.until(d -> "ko".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
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
    Long overflow = (Long) ((JavascriptExecutor) driver).executeScript(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    assertThat(overflow).as("no sideways scrolling at 360 px").isLessThanOrEqualTo(0L);
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

    // 9. points: a released game (the cart shows it with today's price; the pre-order left the cart when paid), paid partly with the points the pre-order earned (re-quoted as the buyer types);
    // it is owned at once, with the download placeholder
    long balance = Long.parseLong(testId("library-points").getAttribute("data-balance"));
    assertThat(balance).isPositive();
    open("/games/" + RELEASED);
    assertThat(testId("status-badge").getAttribute("data-status")).isEqualTo("released");
    testId("buy-button").click();
    testId("go-to-cart").click();
    assertThat(driver.findElements(byTestId("cart-item"))).hasSize(1);
    openCheckout();
    long before = Long.parseLong(testId("order-total").getAttribute("data-amount"));
    assertThat(testId("points-range").isEnabled()).isTrue();
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
    assertThat(testId("download-" + RELEASED).isEnabled()).as("download is a placeholder").isFalse();
    assertThat(testId("library-points").getAttribute("data-balance"))
        .isEqualTo(String.valueOf(balance - 1000 + (before - 1000) * 500 / 10_000));
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
