package io.jenkins.plugins.sdejobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sdejobs.e2e.Builds.Build;
import io.jenkins.plugins.sdejobs.simulator.Simulator;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Scenario 2 as a person does it, in headless Chromium: fill Manage Jenkins » System » SD Elements and save.
 * Also the screenshots in docs/jenkins.md: that page, the Snippet Generator with sdeJob, and a build's page.
 */
@Order(50)
class BrowserIT {
    /** The chunk that "Add SD Elements server" adds: the last of the repeatable {@code servers}. */
    private static final String NEW_SERVER = "div.repeated-chunk.last[name='servers']";
    private final JenkinsInstance jenkins = Suite.jenkins();
    private final Simulator sim = Suite.simulator();
    private Browser browser;

    @BeforeEach
    void open() {
        Browser.assumeFrontend(jenkins.admin());
        browser = Browser.open();
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.close();
        }
        Suite.restoreBaseline();
    }

    @Test
    void anAdministratorAddsAServerInTheBrowserAndSavesIt() throws Exception {
        browser.get(jenkins.url() + "manage/configure");
        WebElement add = browser.find(By.xpath("//button[normalize-space()='Add SD Elements server']"));
        browser.script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", add);
        WebElement chunk = browser.visible(By.cssSelector(NEW_SERVER));
        type(chunk.findElement(By.name("_.name")), "staging");
        type(chunk.findElement(By.name("_.url")), "https://sde-staging.example.com");
        // Jenkins replaces the list when it fills it in, so it is found afresh each time
        By credentials = By.name("_.credentialsId");
        waitFor(() -> {
            try {
                return new Select(chunk.findElement(credentials)).getOptions().stream()
                        .anyMatch(o -> Suite.CREDENTIALS.equals(o.getAttribute("value")));
            } catch (org.openqa.selenium.StaleElementReferenceException replacedMeanwhile) {
                return false;
            }
        });
        choose(chunk.findElement(credentials), Suite.CREDENTIALS);
        // the picture shows the page as a person sees it once it has settled: every check answered, nothing focused
        // A check that ran before its field was typed in (the new chunk's empty name and URL) is run again, as leaving
        // the field would: the picture must show no error that the page would not show a person.
        waitFor(() -> {
            if (chunk.findElements(By.cssSelector(".error")).stream().noneMatch(WebElement::isDisplayed)) {
                return true;
            }
            for (WebElement field : chunk.findElements(By.cssSelector("input, select"))) {
                browser.script("arguments[0].dispatchEvent(new Event('change', {bubbles: true}));"
                        + " arguments[0].dispatchEvent(new Event('blur'));", field);
            }
            return false;
        });
        settle();
        assertThat(chunk.getText()).doesNotContain("Give the server a name").doesNotContain("The URL is required");
        browser.screenshot(E2eSettings.screenshots().resolve("global-configuration.png"));

        browser.script("arguments[0].click();", browser.find(By.name("Submit")));
        waitFor(() -> !browser.currentUrl().endsWith("/configure"));

        String saved = Files.readString(jenkins.home().resolve(GlobalConfigurationIT.SAVED));
        assertThat(saved).contains("<name>sim</name>", "<url>" + sim.url() + "</url>", "<name>staging</name>",
                "<url>https://sde-staging.example.com</url>", "<credentialsId>" + Suite.CREDENTIALS + "</credentialsId>");
    }

    @Test
    void theSnippetGeneratorWritesSdeJob() {
        browser.get(jenkins.url() + "pipeline-syntax/");
        Select steps = new Select(browser.find(By.cssSelector("select.dropdownList")));
        steps.getOptions().stream().filter(o -> o.getText().startsWith("sdeJob:")).findFirst().orElseThrow().click();
        browser.script("arguments[0].dispatchEvent(new Event('change'))", browser.find(By.cssSelector("select.dropdownList")));
        Select kind = new Select(browser.visible(By.cssSelector("select[name='_.kind']")));
        waitFor(() -> kind.getOptions().size() == 3);
        kind.selectByValue("alm");
        WebElement connection = browser.visible(By.cssSelector("input[name='_.connection']"));
        // a connection by its name, as people know it; set as a paste would, so no empty suggestion list stays open
        // in the picture (the global Snippet Generator has no job, so it suggests nothing)
        browser.script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                connection, "Jira Cloud");
        // the page holds every step's form: the sdeJob form's own Advanced button is the first after its connection field
        WebElement advanced = browser.find(By.xpath("//input[@name='_.connection']/following::button[contains(@class, 'advanced-button')][1]"));
        browser.script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", advanced);
        choose(browser.visible(By.cssSelector("select[name='_.whenPending']")), "join");
        choose(browser.visible(By.cssSelector("select[name='_.failedJobResult']")), "UNSTABLE");
        browser.script("arguments[0].click();", browser.find(By.id("generatePipelineScript")));
        WebElement script = browser.visible(By.id("prototypeText"));
        waitFor(() -> script.getAttribute("value").startsWith("sdeJob"));

        assertThat(script.getAttribute("value"))
                .isEqualTo("sdeJob connection: 'Jira Cloud', failedJobResult: 'UNSTABLE', kind: 'alm', whenPending: 'join'");
        settle();
        browser.screenshot(E2eSettings.screenshots().resolve("snippet-generator.png"));
    }

    @Test
    void aFinishedBuildsPageListsItsJobs() {
        Builds builds = new Builds(jenkins.admin());
        sim.startJobAs(Suite.ALM_SLOW, "colleague@example.com"); // queued for 10 minutes: the build joins it
        Build b = builds.runPipeline("pictured", "sdeJob kind: 'alm', connection: 'Jira Cloud'\n"
                + "sdeJob kind: 'analysis', connection: 2\nsdeJob kind: 'ldap', connection: 3, failedJobResult: 'SUCCESS'\n"
                + "sdeJob kind: 'alm', connection: 'Slow Jira', whenPending: 'join', wait: false");
        assertThat(b.result()).as(b.console()).isEqualTo("SUCCESS");
        browser.get(jenkins.url() + "job/pictured/" + b.number() + "/");

        WebElement table = browser.visible(By.id("sde-jobs"));
        assertThat(table.findElements(By.cssSelector("tr.sde-job"))).hasSize(4);
        assertThat(table.findElements(By.cssSelector(".sde-joined"))).hasSize(1);
        settle();
        browser.screenshot(E2eSettings.screenshots().resolve("build-page.png"));
    }

    /** Picks an option as a person's choice does (the change event), without leaving the list focused in the picture. */
    private void choose(WebElement select, String value) {
        browser.script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                select, value);
        assertThat(new Select(select).getFirstSelectedOption().getAttribute("value")).isEqualTo(value);
    }

    /** Nothing focused, and a moment for the last check's answer to be drawn, as a person would see the page. */
    private void settle() {
        browser.script("if (document.activeElement) { document.activeElement.blur(); }"
                + " document.body.setAttribute('tabindex', '-1'); document.body.focus({preventScroll: true});");
    }

    private void type(WebElement field, String text) {
        browser.script("arguments[0].scrollIntoView({block: 'center'});", field);
        field.clear();
        field.sendKeys(text, Keys.TAB); // leaving the field runs its check, as for a person
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        if (!Builds.within(Duration.ofSeconds(20), condition)) {
            throw new AssertionError("the page did not get there within 20 s");
        }
    }
}
