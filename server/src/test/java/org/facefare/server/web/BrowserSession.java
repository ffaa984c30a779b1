package org.facefare.server.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium driven by Selenium for browser tests, with an optional fake camera and
 * screenshots saved under {@code target/screenshots/}.
 *
 * <p>The browser and its driver are the distribution's ({@code /usr/bin/chromium}, {@code
 * /usr/bin/chromedriver}, installed by {@code tools/install-chromium.sh} from {@code ./facefare
 * test}); Selenium Manager is kept offline ({@code SE_OFFLINE=true} in the build), so nothing is
 * downloaded. Outside CI a machine without them skips the browser tests with that message; in CI
 * their absence fails the test, since the test setup installs them.
 */
public final class BrowserSession implements AutoCloseable {

  /** Debian's Chromium. */
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** Debian's ChromeDriver. */
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;
  private final Path profile;
  private final Path screenshots;
  private final List<Path> saved = new ArrayList<>();

  private BrowserSession(ChromeDriver driver, Path profile, Path screenshots) {
    this.driver = driver;
    this.profile = profile;
    this.screenshots = screenshots;
  }

  /** Skips (outside CI) or fails (in CI) when Debian's Chromium is not installed. */
  public static void assumeBrowser() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && System.getenv("CI") != null) {
      throw new IllegalStateException(
          "CI has no "
              + CHROMIUM
              + " / "
              + CHROMEDRIVER
              + ": tools/install-chromium.sh should have run");
    }
    assumeTrue(
        present,
        "browser tests skipped: no Debian chromium and chromium-driver"
            + " (run tools/install-chromium.sh as root)");
  }

  /**
   * Opens a browser at 1280×900.
   *
   * @param fakeCamera a {@code .y4m} or {@code .mjpeg} file the browser's camera plays, if any
   */
  public static BrowserSession open(Optional<Path> fakeCamera) {
    assumeBrowser();
    try {
      Path profile = Files.createTempDirectory("facefare-chromium");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--no-default-browser-check",
          "--window-size=1280,900",
          "--user-data-dir=" + profile);
      fakeCamera.ifPresent(
          f ->
              options.addArguments(
                  "--use-fake-ui-for-media-stream",
                  "--use-fake-device-for-media-stream",
                  "--use-file-for-fake-video-capture=" + f.toAbsolutePath()));
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(CHROMEDRIVER.toFile())
              .usingAnyFreePort()
              .build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      Path shots = Path.of("target", "screenshots");
      Files.createDirectories(shots);
      return new BrowserSession(driver, profile, shots);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The driver. */
  public ChromeDriver driver() {
    return driver;
  }

  /** Opens {@code url} and waits for the page. */
  public BrowserSession go(String url) {
    driver.get(url);
    return this;
  }

  /** The element with this id, once it is present (waits up to 20 s). */
  public WebElement byId(String id) {
    return waitFor(Duration.ofSeconds(20))
        .until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
  }

  /** Types {@code text} into the field with this id, replacing what it held. */
  public BrowserSession type(String id, String text) {
    WebElement e = byId(id);
    e.clear();
    e.sendKeys(text);
    return this;
  }

  /** Clicks the element with this id. */
  public BrowserSession click(String id) {
    byId(id).click();
    return this;
  }

  /** A wait of {@code timeout}. */
  public WebDriverWait waitFor(Duration timeout) {
    return new WebDriverWait(driver, timeout);
  }

  /** Saves a screenshot of the page as {@code target/screenshots/NAME.png} and returns its path. */
  public Path screenshot(String name) {
    if (!name.matches("[a-z0-9-]{1,60}")) {
      throw new IllegalArgumentException("a screenshot name is [a-z0-9-]: " + name);
    }
    try {
      Path file = screenshots.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      saved.add(file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The screenshots saved so far. */
  public List<Path> screenshots() {
    return List.copyOf(saved);
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // The profile is under the temporary directory; a leftover is harmless.
      }
    }
  }
}
