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
