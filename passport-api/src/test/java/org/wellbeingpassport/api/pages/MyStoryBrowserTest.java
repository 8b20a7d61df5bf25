package org.wellbeingpassport.api.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditQueries;
import org.wellbeingpassport.api.audit.AuditQuery;

/**
 * My story, add and change, as a resident does it on her phone in a real Chromium: the form with nothing in it shows
 * the GOV.UK error summary and the message at the field; an entry added shows in its section with who wrote it and
 * when; changing it keeps it hers with the new words. In English and in Welsh, with axe-core on every state of the
 * forms. Over plain HTTP: changing a story section she wrote herself, each write audited by the gate first, and a
 * change from a form opened before a newer version is refused, not overwritten.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class MyStoryBrowserTest {
    @Inject
    EmbeddedServer server;
    @Inject
    AuditQueries audit;

    @Test
    void aResidentAddsAnEntryAndChangesItInHerOwnWordsInEnglishAndWelsh() {
        List<String> violations = new ArrayList<>();
        try (Browser b = Browser.start(server.getURI(), 360, 800)) {
            for (String lang : List.of("en", "cy")) {
                b.signIn("nasreen-akhtar");
                b.open("/app/language/" + lang + "?back=/app/me");
                b.clickAndWait(b.find("#add-to-story"));
                assertEquals("/app/me/story/add", b.path());
                axe(b, lang + " add", violations);

                // nothing chosen, nothing written: the error summary, and the message at each field
                b.submit("form[action='/app/me/story/add']");
                assertTrue(b.find(".govuk-error-summary").isDisplayed(), "the error summary");
                String summary = b.find(".govuk-error-summary").getText();
                assertTrue(summary.contains(lang.equals("en") ? "There is a problem" : "Mae problem"), summary);
                assertEquals(2, b.all(".govuk-error-summary__list a").size(), summary);
                assertEquals("#section", b.find(".govuk-error-summary__list a").getAttribute("hash"));
                assertTrue(b.find("#text-error").isDisplayed() && b.find("#section-error").isDisplayed());
                assertTrue(b.title().startsWith(lang.equals("en") ? "Error:" : "Gwall:"), b.title());
                axe(b, lang + " add with errors", violations);

                String words = (lang.equals("en") ? "I would like to volunteer at the library" : "Hoffwn wirfoddoli")
                        + " on Saturdays.";
                b.choose("section", "what-matters");
                b.type("#text", words);
                b.submit("form[action='/app/me/story/add']");
                assertEquals("/app/me", b.path());
                assertTrue(b.find("#story-saved").isDisplayed(), b.text());
                String section = b.find("#section-what-matters").getText();
                assertTrue(section.contains(words), section);
                assertTrue(section.contains("Nasreen Akhtar"), "who wrote it: " + section);
                assertTrue(section.contains(Dates.date(LocalDate.now().toString(), lang)), "when: " + section);
                axe(b, lang + " story after adding", violations);

                // change it, in her own words
                b.clickAndWait(b.driver.findElement(org.openqa.selenium.By
                        .xpath("//section[@id='section-what-matters']" + "//div[contains(@class,'app-entry')][.//p[.='"
                                + words + "']]//a[contains(@class,'app-change')]")));
                assertEquals("/app/me/story/edit", b.path());
                assertEquals(words, b.find("#text").getAttribute("value"));
                b.type("#text", "");
                b.submit("form[action='/app/me/story/edit']");
                assertTrue(b.find(".govuk-error-summary").isDisplayed(), "nothing written: " + b.text());
                axe(b, lang + " edit with errors", violations);
                String changed = words.replace("Saturdays", "Saturday mornings");
                b.type("#text", changed);
                axe(b, lang + " edit", violations);
                b.submit("form[action='/app/me/story/edit']");
                section = b.find("#section-what-matters").getText();
                assertTrue(section.contains(changed) && !section.contains(words), section);
            }
        }
        assertTrue(violations.isEmpty(), "axe-core: " + violations);
    }

    @Test
    void aStorySectionSheWroteIsChangedThroughTheGateAndAStaleFormIsRefused() {
        PageClient jean = new PageClient(server.getURI()).signIn("jean-whitfield");
        String edit = "/app/me/story/edit?type=Composition&id=jean-whitfield-story&section=about-me";
        HttpResponse<String> form = jean.get(edit);
        assertEquals(200, form.statusCode(), "Jean wrote her about-me herself: " + form.body());
        String version = form.body().replaceAll("(?s).*name=\"version\" value=\"([^\"]*)\".*", "$1");
        long before = audit.count(AuditQuery.all().withResident("jean-whitfield").withAction(AuditAction.UPDATE));
        String words = "I am Jean. I like my garden and my grandchildren.\n\nI am getting out more now.";
        HttpResponse<String> saved = jean.submit(edit, "/app/me/story/edit", Map.of("type", "Composition", "id",
                "jean-whitfield-story", "section", "about-me", "version", version, "text", words));
        assertEquals(303, saved.statusCode(), saved.body());
        String story = jean.get("/app/me").body();
        assertTrue(story.contains("I like my garden and my grandchildren.") && story.contains("getting out more"),
                story);
        assertEquals(before + 1,
                audit.count(AuditQuery.all().withResident("jean-whitfield").withAction(AuditAction.UPDATE)),
                "the gate recorded the change");
        // the same form again, from before that change: refused, nothing overwritten
        HttpResponse<String> stale = jean.submit(edit, "/app/me/story/edit", Map.of("type", "Composition", "id",
                "jean-whitfield-story", "section", "about-me", "version", version, "text", "Overwritten"));
        assertEquals(400, stale.statusCode());
        assertTrue(stale.body().contains("changed since you opened it"), stale.body());
        assertFalse(jean.get("/app/me").body().contains("Overwritten"));
        // what someone else wrote is not hers to change: Delroy's assessor's words go to a dispute instead
        PageClient delroy = new PageClient(server.getURI()).signIn("delroy-campbell");
        HttpResponse<String> theirs = delroy
                .get("/app/me/story/edit?type=Composition&id=delroy-campbell-story&section=living-situation");
        assertEquals(303, theirs.statusCode());
        assertFalse(delroy.get("/app/me").body().contains(
                "story/edit?type=Composition&amp;id=delroy-campbell-story" + "&amp;section=living-situation"));
        // too long: the error at the field
        HttpResponse<String> tooLong = jean.submit("/app/me/story/add", "/app/me/story/add",
                Map.of("section", "goals", "text", "x".repeat(2001)));
        assertEquals(400, tooLong.statusCode());
        assertTrue(tooLong.body().contains("Keep it to 2000 characters or fewer"), tooLong.body());
    }

    private static void axe(Browser b, String page, List<String> violations) {
        List<String> v = b.axeViolations();
        if (!v.isEmpty()) {
            violations.add(page + ": " + v);
        }
    }
}
