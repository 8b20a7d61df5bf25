package org.wellbeingpassport.api.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Sends a {@link Problem} as application/problem+json; a 429 says when to try again (Retry-After, seconds). */
@Singleton
public final class ProblemHandler implements ExceptionHandler<Problem, HttpResponse<ProblemBody>> {
    @Override
    public HttpResponse<ProblemBody> handle(HttpRequest request, Problem p) {
        return response(p);
    }

    public static HttpResponse<ProblemBody> response(Problem p) {
        var response = HttpResponse.<ProblemBody>status(p.status())
                .body(ProblemBody.of(p.status().getCode(), p.title(), p.getMessage(), p.errors()))
                .contentType(MediaType.of(ApiErrors.PROBLEM_JSON));
        p.retryAfterSeconds().ifPresent(s -> response.header("Retry-After", Long.toString(s)));
        return response;
    }
}
