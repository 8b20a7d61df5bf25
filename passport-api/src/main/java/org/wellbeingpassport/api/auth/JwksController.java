package org.wellbeingpassport.api.auth;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.wellbeingpassport.keys.KeyHierarchy;

/** The public keys that verify the tokens this service issues, current and still-overlapping ones. */
@Controller("/.well-known/jwks.json")
@Secured(SecurityRule.IS_ANONYMOUS)
public class JwksController {
    private final KeyHierarchy keys;

    public JwksController(KeyHierarchy keys) {
        this.keys = keys;
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "the public keys (RFC 7517 JWK Set)", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/jwk-set+json", schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = org.wellbeingpassport.api.http.FhirSchemas.JwkSet.class)))
    @Get(produces = "application/jwk-set+json")
    public HttpResponse<String> jwks() {
        return HttpResponse.ok(keys.tokens().publicJwks()).header("Cache-Control", "public, max-age=300");
    }
}
