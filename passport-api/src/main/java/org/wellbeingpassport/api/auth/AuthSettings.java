package org.wellbeingpassport.api.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
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
    private List<String> audiences = List.of("urn:wellbeing-passport:api");
    private Duration tokenLifetime = Duration.ofMinutes(30);
    private Duration maxTokenLifetime = Duration.ofHours(1);
    private Duration clockSkew = Duration.ofSeconds(60);
    private Duration signatureRecheck = Duration.ofMinutes(5);

    /** The service's own issuer ({@code iss}) for the tokens it signs. */
    public String getIssuer() {
        return issuer;
    }

    public void setIssuer(String issuer) {
        this.issuer = issuer;
    }

    /**
     * The audiences ({@code aud}) a token must name at least one of; the first is the one this service's own tokens
     * carry.
     */
    public List<String> getAudiences() {
        return audiences;
    }

    public void setAudiences(List<String> audiences) {
        if (audiences == null || audiences.isEmpty() || audiences.stream().anyMatch(a -> a == null || a.isBlank())) {
            throw new IllegalArgumentException("passport.auth.audiences must name at least one audience");
        }
        this.audiences = List.copyOf(audiences);
    }

    /** The longest a token may be valid for ({@code exp - iat}), whoever issued it. */
    public Duration getMaxTokenLifetime() {
        return maxTokenLifetime;
    }

    public void setMaxTokenLifetime(Duration maxTokenLifetime) {
        this.maxTokenLifetime = maxTokenLifetime;
    }

    /** How far another clock may be from ours when checking {@code exp}, {@code nbf} and {@code iat}. */
    public Duration getClockSkew() {
        return clockSkew;
    }

    public void setClockSkew(Duration clockSkew) {
        this.clockSkew = clockSkew;
    }

    /**
     * How long a token's checked signature holds for that exact token text before it is checked again against its
     * issuer's keys (so how long a withdrawn key can still be accepted for a token already seen).
     */
    public Duration getSignatureRecheck() {
        return signatureRecheck;
    }

    public void setSignatureRecheck(Duration signatureRecheck) {
        if (signatureRecheck == null || signatureRecheck.isNegative() || signatureRecheck.isZero()) {
            throw new IllegalArgumentException("passport.auth.signature-recheck must be positive");
        }
        this.signatureRecheck = signatureRecheck;
    }

    public Duration getTokenLifetime() {
        return tokenLifetime;
    }

    public void setTokenLifetime(Duration tokenLifetime) {
        this.tokenLifetime = tokenLifetime;
    }
}
