package org.wellbeingpassport.api.http;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The refusals of the error rule (README, "API overview"), each declared once: a controller method names the ones it
 * can answer ({@code @Refuses.Caller @Refuses.NotFound}) instead of repeating an {@link ApiResponse} block. Micronaut
 * reads them as stereotypes, so the OpenAPI document lists them with their problem+json body, and
 * OpenApiContractTest compares the document with what the router's methods declare. A refusal whose meaning is
 * particular to one route (a 409 or 412 saying what conflicts) is declared on that route with {@link ApiResponse}.
 * Two sets recur so often that they have a name of their own: {@link Change} and {@link Read}.
 */
public final class Refuses {
    private Refuses() {
    }

    /** 400: not JSON, not an object, or a field the route does not take (named in errors); a query missing. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ApiResponse(responseCode = "400", description = "malformed: not JSON, not an object, a field this route does not take (named in errors), or a required query parameter missing", content = @Content(mediaType = ApiErrors.PROBLEM_JSON, schema = @Schema(implementation = ProblemBody.class)))
    public @interface Malformed {
    }

    /** 401 and 403: every signed-in route refuses a caller without an accepted token, and a kind of caller it is not for. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ApiResponse(responseCode = "401", description = "no token, or a token that is not accepted", content = @Content(mediaType = ApiErrors.PROBLEM_JSON, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "403", description = "this kind of caller cannot do this", content = @Content(mediaType = ApiErrors.PROBLEM_JSON, schema = @Schema(implementation = ProblemBody.class)))
    public @interface Caller {
    }

    /** 404: not there and not yours to see are the same answer. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ApiResponse(responseCode = "404", description = "not there, or not yours to see (the same answer)", content = @Content(mediaType = ApiErrors.PROBLEM_JSON, schema = @Schema(implementation = ProblemBody.class)))
    public @interface NotFound {
    }

    /** 409: the thing is no longer in a state that allows this. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ApiResponse(responseCode = "409", description = "conflict: already answered, or no longer open", content = @Content(mediaType = ApiErrors.PROBLEM_JSON, schema = @Schema(implementation = ProblemBody.class)))
    public @interface Conflict {
    }

    /** 412: If-Match names a version that is not the current one. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ApiResponse(responseCode = "412", description = "stale: If-Match names a version that is no longer the current one; read it again", content = @Content(mediaType = ApiErrors.PROBLEM_JSON, schema = @Schema(implementation = ProblemBody.class)))
    public @interface Stale {
    }

    /** 422: well-formed but invalid, with the path of each problem. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ApiResponse(responseCode = "422", description = "well-formed but invalid: errors gives the path of each problem (a field, or a query parameter)", content = @Content(mediaType = ApiErrors.PROBLEM_JSON, schema = @Schema(implementation = ProblemBody.class)))
    public @interface Invalid {
    }

    /** 429: rate limited, with Retry-After. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ApiResponse(responseCode = "429", description = "too many requests; Retry-After says when to try again", content = @Content(mediaType = ApiErrors.PROBLEM_JSON, schema = @Schema(implementation = ProblemBody.class)))
    public @interface TooMany {
    }

    /** 503: the audit store cannot take the entry, so nothing was disclosed or changed. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @ApiResponse(responseCode = "503", description = "the audit store cannot take the entry: nothing was disclosed or changed; Retry-After", content = @Content(mediaType = ApiErrors.PROBLEM_JSON, schema = @Schema(implementation = ProblemBody.class)))
    public @interface AuditDown {
    }

    /**
     * A change with a body to something that belongs to someone: malformed (400), the wrong or no caller (401, 403), not
     * there or not theirs (404), invalid (422), and the audit store down (503).
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @Malformed
    @Caller
    @NotFound
    @Invalid
    @AuditDown
    public @interface Change {
    }

    /** A read the gate records first, of something that belongs to someone: 401, 403, 404 and 503. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @Caller
    @NotFound
    @AuditDown
    public @interface Read {
    }
}
