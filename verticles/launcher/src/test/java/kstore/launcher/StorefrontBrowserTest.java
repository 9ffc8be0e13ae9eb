package kstore.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The storefront in a real headless Chromium against a whole running store. */
@DisplayName("The storefront in a real browser")
class StorefrontBrowserTest {
  private static ChromeDriver driver;
  private static WebDriverWait wait;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    base = TestStore.baseUrl();
    driver = Chromium.start(1280, 900);
    wait = new WebDriverWait(driver, Duration.ofSeconds(15));
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
  }

  private static WebElement testId(String id) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid='" + id + "']")));
  }

  @Test
  @DisplayName("searches with a typo, opens The Witcher 3 and shows its price in dollars, then in won for Korea")
  void typoSearchToGamePageWithPrice() throws Exception {
    driver.get(base + "/");
    WebElement search = testId("search-input");
    Object interactiveMs = driver.executeScript(
        "const t = performance.getEntriesByType('navigation')[0]; return Math.round(t.domInteractive);");
    Files.writeString(Path.of("target", "home-dom-interactive-ms.txt"), interactiveMs + "\n");

    search.sendKeys("wichter 3");
    testId("suggestion");
    search.sendKeys(Keys.ESCAPE);
    search.sendKeys(Keys.ENTER);

    wait.until(ExpectedConditions.urlContains("/search"));
    WebElement first = testId("result-card");
    assertThat(first.getText()).contains("Witcher");
    first.click();

    wait.until(ExpectedConditions.urlContains("/games/"));
    assertThat(testId("game-title").getText()).contains("Witcher", "3: Wild Hunt");
    WebElement price = testId("price-amount");
    assertThat(price.getAttribute("data-currency")).isEqualTo("USD");
    assertThat(price.getText()).contains("$");

    // the viewer switches country: the same page now shows won, which has no minor unit
    String gameUrl = driver.getCurrentUrl();
    driver.executeScript("localStorage.setItem('kstore.country', 'KR')");
    driver.get(gameUrl);
    WebElement won = testId("price-amount");
    wait.until(d -> "KRW".equals(won.getAttribute("data-currency")));
    assertThat(won.getText()).containsAnyOf("₩", "KRW", "￦").doesNotContain(".");
  }
}
