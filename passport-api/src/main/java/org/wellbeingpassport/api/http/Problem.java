package org.wellbeingpassport.api.http;

import io.micronaut.http.HttpStatus;
import java.util.List;

/** A refusal outside /fhir, sent as problem+json; {@code detail} must never reveal withheld content. */
public final class Problem extends RuntimeException {
    private final HttpStatus status;
    private final String title;
    private final List<String> errors;

    public Problem(HttpStatus status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public Problem(HttpStatus status, String title, String detail, List<String> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
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
                "There is nothing here that you can see. If you support this person, ask them for access.");
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
}
