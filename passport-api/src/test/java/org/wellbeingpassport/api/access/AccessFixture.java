package org.wellbeingpassport.api.access;

import org.wellbeingpassport.api.passport.IdentifierIndex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Bundle;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.passport.PassportImporter;
import org.wellbeingpassport.api.auth.ResidentAccounts;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.codes.CodeSystems;
import org.wellbeingpassport.fhir.example.ExamplePassports;

/**
 * Real passports (the example residents, each imported under a fresh resident id and NHS number), real resident
 * sign-ins linked to them, real signed tokens, and JSON helpers.
 */
final class AccessFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQ = new AtomicInteger();

    final Http http;
    final TestTokens tokens;
    final ServiceTokens service;
    final PassportImporter importer;
    final ResidentAccounts accounts;
    final IdentifierIndex identifiers;

    AccessFixture(Http http, ServiceTokens service, PassportImporter importer, ResidentAccounts accounts,
            IdentifierIndex identifiers) {
        this.http = http;
        this.tokens = new TestTokens(service);
        this.service = service;
        this.importer = importer;
        this.accounts = accounts;
        this.identifiers = identifiers;
    }

    /** A resident with a passport, a sign-in and an NHS number of their own. */
    record Resident(String id, String nhsNumber, String birthDate, String token, Http http) {
    }

    /** A random NHS number with a valid check digit (the door refuses any other with a 422). */
    static String randomNhsNumber() {
        while (true) {
            String nine = String.format("9%08d", ThreadLocalRandom.current().nextLong(100_000_000L));
            int check = org.wellbeingpassport.fhir.example.NhsNumber.checkDigit(nine);
            if (check >= 0) {
                return nine + check;
            }
        }
    }

    Resident resident(String exampleKey, List<Provision> directives) {
        String rid = exampleKey + "-" + SEQ.incrementAndGet() + "-" + ThreadLocalRandom.current().nextInt(1_000_000);
        String nhs = randomNhsNumber();
        Bundle b = ExamplePassports.named(exampleKey).passport();
        List<ObjectNode> resources = new ArrayList<>();
        ObjectNode patient = null;
        for (Bundle.BundleEntryComponent e : b.getEntry()) {
            ObjectNode r = Fhir.tree(e.getResource());
            if ("Patient".equals(r.path("resourceType").asText())) {
                patient = r;
                for (JsonNode id : r.path("identifier")) {
                    if (CodeSystems.NHS_NUMBER.equals(id.path("system").asText())) {
                        ((ObjectNode) id).put("value", nhs);
                    }
                }
            }
            resources.add(r);
        }
        if (!importer.importPassport(rid, resources, directives)) {
            throw new IllegalStateException("passport exists already");
        }
        identifiers.index(rid, patient);
        String subject = "resident:" + rid;
        accounts.link(service.issuer() + "|" + subject, rid);
        String token = tokens.resident(subject, patient.path("name").path(0).path("given").path(0).asText());
        return new Resident(rid, nhs, patient.path("birthDate").asText(), token, http.as(token));
    }

    Http professional(String subject, String name, ProfessionalRole role, String orgId, String orgName,
            OrganisationType type) {
        return http.as(tokens.professional(subject, name, role, orgId, orgName, type));
    }

    Http carer(String subject, String name) {
        return http.as(tokens.carer(subject, name));
    }

    String carerAccount(String subject) {
        return service.issuer() + "|" + subject;
    }

    static HttpResponse<String> post(Http as, String path, String json) {
        return as.post(path, json, "Content-Type", "application/json");
    }

    static ObjectNode body(HttpResponse<String> r) {
        try {
            return (ObjectNode) JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    static ObjectNode ok(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.body());
        return body(r);
    }

    /** A refusal is problem+json with that status. */
    static void problem(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").split(";")[0],
                r.body());
        assertEquals(status, body(r).path("status").asInt(), r.body());
        if (status == 429) {
            long wait = Long.parseLong(r.headers().firstValue("Retry-After").orElse("0"));
            assertTrue(wait >= 1, "a 429 says when to try again: Retry-After " + wait);
        }
    }

    /** The resource types in a passport bundle read as a professional or carer. */
    static Set<String> typesIn(HttpResponse<String> read) {
        assertEquals(200, read.statusCode(), read.body());
        Set<String> types = new HashSet<>();
        for (JsonNode e : body(read).path("entry")) {
            types.add(e.path("resource").path("resourceType").asText());
        }
        return types;
    }

    /** The story sections shared in the bundle's Composition (a withheld one is not there at all). */
    static Set<String> sectionsIn(HttpResponse<String> read) {
        Set<String> codes = new HashSet<>();
        for (JsonNode e : body(read).path("entry")) {
            JsonNode r = e.path("resource");
            if ("Composition".equals(r.path("resourceType").asText())) {
                for (JsonNode s : r.path("section")) {
                    if (s.has("emptyReason")) {
                        continue;
                    }
                    for (JsonNode c : s.path("code").path("coding")) {
                        codes.add(c.path("code").asText());
                    }
                }
            }
        }
        return codes;
    }

    static String array(String... values) {
        ArrayNode a = JSON.createArrayNode();
        for (String v : values) {
            a.add(v);
        }
        return a.toString();
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }
}
