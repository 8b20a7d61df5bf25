package org.wellbeingpassport.api.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.bson.Document;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditOutcome;
import org.wellbeingpassport.api.audit.AuditQueries;
import org.wellbeingpassport.api.audit.AuditQuery;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.DirectiveStore;
import org.wellbeingpassport.api.resident.Erasure;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.api.store.StoredResource;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.example.Directory;
import org.wellbeingpassport.fhir.example.ExamplePassports;
import org.wellbeingpassport.fhir.validate.PassportValidator;

/**
 * A partner writes a resident's whole passport (the Patient and 16 resources of the passport's types, the bench's
 * body: bench/passport-transaction.json) in one transaction with HAPI's generic client: one new passport version,
 * one audit entry naming every resource, validated against the passport's profiles; a stale If-Match on the Patient
 * is 412 and an invalid entry 422, each with nothing written (checked in the store); consent and scope refusals
 * follow the partner API's rules (the same 404; 403 for a scope not granted). Erasure takes the resident out of
 * every partner's working set.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class WholePassportTransactionTest {
    static final String JEAN = "jean-whitfield";

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
    @Inject
    PassportStore store;
    @Inject
    MongoStore mongo;
    @Inject
    Erasure erasure;

    String lastClient;

    /** A registered partner of the Wirral GP practice with these scopes, granted {@code grant} of the resident's. */
    IGenericClient partner(String name, List<String> scopes, String residentId, Scope grant) {
        Http anonymous = new Http(server.getURI());
        SmartPartner p = SmartPartner.es384(name + "-" + UUID.randomUUID().toString().substring(0, 8));
        p.register(anonymous.as(new TestTokens(tokens).admin()), Directory.WIRRAL_GP.id(), Directory.WIRRAL_GP.name(),
                "gp-practice", scopes, List.of("direct-care"));
        var current = directives.current(residentId);
        var provisions = new ArrayList<>(current.provisions());
        provisions.add(Provision.permit("tx-" + p.clientId).to(Recipient.system(p.clientId, p.clientId)).covering(grant)
                .forPurposes(Purpose.DIRECT_CARE).grantedAt(Instant.now().minusSeconds(60)).build());
        assertTrue(directives.save(residentId, OptionalLong.of(current.version()),
                provisions) instanceof DirectiveStore.Saved.Written);
        lastClient = p.clientId;
        FhirContext ctx = FhirContext.forR4Cached();
        ctx.getRestfulClientFactory().setSocketTimeout(120_000);
        IGenericClient client = ctx.newRestfulGenericClient(server.getURI().toString().replaceAll("/$", "") + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(p.token(anonymous, String.join(" ", scopes))));
        return client;
    }

    /** The bench's whole-passport transaction for this resident, the Patient as the partner read it. */
    static Bundle wholePassport(String residentId, Patient patient) throws IOException {
        Patient body = patient.copy();
        body.setMeta(null);
        body.setText(null);
        String template = Files.readString(Path.of("..", "bench", "passport-transaction.json"));
        String json = template
                .replace("\"@PATIENT@\"", FhirContext.forR4Cached().newJsonParser().encodeResourceToString(body))
                .replace("@RID@", residentId);
        return FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, json);
    }

    /** The same resources again, each a PUT of what the first transaction created (their ids from its response). */
    static Bundle again(Bundle first, Bundle response, String patientIfMatch) {
        Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < first.getEntry().size(); i++) {
            Resource r = first.getEntry().get(i).getResource().copy();
            String[] location = response.getEntry().get(i).getResponse().getLocation().split("/");
            r.setId(location[1]);
            Bundle.BundleEntryComponent e = tx.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(r);
            e.getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(location[0] + "/" + location[1]);
            if (i == 0) {
                e.getRequest().setIfMatch(patientIfMatch);
            }
        }
        return tx;
    }

    /** Every current resource of the passport by Type/id, with its version: what "nothing written" is checked on. */
    Map<String, Long> stored(String residentId) {
        Map<String, Long> out = new HashMap<>();
        for (StoredResource r : store.readPassport(residentId)) {
            out.put(r.type() + "/" + r.id(), r.version());
        }
        return out;
    }

    long updates(String client, AuditOutcome outcome) {
        return queries.search(AuditQuery.all().withResident(JEAN).withActor(client).withAction(AuditAction.UPDATE)
                .withOutcome(outcome)).size();
    }

    @Test
    void aWholePassportIsOneVersionAllOrNothing() throws IOException {
        IGenericClient gp = partner("tx-gp", List.of("system/*.cruds"), JEAN, Scope.everything());
        String client = lastClient;
        Patient patient = gp.read().resource(Patient.class).withId(JEAN).execute();
        long patientVersion = Long.parseLong(patient.getMeta().getVersionId());

        // ---- the whole passport: 17 resources, one new passport version, one audit entry naming all of them
        long before = store.version(JEAN).orElseThrow().ver();
        Map<String, Long> storedBefore = stored(JEAN);
        Bundle first = wholePassport(JEAN, patient);
        first.getEntryFirstRep().getRequest().setIfMatch("W/\"" + patientVersion + "\"");
        assertEquals(17, first.getEntry().size());
        Bundle response = gp.transaction().withBundle(first).execute();
        assertEquals(Bundle.BundleType.TRANSACTIONRESPONSE, response.getType());
        assertEquals(17, response.getEntry().size());
        assertEquals("200 OK", response.getEntryFirstRep().getResponse().getStatus(), "the Patient updated");
        assertEquals("Patient/" + JEAN + "/_history/" + (patientVersion + 1),
                response.getEntryFirstRep().getResponse().getLocation());
        for (Bundle.BundleEntryComponent e : response.getEntry().subList(1, 17)) {
            assertEquals("201 Created", e.getResponse().getStatus());
        }
        assertEquals(before + 1, store.version(JEAN).orElseThrow().ver(), "ONE new version of the passport");
        assertEquals(storedBefore.size() + 16, stored(JEAN).size());
        assertEquals(1, updates(client, AuditOutcome.SUCCESS), "one audit entry for the write");
        var entry = queries.search(AuditQuery.all().withResident(JEAN).withActor(client).withAction(AuditAction.UPDATE))
                .get(0).entry();
        assertEquals(17, entry.resources().size(), "naming every resource written");
        // provenance from the caller: the partner's meta.source, proposed for the resident, validated as stored
        Observation written = gp.read().resource(Observation.class)
                .withId(response.getEntry().get(1).getResponse().getLocation().split("/")[1]).execute();
        assertEquals("urn:wellbeing-passport:partner:" + client, written.getMeta().getSource());
        assertEquals("Organization/" + Directory.WIRRAL_GP.id(), written.getPerformerFirstRep().getReference());
        assertEquals(List.of(), PassportValidator.shared()
                .validate(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(written)).errors());

        // ---- the same resources again, the Patient's If-Match stale: 412, nothing written
        long after = store.version(JEAN).orElseThrow().ver();
        Map<String, Long> storedAfter = stored(JEAN);
        Bundle stale = again(first, response, "W/\"" + patientVersion + "\"");
        assertThrows(PreconditionFailedException.class, () -> gp.transaction().withBundle(stale).execute());
        assertEquals(after, store.version(JEAN).orElseThrow().ver());
        assertEquals(storedAfter, stored(JEAN), "no resource of the passport changed");

        // ---- the Patient given another passport's NHS number: 409, recorded as refused, nothing written
        Bundle taken = again(first, response, "W/\"" + (patientVersion + 1) + "\"");
        Patient other = (Patient) ExamplePassports.named("delroy-campbell").passport().getEntryFirstRep().getResource();
        Patient takenPatient = (Patient) taken.getEntryFirstRep().getResource();
        takenPatient.getIdentifier().clear();
        other.getIdentifier().forEach(i -> takenPatient.addIdentifier(i.copy()));
        assertThrows(ResourceVersionConflictException.class, () -> gp.transaction().withBundle(taken).execute());
        assertEquals(after, store.version(JEAN).orElseThrow().ver());
        assertEquals(storedAfter, stored(JEAN));

        // ---- an invalid entry among them (a score out of range): 422 naming it, nothing written
        Bundle invalid = again(first, response, "W/\"" + (patientVersion + 1) + "\"");
        ((Observation) invalid.getEntry().get(1).getResource()).setValue(new IntegerType(99));
        UnprocessableEntityException bad = assertThrows(UnprocessableEntityException.class,
                () -> gp.transaction().withBundle(invalid).execute());
        assertTrue(bad.getResponseBody().contains("Bundle.entry[1].resource"), bad.getResponseBody());
        assertEquals(after, store.version(JEAN).orElseThrow().ver());
        assertEquals(storedAfter, stored(JEAN));

        // ---- a resource this partner did not write (the resident's own Goal) is the same 404 as one not there
        Bundle notOurs = again(first, response, "W/\"" + (patientVersion + 1) + "\"");
        String residentsGoal = storedBefore.keySet().stream().filter(k -> k.startsWith("Goal/")).findFirst()
                .orElseThrow();
        Bundle.BundleEntryComponent goal = notOurs.getEntry().stream()
                .filter(e -> e.getResource().fhirType().equals("Goal")).findFirst().orElseThrow();
        goal.getResource().setId(residentsGoal.substring(5));
        goal.getRequest().setUrl(residentsGoal);
        ResourceNotFoundException refused = assertThrows(ResourceNotFoundException.class,
                () -> gp.transaction().withBundle(notOurs).execute());
        goal.getResource().setId("no-such-goal");
        goal.getRequest().setUrl("Goal/no-such-goal");
        ResourceNotFoundException absent = assertThrows(ResourceNotFoundException.class,
                () -> gp.transaction().withBundle(notOurs).execute());
        assertEquals(absent.getStatusCode(), refused.getStatusCode());
        assertEquals(after, store.version(JEAN).orElseThrow().ver());
        assertEquals(storedAfter, stored(JEAN));

        // ---- and as it should be: every resource a new version, the passport one more
        Bundle second = again(first, response, "W/\"" + (patientVersion + 1) + "\"");
        Bundle answer = gp.transaction().withBundle(second).execute();
        for (Bundle.BundleEntryComponent e : answer.getEntry()) {
            assertEquals("200 OK", e.getResponse().getStatus());
        }
        assertEquals(after + 1, store.version(JEAN).orElseThrow().ver());
        Map<String, Long> storedNow = stored(JEAN);
        for (Bundle.BundleEntryComponent e : response.getEntry()) {
            String[] l = e.getResponse().getLocation().split("/");
            assertEquals(storedAfter.get(l[0] + "/" + l[1]).longValue() + 1,
                    storedNow.get(l[0] + "/" + l[1]).longValue(), l[0] + "/" + l[1]);
        }
        assertEquals(2, updates(client, AuditOutcome.SUCCESS), "an audit entry per write, none for those refused");
        assertEquals(0, updates(client, AuditOutcome.FAILED));
        assertEquals(2,
                queries.search(AuditQuery.all().withResident(JEAN).withActor(client)
                        .withAction(AuditAction.CONTRIBUTION).withOutcome(AuditOutcome.DENIED)).size(),
                "the two refused Goals recorded as refused");
        // the stale If-Match (its answer names the current version) and the NHS number of another passport (409)
        // recorded as refused before the answer left
        assertEquals(2, updates(client, AuditOutcome.DENIED), "the stale Patient and the taken NHS number refused");
        // a write's consent check records nothing of its own (ADR 0012, 2026-12-03): the writes' entries above say
        // what was done or refused; no EXPLANATION entry per write as before
        assertEquals(0,
                queries.search(
                        AuditQuery.all().withResident(JEAN).withActor(client).withAction(AuditAction.EXPLANATION))
                        .size(),
                "no explanation recorded for a write");
    }

    @Test
    void consentAndScopeRefusalsFollowThePartnerRules() throws IOException {
        // a partner granted the goals only cannot see all of the Patient: the same 404 as no passport, nothing written
        IGenericClient narrow = partner("tx-narrow", List.of("system/*.cruds"), JEAN,
                Scope.sections(StorySection.GOALS));
        IGenericClient full = partner("tx-full", List.of("system/*.cruds"), JEAN, Scope.everything());
        IGenericClient createOnly = partner("tx-create", List.of("system/*.rs", "system/*.c"), JEAN,
                Scope.everything());
        Patient patient = full.read().resource(Patient.class).withId(JEAN).execute();
        long before = store.version(JEAN).orElseThrow().ver();
        Map<String, Long> storedBefore = stored(JEAN);
        ResourceNotFoundException notSeen = assertThrows(ResourceNotFoundException.class,
                () -> narrow.transaction().withBundle(wholePassport(JEAN, patient)).execute());
        Patient stranger = patient.copy();
        stranger.setId("no-such-resident");
        Bundle nobody = wholePassport("no-such-resident", stranger);
        ResourceNotFoundException notThere = assertThrows(ResourceNotFoundException.class,
                () -> narrow.transaction().withBundle(nobody).execute());
        assertEquals(notThere.getStatusCode(), notSeen.getStatusCode());
        assertEquals(before, store.version(JEAN).orElseThrow().ver());
        assertEquals(storedBefore, stored(JEAN));

        // a partner without the update scope for the Patient: 403, nothing written
        BaseServerResponseException scope = assertThrows(ForbiddenOperationException.class,
                () -> createOnly.transaction().withBundle(wholePassport(JEAN, patient)).execute());
        assertEquals(403, scope.getStatusCode());
        assertEquals(before, store.version(JEAN).orElseThrow().ver());
        assertEquals(storedBefore, stored(JEAN));
    }

    @Test
    void anErasedResidentLeavesEveryPartnersWorkingSet() {
        String kayleigh = "kayleigh-brennan";
        IGenericClient gp = partner("tx-erase", List.of("system/*.cruds"), kayleigh, Scope.everything());
        String client = lastClient;
        Observation o = HapiClientTest.measure("urn:uuid:" + UUID.randomUUID());
        o.getSubject().setReference("Patient/" + kayleigh);
        String created = gp.create().resource(o).execute().getId().getIdPart();
        var ids = mongo.database().getCollection("fhir_ids");
        var sets = mongo.database().getCollection("partner_residents");
        var memberships = mongo.database().getCollection("resident_partners");
        List<String> partners = memberships.find(new Document("_id", kayleigh)).first().getList("partners",
                String.class);
        assertFalse(partners.isEmpty());
        for (String p : partners) {
            assertTrue(sets.find(new Document("_id", p)).first().getList("residents", String.class).contains(kayleigh),
                    "in this partner's working set");
        }

        erasure.erase(kayleigh, "resident:" + kayleigh);

        for (String p : partners) {
            assertFalse(sets.find(new Document("_id", p)).first().getList("residents", String.class).contains(kayleigh),
                    "out of every partner's working set");
        }
        assertTrue(memberships.find(new Document("_id", kayleigh)).first() == null);
        assertTrue(ids.find(new Document("_id", "Observation/" + created)).first() == null,
                "its resources' ids no longer lead to it");
    }
}
