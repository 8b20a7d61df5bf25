package org.wellbeingpassport.api.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every page in Cymraeg says nothing from the English bundle: each page (and each form's error state) is fetched with
 * the Welsh language cookie over real HTTP, and its words (text, titles, labels, hidden text for screen readers) must
 * contain no English service string (one that differs from its Welsh), and no unresolved message key. The bundles
 * themselves must have the same keys, so that a further language is a file.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class WelshPagesTest {
    /** An element whose words are marked as English (lang="en"): a paragraph in these templates. */
    static final java.util.regex.Pattern MARKED_ENGLISH = java.util.regex.Pattern
            .compile("(?s)<p [^>]*lang=\"en\"[^>]*>.*?</p>");

    static final java.util.regex.Pattern ISO_DATE = java.util.regex.Pattern
            .compile("\\b\\d{4}-\\d{2}-\\d{2}(?:T[0-9:.]+(?:Z|[+-]\\d{2}:\\d{2})?)?\\b");

    @Inject
    EmbeddedServer server;
    int markedEnglish;

    @Test
    void theBundlesHaveTheSameKeys() {
        Properties en = bundle("/i18n/messages.properties");
        Properties cy = bundle("/i18n/messages_cy.properties");
        TreeSet<String> onlyEn = new TreeSet<>(en.stringPropertyNames());
        onlyEn.removeAll(cy.stringPropertyNames());
        TreeSet<String> onlyCy = new TreeSet<>(cy.stringPropertyNames());
        onlyCy.removeAll(en.stringPropertyNames());
        assertTrue(onlyEn.isEmpty() && onlyCy.isEmpty(), "only in English: " + onlyEn + "; only in Welsh: " + onlyCy);
    }

    @Test
    void noWelshPageShowsAnEnglishServiceString() {
        Map<String, String> english = englishOnly();
        Map<String, List<String>> found = new LinkedHashMap<>();
        int pages = 0;

        // a request waiting for Nasreen, so her requests page and Aisha's request page have something to show
        PageClient aisha = new PageClient(server.getURI()).signIn("prac-aisha-begum").language("cy");
        String[] dob = DemoResidents.birthDate("nasreen-akhtar");
        HttpResponse<String> asked = aisha.submit("/app/pro", "/app/pro/find",
                Map.of("nhsNumber", DemoResidents.nhsNumber("nasreen-akhtar"), "dob-day", dob[0], "dob-month", dob[1],
                        "dob-year", dob[2], "purpose", "support-planning", "sections", "goals", "reason",
                        "Cwrdd yn y ganolfan gymunedol"));
        assertEquals(303, asked.statusCode(), asked.body());
        String requestPage = asked.headers().firstValue("Location").orElseThrow();
        // someone looked at Jean's passport, so her "who looked" page has a line
        PageClient sam = new PageClient(server.getURI()).signIn("prac-sam-okoro").language("cy");
        sam.get("/app/passports/jean-whitfield?purpose=support-planning");

        // Delroy asks for a correction of the assessor's entry, so Linda Crane has a notification (with its time)
        PageClient delroy = new PageClient(server.getURI()).signIn("delroy-campbell").language("cy");
        HttpResponse<String> disputed = delroy.submit("/app/me", "/app/me/entries/dispute",
                Map.of("type", "Composition", "id", "delroy-campbell-story", "section", "living-situation", "reason",
                        "Does dim teledu gyda ni."));
        assertEquals(303, disputed.statusCode(), disputed.body());
        PageClient linda = new PageClient(server.getURI()).signIn("prac-linda-crane").language("cy");
        HttpResponse<String> told = linda.get("/app/pro/notifications");
        assertTrue(told.body().contains("class=\"app-entry\""), "Linda has a notification");

        PageClient anon = new PageClient(server.getURI()).language("cy");
        pages += check(found, english, "sign-in", anon.get("/app/sign-in"));
        pages += check(found, english, "sign-in (error)",
                anon.post("/app/sign-in", "csrf=" + anon.token("/app/sign-in")));

        PageClient jean = new PageClient(server.getURI()).signIn("jean-whitfield").language("cy");
        for (String p : List.of("/app/me", "/app/me/sharing", "/app/me/sharing/walking-group/stop", "/app/me/preview",
                "/app/me/preview?role=gp&organisationType=gp-practice&purpose=direct-care", "/app/me/share-code",
                "/app/me/who-looked", "/app/me/entries", "/app/me/carers", "/app/me/leave", "/app/me/story/add",
                "/app/me/story/edit?type=Composition&id=jean-whitfield-story&section=about-me", "/app/pro")) {
            pages += check(found, english, p, jean.get(p));
        }
        pages += check(found, english, "share code (errors)",
                jean.submit("/app/me/share-code", "/app/me/share-code", Map.of()));
        pages += check(found, english, "share code made", jean.submit("/app/me/share-code", "/app/me/share-code",
                Map.of("sections", "goals", "purpose", "support-planning")));
        pages += check(found, english, "add to my story (errors)",
                jean.submit("/app/me/story/add", "/app/me/story/add", Map.of()));
        pages += check(found, english, "leave (errors)", jean.submit("/app/me/leave", "/app/me/leave", Map.of()));

        PageClient nasreen = new PageClient(server.getURI()).signIn("nasreen-akhtar").language("cy");
        pages += check(found, english, "/app/me/requests", nasreen.get("/app/me/requests"));

        PageClient grace = new PageClient(server.getURI()).signIn("grace-eze").language("cy");
        for (String p : List.of("/app/carer", "/app/passports/ikenna-eze?purpose=care-coordination")) {
            pages += check(found, english, p, grace.get(p));
        }

        for (String p : List.of("/app/pro", requestPage, "/app/pro/share-code", "/app/pro/notifications",
                "/app/pro/break-glass", "/app/passports/no-such-person?purpose=support-planning")) {
            pages += check(found, english, p, aisha.get(p));
        }
        pages += check(found, english, "notifications (one)", linda.get("/app/pro/notifications"));
        pages += check(found, english, "/app/me/entries (a correction asked)", delroy.get("/app/me/entries"));
        pages += check(found, english, "find (errors)", aisha.submit("/app/pro", "/app/pro/find", Map.of()));
        pages += check(found, english, "break glass (errors)",
                aisha.submit("/app/pro/break-glass", "/app/pro/break-glass", Map.of()));
        pages += check(found, english, "share code (errors)",
                aisha.submit("/app/pro/share-code", "/app/pro/share-code", Map.of("code", "ZZZZ-ZZZZ")));
        pages += check(found, english, "passport", sam.get("/app/passports/jean-whitfield?purpose=support-planning"));

        System.out.println("Welsh pages: " + pages + " pages checked against " + english.size()
                + " English service strings; pages with English: " + found.size() + "; parts marked as English: "
                + markedEnglish);
        assertTrue(pages >= 30, "pages checked: " + pages);
        assertTrue(found.isEmpty(), "English on Welsh pages: " + found);
    }

    /** Records the English strings on a page; returns 1 (a page checked). */
    private int check(Map<String, List<String>> found, Map<String, String> english, String page,
            HttpResponse<String> r) {
        String html = r.body();
        assertTrue(html.contains("lang=\"cy\""), page + " is in Welsh (" + r.statusCode() + ")");
        // parts marked as English (sentences services still write in English: who looked, notifications, the
        // consent engine's reasons) are announced as English to screen readers; they are counted, not failed
        java.util.regex.Matcher marked = MARKED_ENGLISH.matcher(html);
        while (marked.find()) {
            markedEnglish++;
        }
        String words = ConsentOracle.unescape(
                MARKED_ENGLISH.matcher(withoutRecords(html)).replaceAll(" ").replaceAll("(?s)<script.*?</script>", " ")
                        .replaceAll("(?s)<[^>]*\\b(?:title|aria-label|alt|placeholder)=\"([^\"]*)\"[^>]*>", " $1 ")
                        .replaceAll("(?s)<[^>]*>", " ").replaceAll("\\s+", " "));
        List<String> here = new ArrayList<>();
        english.forEach((key, fragment) -> {
            if (words.contains(fragment)) {
                here.add(key + " \"" + fragment + "\"");
            }
        });
        // dates and times are written for people ("2 Rhagfyr 2026, 18:45"), never as ISO text, anywhere on the page
        // but a person's own record (marked-English sentences included)
        java.util.regex.Matcher iso = ISO_DATE.matcher(ConsentOracle.unescape(
                withoutRecords(html).replaceAll("(?s)<script.*?</script>", " ").replaceAll("(?s)<[^>]*>", " ")));
        if (iso.find()) {
            here.add("a date as ISO text: " + iso.group());
        }
        java.util.regex.Matcher unresolved = java.util.regex.Pattern.compile("\\?\\?[A-Za-z0-9._-]+\\?\\?")
                .matcher(words);
        if (unresolved.find()) {
            here.add("an unresolved message key " + unresolved.group());
        }
        if (words.matches("(?s).*\\{\\d}.*")) {
            here.add("an argument left unfilled (a quote in a message with arguments?)");
        }
        if (!here.isEmpty()) {
            found.put(page, here);
        }
        return 1;
    }

    /**
     * The page without the entries of a person's record (their words, and coded data from other systems such as a
     * SNOMED CT referral's English name): those are what the person or system wrote, not the service's words.
     */
    static String withoutRecords(String html) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int start = html.indexOf("<div class=\"app-entry", i);
            if (start < 0) {
                return out.append(html, i, html.length()).toString();
            }
            out.append(html, i, start);
            int depth = 0;
            int at = start;
            do {
                int open = html.indexOf("<div", at + 1);
                int close = html.indexOf("</div>", at + 1);
                if (open >= 0 && open < close) {
                    depth++;
                    at = open;
                } else {
                    depth--;
                    at = close;
                }
            } while (depth >= 0 && at >= 0);
            i = at < 0 ? html.length() : at + "</div>".length();
        }
    }

    /**
     * English service strings that a Welsh page must not contain: for each key whose English differs from its Welsh,
     * the longest part of the English between arguments, when it is long enough not to be a name or a word that
     * both languages share.
     */
    private static Map<String, String> englishOnly() {
        Properties en = bundle("/i18n/messages.properties");
        Properties cy = bundle("/i18n/messages_cy.properties");
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : new TreeSet<>(en.stringPropertyNames())) {
            String e = en.getProperty(key);
            if (e.equals(cy.getProperty(key))) {
                continue;
            }
            String longest = "";
            for (String part : e.replace("''", "'").split("\\{\\d+}")) {
                if (part.strip().length() > longest.length()) {
                    longest = part.strip();
                }
            }
            if (longest.length() >= 12 && longest.contains(" ")) {
                out.put(key, longest);
            }
        }
        return out;
    }

    private static Properties bundle(String file) {
        Properties p = new Properties();
        try (InputStream in = WelshPagesTest.class.getResourceAsStream(file)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }
}
