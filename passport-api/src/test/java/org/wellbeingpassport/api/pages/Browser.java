package org.wellbeingpassport.api.pages;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromedriver) driven through Selenium, pointed at the test server.
 * Where either is missing the calling test is skipped (a JUnit assumption), never failed: see README, "Test it".
 * Paths: CHROMIUM_BIN (default /usr/bin/chromium) and CHROMEDRIVER_BIN (default /usr/bin/chromedriver).
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(env("CHROMIUM_BIN", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(env("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));
    /** WCAG 2.2 AA and everything below it. */
    static final List<String> WCAG_22_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa");

    final ChromeDriver driver;
    private final URI base;
    private final Path profile;

    private Browser(ChromeDriver driver, URI base, Path profile) {
        this.driver = driver;
        this.base = base;
        this.profile = profile;
    }

    /** Skips the calling test unless Chromium and chromedriver are installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + DRIVER + ")");
    }

    static Browser start(URI base, int width, int height) {
        assumeInstalled();
        try {
            Path profile = Files.createTempDirectory("wp-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            // the flags this machine needs: no sandbox as root, no network of Chromium's own (the network is closed)
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                    "--lang=en-GB");
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
            return new Browser(driver, base, profile);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    void open(String path) {
        driver.get(base.resolve(path).toString());
    }

    /** Signs in through the sign-in page as a demo person (after dropping any earlier session). */
    void signIn(String user) {
        driver.manage().deleteAllCookies();
        open("/app/sign-in");
        WebElement radio = driver.findElement(By.cssSelector("input[name=user][value='" + user + "']"));
        driver.findElement(By.cssSelector("label[for='" + radio.getAttribute("id") + "']")).click();
        clickAndWait(driver.findElement(By.cssSelector("form[action='/app/sign-in'] button[type=submit]")));
    }

    /** Clicks something that loads a new page, and waits until the new page is there. */
    void clickAndWait(WebElement e) {
        WebElement old = driver.findElement(By.tagName("html"));
        e.click();
        new WebDriverWait(driver, Duration.ofSeconds(120)).until(ExpectedConditions.stalenessOf(old));
        new WebDriverWait(driver, Duration.ofSeconds(30))
                .until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Ticks or chooses a GOV.UK checkbox or radio by clicking its label, as a person does. */
    void choose(String name, String value) {
        WebElement input = find("input[name='" + name + "'][value='" + value + "']");
        if (!input.isSelected()) {
            find("label[for='" + input.getAttribute("id") + "']").click();
        }
    }

    void untick(String name, String value) {
        WebElement input = find("input[name='" + name + "'][value='" + value + "']");
        if (input.isSelected()) {
            find("label[for='" + input.getAttribute("id") + "']").click();
        }
    }

    void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    void submit(String formCss) {
        clickAndWait(find(formCss + " button[type=submit]"));
    }

    String text() {
        return find("main").getText();
    }

    String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    String title() {
        return driver.getTitle();
    }

    /** The element with keyboard focus. */
    WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /** Presses Tab until {@code target} has focus (at most 150 times); fails if it never does. */
    void tabTo(WebElement target) {
        for (int i = 0; i < 150; i++) {
            if (focused().equals(target)) {
                return;
            }
            new Actions(driver).sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError("Tab never reached " + target.getTagName() + " " + target.getAttribute("id"));
    }

    /** Keyboard choice in a radio group: Tab stops once in the group, the arrow keys move the choice. */
    void chooseByKeyboard(String name, String value) {
        tabTo(find("input[name='" + name + "']"));
        WebElement target = find("input[name='" + name + "'][value='" + value + "']");
        for (int i = 0; i < 20 && !focused().equals(target); i++) {
            press(Keys.ARROW_DOWN);
        }
        if (!target.isSelected()) {
            throw new AssertionError("the arrow keys never chose " + value);
        }
    }

    void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** axe-core's violations of WCAG 2.2 AA on the current page, as "rule: targets" lines. */
    List<String> axeViolations() {
        Results results = new AxeBuilder().withTags(WCAG_22_AA).analyze(driver);
        List<String> out = new ArrayList<>();
        for (Rule r : results.getViolations()) {
            List<String> targets = new ArrayList<>();
            r.getNodes().forEach(n -> targets.add(String.valueOf(n.getTarget())));
            out.add(r.getId() + " (" + r.getImpact() + "): " + r.getHelp() + " at " + targets);
        }
        return out;
    }

    /** Whether the page scrolls sideways (it must not, at 320 px or 200% zoom; tables scroll in their own region). */
    boolean overflowsSideways() {
        Object r = ((JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollWidth > window.innerWidth + 1;");
        return Boolean.TRUE.equals(r);
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** A screenshot of the whole page at the current width, to {@code file} (PNG). */
    void screenshot(Path file) throws IOException {
        Dimension before = driver.manage().window().getSize();
        long height = ((Number) script("return Math.max(document.body.scrollHeight, 400);")).longValue();
        driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(height + 140, 6000)));
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(before);
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }

    private static String env(String name, String orElse) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? orElse : v;
    }
}
