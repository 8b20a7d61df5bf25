package org.wellbeingpassport.api.partner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Fixtures;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.DirectiveStore;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.example.Directory;
import org.wellbeingpassport.fhir.validate.PassportValidator;
import org.wellbeingpassport.fhir.validate.ValidationReport;

/**
 * HAPI FHIR's generic client (8.8.0, unchanged) against the running server, as a GP system would use it: SMART
 * discovery and a token from a signed client assertion, Patient/$everything for a resident who shared with this
 * system for direct care, Observations by patient with _count=2 paged to the end, a conditional create, and a
 * transaction. Every response body it receives is validated with HAPI's FhirInstanceValidator (base R4 and the
 * passport's profiles and rules): 0 errors.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class HapiClientTest {
    /** The validator's first use takes seconds (tens of seconds on a loaded machine): not inside a request. */
    @org.junit.jupiter.api.BeforeAll
    static void warmValidator() {
        org.wellbeingpassport.fhir.validate.PassportValidator.shared().warmUp();
    }

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;
    @Inject
    DirectiveStore directives;

    /** Keeps every response body the client receives, for validation. */
    @Interceptor
    public static final class Bodies {
        final List<String> bodies = new ArrayList<>();

        @Hook(Pointcut.CLIENT_RESPONSE)
        public void response(IHttpRequest request, IHttpResponse response) throws IOException {
            response.bufferEntity();
            try (InputStream in = response.readEntity()) {
                String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (!body.isBlank()) {
                    bodies.add(request.getHttpVerbName() + " " + request.getUri() + " -> " + response.getStatus() + "\n"
                            + body);
                }
            }
        }
    }

    @Test
    void aGpSystemReadsPagesCreatesAndPostsATransaction() {
        Http anonymous = new Http(server.getURI());
        SmartPartner gp = SmartPartner.es384("hapi-gp-" + UUID.randomUUID().toString().substring(0, 8));
        gp.register(anonymous.as(new TestTokens(tokens).admin()), Directory.WIRRAL_GP.id(), Directory.WIRRAL_GP.name(),
                "gp-practice", List.of("system/*.rs", "system/Observation.c", "system/Bundle.c"),
                List.of("direct-care"));
        Fixtures.shareWithSystem(directives, "jean-whitfield", gp.clientId);
        String token = gp.token(anonymous, "system/*.rs system/Observation.c system/Bundle.c");

        FhirContext ctx = FhirContext.forR4Cached();
        // the validator's first use warms up for seconds on a loaded machine (MEASURED.md)
        ctx.getRestfulClientFactory().setSocketTimeout(120_000);
        IGenericClient client = ctx.newRestfulGenericClient(server.getURI().toString().replaceAll("/$", "") + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        Bodies bodies = new Bodies();
        client.registerInterceptor(bodies);

        // Patient/$everything
        Bundle everything = client.operation().onInstance(new IdType("Patient", "jean-whitfield")).named("$everything")
                .withNoParameters(Parameters.class).returnResourceType(Bundle.class).useHttpGet().execute();
        Set<String> types = new HashSet<>();
        int observations = 0;
        for (Bundle.BundleEntryComponent e : everything.getEntry()) {
            types.add(e.getResource().fhirType());
            observations += e.getResource() instanceof Observation ? 1 : 0;
            assertEquals(
                    server.getURI().toString().replaceAll("/$", "") + "/fhir/" + e.getResource().fhirType() + "/"
                            + e.getResource().getIdElement().getIdPart(),
                    e.getFullUrl(), "fullUrl from the request's base");
        }
        assertTrue(types.containsAll(List.of("Patient", "Composition", "Observation", "Goal")), types.toString());
        assertFalse(everything.hasTotal(), "no total");
        assertTrue(observations > 2, "enough to page: " + observations);

        // Observations by patient, two at a time, to the end
        Bundle page = client.search().forResource(Observation.class)
                .where(Observation.PATIENT.hasId("Patient/jean-whitfield")).count(2).returnBundle(Bundle.class)
                .execute();
        Set<String> seen = new HashSet<>();
        int pages = 0;
        while (true) {
            pages++;
            assertTrue(page.getEntry().size() <= 2);
            assertFalse(page.hasTotal());
            for (Bundle.BundleEntryComponent e : page.getEntry()) {
                assertTrue(seen.add(e.getResource().getIdElement().getIdPart()), "no result twice");
            }
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                break;
            }
            page = client.loadPage().next(page).execute();
        }
        assertEquals(observations, seen.size(), "paging reaches exactly what $everything discloses");
        assertEquals((observations + 1) / 2, pages);

        // conditional create: the second time names the first
        String identifier = "urn:uuid:" + UUID.randomUUID();
        Observation obs = measure(identifier);
        MethodOutcome first = client.create().resource(obs)
                .conditionalByUrl("Observation?identifier=https://leasowe.example/obs|" + identifier).execute();
        assertTrue(Boolean.TRUE.equals(first.getCreated()), "created");
        String id = first.getId().getIdPart();
        MethodOutcome second = client.create().resource(measure(identifier))
                .conditionalByUrl("Observation?identifier=https://leasowe.example/obs|" + identifier).execute();
        assertFalse(Boolean.TRUE.equals(second.getCreated()), "not created again");
        assertEquals(id, second.getId().getIdPart());
        Observation read = client.read().resource(Observation.class).withId(id).execute();
        assertEquals("Organization/" + Directory.WIRRAL_GP.id(), read.getPerformerFirstRep().getReference(),
                "the authoring organisation, from the caller");
        assertNotNull(client.read().resource(org.hl7.fhir.r4.model.Organization.class).withId(Directory.WIRRAL_GP.id())
                .execute().getName());

        // search by code and date, newest first, with the performers' directory resources (_include)
        Bundle coded = client.search().forResource(Observation.class)
                .where(Observation.PATIENT.hasId("Patient/jean-whitfield"))
                .and(Observation.CODE.exactly().systemAndCode(CodeSystems.WELLBEING_MEASURE, "swemwbs"))
                .and(Observation.DATE.afterOrEquals().day("2026-11-30")).include(Observation.INCLUDE_PERFORMER).sort()
                .descending(Observation.DATE).returnBundle(Bundle.class).execute();
        boolean ours = false;
        boolean organisation = false;
        for (Bundle.BundleEntryComponent e : coded.getEntry()) {
            if (e.getResource() instanceof Observation o) {
                assertEquals("swemwbs", o.getCode().getCodingFirstRep().getCode());
                ours |= o.getIdElement().getIdPart().equals(id);
            } else {
                assertEquals(Bundle.SearchEntryMode.INCLUDE, e.getSearch().getMode());
                organisation |= e.getResource().getIdElement().getIdPart().equals(Directory.WIRRAL_GP.id());
            }
        }
        assertTrue(ours && organisation, "the partner's own measure and its Organization (_include)");
        // Patient by NHS number
        String nhs = null;
        for (Bundle.BundleEntryComponent e : everything.getEntry()) {
            if (e.getResource() instanceof org.hl7.fhir.r4.model.Patient pt) {
                nhs = pt.getIdentifier().stream().filter(i -> CodeSystems.NHS_NUMBER.equals(i.getSystem())).findFirst()
                        .orElseThrow().getValue();
            }
        }
        Bundle patients = client.search().forResource(org.hl7.fhir.r4.model.Patient.class).where(
                org.hl7.fhir.r4.model.Patient.IDENTIFIER.exactly().systemAndIdentifier(CodeSystems.NHS_NUMBER, nhs))
                .returnBundle(Bundle.class).execute();
        assertEquals(1, patients.getEntry().size());
        assertEquals("jean-whitfield", patients.getEntryFirstRep().getResource().getIdElement().getIdPart());
        // $validate: HAPI's client sends Parameters with the resource; an OperationOutcome comes back
        MethodOutcome validated = client.validate().resource(measure("urn:uuid:" + UUID.randomUUID())).execute();
        org.hl7.fhir.r4.model.OperationOutcome oo = (org.hl7.fhir.r4.model.OperationOutcome) validated
                .getOperationOutcome();
        assertTrue(
                oo.getIssue().stream()
                        .noneMatch(i -> i.getSeverity() == org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.ERROR),
                "a measure that would be accepted validates");
        // Composition/$document: a document Bundle, Composition first
        String composition = everything.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r.fhirType().equals("Composition")).findFirst().orElseThrow().getIdElement().getIdPart();
        Bundle document = client.operation().onInstance(new IdType("Composition", composition)).named("$document")
                .withNoParameters(Parameters.class).returnResourceType(Bundle.class).useHttpGet().execute();
        assertEquals(Bundle.BundleType.DOCUMENT, document.getType());
        assertEquals("Composition", document.getEntryFirstRep().getResource().fhirType());

        // who wrote her story: the Composition with its Provenances (_revinclude) and their agents' directory
        // entries (_include:iterate), every reference to the directory resolving inside the Bundle
        Bundle written = client.search().forResource(org.hl7.fhir.r4.model.Composition.class)
                .where(org.hl7.fhir.r4.model.Composition.PATIENT.hasId("Patient/jean-whitfield"))
                .revInclude(org.hl7.fhir.r4.model.Provenance.INCLUDE_TARGET)
                .include(org.hl7.fhir.r4.model.Provenance.INCLUDE_AGENT.asRecursive()).returnBundle(Bundle.class)
                .execute();
        Set<String> inWritten = new HashSet<>();
        List<org.hl7.fhir.r4.model.Provenance> provenances = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : written.getEntry()) {
            inWritten.add(e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart());
            if (e.getResource() instanceof org.hl7.fhir.r4.model.Provenance pv) {
                assertEquals(Bundle.SearchEntryMode.INCLUDE, e.getSearch().getMode());
                provenances.add(pv);
            }
        }
        assertFalse(provenances.isEmpty(), "the story's Provenance, revincluded");
        for (org.hl7.fhir.r4.model.Provenance pv : provenances) {
            assertTrue(
                    pv.getTarget().stream().anyMatch(t -> t.getReference().startsWith("Composition/" + composition)));
            for (var agent : pv.getAgent()) {
                String who = agent.getWho().getReference();
                if (who.startsWith("Practitioner") || who.startsWith("Organization")) {
                    assertTrue(inWritten.contains(who), who + " included by _include:iterate");
                }
            }
            // and it resolves: read by id
            assertEquals(pv.getIdElement().getIdPart(), client.read().resource(org.hl7.fhir.r4.model.Provenance.class)
                    .withId(pv.getIdElement().getIdPart()).execute().getIdElement().getIdPart());
        }

        // Observation type history, two at a time to the end: the same versions as one page, none twice, no total
        Bundle whole = client.history().onType(Observation.class).returnBundle(Bundle.class).count(100).execute();
        List<String> all = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : whole.getEntry()) {
            all.add(e.getResource().getIdElement().getIdPart() + "/" + e.getResource().getMeta().getVersionId());
        }
        assertTrue(all.size() > 3, "versions: " + all.size());
        Bundle historyPage = client.history().onType(Observation.class).returnBundle(Bundle.class).count(2).execute();
        List<String> paged = new ArrayList<>();
        while (true) {
            assertFalse(historyPage.hasTotal(), "no total");
            for (Bundle.BundleEntryComponent e : historyPage.getEntry()) {
                paged.add(e.getResource().getIdElement().getIdPart() + "/" + e.getResource().getMeta().getVersionId());
            }
            if (historyPage.getLink(Bundle.LINK_NEXT) == null) {
                break;
            }
            assertEquals(2, historyPage.getEntry().size(), "every page full but the last");
            historyPage = client.loadPage().next(historyPage).execute();
        }
        assertEquals(all, paged, "paging reaches exactly the one-page answer, in order");

        // a transaction of two new measures
        Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < 2; i++) {
            String ident = "urn:uuid:" + UUID.randomUUID();
            tx.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(measure(ident)).getRequest()
                    .setMethod(Bundle.HTTPVerb.POST).setUrl("Observation")
                    .setIfNoneExist("identifier=https://leasowe.example/obs|" + ident);
        }
        Bundle response = client.transaction().withBundle(tx).execute();
        assertEquals(Bundle.BundleType.TRANSACTIONRESPONSE, response.getType());
        assertEquals(2, response.getEntry().size());
        for (Bundle.BundleEntryComponent e : response.getEntry()) {
            assertEquals("201 Created", e.getResponse().getStatus());
            assertTrue(e.getResponse().getLocation().startsWith("Observation/"));
        }

        // every body received: valid base R4 and passport rules, 0 errors
        assertTrue(bodies.bodies.size() >= 12, "bodies seen: " + bodies.bodies.size());
        for (String b : bodies.bodies) {
            String json = b.substring(b.indexOf('\n') + 1);
            ValidationReport report = PassportValidator.shared().validate(json);
            assertEquals(List.of(), report.errors(), b.substring(0, b.indexOf('\n')));
        }
    }

    /** A new measure about Jean as FHIR JSON (for raw HTTP). */
    static String measureJson() {
        return FhirContext.forR4Cached().newJsonParser()
                .encodeResourceToString(measure("urn:uuid:" + UUID.randomUUID()));
    }

    static Observation measure(String identifier) {
        Observation o = new Observation();
        o.addIdentifier().setSystem("https://leasowe.example/obs").setValue(identifier);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addCategory(new CodeableConcept(new Coding(CodeSystems.OBSERVATION_CATEGORY, "survey", "Survey")));
        o.setCode(new CodeableConcept(new Coding(CodeSystems.WELLBEING_MEASURE, "swemwbs",
                "Short Warwick-Edinburgh Mental Wellbeing Scale (7 items)")));
        o.setSubject(new Reference("Patient/jean-whitfield"));
        o.setEffective(new DateTimeType("2026-11-30"));
        o.setValue(new IntegerType(24));
        return o;
    }
}
