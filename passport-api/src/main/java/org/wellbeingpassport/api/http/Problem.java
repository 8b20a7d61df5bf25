package org.wellbeingpassport.api.http;

import io.micronaut.http.HttpStatus;
import java.util.List;

/** A refusal outside /fhir, sent as problem+json; {@code detail} must never reveal withheld content. */
public final class Problem extends RuntimeException {
    private final HttpStatus status;
    private final String title;
    private final List<String> errors;
    private final Long retryAfterSeconds;

    public Problem(HttpStatus status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public Problem(HttpStatus status, String title, String detail, List<String> errors) {
        this(status, title, detail, errors, null);
    }

    private Problem(HttpStatus status, String title, String detail, List<String> errors, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 429 with Retry-After: the caller may try again after that many seconds (at least 1). */
    public static Problem tooMany(String detail, java.time.Duration retryAfter) {
        return new Problem(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", detail, List.of(),
                Math.max(1L, retryAfter.toSeconds()));
    }

    public static Problem conflict(String detail) {
        return new Problem(HttpStatus.CONFLICT, "Conflict", detail);
    }

    public static Problem forbidden(String detail) {
        return new Problem(HttpStatus.FORBIDDEN, "Forbidden", detail);
    }

    public static Problem badRequest(String detail) {
        return new Problem(HttpStatus.BAD_REQUEST, "Bad request", detail);
    }

    public static Problem invalid(String detail, List<String> errors) {
        return new Problem(HttpStatus.UNPROCESSABLE_ENTITY, "Not valid", detail, errors);
    }

    /** The one answer for "does not exist" and "not yours to see": they must look the same. */
    public static Problem notAvailable() {
        return new Problem(HttpStatus.NOT_FOUND, "Not found",
                "There is nothing here for you to see. You can ask the person for access.");
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<String> errors() {
        return errors;
    }

    public java.util.Optional<Long> retryAfterSeconds() {
        return java.util.Optional.ofNullable(retryAfterSeconds);
    }
}
