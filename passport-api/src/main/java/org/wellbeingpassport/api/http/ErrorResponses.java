package org.wellbeingpassport.api.http;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.wellbeingpassport.api.fhir.FhirMediaTypes;
import org.wellbeingpassport.api.fhir.OperationOutcomes;

/**
 * Every error the framework itself produces (no route, wrong method, unsupported media type, body too large,
 * unreadable body, unexpected failure) leaves in our shapes: OperationOutcome under /fhir, problem+json
 * elsewhere. Internal failures never show their cause to the caller.
 */
@Singleton
@Primary
public final class ErrorResponses implements ErrorResponseProcessor<Object> {

    @Override
    public MutableHttpResponse<Object> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        int status = base.code();
        String detail = status >= 500
                ? "The service could not complete the request; nothing was disclosed."
                : context.getErrors().stream().map(Error::getMessage).findFirst().orElse(base.reason());
        @SuppressWarnings("unchecked")
        MutableHttpResponse<Object> response = (MutableHttpResponse<Object>) base;
        if (ApiErrors.isFhirPath(context.getRequest().getPath())) {
            return response.body((Object) OperationOutcomes.json(OperationOutcomes.typeFor(status), detail))
                    .contentType(FhirMediaTypes.FHIR_JSON_TYPE);
        }
        return response.body((Object) ApiErrors.problem(status, base.reason(), detail))
                .contentType(MediaType.of(ApiErrors.PROBLEM_JSON));
    }
}
