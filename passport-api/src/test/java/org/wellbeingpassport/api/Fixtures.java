package org.wellbeingpassport.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;

/** Shared test data and small helpers. */
public final class Fixtures {
    /** An invented resident (the NHS number has a valid check digit and is from the test range). */
    public static final String AMARA = """
            {"resourceType":"Patient","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9434765919"}],
             "name":[{"family":"Okafor","given":["Amara"]}],"birthDate":"1987-04-12",
             "communication":[{"language":{"coding":[{"system":"urn:ietf:bcp:47","code":"en-GB"}]},"preferred":true}]}
            """;

    private static final java.util.concurrent.atomic.AtomicLong SEED = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime());

    /** Amara with an NHS number of her own each time: one NHS number is one passport (a second one is a 409). */
    public static String amara() {
        return AMARA.replace("9434765919",
                org.wellbeingpassport.fhir.example.NhsNumber.forSeed(SEED.incrementAndGet()));
    }

    /** The demo partner system (Leasowe Lane GP) and the purpose its FHIR calls state. */
    public static final String GP_SYSTEM = "system-leasowe-gp";
    public static final String DIRECT_CARE = "purpose=direct-care";

    /**
     * The resident of a passport a partner system registered shares all of it with that system for direct care (as
     * they would from their phone), so that the system may read and update it through consent.
     */
    public static void shareWithSystem(org.wellbeingpassport.api.passport.DirectiveStore directives, String residentId,
            String systemId) {
        var current = directives.current(residentId);
        var provisions = new java.util.ArrayList<>(current.provisions());
        provisions.add(org.wellbeingpassport.consent.Provision.permit("share-with-" + systemId)
                .to(org.wellbeingpassport.consent.Recipient.system(systemId, systemId))
                .covering(org.wellbeingpassport.consent.Scope.everything())
                .forPurposes(org.wellbeingpassport.consent.vocabulary.Purpose.DIRECT_CARE)
                .grantedAt(java.time.Instant.now().minusSeconds(60)).build());
        var saved = directives.save(residentId, java.util.OptionalLong.of(current.version()), provisions);
        if (!(saved instanceof org.wellbeingpassport.api.passport.DirectiveStore.Saved.Written)) {
            throw new AssertionError("could not share: " + saved);
        }
    }

    private Fixtures() {
    }

    /** The logical id from a 201 response's Location header. */
    public static String idOf(HttpResponse<String> created) {
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        String[] parts = location.split("/");
        return parts[parts.length - 3];
    }
}
