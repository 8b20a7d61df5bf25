package org.wellbeingpassport.api.auth;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.util.List;

/**
 * {@code passport.auth.trusted-issuers.<name>.{issuer, jwks-url, kinds, algorithms}}. {@code algorithms} pins the
 * signature algorithms this provider uses (default ES256; e.g. RS256 for most OpenID providers): a token from it
 * signed any other way is refused (RFC 8725 section 3.1).
 */
@EachProperty("passport.auth.trusted-issuers")
public class TrustedIssuer {
    private final String name;
    private String issuer;
    private String jwksUrl;
    private List<String> kinds = List.of();
    private List<String> algorithms = List.of("ES256");

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

    public List<String> getAlgorithms() {
        return algorithms;
    }

    public void setAlgorithms(List<String> algorithms) {
        this.algorithms = List.copyOf(algorithms);
    }
}
