package org.wellbeingpassport.api.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time and audience rules every token must meet, whoever issued it (RFC 8725 section 3.8 to 3.10, RFC 9068 and
 * the SMART App Launch profile's access tokens):
 * <ul>
 * <li>{@code exp} present and not passed; {@code iat} present, not in the future, and {@code exp - iat} at most
 * {@code passport.auth.max-token-lifetime} (1 hour): a token cannot be made to live for ever;</li>
 * <li>{@code nbf}, when present, not in the future;</li>
 * <li>{@code aud} present and naming one of {@code passport.auth.audiences}: a token minted for another service is
 * never accepted here.</li>
 * </ul>
 * Clocks may differ by {@code passport.auth.clock-skew} (60 seconds). Signatures and algorithms are checked by
 * {@link IssuerSignatures}; the caller's own claims by {@link CallerClaimsValidator}.
 */
@Singleton
public final class TokenRules implements GenericJwtClaimsValidator<HttpRequest<?>> {
    /** The registered claims this service sets itself on the tokens it issues; never taken from a caller's claims. */
    static final Set<String> REGISTERED = Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti");
    private static final Logger LOG = LoggerFactory.getLogger(TokenRules.class);

    private final AuthSettings settings;
    private final Clock clock;

    public TokenRules(AuthSettings settings) {
        this(settings, Clock.systemUTC());
    }

    TokenRules(AuthSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public boolean validate(Claims claims, @Nullable HttpRequest<?> request) {
        Optional<String> broken = check(claims::get);
        broken.ifPresent(why -> LOG.debug("Auth: token refused: {}", why));
        return broken.isEmpty();
    }

    /** Why a token's claims break the rules (naming the claim, never its value), or empty when they do not. */
    Optional<String> check(java.util.function.Function<String, Object> claims) {
        Instant now = clock.instant();
        Duration skew = settings.getClockSkew();
        Optional<Instant> exp = instant(claims.apply("exp"));
        Optional<Instant> iat = instant(claims.apply("iat"));
        Object nbfValue = claims.apply("nbf");
        if (exp.isEmpty()) {
            return Optional.of("exp missing or not a number");
        }
        if (!exp.get().isAfter(now.minus(skew))) {
            return Optional.of("exp passed");
        }
        if (iat.isEmpty()) {
            return Optional.of("iat missing or not a number");
        }
        if (iat.get().isAfter(now.plus(skew))) {
            return Optional.of("iat in the future");
        }
        if (Duration.between(iat.get(), exp.get()).compareTo(settings.getMaxTokenLifetime()) > 0) {
            return Optional.of("exp - iat longer than the longest lifetime allowed");
        }
        if (nbfValue != null) {
            Optional<Instant> nbf = instant(nbfValue);
            if (nbf.isEmpty()) {
                return Optional.of("nbf not a number");
            }
            if (nbf.get().isAfter(now.plus(skew))) {
                return Optional.of("nbf in the future");
            }
        }
        if (!audienceAccepted(claims.apply("aud"))) {
            return Optional.of("aud missing or not this service");
        }
        return Optional.empty();
    }

    /**
     * The time rules alone (exp, iat, lifetime, nbf), for an OpenID Connect ID token, whose audience is the client
     * (checked by the sign-in), never this API.
     */
    public Optional<String> checkTimes(java.util.function.Function<String, Object> claims) {
        return check(c -> c.equals("aud") ? settings.getAudiences().get(0) : claims.apply(c));
    }

    private boolean audienceAccepted(Object aud) {
        List<String> accepted = settings.getAudiences();
        if (aud instanceof String s) {
            return accepted.contains(s);
        }
        if (aud instanceof Collection<?> c) {
            return c.stream().anyMatch(a -> a instanceof String s && accepted.contains(s));
        }
        return false;
    }

    private static Optional<Instant> instant(Object value) {
        if (value instanceof Date d) {
            return Optional.of(d.toInstant());
        }
        if (value instanceof Instant i) {
            return Optional.of(i);
        }
        if (value instanceof Number n) {
            return Optional.of(Instant.ofEpochSecond(n.longValue()));
        }
        return Optional.empty();
    }
}
