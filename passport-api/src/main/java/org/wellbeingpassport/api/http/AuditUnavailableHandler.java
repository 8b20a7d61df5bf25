package org.wellbeingpassport.api.http;

import org.wellbeingpassport.api.audit.AuditUnavailableException;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Fail closed at the edge: when the audit entry could not be stored, the request is answered 503 with no record
 * content (OperationOutcome under /fhir, problem+json elsewhere), and the client may retry.
 */
@Singleton
public final class AuditUnavailableHandler implements ExceptionHandler<AuditUnavailableException, HttpResponse<?>> {
    static final String MESSAGE = "The access log is unavailable, so nothing can be shown or changed right now."
            + " Please try again shortly.";

    @Override
    public HttpResponse<?> handle(HttpRequest request, AuditUnavailableException exception) {
        if (ApiErrors.isFhirPath(request.getPath())) {
            String body = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                    + "\"code\":\"transient\",\"diagnostics\":\"" + MESSAGE + "\"}]}";
            return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5").body(body)
                    .contentType(MediaType.of("application/fhir+json"));
        }
        return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .body(ApiErrors.problem(503, "Service unavailable", MESSAGE))
                .contentType(MediaType.of(ApiErrors.PROBLEM_JSON));
    }
}
