package org.wellbeingpassport.api.http;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditAgent;
import org.wellbeingpassport.api.audit.AuditEntry;
import org.wellbeingpassport.api.audit.AuditOutcome;
import org.wellbeingpassport.api.audit.AuditTrail;

/**
 * Every error the framework itself produces (no route, wrong method, unsupported media type, body too large,
 * unreadable body, unexpected failure) leaves in our shapes: OperationOutcome under /fhir, problem+json
 * elsewhere. Internal failures never show their cause to the caller.
 */
@Singleton
@Primary
public final class ErrorResponses implements ErrorResponseProcessor<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    private final BeanProvider<AuditTrail> audit;

    public ErrorResponses(BeanProvider<AuditTrail> audit) {
        this.audit = audit;
    }

    @Override
    public MutableHttpResponse<Object> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        int status = base.code();
        if (status == 401) {
            recordFailedAuthentication(context);
            // RFC 6750 section 3: say how to authenticate, and whether the token presented was the problem
            boolean presented = context.getRequest().getHeaders().getAuthorization().isPresent();
            base.header("WWW-Authenticate",
                    "Bearer realm=\"wellbeing-passport\"" + (presented ? ", error=\"invalid_token\"" : ""));
        }
        String detail = status >= 500
                ? "The service could not complete the request; nothing was disclosed."
                : context.getErrors().stream().map(Error::getMessage).findFirst().orElse(base.reason());
        @SuppressWarnings("unchecked")
        MutableHttpResponse<Object> response = (MutableHttpResponse<Object>) base;
        if (ApiErrors.isFhirRequest(context.getRequest())) {
            return response.body((Object) OperationOutcomes.json(OperationOutcomes.typeFor(status), detail))
                    .contentType(FhirMediaTypes.FHIR_JSON_TYPE);
        }
        return response.body((Object) ApiErrors.problem(status, base.reason(), detail))
                .contentType(MediaType.of(ApiErrors.PROBLEM_JSON));
    }

    /** A refused sign-in is an auditable event (never the token itself). The 401 goes out whatever happens here. */
    private void recordFailedAuthentication(ErrorContext context) {
        try {
            var request = context.getRequest();
            boolean presented = request.getHeaders().getAuthorization().isPresent();
            audit.get()
                    .record(AuditEntry.builder(AuditAction.AUTH_FAILURE, AuditOutcome.DENIED, AuditAgent.anonymous())
                            .at(Instant.now()).source(request.getRemoteAddress().getAddress().getHostAddress())
                            .detail(request.getMethodName() + " " + request.getPath()
                                    + (presented ? ": the token presented was not accepted" : ": no token"))
                            .build());
        } catch (RuntimeException e) {
            LOG.warn("Could not record a failed authentication: {}", e.getClass().getSimpleName());
        }
    }
}
