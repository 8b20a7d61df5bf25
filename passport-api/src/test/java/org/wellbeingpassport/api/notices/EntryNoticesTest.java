package org.wellbeingpassport.api.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.DirectiveStore;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * Notices about a whole entry, through a partner system's Subscriptions: Sam proposes a goal for Jean; her practice's
 * system reads it; she disputes it (the system is told: entry-disputed, the Goal's id); Sam accepts part of it and
 * amends it (entry-corrected; the ledger shows the system received version 1 and the read after shows the new version
 * with its Provenance); she declines nothing more and leaves (resident-erased). Each notice is id-only and arrives
 * once; a topic nothing happened on gets nothing.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
@Property(name = "passport.notices.backoff", value = "200ms")
class EntryNoticesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String JEAN = "jean-whitfield";
    static final String GP_SYSTEM = "system-leasowe-gp";
    static final String GOAL_TEXT = "Join the Tuesday walking group at the park";
    static final String GOAL = "{\"resourceType\":\"Goal\",\"lifecycleStatus\":\"proposed\",\"description\":{\"text\":\""
            + GOAL_TEXT + "\"},\"subject\":{\"reference\":\"Patient/jean-whitfield\"}}";

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    DirectiveStore directives;

    @org.junit.jupiter.api.BeforeAll
    static void warm() {
        // the validator's first use loads HAPI's terminology: not inside a 60 s request on a loaded machine
        org.wellbeingpassport.fhir.validate.PassportValidator.shared().warmUp();
    }

    Http as(String demoUser) {
        return new Http(server.getURI()).as(new TestTokens(tokens).demo(demoUser));
    }

    @Test
    void aPartnerThatReadAnEntryIsToldWhenItIsDisputedCorrectedAndWhenTheResidentLeaves() throws Exception {
        var current = directives.current(JEAN);
        var provisions = new ArrayList<>(current.provisions());
        provisions.add(Provision.permit("gp-system").to(Recipient.system(GP_SYSTEM, "Leasowe Lane GP system"))
                .covering(Scope.everything()).forPurposes(Purpose.DIRECT_CARE).grantedAt(Instant.now().minusSeconds(60))
                .build());
        assertTrue(directives.save(JEAN, java.util.OptionalLong.of(current.version()),
                provisions) instanceof DirectiveStore.Saved.Written);
        LeavingScenarioTest.Receiver hook = LeavingScenarioTest.Receiver.start(0);
        Http system = as(GP_SYSTEM);
        for (String topic : new String[]{"entry-disputed", "entry-corrected", "resident-erased", "access-withdrawn"}) {
            LeavingScenarioTest.subscribe(system, Topics.BASE + topic, hook.url());
        }
        Http sam = as("prac-sam-okoro");
        Http jean = as(JEAN);
        HttpResponse<String> proposed = sam.post("/passports/" + JEAN + "/entries?purpose=support-planning", GOAL,
                "Content-Type", "application/fhir+json");
        assertEquals(201, proposed.statusCode(), proposed.body());
        String goalId = JSON.readTree(proposed.body()).path("id").asText();
        assertTrue(system.get("/passports/" + JEAN + "?purpose=direct-care").body().contains(GOAL_TEXT));

        String req = JSON
                .readTree(jean.post("/me/passport/Goal/" + goalId + "/dispute",
                        "{\"reason\":\"Thursday, not Tuesday.\"}", "Content-Type", "application/json").body())
                .path("id").asText();
        JsonNode disputed = JSON.readTree(hook.bodies().poll(5, TimeUnit.SECONDS));
        assertEquals(Topics.BASE + "entry-disputed", LeavingScenarioTest
                .param(disputed.path("entry").path(0).path("resource"), "topic").path("valueCanonical").asText());
        assertEquals("Goal/" + goalId, focus(disputed));

        // Sam accepts part of it: the day is corrected, the group itself stays as proposed
        String amended = GOAL.replace("Tuesday", "Thursday");
        HttpResponse<String> accepted = sam.post("/corrections/" + JEAN + "/" + req + "/accept",
                "{\"resource\":" + amended + ",\"declined\":\"The group is the one we agreed.\"}", "Content-Type",
                "application/json");
        assertEquals(200, accepted.statusCode(), accepted.body());
        assertEquals("partial-accept", JSON.readTree(accepted.body()).path("status").asText());
        JsonNode corrected = JSON.readTree(hook.bodies().poll(5, TimeUnit.SECONDS));
        assertEquals(Topics.BASE + "entry-corrected", LeavingScenarioTest
                .param(corrected.path("entry").path(0).path("resource"), "topic").path("valueCanonical").asText());
        assertEquals("Goal/" + goalId, focus(corrected));
        String after = system.get("/passports/" + JEAN + "?purpose=direct-care").body();
        assertTrue(after.contains("Join the Thursday walking group"), "the new version is read");
        assertTrue(after.contains("correction-" + req), "with its Provenance");
        JsonNode mine = JSON.readTree(jean.get("/me/disputes/" + req).body());
        assertEquals("partial-accept", mine.path("status").asText());
        assertTrue(mine.path("answer").asText().contains("The group is the one we agreed."));
        JsonNode ledger = JSON.readTree(jean.get("/me/disclosures").body()).path("received");
        boolean firstVersion = false;
        for (JsonNode r : ledger) {
            firstVersion |= r.path("recipient").path("id").asText().equals(GP_SYSTEM)
                    && r.path("element").asText().equals("Goal/" + goalId) && r.path("version").asLong() == 1;
        }
        assertTrue(firstVersion, "the ledger: the system received version 1 of the goal: " + ledger);

        // she leaves: everyone who received anything is told to delete it
        assertEquals(204, jean.delete("/me/passport").statusCode());
        JsonNode erased = JSON.readTree(hook.bodies().poll(5, TimeUnit.SECONDS));
        assertEquals("Patient/" + JEAN, focus(erased));
        Thread.sleep(1000);
        assertNull(hook.bodies().poll(), "exactly the notices due (none on access-withdrawn, none twice)");
        for (String n : new String[]{disputed.toString(), corrected.toString(), erased.toString()}) {
            assertFalse(n.contains("walking") || n.contains("Tuesday") || n.contains("Thursday"), "no content: " + n);
        }
        assertNotNull(JSON.readTree(sam.get("/notifications").body()));
        hook.stop();
    }

    static String focus(JsonNode notification) {
        return LeavingScenarioTest.part(
                LeavingScenarioTest.param(notification.path("entry").path(0).path("resource"), "notification-event"),
                "focus").path("valueReference").path("reference").asText();
    }
}
