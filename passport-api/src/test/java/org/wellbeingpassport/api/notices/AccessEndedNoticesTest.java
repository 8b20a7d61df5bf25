package org.wellbeingpassport.api.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;

/**
 * Issue 15: access ends by other roads than a consent edit, and those who received something are told the same way
 * (an "access-withdrawn" notice, id only): a carer whose delegation the resident ended, a professional whose approved
 * access request the resident withdrew (DELETE /me/sharing/{id}), and one who used a share code whose grant the
 * resident revoked. Nobody who never received anything is told, and no notice carries anything of the record.
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "passport.demo.enabled", value = "true")
class AccessEndedNoticesTest {
    static final String JEAN = "jean-whitfield";
    static final String IKENNA = "ikenna-eze";
    static final String JSON = "application/json";

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    PassportStore store;

    Http as(String demoUser) {
        return new Http(server.getURI()).as(new TestTokens(tokens).demo(demoUser));
    }

    @Test
    void aCarerWhoseDelegationEndsIsTold() {
        Http grace = as("grace-eze");
        String read = "/passports/" + IKENNA + "?purpose=care-coordination";
        assertEquals(200, grace.get(read).statusCode());
        assertEquals(List.of(), withdrawn(grace.get("/carer/notifications")), "told before anything ended");

        assertEquals(204, as(IKENNA).delete("/me/carers/mum-helps").statusCode());
        assertEquals(404, grace.get(read).statusCode(), "the next read is refused");
        HttpResponse<String> mine = grace.get("/carer/notifications");
        assertEquals(List.of("Patient/" + IKENNA), withdrawn(mine), mine.body());
        noContentOf(IKENNA, mine.body());
    }

    @Test
    void aProfessionalWhoseApprovedRequestIsWithdrawnIsToldAndOneWhoReadNothingIsNot() {
        Http aisha = as("prac-aisha-begum");
        String asked = ok(aisha.post("/access-requests", askForJean(), "Content-Type", JSON), 202);
        String id = Fhir.tree(asked).path("id").asText();
        String approved = ok(as(JEAN).post("/me/requests/" + id + "/approve", "{}", "Content-Type", JSON), 200);
        String provision = Fhir.tree(approved).path("provisionId").asText();
        assertFalse(provision.isEmpty(), approved);
        ok(aisha.get("/passports/" + JEAN + "?purpose=support-planning"), 200);
        List<String> before = withdrawn(as("prac-daniel-osei").get("/notifications"));

        assertEquals(204, as(JEAN).delete("/me/sharing/" + provision).statusCode());
        assertEquals(404, aisha.get("/passports/" + JEAN + "?purpose=support-planning").statusCode());
        HttpResponse<String> told = aisha.get("/notifications");
        assertEquals(List.of("Patient/" + JEAN), withdrawn(told), told.body());
        noContentOf(JEAN, told.body());
        assertEquals(before, withdrawn(as("prac-daniel-osei").get("/notifications")), "he never read her passport");
    }

    @Test
    void aProfessionalWhoUsedAShareCodeIsToldWhenTheResidentRevokesItsGrant() {
        List<String> provisionsBefore = provisionIds();
        String made = ok(as(JEAN).post("/me/share-codes",
                "{\"sections\":[\"goals\"],\"purpose\":\"care-coordination\",\"minutes\":30,\"uses\":1}",
                "Content-Type", JSON), 201);
        String code = Fhir.tree(made).path("code").asText();
        Http kwame = as("prac-kwame-mensah");
        ok(kwame.post("/share-codes/redeem", "{\"code\":\"" + code + "\",\"purpose\":\"care-coordination\"}",
                "Content-Type", JSON), 200);
        ok(kwame.get("/passports/" + JEAN + "?purpose=care-coordination"), 200);
        List<String> added = new ArrayList<>(provisionIds());
        added.removeAll(provisionsBefore);
        assertEquals(1, added.size(), "the code's grant: " + added);

        ok(as(JEAN).post("/me/consent/provisions/" + added.get(0) + "/revoke", "", "Content-Type", JSON), 200);
        HttpResponse<String> told = kwame.get("/notifications");
        assertEquals(List.of("Patient/" + JEAN), withdrawn(told), told.body());
        noContentOf(JEAN, told.body());
    }

    /** The refs of the access-withdrawn notices in a notifications answer. */
    private static List<String> withdrawn(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        List<String> out = new ArrayList<>();
        for (JsonNode n : Fhir.tree(r.body()).path("notifications")) {
            if ("access-withdrawn".equals(n.path("kind").asText())) {
                out.add(n.path("ref").asText());
            }
        }
        return out;
    }

    /** A notice names the resident's id, never a value of their record. */
    private void noContentOf(String residentId, String body) {
        JsonNode p = Fhir.tree(store.read(residentId, "Patient", residentId).orElseThrow().json());
        for (JsonNode n : p.path("name")) {
            assertFalse(body.contains(n.path("family").asText("\u0000")), "a name in a notice: " + body);
        }
        assertFalse(body.contains(nhs(p)), "an NHS number in a notice");
        assertFalse(body.contains(p.path("birthDate").asText("\u0000")), "a birth date in a notice");
    }

    private List<String> provisionIds() {
        List<String> out = new ArrayList<>();
        for (JsonNode p : Fhir.tree(as(JEAN).get("/me/consent").body()).path("provision").path("provision")) {
            out.add(p.path("id").asText());
        }
        return out;
    }

    private String askForJean() {
        JsonNode p = Fhir.tree(store.read(JEAN, "Patient", JEAN).orElseThrow().json());
        return "{\"nhsNumber\":\"" + nhs(p) + "\",\"birthDate\":\"" + p.path("birthDate").asText()
                + "\",\"purpose\":\"support-planning\",\"sections\":[\"goals\"],\"reason\":\"Referred by her GP\"}";
    }

    private static String nhs(JsonNode patient) {
        for (JsonNode i : patient.path("identifier")) {
            if (CodeSystems.NHS_NUMBER.equals(i.path("system").asText())) {
                return i.path("value").asText();
            }
        }
        return "\u0000";
    }

    private static String ok(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.body());
        return r.body();
    }
}
