package org.wellbeingpassport.api.passport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.consent.Period;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.StorySection;

/**
 * Every endpoint against every kind of caller, each with the status it must get, and no withheld value in any
 * response body. Real signed tokens (and real forgeries) over real HTTP, on the demo residents.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class AuthorisationMatrixTest {
    /** Jean's health section: shared with her GP practice for direct care only, and with herself. */
    static final String JEAN_HEALTH = "Arthritis in my knees";
    /** Gareth's trauma detail: one named worker only, who is not in this matrix. */
    static final String GARETH_TRAUMA = "I was first to reach my mate";

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    DirectiveStore directives;
    @Inject
    org.wellbeingpassport.api.audit.AuditQueries queries;

    record Endpoint(String name, String method, String path, String body) {
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("read passport", "GET", "/passports/jean-whitfield?purpose=support-planning", null),
            new Endpoint("why", "GET", "/passports/jean-whitfield/why?purpose=support-planning", null),
            new Endpoint("my passport", "GET", "/me/passport", null),
            new Endpoint("my consent", "GET", "/me/consent", null),
            new Endpoint("my consent history", "GET", "/me/consent/_history", null),
            new Endpoint("preview", "GET", "/me/preview?purpose=support-planning&role=gp&organisationType=gp-practice",
                    null),
            new Endpoint("my requests", "GET", "/me/requests", null),
            new Endpoint("my notifications", "GET", "/me/notifications", null),
            new Endpoint("my access history", "GET", "/me/access-history", null),
            new Endpoint("carer delegations", "GET", "/carer/delegations", null),
            new Endpoint("audit events", "GET", "/audit/events?resident=jean-whitfield", null),
            new Endpoint("audit verify", "GET", "/audit/verify", null),
            new Endpoint("FHIR Patient read", "GET", "/fhir/Patient/jean-whitfield", null),
            new Endpoint("capability statement", "GET", "/fhir/metadata", null),
            new Endpoint("health", "GET", "/health", null),
            new Endpoint("contribute", "POST", "/passports/jean-whitfield/entries?purpose=support-planning",
                    "{\"resourceType\":\"Goal\",\"lifecycleStatus\":\"proposed\","
                            + "\"description\":{\"text\":\"Try the Tuesday walk\"}}"),
            new Endpoint("professional notifications", "GET", "/notifications", null),
            new Endpoint("my entries", "GET", "/me/entries?status=proposed", null),
            new Endpoint("my disputes", "GET", "/me/disputes", null),
            new Endpoint("confirm", "POST", "/me/passport/Goal/jean-whitfield-goal-1/confirm", ""),
            new Endpoint("dispute", "POST", "/me/passport/Composition/jean-whitfield-story/dispute",
                    "{\"reason\":\"not right\",\"section\":\"about-me\"}"),
            new Endpoint("resolve", "POST", "/me/disputes/no-such-dispute/resolve", "{}"),
            new Endpoint("entry history", "GET", "/me/passport/Goal/jean-whitfield-goal-1/_history", null),
            new Endpoint("read one entry", "GET",
                    "/passports/jean-whitfield/entries/Goal/jean-whitfield-goal-1?purpose=support-planning", null));

    /** Expected status per caller, in ENDPOINTS order. */
    static Map<String, int[]> expectations() {
        Map<String, int[]> m = new LinkedHashMap<>();
        // read why  me   cons hist prev req  note hist carr audE audV fhir meta health
        // then: contribute, professional notifications, my entries, my disputes, confirm, dispute, resolve, history,
        // read one entry
        // (Jean's goal is her own words and so is her about-me: nothing to confirm, nothing to dispute, 409; in
        // Delroy's passport neither exists, 404)
        m.put("jean (owner)", row(new int[]{403, 403, 200, 200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 200, 200},
                403, 403, 200, 200, 409, 409, 404, 200, 403));
        m.put("delroy (another resident)",
                row(new int[]{403, 403, 200, 200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 200, 200}, 403, 403, 200,
                        200, 404, 404, 404, 404, 403));
        m.put("grace (carer, not Jean's)",
                row(new int[]{404, 404, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 200, 200}, 403, 403, 403,
                        403, 403, 403, 403, 403, 403));
        m.put("sam (consented link worker)",
                row(new int[]{200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200}, 201, 200, 403,
                        403, 403, 403, 403, 403, 200));
        m.put("aisha (professional, no consent)",
                row(new int[]{404, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200}, 404, 200, 403,
                        403, 403, 403, 403, 403, 404));
        m.put("auditor", row(new int[]{403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 403, 200, 200}, 403,
                403, 403, 403, 403, 403, 403, 403, 403));
        // admin manages the service, not records: not a reader of resident data, FHIR included
        m.put("admin", row(new int[]{403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200}, 403,
                403, 403, 403, 403, 403, 403, 403, 403));
        for (String bad : List.of("no token", "expired token", "unknown issuer", "wrong signature", "alg none")) {
            m.put(bad, row(new int[]{401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 200, 200}, 401,
                    401, 401, 401, 401, 401, 401, 401, 401));
        }
        return m;
    }

    static int[] row(int[] first, int... more) {
        int[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    Http http(String caller) throws Exception {
        Http base = new Http(server.getURI());
        TestTokens t = new TestTokens(tokens);
        return switch (caller) {
            case "jean (owner)" -> base.as(DemoScenarioSupport.token(tokens, "jean-whitfield"));
            case "delroy (another resident)" -> base.as(DemoScenarioSupport.token(tokens, "delroy-campbell"));
            case "grace (carer, not Jean's)" -> base.as(DemoScenarioSupport.token(tokens, "grace-eze"));
            case "sam (consented link worker)" -> base.as(DemoScenarioSupport.token(tokens, "prac-sam-okoro"));
            case "aisha (professional, no consent)" -> base.as(DemoScenarioSupport.token(tokens, "prac-aisha-begum"));
            case "auditor" -> base.as(t.auditor());
            case "admin" -> base.as(t.admin());
            case "no token" -> base;
            case "expired token" -> base.as(
                    tokens.issue("resident:jean-whitfield", Map.of("wp_kind", "resident"), Duration.ofSeconds(-60)));
            case "unknown issuer" ->
                base.as(forged(new ECKeyGenerator(Curve.P_256).keyID("x").generate(), "x", "https://unknown.test"));
            case "wrong signature" ->
                base.as(forged(new ECKeyGenerator(Curve.P_256).generate(), ourKid(), tokens.issuer()));
            case "alg none" -> base.as(Base64URL.encode("{\"alg\":\"none\"}") + "."
                    + Base64URL.encode(claims(tokens.issuer()).toString()) + ".");
            default -> throw new IllegalArgumentException(caller);
        };
    }

    @Test
    void everyEndpointAgainstEveryCaller() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, int[]> row : expectations().entrySet()) {
            Http http = http(row.getKey());
            for (int i = 0; i < ENDPOINTS.size(); i++) {
                Endpoint e = ENDPOINTS.get(i);
                HttpResponse<String> r = e.method().equals("POST")
                        ? http.post(e.path(), e.body(), "Content-Type", "application/json")
                        : http.get(e.path());
                if (r.statusCode() != row.getValue()[i]) {
                    wrong.add(row.getKey() + " / " + e.name() + ": expected " + row.getValue()[i] + ", got "
                            + r.statusCode() + " " + r.body().substring(0, Math.min(160, r.body().length())));
                }
                boolean mayReadJeansHealth = row.getKey().startsWith("jean") && e.name().equals("my passport");
                if (!mayReadJeansHealth && r.body().contains(JEAN_HEALTH)) {
                    wrong.add(row.getKey() + " / " + e.name() + ": the body carries a withheld value");
                }
                if (r.body().contains(GARETH_TRAUMA)) {
                    wrong.add(row.getKey() + " / " + e.name() + ": the body carries Gareth's trauma detail");
                }
                if (r.statusCode() >= 400) {
                    assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), "no stack trace");
                    String type = r.headers().firstValue("Content-Type").orElse("");
                    boolean fhir = e.path().startsWith("/fhir");
                    if (!(fhir
                            ? type.startsWith("application/fhir+json")
                            : type.startsWith("application/problem+json"))) {
                        wrong.add(row.getKey() + " / " + e.name() + ": error media type " + type);
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /**
     * The matrix as an oracle. For every demo resident, every demo professional and every purpose: (a) what the read
     * routes disclose (the passport, and each entry one by one) is contained in what the resident's own preview
     * (GET /me/preview, computed on its own route for that professional) says they would see, resource for resource;
     * (b) each read's audit entry lists as disclosed exactly the resources and story sections in the response,
     * nothing it withheld. For the partner system, (b) for its FHIR Patient reads. Prints the count of cases.
     */
    @Test
    void whatLeavesIsWhatThePreviewShowsAndWhatTheAuditEntrySays() throws Exception {
        var people = org.wellbeingpassport.api.demo.DemoPeople.all();
        List<String> leaks = new ArrayList<>();
        int cases = 0;
        for (var resident : people) {
            if (!resident.kind().equals("resident")) {
                continue;
            }
            Http owner = new Http(server.getURI()).as(DemoScenarioSupport.token(tokens, resident.key()));
            for (var pro : people) {
                if (!pro.kind().equals("professional")) {
                    continue;
                }
                Http reader = new Http(server.getURI()).as(DemoScenarioSupport.token(tokens, pro.key()));
                Map<String, Object> c = pro.claims();
                for (Purpose purpose : Purpose.values()) {
                    String preview = owner.get("/me/preview?purpose=" + purpose.code() + "&role=" + c.get("wp_role")
                            + "&organisationType=" + c.get("wp_org_type") + "&practitioner=" + pro.key()
                            + "&organisation=" + c.get("wp_org")).body();
                    java.util.Set<String> wouldSee = new java.util.HashSet<>();
                    for (var e : org.wellbeingpassport.fhir.Fhir.tree(preview).path("wouldSee").path("entry")) {
                        wouldSee.add(e.path("resource").toString());
                    }
                    String what = resident.key() + " / " + pro.key() + " / " + purpose.code();
                    HttpResponse<String> read = reader
                            .get("/passports/" + resident.key() + "?purpose=" + purpose.code());
                    cases++;
                    List<com.fasterxml.jackson.databind.JsonNode> sent = new ArrayList<>();
                    if (read.statusCode() == 200) {
                        for (var e : org.wellbeingpassport.fhir.Fhir.tree(read.body()).path("entry")) {
                            sent.add(e.path("resource"));
                        }
                    } else if (read.statusCode() != 404) {
                        leaks.add(what + ": read answered " + read.statusCode());
                        continue;
                    }
                    for (var r : sent) {
                        if (!wouldSee.contains(r.toString())) {
                            leaks.add(what + ": sent " + r.path("resourceType").asText() + "/" + r.path("id").asText()
                                    + " not as the preview shows it");
                        }
                    }
                    leaks.addAll(auditMatches(what, resident.key(), pro.key(), sent));
                    for (var r : sent) {
                        String type = r.path("resourceType").asText();
                        if (Set.of("Patient", "Composition", "Provenance").contains(type)) {
                            continue; // not entries (the record of a story, not a part of it)
                        }
                        cases++;
                        HttpResponse<String> one = reader.get("/passports/" + resident.key() + "/entries/" + type + "/"
                                + r.path("id").asText() + "?purpose=" + purpose.code());
                        if (one.statusCode() != 200) {
                            leaks.add(what + ": entry " + type + "/" + r.path("id").asText() + " sent by the read is "
                                    + one.statusCode() + " on its own");
                        } else if (!wouldSee.contains(org.wellbeingpassport.fhir.Fhir.tree(one.body()).toString())) {
                            leaks.add(what + ": entry " + type + " not as the preview shows it");
                        }
                    }
                }
            }
            // the partner system, on the FHIR API
            Http system = new Http(server.getURI()).as(DemoScenarioSupport.token(tokens, "system-leasowe-gp"));
            for (Purpose purpose : Purpose.values()) {
                cases++;
                String what = resident.key() + " / system-leasowe-gp / " + purpose.code();
                HttpResponse<String> r = system.get("/fhir/Patient/" + resident.key() + "?purpose=" + purpose.code());
                List<com.fasterxml.jackson.databind.JsonNode> sent = r.statusCode() == 200
                        ? List.of(org.wellbeingpassport.fhir.Fhir.tree(r.body()))
                        : List.of();
                if (r.statusCode() != 200 && r.statusCode() != 404) {
                    leaks.add(what + ": answered " + r.statusCode());
                }
                leaks.addAll(auditMatches(what, resident.key(), "system-leasowe-gp", sent));
            }
        }
        System.out.println("Disclosure oracle: " + cases + " cases, " + leaks.size() + " leaks");
        assertTrue(cases > 500, "the oracle ran " + cases + " cases");
        assertTrue(leaks.isEmpty(), leaks.size() + " leaks:\n" + String.join("\n", leaks));
    }

    /** (b): the newest READ entry by this caller for this resident says exactly what was sent. */
    private List<String> auditMatches(String what, String residentId, String actor,
            List<com.fasterxml.jackson.databind.JsonNode> sent) {
        List<String> out = new ArrayList<>();
        var found = queries.search(org.wellbeingpassport.api.audit.AuditQuery.all().withResident(residentId)
                .withActor(actor).withAction(org.wellbeingpassport.api.audit.AuditAction.READ));
        if (found.isEmpty()) {
            out.add(what + ": not audited");
            return out;
        }
        var e = found.get(found.size() - 1).entry();
        java.util.Set<String> overlap = new java.util.HashSet<>(e.disclosedPaths());
        overlap.retainAll(e.withheldPaths());
        if (!overlap.isEmpty()) {
            out.add(what + ": disclosed and withheld overlap " + overlap);
        }
        java.util.Set<String> refs = new java.util.TreeSet<>();
        java.util.Set<String> sections = new java.util.TreeSet<>();
        for (var r : sent) {
            refs.add(r.path("resourceType").asText() + "/" + r.path("id").asText());
            if (r.path("resourceType").asText().equals("Composition")) {
                for (var s : r.path("section")) {
                    String path = "Composition.section[" + s.path("code").path("coding").path(0).path("code").asText()
                            + "]";
                    if (!covered(path, e.withheldPaths())) {
                        sections.add(path);
                    }
                }
            }
        }
        if (!refs.equals(new java.util.TreeSet<>(e.resources()))) {
            out.add(what + ": audited resources " + e.resources() + " but sent " + refs);
        }
        java.util.Set<String> auditedSections = new java.util.TreeSet<>();
        for (String d : e.disclosedPaths()) {
            if (d.startsWith("Composition.section[")) {
                auditedSections.add(d);
            } else if (!refs.contains(d)) {
                out.add(what + ": audited as disclosed " + d + " which was not sent");
            }
        }
        if (!auditedSections.equals(sections)) {
            out.add(what + ": audited sections " + auditedSections + " but sent " + sections);
        }
        return out;
    }

    private static boolean covered(String path, List<String> withheld) {
        for (String w : withheld) {
            if (w.equals(path) || w.startsWith(path + ".") || w.startsWith(path + "[")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void revocationTakesEffectOnTheVeryNextRequest() throws Exception {
        Http sam = http("sam (consented link worker)");
        assertEquals(200, sam.get("/passports/jean-whitfield?purpose=support-planning").statusCode());
        HttpResponse<String> revoked = http("jean (owner)").post("/me/consent/provisions/link-worker-support/revoke",
                "", "Content-Type", "application/json");
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals(404, sam.get("/passports/jean-whitfield?purpose=support-planning").statusCode());
        // the history keeps every version, and the revoked one says when it ended
        String history = http("jean (owner)").get("/me/consent/_history").body();
        assertTrue(history.contains("\"total\":2"), history);
    }

    @Test
    void anExpiredGrantDisclosesNothing() throws Exception {
        Instant past = Instant.now().minus(Duration.ofDays(30));
        DirectiveSet current = directives.current("delroy-campbell");
        List<Provision> provisions = new ArrayList<>(current.provisions());
        provisions.add(Provision.permit("expired-grant").to(Recipient.named("prac-aisha-begum", "Aisha Begum"))
                .covering(Scope.sections(StorySection.GOALS)).forPurposes(Purpose.SUPPORT_PLANNING).grantedAt(past)
                .during(Period.between(past, past.plus(Duration.ofDays(7)))).build());
        assertTrue(directives.save("delroy-campbell", OptionalLong.of(current.version()),
                provisions) instanceof DirectiveStore.Saved.Written);
        assertEquals(404, http("aisha (professional, no consent)")
                .get("/passports/delroy-campbell?purpose=support-planning").statusCode());
    }

    static JWTClaimsSet claims(String issuer) {
        return new JWTClaimsSet.Builder().issuer(issuer).subject("resident:jean-whitfield")
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).claim("wp_kind", "resident").build();
    }

    static String forged(ECKey key, String kid, String issuer) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(JOSEObjectType.JWT).build(), claims(issuer));
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    String ourKid() {
        String header = tokens.issue("x", Map.of("wp_kind", "admin")).split("\\.")[0];
        return new String(Base64URL.from(header).decode(), java.nio.charset.StandardCharsets.UTF_8)
                .replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
    }
}
