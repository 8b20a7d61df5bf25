package org.wellbeingpassport.api.pages;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.oauth2.client.OpenIdProviderMetadata;
import io.micronaut.security.oauth2.configuration.OauthClientConfiguration;
import io.micronaut.security.oauth2.endpoint.token.response.OpenIdTokenResponse;
import io.micronaut.security.oauth2.endpoint.token.response.validation.ReactiveOpenIdTokenResponseValidator;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wellbeingpassport.api.auth.IssuerSignatures;
import org.wellbeingpassport.api.auth.TokenRules;

/**
 * Checks the ID token of an OpenID Connect sign-in (OpenID Connect Core 3.1.3.7), in place of Micronaut's own check,
 * which would try every key the API trusts and the API's audience rules:
 * <ul>
 * <li>signed by a key of the provider, through {@link IssuerSignatures}: the provider must be a trusted issuer of the
 * same name ({@code passport.auth.trusted-issuers.<name>}), with its pinned algorithms, and only for the kinds of
 * caller it may vouch for;</li>
 * <li>{@code iss} exactly the provider's issuer (discovery and the trusted issuer agree);</li>
 * <li>{@code aud} naming this client; with several audiences, {@code azp} this client; {@code azp}, when present,
 * this client;</li>
 * <li>{@code nonce} present and equal to the one this browser's sign-in started with;</li>
 * <li>the time rules every token meets ({@link TokenRules#checkTimes}).</li>
 * </ul>
 * Anything else: no ID token, and the sign-in fails. Reasons are logged by name, never values.
 */
@Singleton
@Replaces(ReactiveOpenIdTokenResponseValidator.class)
public final class OpenIdTokens implements ReactiveOpenIdTokenResponseValidator<JWT> {
    private static final Logger LOG = LoggerFactory.getLogger(OpenIdTokens.class);
    private final IssuerSignatures signatures;
    private final TokenRules rules;
    private final ExecutorService blocking;

    public OpenIdTokens(IssuerSignatures signatures, TokenRules rules,
            @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.signatures = signatures;
        this.rules = rules;
        this.blocking = blocking;
    }

    @Override
    public Publisher<JWT> validate(OauthClientConfiguration client, OpenIdProviderMetadata provider,
            OpenIdTokenResponse response, @Nullable String nonce) {
        // the provider's key set may be fetched over the network: not on an event loop
        return Publishers.fromCompletableFuture(() -> CompletableFuture.supplyAsync(() -> {
            Optional<String> why = check(client, provider, response.getIdToken(), nonce);
            if (why.isPresent()) {
                LOG.info("Sign-in with '{}' refused: {}", client.getName(), why.get());
                return null;
            }
            try {
                return JWTParser.parse(response.getIdToken());
            } catch (java.text.ParseException e) {
                return null;
            }
        }, blocking));
    }

    /** Why the ID token is refused, or empty when it is good. */
    Optional<String> check(OauthClientConfiguration client, OpenIdProviderMetadata provider, @Nullable String idToken,
            @Nullable String nonce) {
        if (idToken == null) {
            return Optional.of("no ID token");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            if (!(JWTParser.parse(idToken) instanceof SignedJWT s)) {
                return Optional.of("ID token not signed");
            }
            jwt = s;
            claims = jwt.getJWTClaimsSet();
        } catch (java.text.ParseException e) {
            return Optional.of("ID token does not parse");
        }
        try {
            if (!signatures.verifyFrom(client.getName(), jwt)) {
                return Optional.of("signature, issuer, algorithm or kind of caller not accepted for this provider");
            }
        } catch (com.nimbusds.jose.JOSEException e) {
            return Optional.of("signature does not verify");
        }
        if (provider.getIssuer() == null || !provider.getIssuer().equals(claims.getIssuer())) {
            return Optional.of("iss is not the provider's issuer");
        }
        List<String> aud = claims.getAudience();
        String azp = (String) claims.getClaim("azp");
        if (aud == null || !aud.contains(client.getClientId())) {
            return Optional.of("aud does not name this client");
        }
        if ((aud.size() > 1 && azp == null) || (azp != null && !azp.equals(client.getClientId()))) {
            return Optional.of("azp is not this client");
        }
        Object sent = claims.getClaim("nonce");
        if (nonce == null || !(sent instanceof String s)
                || !MessageDigest.isEqual(s.getBytes(StandardCharsets.UTF_8), nonce.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of("nonce missing or not the one this sign-in started with");
        }
        return rules.checkTimes(claims::getClaim);
    }
}
