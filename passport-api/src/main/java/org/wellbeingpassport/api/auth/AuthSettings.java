package org.wellbeingpassport.api.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * Token issuers the service trusts. Its own issuer (tokens signed with the keystore's token key, published at
 * /.well-known/jwks.json) and, per identity provider, an issuer URL, its JWKS URL and the kinds of caller it may
 * vouch for (a residents' provider can never mint a professional).
 */
@ConfigurationProperties("passport.auth")
public class AuthSettings {
    private String issuer = "urn:wellbeing-passport";
    private Duration tokenLifetime = Duration.ofMinutes(30);

    /** The service's own issuer ({@code iss}) for the tokens it signs. */
    public String getIssuer() {
        return issuer;
    }

    public void setIssuer(String issuer) {
        this.issuer = issuer;
    }

    public Duration getTokenLifetime() {
        return tokenLifetime;
    }

    public void setTokenLifetime(Duration tokenLifetime) {
        this.tokenLifetime = tokenLifetime;
    }
}
