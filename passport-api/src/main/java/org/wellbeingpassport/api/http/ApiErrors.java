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

    /**
     * Whether a request is under /fhir, read from the request line as sent: the framework's own errors (a malformed
     * URI, issue 17's HTTP fuzz) come before its path is parsed, and must still answer an OperationOutcome there.
     */
    public static boolean isFhirRequest(io.micronaut.http.HttpRequest<?> request) {
        String raw = RequestLines.target(request).orElseGet(request::getPath);
        int end = raw.length();
        for (char c : new char[]{'?', '#', ';'}) {
            int at = raw.indexOf(c);
            end = at >= 0 ? Math.min(end, at) : end;
        }
        String path = raw.substring(0, end);
        int scheme = path.indexOf("://");
        if (scheme >= 0) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        return isFhirPath(path) || isFhirPath(request.getPath());
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
