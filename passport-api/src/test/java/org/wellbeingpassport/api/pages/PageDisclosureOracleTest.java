package org.wellbeingpassport.api.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditEntry;
import org.wellbeingpassport.api.audit.AuditQueries;
import org.wellbeingpassport.api.audit.AuditQuery;
import org.wellbeingpassport.api.auth.AuthSettings;
import org.wellbeingpassport.api.demo.DemoPeople;
import org.wellbeingpassport.api.passport.DirectiveStore;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.example.ExamplePassports;

/**
 * The gate's oracle over the page routes (issue 14): for every demo resident and a matrix of readers (every demo
 * professional, with and without consent, for every purpose; the carer; a safeguarding lead before and after breaking
 * the glass) the professional's passport page, the carer's pages and the resident's own "what would they see"
 * preview are fetched over real HTTP with a signed-in session, and checked against {@link ConsentOracle} (the test's
 * own reading of the resident's directives, not the code under test): no value of a part the consent certainly
 * withholds appears anywhere in the HTML (text, attributes, titles), no withheld section is anchored or headed, and
 * every page read produced its audit entry (a READ by that caller about that resident for that purpose, or the
 * resident's PREVIEW), whose disclosed list names no certainly withheld section. Then, for counts and anything else
 * that could differ with what is withheld: a resident adds an entry to a section a reader cannot see, and that
 * reader's page is byte for byte the same as before. Prints the number of cases and of leaks.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class PageDisclosureOracleTest {
    @Inject
    EmbeddedServer server;
    @Inject
    DirectiveStore directives;
    @Inject
    AuditQueries audit;
    @Inject
    AuthSettings auth;

    /** Page furniture: every service string in both languages (a value equal to one is not evidence of a leak). */
    static final Set<String> MESSAGES = messages();

    record Resident(String key, List<ConsentOracle.Part> parts) {
    }

    final List<String> leaks = new ArrayList<>();
    int cases;
    int shownSomething;
    int withheldSomething;
    int checkedValues;

    @Test
    void noPageShowsAWithheldValueAndEveryPageReadIsAudited() {
        Instant now = Instant.now();
        List<Resident> residents = new ArrayList<>();
        for (ExamplePassports.NamedResident n : ExamplePassports.named()) {
            residents.add(new Resident(n.key(), ConsentOracle.parts(resources(n.passport()))));
        }
        List<DemoPeople.Person> pros = DemoPeople.all().stream().filter(p -> p.kind().equals("professional")).toList();

        // 1. every professional, every resident, every purpose: the passport page
        for (DemoPeople.Person pro : pros) {
            PageClient page = new PageClient(server.getURI()).signIn(pro.key());
            ConsentOracle.Reader reader = reader(pro);
            for (Resident r : residents) {
                for (Purpose purpose : Purpose.values()) {
                    passportPage(page, pro.key(), pro.name(), reader, r, purpose, now, false);
                }
            }
        }

        // 2. the carer: her own page, and every resident's passport page for every purpose
        String carerAccount = auth.getIssuer() + "|carer:" + DemoPeople.CARER_KEY;
        ConsentOracle.Reader carer = ConsentOracle.Reader.carer(carerAccount);
        PageClient grace = new PageClient(server.getURI()).signIn(DemoPeople.CARER_KEY);
        for (String lang : List.of("en", "cy")) {
            grace.language(lang);
            String home = grace.get("/app/carer").body();
            for (Resident r : residents) {
                cases++;
                DirectiveSet d = directives.current(r.key());
                // what she may not see for any purpose must not be on her list of people she helps
                Set<String> never = null;
                for (Purpose purpose : Purpose.values()) {
                    Set<String> w = ConsentOracle.withheldValues(r.parts(),
                            p -> ConsentOracle.mayShow(p, carer, purpose, now, d, false));
                    if (never == null) {
                        never = new LinkedHashSet<>(w);
                    } else {
                        never.retainAll(w);
                    }
                }
                check("carer home / " + r.key() + " / " + lang, home, furnitureRemoved(never, "Grace Eze"), Set.of());
            }
        }
        grace.language("en");
        for (Resident r : residents) {
            for (Purpose purpose : Purpose.values()) {
                passportPage(grace, carerAccount, "Grace Eze", carer, r, purpose, now, false);
            }
        }

        // 3. a safeguarding lead breaks the glass for each resident: what he then sees is the minimal set at most
        DemoPeople.Person lead = pros.stream().filter(p -> "safeguarding-lead".equals(p.claims().get("wp_role")))
                .findFirst().orElseThrow();
        PageClient marcus = new PageClient(server.getURI()).signIn(lead.key());
        for (Resident r : residents) {
            HttpResponse<String> broke = marcus.submit("/app/pro/break-glass", "/app/pro/break-glass",
                    Map.of("residentId", r.key(), "reason", "Concern raised at discharge", "minutes", "30",
                            "understood", "yes"));
            assertEquals(303, broke.statusCode(), "break glass for " + r.key() + ": " + broke.body());
            for (Purpose purpose : Purpose.values()) {
                passportPage(marcus, lead.key(), lead.name(), reader(lead), r, purpose, now, true);
            }
        }

        // 4. each resident's "what would they see", as every demo professional's role and kind of organisation
        Set<List<String>> kinds = new LinkedHashSet<>();
        for (DemoPeople.Person pro : pros) {
            kinds.add(List.of((String) pro.claims().get("wp_role"), (String) pro.claims().get("wp_org_type")));
        }
        for (Resident r : residents) {
            PageClient me = new PageClient(server.getURI()).signIn(r.key());
            String account = auth.getIssuer() + "|resident:" + r.key();
            DirectiveSet d = directives.current(r.key());
            for (List<String> kind : kinds) {
                ConsentOracle.Reader anyone = ConsentOracle.Reader.professional("preview-practitioner", kind.get(0),
                        "preview-organisation", kind.get(1));
                for (Purpose purpose : Purpose.values()) {
                    String what = "preview / " + r.key() + " / " + kind + " / " + purpose.code();
                    long before = count(r.key(), account, AuditAction.PREVIEW);
                    HttpResponse<String> res = me.get("/app/me/preview?role=" + kind.get(0) + "&organisationType="
                            + kind.get(1) + "&purpose=" + purpose.code());
                    cases++;
                    if (res.statusCode() != 200) {
                        leaks.add(what + ": answered " + res.statusCode());
                        continue;
                    }
                    Predicate<ConsentOracle.Part> may = p -> ConsentOracle.mayShow(p, anyone, purpose, now, d, false);
                    // the resident's own words are on the form above; what "they would see" follows the reasons
                    String html = res.body();
                    String theySee = html.substring(Math.max(0, html.lastIndexOf("</dl>")));
                    tally(r, may);
                    check(what, theySee, furnitureRemoved(ConsentOracle.withheldValues(r.parts(), may), ""),
                            ConsentOracle.hiddenSections(r.parts(), may));
                    if (count(r.key(), account, AuditAction.PREVIEW) != before + 1) {
                        leaks.add(what + ": no audit entry for the preview");
                    }
                }
            }
        }

        System.out.println("Page disclosure oracle: " + cases + " cases (" + shownSomething + " showing something, "
                + withheldSomething + " withholding something, " + checkedValues + " withheld values looked for), "
                + leaks.size() + " leaks");
        // the check can fail: what the oracle withholds from Jean's link worker is on her GP's page, where it may be
        Resident jean = residents.stream().filter(r -> r.key().equals("jean-whitfield")).findFirst().orElseThrow();
        DemoPeople.Person sam = pros.stream().filter(p -> p.key().equals("prac-sam-okoro")).findFirst().orElseThrow();
        DirectiveSet jeans = directives.current("jean-whitfield");
        Set<String> fromSam = ConsentOracle.withheldValues(jean.parts(),
                p -> ConsentOracle.mayShow(p, reader(sam), Purpose.SUPPORT_PLANNING, now, jeans, false));
        assertTrue(fromSam.stream().anyMatch(v -> v.contains("Arthritis in my knees")),
                "withheld from Sam: " + fromSam);
        String gpPage = new PageClient(server.getURI()).signIn("prac-helen-moss")
                .get("/app/passports/jean-whitfield?purpose=direct-care").body();
        assertTrue(ConsentOracle.firstFound(gpPage, furnitureRemoved(fromSam, "")).isPresent(),
                "the check finds withheld values on a page that has them");
        leaks.forEach(l -> System.out.println("LEAK " + l));
        assertTrue(leaks.isEmpty(), leaks.size() + " leaks:\n" + String.join("\n", leaks));
        // the oracle is only as good as its cases: enough must show something (the demo's consents are few: most
        // readers see nothing of most residents) and most must withhold something
        assertTrue(cases > 1500, "cases: " + cases);
        assertTrue(shownSomething > 50 && withheldSomething > 1000,
                "cases showing something: " + shownSomething + ", withholding something: " + withheldSomething);
    }

    /**
     * Counts, and anything else on a page that could differ with what is withheld: Jean adds words to her health
     * section, which her link worker may not see; his page does not change by a byte, while her GP practice's does.
     */
    @Test
    void withheldContentChangesNothingOnAReadersPage() {
        PageClient sam = new PageClient(server.getURI()).signIn("prac-sam-okoro");
        String page = "/app/passports/jean-whitfield?purpose=support-planning";
        String before = sam.get(page).body();
        PageClient jean = new PageClient(server.getURI()).signIn("jean-whitfield");
        HttpResponse<String> added = jean.submit("/app/me/story/add?section=health-and-wellbeing", "/app/me/story/add",
                Map.of("section", "health-and-wellbeing", "text",
                        "My knees are worse on cold mornings; the physio exercises help."));
        assertEquals(303, added.statusCode(), added.body());
        assertTrue(jean.get("/app/me").body().contains("the physio exercises help"), "Jean's entry is in her story");
        String after = sam.get(page).body();
        if (!before.equals(after)) {
            throw new AssertionError("Sam's page changed when Jean added to a section he cannot see");
        }
        // and the GP practice, who may see her health, does see it (the entry was made, the check can fail)
        PageClient helen = new PageClient(server.getURI()).signIn("prac-helen-moss");
        assertTrue(helen.get("/app/passports/jean-whitfield?purpose=direct-care").body()
                .contains("the physio exercises help"), "her GP practice sees the new entry");

    }

    private void passportPage(PageClient page, String actorId, String readerName, ConsentOracle.Reader reader,
            Resident r, Purpose purpose, Instant now, boolean breakGlass) {
        String what = reader.kind() + " " + actorId + " / " + r.key() + " / " + purpose.code()
                + (breakGlass ? " (glass broken)" : "");
        DirectiveSet d = directives.current(r.key());
        Predicate<ConsentOracle.Part> may = p -> ConsentOracle.mayShow(p, reader, purpose, now, d, breakGlass);
        long before = count(r.key(), actorId, AuditAction.READ);
        HttpResponse<String> res = page.get("/app/passports/" + r.key() + "?purpose=" + purpose.code());
        cases++;
        tally(r, may);
        boolean anything = r.parts().stream().anyMatch(may);
        if (res.statusCode() == 200) {
            if (!anything) {
                leaks.add(what + ": a passport page where the consent shows nothing");
            }
        } else if (res.statusCode() != 404) {
            leaks.add(what + ": answered " + res.statusCode());
            return;
        }
        check(what, res.body(), furnitureRemoved(ConsentOracle.withheldValues(r.parts(), may), readerName),
                ConsentOracle.hiddenSections(r.parts(), may));
        // the page read was audited: one new READ by this caller, about this resident, for this purpose
        long after = count(r.key(), actorId, AuditAction.READ);
        if (after != before + 1) {
            leaks.add(what + ": " + (after - before) + " audit entries for one page read");
            return;
        }
        AuditEntry e = audit
                .searchNewestFirst(
                        AuditQuery.all().withResident(r.key()).withActor(actorId).withAction(AuditAction.READ).limit(1))
                .get(0).entry();
        if (!e.purpose().orElse("").equals(purpose.code())) {
            leaks.add(what + ": audited for purpose " + e.purpose());
        }
        if (e.breakGlass() && !breakGlass) {
            leaks.add(what + ": audited as break-glass without a broken glass");
        }
        for (String s : ConsentOracle.hiddenSections(r.parts(), may)) {
            for (String path : e.disclosedPaths()) {
                if (path.startsWith("Composition.section[" + s + "]")) {
                    leaks.add(what + ": audited as disclosed " + path);
                }
            }
        }
    }

    private void tally(Resident r, Predicate<ConsentOracle.Part> may) {
        boolean some = false;
        boolean all = true;
        for (ConsentOracle.Part p : r.parts()) {
            boolean m = may.test(p);
            some |= m;
            all &= m;
        }
        shownSomething += some ? 1 : 0;
        withheldSomething += all ? 0 : 1;
    }

    private void check(String what, String html, Set<String> withheld, Set<String> hiddenSections) {
        checkedValues += withheld.size();
        ConsentOracle.firstFound(html, withheld).ifPresent(v -> leaks.add(what + ": shows withheld \"" + v + "\""));
        for (String s : hiddenSections) {
            if (html.contains("\"section-" + s + "\"") || html.contains("\"heading-" + s + "\"")) {
                leaks.add(what + ": anchors the withheld section " + s);
            }
        }
    }

    private long count(String residentId, String actorId, AuditAction action) {
        return audit.count(AuditQuery.all().withResident(residentId).withActor(actorId).withAction(action));
    }

    private static ConsentOracle.Reader reader(DemoPeople.Person pro) {
        Map<String, Object> c = pro.claims();
        return ConsentOracle.Reader.professional(pro.key(), (String) c.get("wp_role"), (String) c.get("wp_org"),
                (String) c.get("wp_org_type"));
    }

    /**
     * Without page furniture: service strings, and the signed-in reader's own name (the header shows who is signed
     * in, and a carer's name is also in the support network of the person she helps).
     */
    private static Set<String> furnitureRemoved(Set<String> values, String readerName) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            if (!MESSAGES.contains(v.toLowerCase(Locale.ROOT)) && !(!readerName.isEmpty() && readerName.contains(v))) {
                out.add(v);
            }
        }
        return out;
    }

    private static List<ObjectNode> resources(Bundle bundle) {
        List<ObjectNode> out = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            out.add(Fhir.tree(e.getResource()));
        }
        return out;
    }

    private static Set<String> messages() {
        Set<String> out = new HashSet<>();
        for (String file : List.of("/i18n/messages.properties", "/i18n/messages_cy.properties")) {
            Properties p = new Properties();
            try (InputStream in = PageDisclosureOracleTest.class.getResourceAsStream(file)) {
                p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            p.values().forEach(v -> out.add(String.valueOf(v).toLowerCase(Locale.ROOT)));
        }
        return out;
    }
}
