package org.wellbeingpassport.api.passport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/**
 * The authorisation matrix's oracle, extended (issue 11): single entries, "why" and the preview, each against the
 * resident's consent read here without the engine, against the response, and against its audit entry. A sibling of
 * {@link AuthorisationMatrixTest} with a server of its own, so that its many audit entries do not slow the matrix's
 * own per-read audit look-ups. Real signed tokens over real HTTP, on the demo residents.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ConsentOracleTest {
    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    DirectiveStore directives;
    @Inject
    org.wellbeingpassport.api.audit.AuditQueries queries;

    /**
     * The oracle for single entries, "why" and the preview, against the resident's consent read on its own: for every
     * demo resident, demo professional and purpose, the story sections a provision in force could let this
     * professional see for this purpose (an upper bound computed here from the directives, with none of the engine's
     * code: who, purpose, period, revocation, and the sections, types and paths each permit names). Then:
     * <ul>
     * <li>the read sends nothing outside that bound;</li>
     * <li>the preview shows exactly what the read sends (resource for resource, nothing more, nothing less), and its
     * audit entry is the resident's PREVIEW at the directive version it shows, disclosing nothing to anyone;</li>
     * <li>"why" answers as the read does (200 or the one 404), names only parts within the bound or sent, names every
     * story section sent, and its entry is an EXPLANATION listing nothing as disclosed;</li>
     * <li>every entry the read sends is sent alone exactly as in the read, and its entry lists that resource and
     * nothing withheld as disclosed; every entry of the passport the read withholds is the same 404 as an entry that
     * is not there, and its entry is a refusal disclosing nothing.</li>
     * </ul>
     * Prints the count of cases.
     */
    @Test
    @org.junit.jupiter.api.Order(1)
    void singleEntriesWhyAndThePreviewAgainstTheResidentsConsent() throws Exception {
        var people = org.wellbeingpassport.api.demo.DemoPeople.all();
        List<String> leaks = new ArrayList<>();
        int[] cases = new int[4]; // read, preview, why, entries
        for (var resident : people) {
            if (!resident.kind().equals("resident")) {
                continue;
            }
            Http owner = new Http(server.getURI()).as(DemoScenarioSupport.token(tokens, resident.key()));
            Instant residentStart = Instant.now().minusMillis(1);
            List<Expect> previews = new ArrayList<>();
            List<com.fasterxml.jackson.databind.JsonNode> all = new ArrayList<>();
            for (var e : org.wellbeingpassport.fhir.Fhir.tree(owner.get("/me/passport").body()).path("entry")) {
                all.add(e.path("resource"));
            }
            for (var pro : people) {
                if (!pro.kind().equals("professional")) {
                    continue;
                }
                Http reader = new Http(server.getURI()).as(DemoScenarioSupport.token(tokens, pro.key()));
                Map<String, Object> c = pro.claims();
                Instant pairStart = Instant.now().minusMillis(1);
                List<Expect> expected = new ArrayList<>();
                for (Purpose purpose : Purpose.values()) {
                    String what = resident.key() + " / " + pro.key() + " / " + purpose.code();
                    Bound bound = Bound.of(directives.current(resident.key()), pro.key(), (String) c.get("wp_role"),
                            (String) c.get("wp_org"), (String) c.get("wp_org_type"), purpose, Instant.now());
                    HttpResponse<String> read = reader
                            .get("/passports/" + resident.key() + "?purpose=" + purpose.code());
                    List<com.fasterxml.jackson.databind.JsonNode> sent = new ArrayList<>();
                    if (read.statusCode() == 200) {
                        for (var e : org.wellbeingpassport.fhir.Fhir.tree(read.body()).path("entry")) {
                            sent.add(e.path("resource"));
                        }
                    }
                    boolean readShown = read.statusCode() == 200;
                    expected.add(new Expect(what + ": the read", e -> e
                            .action() == org.wellbeingpassport.api.audit.AuditAction.READ
                            && (e.outcome() == org.wellbeingpassport.api.audit.AuditOutcome.SUCCESS) == readShown
                            && java.util.Collections.disjoint(e.disclosedPaths(), e.withheldPaths())));
                    cases[0]++;
                    for (var r : sent) {
                        for (String s : bound.outside(r)) {
                            leaks.add(what + ": the read sent " + ref(r) + " " + s + ", which no provision in force"
                                    + " lets this professional see for this purpose");
                        }
                    }

                    // the preview: exactly what the read sends, and recorded as the resident's preview
                    cases[1]++;
                    String previewUri = "/me/preview?purpose=" + purpose.code() + "&role=" + c.get("wp_role")
                            + "&organisationType=" + c.get("wp_org_type") + "&practitioner=" + pro.key()
                            + "&organisation=" + c.get("wp_org");
                    var preview = org.wellbeingpassport.fhir.Fhir.tree(owner.get(previewUri).body());
                    java.util.Set<String> shown = new java.util.TreeSet<>();
                    for (var e : preview.path("wouldSee").path("entry")) {
                        shown.add(e.path("resource").toString());
                    }
                    java.util.Set<String> sentJson = new java.util.TreeSet<>();
                    sent.forEach(r -> sentJson.add(r.toString()));
                    if (!shown.equals(sentJson)) {
                        leaks.add(what + ": the preview shows " + shown.size() + " resources, the read sent "
                                + sentJson.size() + " (or not the same ones)");
                    }
                    long shownVersion = preview.path("directiveVersion").asLong();
                    previews.add(new Expect(what + ": the preview",
                            previewEntry -> previewEntry.disclosedPaths().isEmpty()
                                    && previewEntry.purpose().orElse("").equals(purpose.code())
                                    && previewEntry.directiveVersion().orElse(-1) == shownVersion));

                    // why: as the read answers, naming only what is within the bound or sent, recorded first
                    cases[2]++;
                    HttpResponse<String> why = reader
                            .get("/passports/" + resident.key() + "/why?purpose=" + purpose.code());
                    if (why.statusCode() != read.statusCode()) {
                        leaks.add(what + ": why answered " + why.statusCode() + ", the read " + read.statusCode());
                    }
                    java.util.Set<String> named = new java.util.TreeSet<>();
                    if (why.statusCode() == 200) {
                        org.wellbeingpassport.fhir.Fhir.tree(why.body()).path("youCanSee")
                                .forEach(n -> named.add(n.asText()));
                    }
                    java.util.Set<String> mayName = new java.util.TreeSet<>();
                    java.util.Set<String> mustName = new java.util.TreeSet<>();
                    for (var r : sent) {
                        mayName.add(r.path("resourceType").asText());
                        org.wellbeingpassport.fhir.path.PathKeys.sectionOf(r).ifPresent(s -> mayName.add(s.label()));
                        if (r.path("resourceType").asText().equals("Composition")) {
                            for (var s : r.path("section")) {
                                StorySection.fromCode(s.path("code").path("coding").path(0).path("code").asText())
                                        .ifPresent(x -> {
                                            mayName.add(x.label());
                                            mustName.add(x.label());
                                        });
                            }
                        }
                    }
                    for (String n : named) {
                        var labelled = java.util.Arrays.stream(StorySection.values()).filter(x -> x.label().equals(n))
                                .findFirst();
                        if (!mayName.contains(n) || (labelled.isPresent() && !bound.allows(labelled.get()))) {
                            leaks.add(what + ": why names '" + n + "', which was not sent");
                        }
                    }
                    if (!named.containsAll(mustName)) {
                        leaks.add(what + ": why leaves out sections the read sends: " + mustName);
                    }
                    boolean whyShown = why.statusCode() == 200;
                    expected.add(new Expect(what + ": why", whyEntry -> whyEntry
                            .action() == org.wellbeingpassport.api.audit.AuditAction.EXPLANATION
                            && whyEntry.disclosedPaths().isEmpty() && whyEntry.resources().isEmpty() && (whyEntry
                                    .outcome() == org.wellbeingpassport.api.audit.AuditOutcome.SUCCESS) == whyShown));

                    // single entries: each sent one alone, as in the read; each withheld one the same 404
                    String notThere = reader.get(
                            "/passports/" + resident.key() + "/entries/Goal/no-such-entry?purpose=" + purpose.code())
                            .body();
                    expected.add(new Expect(what + ": an entry not there",
                            e -> e.action() == org.wellbeingpassport.api.audit.AuditAction.READ
                                    && e.outcome() != org.wellbeingpassport.api.audit.AuditOutcome.SUCCESS
                                    && e.disclosedPaths().isEmpty()));
                    for (var r : all) {
                        String type = r.path("resourceType").asText();
                        if (Set.of("Patient", "Composition", "Provenance", "Consent", "Task", "AuditEvent")
                                .contains(type)) {
                            continue;
                        }
                        cases[3]++;
                        String id = r.path("id").asText();
                        var inRead = sent.stream().filter(s -> ref(s).equals(type + "/" + id)).findFirst();
                        HttpResponse<String> one = reader.get("/passports/" + resident.key() + "/entries/" + type + "/"
                                + id + "?purpose=" + purpose.code());
                        if (inRead.isPresent()) {
                            if (one.statusCode() != 200 || !org.wellbeingpassport.fhir.Fhir.tree(one.body()).toString()
                                    .equals(inRead.get().toString())) {
                                leaks.add(what + ": entry " + type + " alone is not as the read sent it ("
                                        + one.statusCode() + ")");
                            }
                            expected.add(new Expect(what + ": entry " + type + " sent alone",
                                    entry -> entry.action() == org.wellbeingpassport.api.audit.AuditAction.READ
                                            && entry.resources().equals(List.of(type + "/" + id))
                                            && java.util.Collections.disjoint(entry.disclosedPaths(),
                                                    entry.withheldPaths())
                                            && entry.disclosedPaths().stream()
                                                    .allMatch(d -> d.equals(type + "/" + id))));
                        } else {
                            if (one.statusCode() != 404
                                    || !one.body().replace(type + "/" + id, "X").replace(id, "X").equals(notThere
                                            .replace("Goal/no-such-entry", "X").replace("no-such-entry", "X"))) {
                                leaks.add(what + ": withheld entry " + type + " answered " + one.statusCode()
                                        + " unlike an entry that is not there");
                            }
                            expected.add(new Expect(what + ": withheld entry " + type,
                                    entry -> entry.action() == org.wellbeingpassport.api.audit.AuditAction.READ
                                            && entry.outcome() == org.wellbeingpassport.api.audit.AuditOutcome.DENIED
                                            && entry.disclosedPaths().isEmpty()));
                        }
                    }
                }
                leaks.addAll(settle(
                        queries.search(org.wellbeingpassport.api.audit.AuditQuery
                                .all().withResident(resident.key()).withActor(pro.key())
                                .between(java.util.Optional.of(pairStart), java.util.Optional.empty())).stream()
                                .map(org.wellbeingpassport.api.audit.StoredEntry::entry)
                                .filter(e -> e.action() == org.wellbeingpassport.api.audit.AuditAction.READ
                                        || e.action() == org.wellbeingpassport.api.audit.AuditAction.EXPLANATION)
                                .toList(),
                        expected));
            }
            leaks.addAll(settle(queries
                    .search(org.wellbeingpassport.api.audit.AuditQuery.all().withResident(resident.key())
                            .withAction(org.wellbeingpassport.api.audit.AuditAction.PREVIEW)
                            .between(java.util.Optional.of(residentStart), java.util.Optional.empty()))
                    .stream().map(org.wellbeingpassport.api.audit.StoredEntry::entry)
                    .filter(e -> e.agent().kind().equals("resident")).toList(), previews));
        }
        int total = cases[0] + cases[1] + cases[2] + cases[3];
        System.out.println("Consent oracle (reads, previews, why, single entries): " + cases[0] + " reads, " + cases[1]
                + " previews, " + cases[2] + " why, " + cases[3] + " single entries = " + total + " cases, "
                + leaks.size() + " leaks");
        assertTrue(cases[3] > 1000, "single entries: " + cases[3]);
        assertTrue(leaks.isEmpty(),
                leaks.size() + " leaks:\n" + String.join("\n", leaks.subList(0, Math.min(40, leaks.size()))));
    }

    /**
     * Issue 15's views in the oracle (run after the matrix, on what it and the disputes made here left behind): every
     * demo resident disputes every story section a professional wrote; then
     * <ul>
     * <li>the review queue shows each professional only requests about entries they (or their organisation) wrote,
     * read from the section's own author, and any request not in it is the one 404 to them;</li>
     * <li>the disclosure ledger shows each resident only elements of their own passport;</li>
     * <li>a professional's notices name only what they received (the element, from the ledger, or the resident's
     * Patient for access ended) and hold no value of the resident's record.</li>
     * </ul>
     * Prints the count of cases and of leaks.
     */
    @Test
    @org.junit.jupiter.api.Order(2)
    void theReviewQueueTheLedgerAndNoticesShowEachOnlyTheirOwn() {
        var people = org.wellbeingpassport.api.demo.DemoPeople.all();
        List<String> leaks = new ArrayList<>();
        int[] cases = new int[3]; // queue, ledger, notices
        Map<String, List<com.fasterxml.jackson.databind.JsonNode>> passports = new java.util.LinkedHashMap<>();
        Map<String, List<String>> tasks = new java.util.LinkedHashMap<>(); // resident|task -> the section's authors
        Map<String, String> orgOf = new java.util.HashMap<>(); // practitioner -> their organisation
        for (var p : people) {
            if (p.kind().equals("professional")) {
                orgOf.put(p.key(), (String) p.claims().get("wp_org"));
            }
        }
        for (var resident : people) {
            if (!resident.kind().equals("resident")) {
                continue;
            }
            Http owner = new Http(server.getURI()).as(DemoScenarioSupport.token(tokens, resident.key()));
            List<com.fasterxml.jackson.databind.JsonNode> all = new ArrayList<>();
            for (var e : org.wellbeingpassport.fhir.Fhir.tree(owner.get("/me/passport").body()).path("entry")) {
                all.add(e.path("resource"));
            }
            passports.put(resident.key(), all);
            for (var r : all) {
                if (!r.path("resourceType").asText().equals("Composition")) {
                    continue;
                }
                for (var section : r.path("section")) {
                    List<String> authors = section.path("author").findValuesAsText("reference");
                    String code = section.path("code").path("coding").path(0).path("code").asText();
                    if (authors.stream().noneMatch(a -> a.startsWith("Practitioner/")) || code.isEmpty()) {
                        continue;
                    }
                    HttpResponse<String> made = owner.post(
                            "/me/passport/Composition/" + r.path("id").asText() + "/dispute",
                            "{\"reason\":\"This is not right.\",\"section\":\"" + code + "\"}", "Content-Type",
                            "application/json");
                    if (made.statusCode() == 201) {
                        tasks.put(
                                resident.key() + "|"
                                        + org.wellbeingpassport.fhir.Fhir.tree(made.body()).path("id").asText(),
                                authors);
                    }
                }
            }
        }
        for (var pro : people) {
            if (!pro.kind().equals("professional")) {
                continue;
            }
            Http reader = new Http(server.getURI()).as(DemoScenarioSupport.token(tokens, pro.key()));
            String orgId = (String) pro.claims().get("wp_org");
            java.util.Set<String> mine = new java.util.HashSet<>();
            for (var item : org.wellbeingpassport.fhir.Fhir.tree(reader.get("/corrections/queue").body())
                    .path("requests")) {
                cases[0]++;
                String key = item.path("resident").asText() + "|" + item.path("request").asText();
                mine.add(key);
                List<String> authors = tasks.getOrDefault(key, List.of());
                // theirs, or their organisation's: the author's organisation from the directory, not from the server
                boolean theirs = authors.stream()
                        .anyMatch(a -> a.equals("Practitioner/" + pro.key()) || a.equals("Organization/" + orgId)
                                || orgId.equals(orgOf.get(a.substring(a.indexOf('/') + 1))));
                if (!theirs) {
                    leaks.add(pro.key() + ": queue holds " + key + " about an entry by " + authors);
                }
            }
            for (String key : tasks.keySet()) {
                if (!mine.contains(key)) {
                    cases[0]++;
                    String[] k = key.split("\\|", 2);
                    int status = reader.get("/corrections/" + k[0] + "/" + k[1]).statusCode();
                    if (status != 404) {
                        leaks.add(pro.key() + ": a request not in their queue answered " + status);
                    }
                }
            }
            for (var n : org.wellbeingpassport.fhir.Fhir.tree(reader.get("/notifications").body())
                    .path("notifications")) {
                cases[2]++;
                String rid = n.path("resident").asText();
                String ref = n.path("ref").asText();
                if (!ref.equals("Patient/" + rid) && !received(rid, pro.key(), ref)) {
                    leaks.add(pro.key() + ": a notice names " + ref + " of " + rid + ", never sent to them");
                }
                for (String v : texts(passports.getOrDefault(rid, List.of()))) {
                    if (n.toString().contains(v)) {
                        leaks.add(pro.key() + ": a notice holds a value of " + rid + "'s record: " + v);
                    }
                }
            }
        }
        for (var entry : passports.entrySet()) {
            Http owner = new Http(server.getURI()).as(DemoScenarioSupport.token(tokens, entry.getKey()));
            java.util.Set<String> own = new java.util.HashSet<>();
            for (var r : entry.getValue()) {
                own.add(r.path("resourceType").asText() + "/" + r.path("id").asText());
            }
            for (var item : org.wellbeingpassport.fhir.Fhir.tree(owner.get("/me/disclosures").body())
                    .path("received")) {
                cases[1]++;
                String element = item.path("element").asText();
                if (!(element.startsWith("Composition.section[") || own.contains(element)
                        || element.equals("Patient/" + entry.getKey()))) {
                    leaks.add(entry.getKey() + ": the ledger lists " + element + ", not in her or his passport");
                }
            }
        }
        System.out.println("Consent oracle (review queue, ledger, notices): " + tasks.size() + " requests made, "
                + cases[0] + " queue cases, " + cases[1] + " ledger entries, " + cases[2] + " notices = "
                + (cases[0] + cases[1] + cases[2]) + " cases, " + leaks.size() + " leaks");
        assertTrue(tasks.size() > 0 && cases[0] > tasks.size() && cases[1] > 100,
                "too little to check: " + java.util.Arrays.toString(cases));
        assertTrue(leaks.isEmpty(),
                leaks.size() + " leaks:\n" + String.join("\n", leaks.subList(0, Math.min(40, leaks.size()))));
    }

    /** Whether the audit trail shows this element of this resident disclosed to this professional. */
    private boolean received(String residentId, String professional, String ref) {
        return queries
                .search(org.wellbeingpassport.api.audit.AuditQuery.all().withResident(residentId)
                        .withActor(professional).withOutcome(org.wellbeingpassport.api.audit.AuditOutcome.SUCCESS))
                .stream().anyMatch(s -> s.entry().resources().contains(ref));
    }

    /** The words and values of a passport (what no notice may hold): text leaves of six characters or more. */
    private static Set<String> texts(List<com.fasterxml.jackson.databind.JsonNode> resources) {
        Set<String> out = new java.util.HashSet<>();
        for (var r : resources) {
            collectTexts(r, "", out);
        }
        return out;
    }

    private static void collectTexts(com.fasterxml.jackson.databind.JsonNode n, String field, Set<String> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> collectTexts(e.getValue(), e.getKey(), out));
        } else if (n.isArray()) {
            n.forEach(x -> collectTexts(x, field, out));
        } else if (n.isTextual() && n.asText().length() >= 6
                && !Set.of("id", "reference", "system", "url", "resourceType", "versionId", "fullUrl", "div", "display")
                        .contains(field)
                && !field.endsWith("ode") && !field.endsWith("tatus")
                && !(n.asText().matches("\\d{4}-\\d{2}-\\d{2}.*") && !field.equals("birthDate"))) {
            // codes, their displays and statuses are the vocabulary a notice is written in ("disputed by the
            // resident"), the same for every resident; and a notice says when it was sent
            out.add(n.asText());
        }
    }

    /** What the audit entry of one request must say (checked once a pair's requests are done, in request order). */
    record Expect(String what, java.util.function.Predicate<org.wellbeingpassport.api.audit.AuditEntry> ok) {
    }

    /** The entries recorded, in order, against the requests made, in order: one entry each, each as expected. */
    private static List<String> settle(List<org.wellbeingpassport.api.audit.AuditEntry> recorded,
            List<Expect> expected) {
        List<String> out = new ArrayList<>();
        if (recorded.size() != expected.size()) {
            out.add((expected.isEmpty() ? "" : expected.get(0).what()) + ": " + recorded.size()
                    + " entries recorded for " + expected.size() + " requests");
            return out;
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).ok().test(recorded.get(i))) {
                out.add(expected.get(i).what() + ": its audit entry says otherwise: " + recorded.get(i));
            }
        }
        return out;
    }

    private static String ref(com.fasterxml.jackson.databind.JsonNode r) {
        return r.path("resourceType").asText() + "/" + r.path("id").asText();
    }

    /**
     * What a resident's directives could let one professional see for one purpose, read here without the engine: the
     * story sections of every permit in force that names them (by id, role, organisation, role there, or kind of
     * organisation) for that purpose, its nested permits included. An upper bound: denies, sensitivity labels and
     * element paths within a section only take away, so they are not applied here. Resource types and element paths
     * outside the story count as the section their resource belongs to; a permit of categories alone or of the whole
     * record bounds nothing.
     */
    record Bound(java.util.Set<StorySection> sections, java.util.Set<String> types, boolean unbounded) {
        static Bound of(DirectiveSet set, String practitioner, String role, String orgId, String orgType,
                Purpose purpose, Instant now) {
            java.util.Set<StorySection> sections = java.util.EnumSet.noneOf(StorySection.class);
            java.util.Set<String> types = new java.util.TreeSet<>();
            boolean[] unbounded = {false};
            for (Provision p : set.provisions()) {
                if (p.type() != org.wellbeingpassport.consent.ProvisionType.PERMIT
                        || p.revoked().map(r -> !r.isAfter(now)).orElse(false)
                        || !p.period().map(x -> x.contains(now)).orElse(true)) {
                    continue;
                }
                java.util.function.Predicate<List<Recipient>> them = who -> names(who, practitioner, role, orgId,
                        orgType);
                add(p, them.test(p.who()), them, purpose, sections, types, unbounded);
            }
            return new Bound(sections, types, unbounded[0]);
        }

        private static void add(Provision p, boolean named, java.util.function.Predicate<List<Recipient>> them,
                Purpose purpose, java.util.Set<StorySection> sections, java.util.Set<String> types,
                boolean[] unbounded) {
            if (named && p.purposes().contains(purpose)) {
                Scope s = p.what();
                sections.addAll(s.sections());
                types.addAll(s.resourceTypes());
                for (String path : s.paths()) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^Composition\\.section\\[([a-z-]+)\\]")
                            .matcher(path);
                    if (m.find()) {
                        StorySection.fromCode(m.group(1)).ifPresent(sections::add);
                    } else {
                        types.add(path.replaceAll("[.\\[].*", ""));
                    }
                }
                if (s.wholeRecord() || (s.sections().isEmpty() && s.resourceTypes().isEmpty() && s.paths().isEmpty())) {
                    unbounded[0] = true;
                }
            }
            for (Provision n : p.nested()) {
                if (n.type() != org.wellbeingpassport.consent.ProvisionType.PERMIT) {
                    continue;
                }
                boolean nestedNamed = n.who().isEmpty() ? named : them.test(n.who()) || named;
                Provision inherited = n.purposes().isEmpty()
                        ? new Provision(n.id(), n.type(), n.who(), n.what(), p.purposes(), n.period(), n.granted(),
                                n.revoked(), n.nested())
                        : n;
                add(inherited, nestedNamed, them, purpose, sections, types, unbounded);
            }
        }

        private static boolean names(List<Recipient> who, String practitioner, String role, String orgId,
                String orgType) {
            for (Recipient r : who) {
                boolean match = r instanceof Recipient.Named n
                        ? n.professionalId().equals(practitioner)
                        : r instanceof Recipient.WithRole w
                                ? w.roleCode().equals(role)
                                : r instanceof Recipient.AtOrganisation a
                                        ? a.organisationId().equals(orgId)
                                        : r instanceof Recipient.WithRoleAt ra
                                                ? ra.roleCode().equals(role) && ra.organisationId().equals(orgId)
                                                : r instanceof Recipient.OfOrganisationType t
                                                        && t.typeCode().equals(orgType);
                if (match) {
                    return true;
                }
            }
            return false;
        }

        boolean allows(StorySection s) {
            return unbounded || sections.contains(s);
        }

        /** What of this sent resource lies outside the bound (empty when it is within). */
        List<String> outside(com.fasterxml.jackson.databind.JsonNode r) {
            if (unbounded) {
                return List.of();
            }
            String type = r.path("resourceType").asText();
            List<String> out = new ArrayList<>();
            if (type.equals("Composition")) {
                for (var s : r.path("section")) {
                    String code = s.path("code").path("coding").path(0).path("code").asText();
                    StorySection.fromCode(code).filter(x -> !sections.contains(x) && !types.contains("Composition"))
                            .ifPresent(x -> out.add("section " + x.code()));
                }
                return out;
            }
            if (types.contains(type)) {
                return out;
            }
            var section = org.wellbeingpassport.fhir.path.PathKeys.sectionOf(r);
            if (section.isPresent() && !sections.contains(section.get())) {
                out.add("(in " + section.get().code() + ")");
            }
            return out;
        }
    }

}
