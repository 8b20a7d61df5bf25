package org.wellbeingpassport.api.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.exceptions.HttpStatusException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;

/**
 * A body is read only as UTF-8 (JSON, RFC 8259, and FHIR both require it; US-ASCII is a subset). A request whose
 * {@code Content-Type} names another, unknown or malformed charset, or cannot be parsed at all, is refused with 415
 * before any route reads it: before this filter, {@code charset=bogus} made every body route answer 500.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class RequestCharsets implements Ordered {
    static final String DETAIL = "Send the body as UTF-8 JSON: the Content-Type's charset must be utf-8 or left out.";

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 1;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> checkCharset(HttpRequest<?> request) {
        String raw = request.getHeaders().get(HttpHeaders.CONTENT_TYPE);
        if (raw == null || acceptable(raw)) {
            return null;
        }
        return refuse(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE, DETAIL);
    }

    /** True when the media type parses and names no charset, or UTF-8 (or US-ASCII). */
    static boolean acceptable(String contentType) {
        try {
            MediaType.of(contentType);
        } catch (RuntimeException e) {
            return false;
        }
        List<String> charsets = charsets(contentType);
        if (charsets.isEmpty()) {
            return true;
        }
        if (charsets.size() > 1) {
            return false;
        }
        try {
            Charset c = Charset.forName(charsets.get(0));
            return c.equals(StandardCharsets.UTF_8) || c.equals(StandardCharsets.US_ASCII);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Every charset parameter's value (unquoted): one at most is acceptable. */
    static List<String> charsets(String contentType) {
        List<String> out = new ArrayList<>();
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            String name = (eq < 0 ? parts[i] : parts[i].substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            if (name.equals("charset")) {
                String value = eq < 0 ? "" : parts[i].substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                out.add(value);
            }
        }
        return out;
    }

    /** A refusal in the edge's shape: OperationOutcome under /fhir, problem+json elsewhere. */
    static MutableHttpResponse<String> refuse(HttpRequest<?> request, HttpStatus status, String detail) {
        if (ApiErrors.isFhirPath(request.getPath())) {
            return HttpResponse.<String>status(status)
                    .body(OperationOutcomes.json(OperationOutcomes.typeFor(status.getCode()), detail))
                    .contentType(FhirMediaTypes.FHIR_JSON_TYPE);
        }
        try {
            return HttpResponse.<String>status(status)
                    .body(new com.fasterxml.jackson.databind.ObjectMapper()
                            .writeValueAsString(ApiErrors.problem(status.getCode(), status.getReason(), detail)))
                    .contentType(MediaType.of(ApiErrors.PROBLEM_JSON));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new HttpStatusException(status, detail);
        }
    }
}
