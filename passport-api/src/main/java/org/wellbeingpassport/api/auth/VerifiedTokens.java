package org.wellbeingpassport.api.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.generator.claims.JwtClaimsSetAdapter;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import io.micronaut.security.token.jwt.validator.JwtAuthenticationFactory;
import io.micronaut.security.token.jwt.validator.JsonWebTokenValidator;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import org.reactivestreams.Publisher;

/**
 * Bearer tokens already verified, by their exact text, so that a token used again is not Base64-decoded, parsed and
 * turned into an {@link Authentication} on every request (docs/adr/0017-decided-disclosures.md). Consulted before
 * Micronaut's own validator; a token not kept here goes through Micronaut's validator whole (parse, signature by
 * {@link IssuerSignatures}, every claims validator) and is kept only if it passed; one refused here is refused by
 * Micronaut's reactive validator too, which runs next.
 *
 * <p>
 * A kept token is accepted again only when, at that moment: every claims validator ({@link TokenRules}'s exp, iat,
 * nbf and aud with the configured skew, Micronaut's own, {@link CallerClaimsValidator}) passes again on its claims,
 * and its signature check is still current in {@link IssuerSignatures} (a signature is re-checked against the
 * issuer's keys after {@link IssuerSignatures#recheckAfter()}, so a withdrawn key stops a token exactly as without
 * this cache). Entries also go at the token's expiry, and there are at most {@link #MAX_TOKENS}. Never logged.
 */
@Singleton
public final class VerifiedTokens implements TokenValidator<HttpRequest<?>> {
    static final int MAX_TOKENS = 50_000;
    /** Before Micronaut's validator (order 0): a kept token needs no other. */
    static final int ORDER = -100;

    private record Verified(Authentication authentication, Claims claims, long expiresAtMillis) {
    }

    private final JsonWebTokenValidator<JWT, HttpRequest<?>> validator;
    private final JwtAuthenticationFactory authentications;
    private final List<GenericJwtClaimsValidator<HttpRequest<?>>> claimsValidators;
    private final IssuerSignatures signatures;
    private final Cache<String, Verified> kept;

    public VerifiedTokens(JsonWebTokenValidator<JWT, HttpRequest<?>> validator,
            JwtAuthenticationFactory authentications, List<GenericJwtClaimsValidator<HttpRequest<?>>> claimsValidators,
            IssuerSignatures signatures, AuthSettings settings) {
        this.validator = validator;
        this.authentications = authentications;
        this.claimsValidators = List.copyOf(claimsValidators);
        this.signatures = signatures;
        long skewMillis = settings.getClockSkew().toMillis();
        this.kept = Caffeine.newBuilder().maximumSize(MAX_TOKENS).expireAfter(new Expiry<String, Verified>() {
            @Override
            public long expireAfterCreate(String key, Verified v, long currentTime) {
                long left = v.expiresAtMillis() + skewMillis - System.currentTimeMillis();
                return Math.max(0, Math.min(left, signatures.recheckAfter().toMillis())) * 1_000_000L;
            }

            @Override
            public long expireAfterUpdate(String key, Verified v, long currentTime, long currentDuration) {
                return expireAfterCreate(key, v, currentTime);
            }

            @Override
            public long expireAfterRead(String key, Verified v, long currentTime, long currentDuration) {
                return currentDuration;
            }
        }).recordStats().build();
        org.wellbeingpassport.api.http.CacheMeters.monitor(kept, "verified_tokens");
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Publisher<Authentication> validateToken(String token, @Nullable HttpRequest<?> request) {
        Verified v = kept.getIfPresent(token);
        if (v != null) {
            if (stillValid(token, v, request)) {
                return Publishers.just(v.authentication());
            }
            kept.invalidate(token);
        }
        // Micronaut's own (imperative) validator: parse, signature (IssuerSignatures), every claims validator
        Optional<Authentication> a = validator.validate(token, request)
                .flatMap(jwt -> authentications.createAuthentication(jwt).map(auth -> {
                    keep(token, jwt, auth);
                    return auth;
                }));
        return a.isPresent() ? Publishers.just(a.get()) : Publishers.empty();
    }

    private boolean stillValid(String token, Verified v, HttpRequest<?> request) {
        if (!signatures.verifiedNow(token)) {
            return false;
        }
        for (GenericJwtClaimsValidator<HttpRequest<?>> c : claimsValidators) {
            if (!c.validate(v.claims(), request)) {
                return false;
            }
        }
        return true;
    }

    private void keep(String token, JWT jwt, Authentication authentication) {
        try {
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (claims.getExpirationTime() == null || !signatures.verifiedNow(token)) {
                return;
            }
            kept.put(token, new Verified(authentication, new JwtClaimsSetAdapter(claims),
                    claims.getExpirationTime().getTime()));
        } catch (ParseException e) {
            // not kept: the next use goes through the whole check again
        }
    }

    /** How many tokens are kept (tests). */
    long size() {
        kept.cleanUp();
        return kept.estimatedSize();
    }
}
