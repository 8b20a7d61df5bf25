package org.wellbeingpassport.api.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditOutcome;
import org.wellbeingpassport.api.audit.AuditQueries;
import org.wellbeingpassport.api.audit.AuditQuery;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.fhir.ValidatedDocuments;
import org.wellbeingpassport.api.passport.DirectiveStore;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.api.store.StoredResource;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.Recipient;
import org.wellbeingpassport.consent.Scope;
import org.wellbeingpassport.consent.vocabulary.Purpose;
import org.wellbeingpassport.consent.vocabulary.StorySection;
import org.wellbeingpassport.fhir.example.Directory;
import org.wellbeingpassport.fhir.validate.PassportValidator;

/**
 * A partner resending a whole passport (the bench's 17-resource transaction) where some things changed: only the
 * entries whose document differs from one that passed validation before are validated again (counted by
 * {@link ValidatedDocuments}'s hook: the real validator, nothing mocked); a changed entry that breaks a profile rule
 * is still refused, 422 naming it, with nothing written, while the other 16 are unchanged; and an entry the caller
 * may not write is validated as it always was, whatever passed before.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class ValidateWhatChangedTest {
    static final String RESIDENT = "jean-whitfield";

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
    PassportStore store;
    @Inject
    ValidatedDocuments validated;
    @Inject
    AuditQueries queries;
    String lastClient;

    /** A registered partner of the Wirral GP practice with every scope, granted {@code grant} of the resident's. */
    IGenericClient partner(String name, Scope grant) {
        List<String> scopes = List.of("system/*.cruds");
        Http anonymous = new Http(server.getURI());
        SmartPartner p = SmartPartner.es384(name + "-" + UUID.randomUUID().toString().substring(0, 8));
        p.register(anonymous.as(new TestTokens(tokens).admin()), Directory.WIRRAL_GP.id(), Directory.WIRRAL_GP.name(),
                "gp-practice", scopes, List.of("direct-care"));
        lastClient = p.clientId;
        var current = directives.current(RESIDENT);
        var provisions = new ArrayList<>(current.provisions());
        provisions.add(Provision.permit("vc-" + p.clientId).to(Recipient.system(p.clientId, p.clientId)).covering(grant)
                .forPurposes(Purpose.DIRECT_CARE).grantedAt(Instant.now().minusSeconds(60)).build());
        assertTrue(directives.save(RESIDENT, OptionalLong.of(current.version()),
                provisions) instanceof DirectiveStore.Saved.Written);
        FhirContext ctx = FhirContext.forR4Cached();
        ctx.getRestfulClientFactory().setSocketTimeout(120_000);
        IGenericClient client = ctx.newRestfulGenericClient(server.getURI().toString().replaceAll("/$", "") + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(p.token(anonymous, String.join(" ", scopes))));
        return client;
    }

    Map<String, Long> stored() {
        Map<String, Long> out = new HashMap<>();
        for (StoredResource r : store.readPassport(RESIDENT)) {
            out.put(r.type() + "/" + r.id(), r.version());
        }
        return out;
    }

    /** Posts the transaction; returns how many full validations it ran. */
    long validationsOf(IGenericClient client, Bundle tx) {
        long before = validated.validations();
        client.transaction().withBundle(tx).execute();
        return validated.validations() - before;
    }

    @Test
    void onlyWhatChangedIsValidatedAndAChangeThatBreaksARuleIsStillRefused() throws IOException {
        IGenericClient gp = partner("vc-gp", Scope.everything());
        Patient patient = gp.read().resource(Patient.class).withId(RESIDENT).execute();
        Bundle first = WholePassportTransactionTest.wholePassport(RESIDENT, patient);
        Bundle response = gp.transaction().withBundle(first).execute();
        assertEquals(17, response.getEntry().size());

        // the 17 resources as PUTs (their documents as this client encodes them: each validated once, here)
        Bundle put = WholePassportTransactionTest.again(first, response, null);
        put.getEntryFirstRep().getRequest().setIfMatch(null);
        long firstPut = validationsOf(gp, put);
        assertTrue(firstPut > 0 && firstPut <= 17, "validated: " + firstPut);

        // ---- the same passport again: nothing changed, nothing validated again, and nothing written (each resource,
        // and the passport, keeps its version: ADR 0012, 2026-12-03, session 10)
        long version = store.version(RESIDENT).orElseThrow().ver();
        Map<String, Long> storedPut = stored();
        assertEquals(0, validationsOf(gp, put), "an unchanged entry is not validated again");
        assertEquals(version, store.version(RESIDENT).orElseThrow().ver(), "nothing written: the same version");
        assertEquals(storedPut, stored(), "every resource keeps its version");

        // ---- a score and a goal's text changed: those two validated, in full, and the other 15 not
        ((Observation) put.getEntry().get(1).getResource()).setValue(new IntegerType(25));
        Goal goal = (Goal) put.getEntry().stream().filter(e -> e.getResource() instanceof Goal).findFirst()
                .orElseThrow().getResource();
        goal.getDescription().setText("Walk to the park four times a week");
        assertEquals(2, validationsOf(gp, put), "the two entries that changed, and only those");
        assertEquals(version + 1, store.version(RESIDENT).orElseThrow().ver(), "one new version of the passport");

        // ---- a changed entry breaks a profile rule (a SWEMWBS score out of its 7-35 range), the other 16 unchanged:
        // validated, refused with 422 naming the entry, nothing written; as before, every entry up to the refused one
        // was validated (the Patient in front of it again), so a 422's time says nothing of what passed before
        Map<String, Long> storedBefore = stored();
        ((Observation) put.getEntry().get(1).getResource()).setValue(new IntegerType(99));
        long before = validated.validations();
        UnprocessableEntityException bad = assertThrows(UnprocessableEntityException.class,
                () -> gp.transaction().withBundle(put).execute());
        assertEquals(2, validated.validations() - before, "the changed entry in full, and the Patient before it");
        assertTrue(bad.getResponseBody().contains("Bundle.entry[1].resource"), bad.getResponseBody());
        assertEquals(version + 1, store.version(RESIDENT).orElseThrow().ver(), "nothing written");
        assertEquals(storedBefore, stored(), "no resource of the passport changed");
        // and again: a document that failed is never remembered as passed
        assertThrows(UnprocessableEntityException.class, () -> gp.transaction().withBundle(put).execute());
        assertEquals(storedBefore, stored());

        // the same with the eighth Observation's score (entry 8) out of range instead: the 8 entries before it
        // validated again, then it
        ((Observation) put.getEntry().get(1).getResource()).setValue(new IntegerType(25));
        Observation eighth = (Observation) put.getEntry().get(8).getResource();
        assertEquals("swemwbs", eighth.getCode().getCodingFirstRep().getCode());
        IntegerType score = eighth.getValueIntegerType();
        eighth.setValue(new IntegerType(99));
        before = validated.validations();
        UnprocessableEntityException eighthBad = assertThrows(UnprocessableEntityException.class,
                () -> gp.transaction().withBundle(put).execute());
        assertEquals(9, validated.validations() - before, "entries 0 to 7 again, then entry 8");
        assertTrue(eighthBad.getResponseBody().contains("Bundle.entry[8].resource"), eighthBad.getResponseBody());
        assertEquals(storedBefore, stored(), "nothing written");
        eighth.setValue(score);

        // ---- back to the valid score it has: one that passed before, so not validated again; and, every entry now
        // the very document its current version was written from, nothing written either
        ((Observation) put.getEntry().get(1).getResource()).setValue(new IntegerType(25));
        assertEquals(0, validationsOf(gp, put));
        assertEquals(storedBefore, stored(), "nothing written: every resource keeps its version");
        assertEquals(version + 1, store.version(RESIDENT).orElseThrow().ver());
    }

    @Test
    void anEntryTheCallerMayNotWriteIsValidatedWhateverPassedBefore() throws IOException {
        IGenericClient gp = partner("vc-writer", Scope.everything());
        IGenericClient narrow = partner("vc-narrow", Scope.sections(StorySection.GOALS));
        Patient patient = gp.read().resource(Patient.class).withId(RESIDENT).execute();
        Bundle first = WholePassportTransactionTest.wholePassport(RESIDENT, patient);
        Bundle response = gp.transaction().withBundle(first).execute();
        Bundle put = WholePassportTransactionTest.again(first, response, null);
        put.getEntryFirstRep().getRequest().setIfMatch(null);
        validationsOf(gp, put);
        assertEquals(0, validationsOf(gp, put), "the writer's unchanged passport: nothing validated again");

        // another partner sends the very same documents (the Patient's body byte for byte): it may write none of
        // them (not its resources; not all of the Patient seen), so every one is validated, then the one 404
        Map<String, Long> storedBefore = stored();
        long before = validated.validations();
        assertThrows(ResourceNotFoundException.class, () -> narrow.transaction().withBundle(put).execute());
        assertEquals(17, validated.validations() - before, "all 17 validated, as before this change");
        assertEquals(storedBefore, stored(), "nothing written");
    }

    /** The successful UPDATE entries of this client on the resident whose detail says this. */
    List<org.wellbeingpassport.api.audit.AuditEntry> updates(String client, String saying) {
        return queries
                .search(AuditQuery.all().withResident(RESIDENT).withActor(client).withAction(AuditAction.UPDATE)
                        .withOutcome(AuditOutcome.SUCCESS))
                .stream().map(e -> e.entry()).filter(e -> e.detail().orElse("").contains(saying)).toList();
    }

    @Test
    void anUnchangedResourceKeepsItsVersionYetTheTransactionIsCheckedAndRecorded() throws IOException {
        IGenericClient gp = partner("vc-same", Scope.everything());
        String client = lastClient;
        Patient patient = gp.read().resource(Patient.class).withId(RESIDENT).execute();
        Bundle first = WholePassportTransactionTest.wholePassport(RESIDENT, patient);
        Bundle response = gp.transaction().withBundle(first).execute();
        Bundle put = WholePassportTransactionTest.again(first, response, null);
        put.getEntryFirstRep().getRequest().setIfMatch(null);
        gp.transaction().withBundle(put).execute(); // written: these documents (this client's encoding) are new
        long version = store.version(RESIDENT).orElseThrow().ver();
        Map<String, Long> written = stored();

        // ---- resent as it is: each answered 200 with the version it keeps, nothing written, and one audit entry
        // naming all 17 (the transaction was parsed, checked against consent and recorded as any other)
        Bundle same = gp.transaction().withBundle(put).execute();
        assertEquals(17, same.getEntry().size());
        for (Bundle.BundleEntryComponent e : same.getEntry()) {
            String[] l = e.getResponse().getLocation().split("/");
            assertEquals("200 OK", e.getResponse().getStatus());
            assertEquals(written.get(l[0] + "/" + l[1]).longValue(), Long.parseLong(l[3]), l[0] + "/" + l[1]);
            assertEquals("W/\"" + l[3] + "\"", e.getResponse().getEtag());
        }
        assertEquals(version, store.version(RESIDENT).orElseThrow().ver(), "the passport keeps its version");
        assertEquals(written, stored(), "every resource keeps its version");
        var unchanged = updates(client, "nothing changed");
        assertEquals(1, unchanged.size(), "recorded, as every change is");
        assertEquals(17, unchanged.get(0).resources().size(), "naming every resource sent");

        // ---- one score changed: that Observation a new version, the 16 others keep theirs, the passport one more
        Observation first0 = (Observation) put.getEntry().get(1).getResource();
        String scored = "Observation/" + first0.getIdElement().getIdPart();
        first0.setValue(new IntegerType(first0.getValueIntegerType().getValue() == 26 ? 27 : 26));
        gp.transaction().withBundle(put).execute();
        assertEquals(version + 1, store.version(RESIDENT).orElseThrow().ver());
        Map<String, Long> now = stored();
        for (Map.Entry<String, Long> r : written.entrySet()) {
            if (r.getKey().equals(scored)) {
                assertEquals(r.getValue() + 1, now.get(r.getKey()).longValue(), r.getKey());
            } else {
                assertEquals(r.getValue(), now.get(r.getKey()), r.getKey());
            }
        }
        var partly = updates(client, "16 of them sent as they are");
        assertEquals(1, partly.size());
        assertEquals(17, partly.get(0).resources().size());

        // ---- the Patient unchanged but named with If-Match: the precondition is checked, with the write (the store
        // checks an If-Match atomically only on what it writes), so the Patient is written; the 16 others are not
        String patientRef = "Patient/" + RESIDENT;
        long patientVersion = now.get(patientRef);
        put.getEntryFirstRep().getRequest().setIfMatch("W/\"" + patientVersion + "\"");
        gp.transaction().withBundle(put).execute();
        assertEquals(version + 2, store.version(RESIDENT).orElseThrow().ver());
        Map<String, Long> withPatient = stored();
        assertEquals(patientVersion + 1, withPatient.get(patientRef).longValue());
        withPatient.put(patientRef, patientVersion);
        assertEquals(now, withPatient, "the others keep their versions");
        // and a stale If-Match on the Patient, nothing else changed: 412, nothing written
        put.getEntryFirstRep().getRequest().setIfMatch("W/\"" + patientVersion + "\"");
        Map<String, Long> before412 = stored();
        assertThrows(PreconditionFailedException.class, () -> gp.transaction().withBundle(put).execute());
        assertEquals(before412, stored());
        assertEquals(version + 2, store.version(RESIDENT).orElseThrow().ver());
        put.getEntryFirstRep().getRequest().setIfMatch(null);

        // ---- a new version written by another path (here the store itself, as a resident's confirmation would):
        // the fact is about the version it was written from, so the same document resent is written again, over it
        String goalRef = written.keySet().stream().filter(k -> k.startsWith("Goal/"))
                .filter(k -> put.getEntry().stream().anyMatch(
                        e -> (e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart()).equals(k)))
                .findFirst().orElseThrow();
        String goalId = goalRef.substring("Goal/".length());
        StoredResource goalNow = store.read(RESIDENT, "Goal", goalId).orElseThrow();
        assertTrue(
                store.updateAll(RESIDENT, List.of(new PassportStore.ResourceWrite("Goal", goalId, OptionalLong.empty(),
                        false, (id, v, at) -> goalNow.json()))) instanceof PassportStore.ChangeOutcome.Written);
        long goalVersion = store.read(RESIDENT, "Goal", goalId).orElseThrow().version();
        assertEquals(goalNow.version() + 1, goalVersion);
        gp.transaction().withBundle(put).execute();
        assertEquals(goalVersion + 1, store.read(RESIDENT, "Goal", goalId).orElseThrow().version(),
                "written again over the other path's version");
    }
}
