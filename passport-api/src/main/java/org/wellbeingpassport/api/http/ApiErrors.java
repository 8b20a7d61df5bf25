package org.wellbeingpassport.api.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** The two error shapes at the edge: OperationOutcome under /fhir, problem+json (RFC 9457) everywhere else. */
public final class ApiErrors {
    public static final String PROBLEM_JSON = "application/problem+json";

    private ApiErrors() {
    }

    public static boolean isFhirPath(String path) {
        return path.equals("/fhir") || path.startsWith("/fhir/");
    }

    /** A problem+json body; {@code detail} must never carry withheld or sensitive values. */
    public static Map<String, Object> problem(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        if (detail != null && !detail.isBlank()) {
            body.put("detail", detail);
        }
        return body;
    }
}
