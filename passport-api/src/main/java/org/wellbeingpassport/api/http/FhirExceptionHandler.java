package org.wellbeingpassport.api.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Turns a refused FHIR request into its status and OperationOutcome. */
@Singleton
public final class FhirExceptionHandler implements ExceptionHandler<FhirException, HttpResponse<String>> {
    @Override
    public HttpResponse<String> handle(HttpRequest request, FhirException e) {
        return HttpResponse.<String>status(e.status()).contentType(FhirMediaTypes.FHIR_JSON_TYPE)
                .body(OperationOutcomes.json(e.issues()));
    }
}
