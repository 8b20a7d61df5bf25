package org.wellbeingpassport.api.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

/**
 * Keyboard only: after signing in, every step is Tab to the control, then Space, Enter or typing into the focused
 * element; no mouse, no script. The resident shares with her link worker by a share code on her phone; the
 * professional finds a person and asks for access.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class KeyboardBrowserTest {
    @Inject
    EmbeddedServer server;

    @Test
    void aResidentSharesWithHerLinkWorkerByKeyboardOnly() {
        try (Browser b = Browser.start(server.getURI(), 360, 800)) {
            b.signIn("jean-whitfield");
            // on a phone the menu is behind its button
            b.tabTo(b.find("button.govuk-service-navigation__toggle"));
            b.press(Keys.ENTER);
            b.tabTo(b.find("a.govuk-service-navigation__link[href='/app/me/share-code']"));
            b.press(Keys.ENTER);
            waitFor(b, "/app/me/share-code");
            for (String section : new String[]{"about-me", "what-matters", "goals", "communication"}) {
                b.tabTo(b.find("input[name=sections][value='" + section + "']"));
                b.press(Keys.SPACE);
            }
            b.chooseByKeyboard("purpose", "support-planning");
            b.tabTo(b.find("form[action='/app/me/share-code'] button[type=submit]"));
            b.press(Keys.ENTER);
            waitFor(b, "/app/me/share-code");
            String code = b.find("#share-code").getText();
            assertTrue(code.matches("[0-9A-Z]{4}-[0-9A-Z]{4}"), b.text());

            // her link worker types it in at his desk, by keyboard too
            b.size(1280, 900);
            b.signIn("prac-sam-okoro");
            b.tabTo(b.find("a.govuk-service-navigation__link[href='/app/pro/share-code']"));
            b.press(Keys.ENTER);
            waitFor(b, "/app/pro/share-code");
            b.tabTo(b.find("#code"));
            b.press(code);
            b.tabTo(b.find("#purpose"));
            b.press("support");
            b.tabTo(b.find("form[action='/app/pro/share-code'] button[type=submit]"));
            b.press(Keys.ENTER);
            waitFor(b, "/app/passports/jean-whitfield");
            assertTrue(b.text().contains("Getting out of the house most days"), b.text());
        }
    }

    @Test
    void aProfessionalFindsAndRequestsByKeyboardOnly() {
        try (Browser b = Browser.start(server.getURI(), 1280, 900)) {
            b.signIn("prac-daniel-osei");
            assertEquals("/app/pro", b.path());
            b.tabTo(b.find("#nhsNumber"));
            b.press(DemoResidents.nhsNumber("nasreen-akhtar"));
            String[] dob = DemoResidents.birthDate("nasreen-akhtar");
            b.press(Keys.TAB, dob[0], Keys.TAB, dob[1], Keys.TAB, dob[2]);
            assertEquals("dob-year", b.focused().getAttribute("id"));
            b.tabTo(b.find("#purpose"));
            b.press("benefits");
            b.tabTo(b.find("input[name=sections][value='goals']"));
            b.press(Keys.SPACE);
            b.tabTo(b.find("input[name=sections][value='communication']"));
            b.press(Keys.SPACE);
            b.tabTo(b.find("#reason"));
            b.press("You asked about work; I can help with your teaching qualifications.");
            b.tabTo(b.find("form[action='/app/pro/find'] button[type=submit]"));
            b.press(Keys.ENTER);
            waitFor(b, "/app/pro/requests/");
            assertEquals("Waiting", b.find("#request-status").getText());
        }
    }

    private static void waitFor(Browser b, String pathPrefix) {
        for (int i = 0; i < 100 && !b.path().startsWith(pathPrefix); i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        new org.openqa.selenium.support.ui.WebDriverWait(b.driver, java.time.Duration.ofSeconds(30))
                .until(d -> "complete".equals(b.script("return document.readyState")));
        assertTrue(b.path().startsWith(pathPrefix), "expected " + pathPrefix + " but at " + b.path());
    }
}
