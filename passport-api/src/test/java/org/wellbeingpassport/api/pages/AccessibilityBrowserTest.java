package org.wellbeingpassport.api.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;

/**
 * Every page, in English and in Welsh, checked by axe-core in a real Chromium for WCAG 2.2 AA: no violations. The
 * resident's pages at 320 px wide and the professional's at 640 px (1280 px at 200% zoom) must not scroll sideways.
 * The run also writes screenshots of the main pages to docs/screenshots (resident at phone width, professional at
 * desktop width), linked from the README.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class AccessibilityBrowserTest {
    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;

    /** A pending request to Nasreen, so her requests page has its form. */
    String askNasreen() throws Exception {
        Http aisha = new Http(server.getURI()).as(new TestTokens(tokens).demo("prac-aisha-begum"));
        var r = aisha.post("/access-requests",
                "{\"nhsNumber\":\"" + DemoResidents.nhsNumber("nasreen-akhtar") + "\",\"birthDate\":\""
                        + DemoResidents.patient("nasreen-akhtar").getBirthDateElement().getValueAsString()
                        + "\",\"purpose\":\"support-planning\",\"sections\":[\"about-me\",\"goals\"],"
                        + "\"reason\":\"We met at the community centre; I would like to help with your goals.\"}",
                "Content-Type", "application/json");
        assertEquals(202, r.statusCode(), r.body());
        return r.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    }

    @Test
    void everyPageInBothLanguagesHasNoWcag22AaViolations() throws Exception {
        String requestId = askNasreen();
        Map<String, List<String>> violations = new LinkedHashMap<>();
        List<String> overflow = new ArrayList<>();
        Path shots = screenshots();
        try (Browser b = Browser.start(server.getURI(), 320, 900)) {
            for (String lang : List.of("en", "cy")) {
                b.driver.manage().deleteAllCookies();
                b.size(320, 900);
                b.open("/app/language/" + lang + "?back=/app/sign-in");
                check(b, "sign-in", violations, overflow, lang);
                // a form sent with nothing chosen: the error summary
                b.submit("form[action='/app/sign-in']");
                check(b, "sign-in with an error", violations, overflow, lang);

                // the resident, at phone width
                b.signIn("jean-whitfield");
                setLang(b, lang);
                for (String p : List.of("/app/me", "/app/me/sharing", "/app/me/sharing/walking-group/stop",
                        "/app/me/preview",
                        "/app/me/preview?role=social-prescribing-link-worker&organisationType=gp-practice"
                                + "&purpose=support-planning",
                        "/app/me/share-code", "/app/me/who-looked", "/app/me/entries", "/app/me/carers",
                        "/app/me/leave")) {
                    b.open(p);
                    check(b, p, violations, overflow, lang);
                    shot(b, shots, lang, "resident", p);
                }
                b.open("/app/me/share-code");
                b.submit("form[action='/app/me/share-code']");
                check(b, "share code with errors", violations, overflow, lang);
                b.choose("sections", "about-me");
                b.choose("sections", "communication");
                b.choose("purpose", "support-planning");
                b.submit("form[action='/app/me/share-code']");
                assertTrue(b.find("#share-code").getText().matches("[0-9A-Z]{4}-[0-9A-Z]{4}"), b.text());
                check(b, "share code made", violations, overflow, lang);
                shot(b, shots, lang, "resident", "/app/me/share-code-made");

                b.signIn("nasreen-akhtar");
                setLang(b, lang);
                b.open("/app/me/requests");
                assertTrue(b.all("#approve-" + requestId).size() == 1, "the request is there to answer");
                check(b, "requests", violations, overflow, lang);
                shot(b, shots, lang, "resident", "/app/me/requests");

                b.signIn("ikenna-eze");
                setLang(b, lang);
                b.open("/app/me/carers");
                check(b, "carers (with one)", violations, overflow, lang);

                // the carer
                b.signIn("grace-eze");
                setLang(b, lang);
                for (String p : List.of("/app/carer", "/app/passports/ikenna-eze?purpose=care-coordination")) {
                    b.open(p);
                    check(b, p, violations, overflow, lang);
                }

                // the professional, at 640 px (a desktop at 200% zoom), screenshots at desktop width
                b.signIn("prac-aisha-begum");
                setLang(b, lang);
                b.size(640, 900);
                for (String p : List.of("/app/pro", "/app/pro/requests/" + requestId, "/app/pro/share-code",
                        "/app/pro/notifications", "/app/pro/break-glass",
                        "/app/passports/no-such-person?purpose=support-planning")) {
                    b.open(p);
                    check(b, p, violations, overflow, lang);
                }
                b.open("/app/pro");
                b.submit("form[action='/app/pro/find']");
                check(b, "find with errors", violations, overflow, lang);
                b.open("/app/pro/break-glass");
                b.submit("form[action='/app/pro/break-glass']");
                check(b, "break glass with errors", violations, overflow, lang);

                b.signIn("prac-sam-okoro");
                setLang(b, lang);
                b.open("/app/passports/jean-whitfield?purpose=support-planning");
                check(b, "passport", violations, overflow, lang);
                b.size(1280, 900);
                for (String p : List.of("/app/passports/jean-whitfield?purpose=support-planning", "/app/pro",
                        "/app/pro/break-glass")) {
                    b.open(p);
                    shot(b, shots, lang, "professional", p);
                }
                b.open("/app/me");
                check(b, "a resident's page to a professional (refused)", violations, overflow, lang);
            }
        }
        assertTrue(violations.isEmpty(), "axe-core found WCAG 2.2 AA violations: " + violations);
        assertTrue(overflow.isEmpty(), "pages that scroll sideways: " + overflow);
    }

    private static void setLang(Browser b, String lang) {
        b.open("/app/language/" + lang + "?back=/app");
    }

    private static void check(Browser b, String page, Map<String, List<String>> violations, List<String> overflow,
            String lang) {
        String html = b.driver.getPageSource();
        assertTrue(html.contains("lang=\"" + lang + "\""), page + " is marked as " + lang);
        assertFalse(b.title().isBlank(), page + " has a title");
        List<String> v = b.axeViolations();
        if (!v.isEmpty()) {
            violations.put(lang + " " + page, v);
        }
        if (b.overflowsSideways()) {
            overflow.add(lang + " " + page);
        }
    }

    private static void shot(Browser b, Path dir, String lang, String who, String page) throws Exception {
        if (!lang.equals("en") && !page.equals("/app/me")) {
            return; // Welsh: one example page
        }
        String name = who + "-" + page.replaceAll("\\?.*", "").replaceAll("^/app/?", "").replaceAll("[^a-z0-9]+", "-")
                .replaceAll("-$", "") + (lang.equals("en") ? "" : "-cy") + ".png";
        b.screenshot(dir.resolve(name.replace("--", "-")));
    }

    /** docs/screenshots at the root of the build (the tests run in passport-api/). */
    static Path screenshots() {
        Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        Path root = Files.exists(here.resolve("docs")) ? here : here.getParent();
        return root.resolve("docs").resolve("screenshots");
    }
}
