package org.wellbeingpassport.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wellbeingpassport.api.Fixtures;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;

/** The security headers, on every kind of response: personal reads, writes, errors, refusals, public routes. */
@MicronautTest
class SecurityHeadersTest {
    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;

    Http http() {
        return new Http(server.getURI());
    }

    /** Every response this service sends: nothing kept, nothing sniffed, never framed, no HSTS unless configured. */
    static void assertHardened(String what, HttpResponse<String> r) {
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""), what + " Cache-Control");
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), what + " nosniff");
        assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(""), what + " X-Frame-Options");
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"),
                what + " frame-ancestors");
        assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(""), what);
        assertFalse(r.headers().firstValue("Strict-Transport-Security").isPresent(), what + " HSTS is off by default");
    }

    @Test
    void everythingPersonalIsNoStoreNosniffAndNeverFramed() {
        TestTokens t = new TestTokens(tokens);
        Http resident = http().as(t.resident("resident:headers-1", "Hana Headers"));
        Http auditor = http().as(t.auditor());
        Http worker = http().as(t.professional("prac-h1", "Pat Worker", ProfessionalRole.SOCIAL_PRESCRIBING_LINK_WORKER,
                "org-h1", "Leasowe Lane Medical Practice", OrganisationType.GP_PRACTICE));
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[]{"GET /me/consent", resident.get("/me/consent")});
        cases.add(new Object[]{"GET /me/preview",
                resident.get("/me/preview?purpose=support-planning&role=social-prescribing-link-worker"
                        + "&organisationType=gp-practice")});
        cases.add(new Object[]{"GET /me/access-history", resident.get("/me/access-history")});
        cases.add(new Object[]{"GET /me/passport", resident.get("/me/passport")});
        cases.add(new Object[]{"GET /audit/events", auditor.get("/audit/events")});
        cases.add(new Object[]{"GET /audit/verify", auditor.get("/audit/verify")});
        cases.add(new Object[]{"POST /fhir/Patient",
                http().as(t.demo(Fixtures.GP_SYSTEM)).post("/fhir/Patient", Fixtures.amara())});
        cases.add(new Object[]{"GET /passports/x/why",
                worker.get("/passports/jean-whitfield/why?purpose=support-planning")});
        cases.add(new Object[]{"GET /passports/x", worker.get("/passports/jean-whitfield?purpose=support-planning")});
        cases.add(new Object[]{"401 with a token", http().as("not.a.token").get("/me/consent")});
        cases.add(new Object[]{"401 without a token", http().get("/audit/events")});
        cases.add(new Object[]{"403", resident.get("/audit/events")});
        cases.add(new Object[]{"404", http().get("/no-such-route")});
        cases.add(new Object[]{"GET /health", http().get("/health")});
        cases.add(new Object[]{"GET /fhir/metadata", http().get("/fhir/metadata")});
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> r = (HttpResponse<String>) c[1];
            assertHardened(c[0] + " (" + r.statusCode() + ")", r);
        }
    }

    @Test
    void apiResponsesAllowNoActiveContent() {
        HttpResponse<String> r = http().get("/health");
        assertEquals("default-src 'none'; frame-ancestors 'none'",
                r.headers().firstValue("Content-Security-Policy").orElse(""));
    }

    @Test
    void publicKeysMayBeCachedButNotWhenAskedWithCredentials() {
        HttpResponse<String> anonymous = http().get("/.well-known/jwks.json");
        assertEquals("public, max-age=300", anonymous.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("nosniff", anonymous.headers().firstValue("X-Content-Type-Options").orElse(""));
        HttpResponse<String> withToken = http().as(new TestTokens(tokens).admin()).get("/.well-known/jwks.json");
        assertEquals("no-store", withToken.headers().firstValue("Cache-Control").orElse(""));
    }
}
