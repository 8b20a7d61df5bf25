package org.wellbeingpassport.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.codec.CodecException;
import io.micronaut.http.server.exceptions.ConversionErrorHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.UnsatisfiedRouteHandler;
import io.micronaut.http.server.exceptions.JacksonExceptionHandler;
import io.micronaut.http.server.exceptions.JsonExceptionHandler;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolationException;

/**
 * The framework's own answers to a body it could not read or a record that broke its constraints, replaced by ours:
 * problem+json outside /fhir (OperationOutcome inside), the path of each problem, never the parser's message.
 */
public final class BodyErrorHandlers {
    private BodyErrorHandlers() {
    }

    static HttpResponse<?> send(HttpRequest<?> request, Problem p) {
        if (ApiErrors.isFhirPath(request.getPath())) {
            return HttpResponse.status(p.status()).contentType(FhirMediaTypes.FHIR_JSON_TYPE)
                    .body(OperationOutcomes.json(OperationOutcomes.typeFor(p.status().getCode()), p.getMessage()));
        }
        return ProblemHandler.response(p);
    }

    static Problem unreadable(Throwable e) {
        return BodyErrors.fromCauses(e)
                .orElseGet(() -> Problem.badRequest("The body must be a JSON object of the documented shape"));
    }

    @Singleton
    @Replaces(JsonExceptionHandler.class)
    public static final class Syntax implements ExceptionHandler<JsonSyntaxException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, JsonSyntaxException e) {
            return send(request, unreadable(e));
        }
    }

    @Singleton
    @Replaces(JacksonExceptionHandler.class)
    public static final class Json implements ExceptionHandler<JsonProcessingException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, JsonProcessingException e) {
            return send(request, BodyErrors.of(e));
        }
    }

    @Singleton
    public static final class Codec implements ExceptionHandler<CodecException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, CodecException e) {
            return send(request, unreadable(e));
        }
    }

    @Singleton
    @Replaces(ConversionErrorHandler.class)
    public static final class Conversion implements ExceptionHandler<ConversionErrorException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, ConversionErrorException e) {
            Problem p = BodyErrors.fromCauses(e)
                    .orElseGet(() -> Problem.invalid("'" + e.getArgument().getName() + "' is not valid",
                            java.util.List.of(e.getArgument().getName() + ": not valid")));
            return send(request, p);
        }
    }

    @Singleton
    @Replaces(UnsatisfiedRouteHandler.class)
    public static final class Unsatisfied implements ExceptionHandler<UnsatisfiedRouteException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, UnsatisfiedRouteException e) {
            String name = e.getArgument().getName();
            Problem p = name.equals("body")
                    ? Problem.badRequest("This request needs a JSON body")
                    : Problem.invalid("'" + name + "' is required", java.util.List.of(name + ": required"));
            return send(request, p);
        }
    }

    @Singleton
    @Replaces(ConstraintExceptionHandler.class)
    public static final class Constraints implements ExceptionHandler<ConstraintViolationException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, ConstraintViolationException e) {
            return send(request, Violations.problem(e));
        }
    }
}
