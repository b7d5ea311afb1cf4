package io.jenkins.plugins.sdejobs.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, or {@code E2E_CHROMIUM} and
 * {@code E2E_CHROMEDRIVER}) driving Jenkins' pages as a person does. A test that needs it is skipped, saying
 * why, on a machine without it.
 */
final class Browser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of(env("E2E_CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(env("E2E_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) { this.driver = driver; }

    /** A browser, or the test is skipped when this machine has none. */
    static Browser open() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no headless Chromium here (apt-get install chromium chromium-driver): browser checks skipped");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                        "--disable-gpu", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Browser(driver);
    }

    /** Whether Jenkins' own JavaScript bundles were built (the tool builds them only where Node.js is). */
    static void assumeFrontend(JenkinsHttp http) {
        String page = http.get("").body();
        int at = page.indexOf("/jsbundles/");
        String script = at < 0 ? null : page.substring(page.lastIndexOf('"', at) + 1, page.indexOf('"', at));
        Assumptions.assumeTrue(script != null && http.get(script.replaceFirst("^.*?/jenkins/", "")).status() == 200,
                "Jenkins' JavaScript bundles are missing (built only with Node.js): browser checks skipped");
    }

    void get(String url) {
        driver.get(url);
        new WebDriverWait(driver, Duration.ofSeconds(30))
                .until(d -> "complete".equals(driver.executeScript("return document.readyState")));
    }

    WebElement find(By by) {
        return waitFor(ExpectedConditions.presenceOfElementLocated(by), by);
    }

    WebElement visible(By by) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(by), by);
    }

    /** Waits up to 30 s; on failure keeps the page (HTML and PNG) under the screenshots folder and says where. */
    private WebElement waitFor(ExpectedCondition<WebElement> condition, By by) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(30)).until(condition);
        } catch (TimeoutException e) {
            Path kept = E2eSettings.screenshots().resolve("failed-" + System.currentTimeMillis());
            screenshot(kept.resolveSibling(kept.getFileName() + ".png"));
            try {
                Files.writeString(kept.resolveSibling(kept.getFileName() + ".html"), driver.getPageSource());
            } catch (IOException io) {
                e.addSuppressed(io);
            }
            throw new AssertionError("not found on " + driver.getCurrentUrl() + ": " + by + " (page kept as " + kept + ".*)", e);
        }
    }

    Object script(String js, Object... args) { return driver.executeScript(js, args); }

    /** What the page's own form code would submit for the form named {@code form}: its {@code json} field. */
    String formJson(String form) {
        return (String) script("var f = document.forms[arguments[0]]; buildFormTree(f); return f.elements['json'].value;", form);
    }

    String currentUrl() { return driver.getCurrentUrl(); }

    String pageSource() { return driver.getPageSource(); }

    /** A PNG of the whole page, for the docs. */
    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() { driver.quit(); }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
