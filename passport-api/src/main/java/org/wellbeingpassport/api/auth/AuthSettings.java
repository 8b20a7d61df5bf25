package org.wellbeingpassport.api.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.time.Duration;
import java.util.List;

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

    /** {@code passport.auth.trusted-issuers.<name>.{issuer, jwks-url, kinds}}. */
    @EachProperty("passport.auth.trusted-issuers")
    public static class TrustedIssuer {
        private final String name;
        private String issuer;
        private String jwksUrl;
        private List<String> kinds = List.of();

        public TrustedIssuer(@Parameter String name) {
            this.name = name;
        }

        public String getName() {
            return name;
        }

        public String getIssuer() {
            return issuer;
        }

        public void setIssuer(String issuer) {
            this.issuer = issuer;
        }

        public String getJwksUrl() {
            return jwksUrl;
        }

        public void setJwksUrl(String jwksUrl) {
            this.jwksUrl = jwksUrl;
        }

        public List<String> getKinds() {
            return kinds;
        }

        public void setKinds(List<String> kinds) {
            this.kinds = List.copyOf(kinds);
        }
    }
}
