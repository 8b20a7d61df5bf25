package org.wellbeingpassport.api.http;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/** Every request states one purpose of use, by code. */
public final class Purposes {
    private Purposes() {
    }

    public static Purpose required(String code) {
        if (code == null || code.isBlank()) {
            throw Problem.badRequest("State the purpose of use with ?purpose=, one of: " + codes());
        }
        return Purpose.fromCode(code)
                .orElseThrow(() -> Problem.badRequest("Unknown purpose '" + code + "'; use one of: " + codes()));
    }

    public static String codes() {
        return Arrays.stream(Purpose.values()).map(Purpose::code).collect(Collectors.joining(", "));
    }
}
