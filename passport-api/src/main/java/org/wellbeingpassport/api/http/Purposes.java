package org.wellbeingpassport.api.http;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/** Every request states one purpose of use, by code. */
public final class Purposes {
    private Purposes() {
    }

    /**
     * The purpose of a route outside /fhir, by the error rule: absent is malformed (400), a code that is not one is
     * well-formed but invalid (422, with {@code purpose} as the path).
     */
    public static Purpose query(String code) {
        if (code == null || code.isBlank()) {
            throw new Problem(io.micronaut.http.HttpStatus.BAD_REQUEST, "Bad request",
                    "State the purpose of use with ?purpose=, one of: " + codes(),
                    java.util.List.of("purpose: required"));
        }
        return Purpose.fromCode(code).orElseThrow(() -> Problem.invalid("The purpose is not one this service knows",
                java.util.List.of("purpose: one of " + codes())));
    }

    public static String codes() {
        return Arrays.stream(Purpose.values()).map(Purpose::code).collect(Collectors.joining(", "));
    }
}
