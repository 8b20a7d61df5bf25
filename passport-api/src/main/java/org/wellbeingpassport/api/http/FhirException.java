package org.wellbeingpassport.api.http;

import io.micronaut.http.HttpStatus;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** A request the FHIR API refuses, with the status and the OperationOutcome issues to send back. */
public final class FhirException extends RuntimeException {
    private final HttpStatus status;
    private final List<Issue> issues;

    /** One issue: its type, what is wrong in plain words, and where (a FHIRPath expression), if known. */
    public record Issue(IssueType type, String diagnostics, String expression) {
    }

    public FhirException(HttpStatus status, List<Issue> issues) {
        super(issues.isEmpty() ? status.getReason() : issues.get(0).diagnostics(), null, false, false);
        this.status = status;
        this.issues = List.copyOf(issues);
    }

    public FhirException(HttpStatus status, IssueType type, String diagnostics) {
        this(status, List.of(new Issue(type, diagnostics, null)));
    }

    public static FhirException invalid(String diagnostics) {
        return new FhirException(HttpStatus.BAD_REQUEST, IssueType.INVALID, diagnostics);
    }

    public static FhirException notFound(String type, String id) {
        return new FhirException(HttpStatus.NOT_FOUND, IssueType.NOTFOUND, type + "/" + id + " is not known");
    }

    public HttpStatus status() {
        return status;
    }

    public List<Issue> issues() {
        return issues;
    }
}
