package org.wellbeingpassport.api.resident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.consent.ConsentMapping;
import org.wellbeingpassport.fhir.example.Directory;

/**
 * Issue #11 finding 4 and #17: a resident's Consent is read closed over HTTP. What the service would not read is a 422
 * naming its path, nothing is saved, and the grant the resident meant is never widened ("work coaches at this
 * organisation" never becomes "anyone at this organisation").
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class ClosedConsentTest {
    private static final String JOBCENTRE = Directory.SWANSEA_JOBCENTRE.id();

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    Http gareth;
    Http housingOfficer;

    @BeforeEach
    void setUp() {
        TestTokens t = new TestTokens(tokens);
        gareth = new Http(server.getURI()).as(t.demo("gareth-pryce"));
        housingOfficer = new Http(server.getURI())
                .as(t.professional("prac-hana-housing", "Hana Price", ProfessionalRole.HOUSING_OFFICER, JOBCENTRE,
                        Directory.SWANSEA_JOBCENTRE.name(), OrganisationType.JOBCENTRE_DWP));
    }

    /** Gareth's current choices plus "work coaches at the jobcentre may see my goals", as the JSON he would send. */
    private ObjectNode withWorkCoaches() {
        HttpResponse<String> current = gareth.get("/me/consent");
        assertEquals(200, current.statusCode(), current.body());
        DirectiveSet now = ConsentMapping.directives(current.body()).orElseThrow();
        List<Provision> more = new ArrayList<>(
                now.provisions().stream().filter(p -> !p.id().equals("work-coaches")).toList());
        more.add(Provision.permit("work-coaches")
                .to(Recipient.roleAt(ProfessionalRole.WORK_COACH, JOBCENTRE, Directory.SWANSEA_JOBCENTRE.name()))
                .forPurposes(Purpose.BENEFITS_EMPLOYMENT).grantedAt(Instant.now())
                .covering(Scope.sections(StorySection.GOALS)).build());
        return Fhir
                .tree(ConsentMapping.toFhir(DirectiveSet.restore("gareth-pryce", now.version(), more).orElseThrow()));
    }

    private static ObjectNode added(ObjectNode consent) {
        var list = consent.path("provision").path("provision");
        return (ObjectNode) list.get(list.size() - 1);
    }

    private String refused(Consumer<ObjectNode> change, String path) {
        String before = gareth.get("/me/consent").headers().firstValue("ETag").orElseThrow();
        ObjectNode consent = withWorkCoaches();
        change.accept(consent);
        HttpResponse<String> put = gareth.put("/me/consent", Fhir.write(consent), "Content-Type",
                "application/fhir+json");
        assertEquals(422, put.statusCode(), put.body());
        assertTrue(put.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                put.headers().toString());
        assertTrue(put.body().contains(path), () -> "the problem names " + path + ": " + put.body());
        assertEquals(before, gareth.get("/me/consent").headers().firstValue("ETag").orElseThrow(), "nothing saved");
        return put.body();
    }

    @Test
    void theWorkCoachGrantAsWrittenIsSavedAndNarrow() {
        HttpResponse<String> put = gareth.put("/me/consent", Fhir.write(withWorkCoaches()), "Content-Type",
                "application/fhir+json");
        assertEquals(200, put.statusCode(), put.body());
        assertEquals(404, housingOfficer.get("/passports/gareth-pryce?purpose=benefits-employment").statusCode(),
                "a housing officer at the same organisation is not a work coach");
    }

    @Test
    void aMisplacedRoleIsRefusedAndTheGrantDoesNotWiden() {
        String n = "Consent.provision.provision[2].actor[0]";
        refused(c -> {
            ObjectNode actor = (ObjectNode) added(c).path("actor").get(0);
            ((ObjectNode) actor.get("reference")).set("extension", actor.remove("extension"));
        }, n + ".reference.extension");
        refused(c -> added(c).set("extension", ((ObjectNode) added(c).path("actor").get(0)).remove("extension")),
                "Consent.provision.provision[2].extension[");
        refused(c -> {
            ObjectNode x = (ObjectNode) added(c).path("actor").get(0).path("extension").get(0);
            x.remove("valueCoding");
            x.put("valueCode", "work-coach");
        }, n + ".extension[0]");
        assertEquals(404, housingOfficer.get("/passports/gareth-pryce?purpose=benefits-employment").statusCode());
    }

    @Test
    void unknownFieldsAreRefusedWithTheirPath() {
        refused(c -> added(c).put("durationMinutes", 5), "Consent.provision.provision[2].durationMinutes");
        refused(c -> c.put("status", "draft"), "Consent.status");
    }

    @Test
    void sectionsAndPathsTogetherAreRefusedNotNarrowed() {
        String body = refused(c -> added(c).withArray("extension").addObject().put("url", CodeSystems.EXT_ELEMENT_PATH)
                .put("valueString", "Patient.telecom"), "Consent.provision.provision[2].extension[1]");
        assertTrue(body.contains("two provisions"), body);
    }

    /** #17: these two gave 500 (null pointers in ConsentMapping). */
    @Test
    void anExtensionWithoutUrlOrWithANullBooleanIsA422() {
        refused(c -> added(c).withArray("extension").addObject().put("valueBoolean", true),
                "Consent.provision.provision[2].extension[1].url");
        refused(c -> added(c).withArray("extension").addObject().put("url", CodeSystems.EXT + "whole-record")
                .putNull("valueBoolean"), "Consent.provision.provision[2].extension[1].valueBoolean");
        String body = refused(c -> ((ObjectNode) added(c).path("actor").get(0).path("extension").get(0)).remove("url"),
                "Consent.provision.provision[2].actor[0].extension[0].url");
        assertFalse(body.contains("Exception"), body);
    }
}
