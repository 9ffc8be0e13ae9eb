package kstore.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven through its own ChromeDriver (no browser download). On a fresh machine
 * where they are missing and we may use apt, they are installed once, so the test command needs no
 * manual step.
 */
final class Chromium {
  static final File BROWSER = new File("/usr/bin/chromium");
  static final File DRIVER = new File("/usr/bin/chromedriver");

  private Chromium() {
  }

  static synchronized void ensureInstalled() throws IOException, InterruptedException {
    if (BROWSER.canExecute() && DRIVER.canExecute()) {
      return;
    }
    if (!new File("/usr/bin/apt-get").canExecute() || !"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException("the browser test needs Debian's chromium and chromium-driver: "
          + "apt-get install -y chromium chromium-driver");
    }
    for (String[] cmd : new String[][] {{"apt-get", "update", "-qq"},
        {"apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", "chromium-driver"}}) {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/apt-chromium.log")));
      pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process p = pb.start();
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("installing chromium failed; see target/apt-chromium.log");
      }
    }
  }

  static ChromeDriver start(int width, int height) throws IOException, InterruptedException {
    ensureInstalled();
    Path profile = Files.createTempDirectory("kstore-chromium-");
    Path xdg = Files.createTempDirectory("kstore-xdg-");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER)
        .usingAnyFreePort()
        .withEnvironment(java.util.Map.of("XDG_CONFIG_HOME", xdg.toString(), "XDG_CACHE_HOME", xdg.toString(),
            "SE_OFFLINE", "true", "SE_AVOID_STATS", "true"))
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
        "--lang=en-US");
    ChromeDriver driver = new ChromeDriver(service, options);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (Path dir : new Path[] {profile, xdg}) {
        try (var walk = Files.walk(dir)) {
          walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
          // already gone
        }
      }
    }));
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    return driver;
  }
}
