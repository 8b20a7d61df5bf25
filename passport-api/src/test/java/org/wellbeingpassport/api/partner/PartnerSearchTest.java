package org.wellbeingpassport.api.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Fixtures;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditQueries;
import org.wellbeingpassport.api.audit.AuditQuery;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.DirectiveStore;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.example.Directory;
import org.wellbeingpassport.fhir.validate.PassportValidator;

/**
 * The search parameters beyond patient and _id, against a running server with a real SMART partner: every result
 * set is checked against what $everything disclosed (computed here from the resources themselves), every body is
 * valid R4, and a partner with a narrower grant finds nothing through a value it may not see (an NHS number, a code),
 * with answers shaped exactly like those for values nobody has.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class PartnerSearchTest {
    @BeforeAll
    static void warmValidator() {
        PassportValidator.shared().warmUp();
    }

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    DirectiveStore directives;
    @Inject
    AuditQueries queries;

    final List<String> bodies = new ArrayList<>();

    @Test
    void searchParametersFindExactlyWhatTheCallerIsShown() throws Exception {
        Http anonymous = new Http(server.getURI());
        SmartPartner p = SmartPartner.es384("search-" + UUID.randomUUID().toString().substring(0, 8));
        p.register(anonymous.as(new TestTokens(tokens).admin()), Directory.WIRRAL_GP.id(), Directory.WIRRAL_GP.name(),
                "gp-practice", List.of("system/*.cruds"), List.of("direct-care"));
        Fixtures.shareWithSystem(directives, "jean-whitfield", p.clientId);
        Http gp = anonymous.as(p.token(anonymous, "system/*.cruds"));
        // one Observation of the partner's own, so that _include has an Organization to reach
        assertEquals(201,
                gp.post("/fhir/Observation", HapiClientTest.measureJson(), "Content-Type", "application/fhir+json")
                        .statusCode());

        JsonNode everything = ok(gp.get("/fhir/Patient/jean-whitfield/$everything"));
        List<JsonNode> observations = new ArrayList<>();
        String nhs = null;
        for (JsonNode e : everything.path("entry")) {
            JsonNode r = e.path("resource");
            if (r.path("resourceType").asText().equals("Observation")) {
                observations.add(r);
            }
            if (r.path("resourceType").asText().equals("Patient")) {
                for (JsonNode i : r.path("identifier")) {
                    if (i.path("system").asText().equals(CodeSystems.NHS_NUMBER)) {
                        nhs = i.path("value").asText();
                    }
                }
            }
        }
        assertTrue(observations.size() > 3, "observations: " + observations.size());
        assertTrue(nhs != null, "Jean's NHS number is shared with this partner");

        // identifier on Patient: the NHS number finds Jean, and only her
        JsonNode byNhs = ok(gp.get("/fhir/Patient?identifier=" + enc(CodeSystems.NHS_NUMBER + "|" + nhs)));
        assertEquals(List.of("jean-whitfield"), ids(byNhs));
        JsonNode unknown = ok(gp.get("/fhir/Patient?identifier=" + enc(CodeSystems.NHS_NUMBER + "|9999999999")));
        assertEquals(List.of(), ids(unknown));
        assertEquals(400, gp.get("/fhir/Patient").statusCode(), "no listing of every resident");

        // code: system|code, code alone, alternatives
        JsonNode first = observations.get(0).path("code").path("coding").get(0);
        String system = first.path("system").asText();
        String code = first.path("code").asText();
        TreeSet<String> withCode = new TreeSet<>();
        for (JsonNode o : observations) {
            for (JsonNode c : o.path("code").path("coding")) {
                if (c.path("system").asText().equals(system) && c.path("code").asText().equals(code)) {
                    withCode.add(o.path("id").asText());
                }
            }
        }
        assertEquals(withCode,
                new TreeSet<>(ids(ok(gp.get(search("Observation", "code=" + enc(system + "|" + code)))))));
        assertEquals(withCode, new TreeSet<>(ids(ok(gp.get(search("Observation", "code=" + enc(code)))))));
        assertEquals(List.of(), ids(ok(gp.get(search("Observation", "code=" + enc(system + "|no-such-code"))))));
        assertEquals(withCode, new TreeSet<>(ids(ok(gp.get(search("Observation", "code=" + enc(code + ",no-such")))))));

        // date with prefixes, and _sort by date both ways
        String month = observations.get(0).path("effectiveDateTime").asText().substring(0, 7);
        String nextMonth = java.time.YearMonth.parse(month).plusMonths(1).toString();
        TreeSet<String> inMonth = new TreeSet<>();
        for (JsonNode o : observations) {
            if (o.path("effectiveDateTime").asText().startsWith(month)) {
                inMonth.add(o.path("id").asText());
            }
        }
        assertTrue(!inMonth.isEmpty() && inMonth.size() < observations.size(), month + ": " + inMonth);
        assertEquals(inMonth, new TreeSet<>(ids(
                ok(gp.get(search("Observation", "date=ge" + month + "-01&date=lt" + nextMonth + "-01&_count=100"))))));
        assertEquals(inMonth, new TreeSet<>(ids(ok(gp.get(search("Observation", "date=" + month + "&_count=100"))))));
        List<String> ascending = dates(ok(gp.get(search("Observation", "_sort=date&_count=100"))));
        List<String> sorted = new ArrayList<>(ascending);
        sorted.sort(null);
        assertEquals(sorted, ascending);
        List<String> descending = dates(ok(gp.get(search("Observation", "_sort=-date&_count=100"))));
        sorted.sort(java.util.Comparator.reverseOrder());
        assertEquals(sorted, descending);
        assertEquals(400, gp.get(search("Observation", "date=xx2026")).statusCode());
        assertEquals(400, gp.get(search("Goal", "date=2026")).statusCode(), "Goal has no date");

        // _lastUpdated: everything is before tomorrow, nothing after it
        String tomorrow = Instant.now().plusSeconds(86_400).toString().substring(0, 10);
        assertEquals(observations.size(),
                ids(ok(gp.get(search("Observation", "_lastUpdated=lt" + tomorrow + "&_count=100")))).size());
        assertEquals(List.of(), ids(ok(gp.get(search("Observation", "_lastUpdated=gt" + tomorrow)))));

        // _include: the partner's own Observation's performer is its Organization, from the directory
        JsonNode included = ok(gp.get(search("Observation", "_include=Observation:performer&_count=100")));
        List<String> includes = new ArrayList<>();
        for (JsonNode e : included.path("entry")) {
            if (e.path("search").path("mode").asText().equals("include")) {
                includes.add(e.path("resource").path("resourceType").asText() + "/"
                        + e.path("resource").path("id").asText());
            }
        }
        assertEquals(List.of("Organization/" + Directory.WIRRAL_GP.id()), includes);
        assertEquals(400, gp.get(search("Observation", "_include=Observation:subject")).statusCode());

        // _summary=count: the caller's own matches, the same as paging to the end finds
        JsonNode count = ok(gp.get(search("Observation", "_summary=count")));
        assertEquals(observations.size(), count.path("total").asInt());
        assertFalse(count.has("entry"));
        // _summary=true and _elements: subsetted, tagged, mandatory elements kept
        JsonNode summary = ok(gp.get(search("Observation", "_summary=true&_count=1")));
        JsonNode s = summary.path("entry").get(0).path("resource");
        assertTrue(s.has("status") && s.has("code") && !s.has("text") && !s.has("extension"), s.toString());
        assertTrue(s.path("meta").toString().contains("SUBSETTED"), s.toString());
        JsonNode elements = ok(gp.get(search("Observation", "_elements=code&_count=1")));
        JsonNode el = elements.path("entry").get(0).path("resource");
        assertTrue(el.has("code") && el.has("status") && !el.has("subject") && !el.has("valueInteger"), el.toString());
        assertEquals(400, gp.get(search("Observation", "_elements=nonsense")).statusCode());
        assertEquals(400, gp.get(search("Observation", "_summary=text")).statusCode());

        // unknown parameters: 400 naming it; with Prefer: handling=lenient, left out of the self link
        HttpResponse<String> strict = gp.get(search("Observation", "colour=blue"));
        assertEquals(400, strict.statusCode());
        assertTrue(strict.body().contains("OperationOutcome") && strict.body().contains("colour"), strict.body());
        JsonNode lenient = ok(gp.get(search("Observation", "colour=blue"), "Prefer", "handling=lenient"));
        assertFalse(lenient.path("link").get(0).path("url").asText().contains("colour"));

        // a partner given Jean's goals only: her NHS number, her codes and her count find nothing, shaped as for
        // values nobody has
        SmartPartner narrow = SmartPartner.es384("search-narrow-" + UUID.randomUUID().toString().substring(0, 6));
        narrow.register(anonymous.as(new TestTokens(tokens).admin()), Directory.WIRRAL_GP.id(),
                Directory.WIRRAL_GP.name(), "gp-practice", List.of("system/*.rs"), List.of("direct-care"));
        var current = directives.current("jean-whitfield");
        var provisions = new ArrayList<>(current.provisions());
        provisions.add(Provision.permit("goals-only").to(Recipient.system(narrow.clientId, "narrow"))
                .covering(Scope.sections(StorySection.GOALS)).forPurposes(Purpose.DIRECT_CARE)
                .grantedAt(Instant.now().minusSeconds(60)).build());
        assertTrue(directives.save("jean-whitfield", OptionalLong.of(current.version()),
                provisions) instanceof DirectiveStore.Saved.Written);
        Http goalsOnly = anonymous.as(narrow.token(anonymous, "system/*.rs"));
        JsonNode hidden = ok(goalsOnly.get("/fhir/Patient?identifier=" + enc(CodeSystems.NHS_NUMBER + "|" + nhs)));
        JsonNode none = ok(goalsOnly.get("/fhir/Patient?identifier=" + enc(CodeSystems.NHS_NUMBER + "|9999999999")));
        assertEquals(shape(none), shape(hidden));
        assertEquals(0, ok(goalsOnly.get(search("Observation", "_summary=count"))).path("total").asInt());
        assertEquals(shape(ok(goalsOnly.get(search("Observation", "code=" + enc(code))))),
                shape(ok(goalsOnly.get(search("Observation", "code=no-such-code")))));
        int goals = ids(ok(goalsOnly.get(search("Goal", "_count=100")))).size();
        assertTrue(goals > 0, "Jean's goals are shared with the narrow partner");
        assertEquals(goals, ok(goalsOnly.get(search("Goal", "_summary=count"))).path("total").asInt());

        // every response audited: the narrow partner's refused searches are in the trail as refused reads
        long refused = queries.search(
                AuditQuery.all().withResident("jean-whitfield").withActor(narrow.clientId).withAction(AuditAction.READ))
                .size();
        assertTrue(refused >= 3, "refused reads recorded: " + refused);

        // every body valid R4 (and the passport's rules): 0 errors
        assertTrue(bodies.size() > 20, "bodies: " + bodies.size());
        for (String b : bodies) {
            assertEquals(List.of(), PassportValidator.shared().validate(b).errors(), b);
        }
    }

    private static String search(String type, String query) {
        return "/fhir/" + type + "?patient=Patient/jean-whitfield&" + query;
    }

    private JsonNode ok(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        bodies.add(r.body());
        return Fhir.tree(r.body());
    }

    private static List<String> ids(JsonNode bundle) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : bundle.path("entry")) {
            if (!e.path("search").path("mode").asText().equals("include")) {
                out.add(e.path("resource").path("id").asText());
            }
        }
        return out;
    }

    private static List<String> dates(JsonNode bundle) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : bundle.path("entry")) {
            out.add(e.path("resource").path("effectiveDateTime").asText());
        }
        return out;
    }

    /** A searchset without what differs between any two answers (id, time, links naming the query). */
    private static String shape(JsonNode bundle) {
        ObjectNode b = (ObjectNode) bundle.deepCopy();
        b.remove(List.of("id", "meta", "link"));
        return b.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
