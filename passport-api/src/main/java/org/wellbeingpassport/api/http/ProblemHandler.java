package org.wellbeingpassport.api.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.Map;

/** Sends a {@link Problem} as application/problem+json. */
@Singleton
public final class ProblemHandler implements ExceptionHandler<Problem, HttpResponse<Map<String, Object>>> {
    @Override
    public HttpResponse<Map<String, Object>> handle(HttpRequest request, Problem p) {
        Map<String, Object> body = ApiErrors.problem(p.status().getCode(), p.title(), p.getMessage());
        if (!p.errors().isEmpty()) {
            body.put("errors", p.errors());
        }
        return HttpResponse.<Map<String, Object>>status(p.status()).body(body)
                .contentType(MediaType.of(ApiErrors.PROBLEM_JSON));
    }
}
