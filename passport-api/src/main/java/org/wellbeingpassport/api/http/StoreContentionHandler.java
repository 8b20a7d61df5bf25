package org.wellbeingpassport.api.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.wellbeingpassport.api.store.StoreContentionException;

/**
 * A change that lost too many times in a row to other changes of the same passport (the store's bounded retries,
 * ADR 0008) is a conflict the caller can retry, not a failure of the service: 409 with Retry-After, an
 * OperationOutcome ({@code lock-error}) under /fhir, problem+json elsewhere. The change may still have been finished
 * by the writer that took its place (ADR 0008's roll forward), so the caller is asked to look before writing again.
 */
@Singleton
public final class StoreContentionHandler implements ExceptionHandler<StoreContentionException, HttpResponse<?>> {
    static final String MESSAGE = "Many changes to this record arrived at the same moment, so this one could not be"
            + " confirmed. Please look at the record and try again.";

    @Override
    public HttpResponse<?> handle(HttpRequest request, StoreContentionException exception) {
        if (ApiErrors.isFhirRequest(request)) {
            return HttpResponse.status(HttpStatus.CONFLICT).header("Retry-After", "1")
                    .body(OperationOutcomes.json(IssueType.LOCKERROR, MESSAGE))
                    .contentType(FhirMediaTypes.FHIR_JSON_TYPE);
        }
        return HttpResponse.status(HttpStatus.CONFLICT).header("Retry-After", "1")
                .body(ApiErrors.problem(409, "Conflict", MESSAGE)).contentType(MediaType.of(ApiErrors.PROBLEM_JSON));
    }
}
