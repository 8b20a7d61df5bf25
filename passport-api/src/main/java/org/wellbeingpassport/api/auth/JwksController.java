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

    @Get(produces = "application/jwk-set+json")
    public HttpResponse<String> jwks() {
        return HttpResponse.ok(keys.tokens().publicJwks()).header("Cache-Control", "public, max-age=300");
    }
}
