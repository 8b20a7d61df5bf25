package org.wellbeingpassport.api.partner;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.inject.Singleton;
import java.net.URI;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a SMART Backend Services client assertion ({@code private_key_jwt}, RFC 7523): signed with RS384 or ES384 by
 * a key in the partner's registered JWKS; {@code iss} and {@code sub} both the client id; {@code aud} the token
 * endpoint; {@code exp} present and at most five minutes ahead; a {@code jti} never seen before from this client.
 * Signatures are Nimbus JOSE's (the library Micronaut Security uses), not ours.
 */
@Singleton
public final class ClientAssertions {
    private static final Logger LOG = LoggerFactory.getLogger(ClientAssertions.class);
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS384, JWSAlgorithm.ES384);
    static final Duration MAX_AHEAD = Duration.ofMinutes(5);
    static final Duration SKEW = Duration.ofSeconds(60);

    private final PartnerRegistrations partners;
    private final UsedAssertions used;
    private final Clock clock;
    private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();
    /** Remote JWKS sources, per URL (each caches and refreshes the keys it fetched). */
    private final Cache<String, JWKSource<SecurityContext>> remote = Caffeine.newBuilder().maximumSize(1_000)
            .expireAfterAccess(Duration.ofHours(1)).build();

    public ClientAssertions(PartnerRegistrations partners, UsedAssertions used) {
        this(partners, used, Clock.systemUTC());
    }

    ClientAssertions(PartnerRegistrations partners, UsedAssertions used, Clock clock) {
        this.partners = partners;
        this.used = used;
        this.clock = clock;
    }

    /** Why an assertion is refused: the RFC 6749 error code and a description naming no value. */
    public record Refusal(String error, String description) {
    }

    /** The registration the assertion proves, or why it does not. */
    public sealed interface Result {
        record Accepted(PartnerRegistration partner) implements Result {
        }

        record Refused(Refusal refusal) implements Result {
        }
    }

    public Result check(String assertion, Optional<String> clientIdParam, Set<String> tokenEndpoints) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (java.text.ParseException | RuntimeException e) {
            return refused("client_assertion is not a signed JWT");
        }
        JWSHeader header = jwt.getHeader();
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            return refused("client_assertion must be signed with RS384 or ES384");
        }
        if (header.getType() != null && !header.getType().getType().equalsIgnoreCase("JWT")) {
            return refused("client_assertion must be typed JWT");
        }
        String iss = claims.getIssuer();
        if (iss == null || !iss.equals(claims.getSubject())) {
            return refused("iss and sub must both be the client id");
        }
        if (clientIdParam.isPresent() && !clientIdParam.get().equals(iss)) {
            return refused("client_id does not match the assertion");
        }
        List<String> aud = claims.getAudience();
        if (aud == null || aud.stream().noneMatch(tokenEndpoints::contains)) {
            return refused("aud must be this token endpoint");
        }
        Instant now = clock.instant();
        if (claims.getExpirationTime() == null) {
            return refused("exp is required");
        }
        Instant exp = claims.getExpirationTime().toInstant();
        if (!exp.isAfter(now.minus(SKEW))) {
            return refused("the assertion has expired");
        }
        if (exp.isAfter(now.plus(MAX_AHEAD).plus(SKEW))) {
            return refused("exp may be at most five minutes ahead");
        }
        if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().isAfter(now.plus(SKEW))) {
            return refused("nbf is in the future");
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank() || jti.length() > 255) {
            return refused("jti is required (at most 255 characters)");
        }
        Optional<PartnerRegistration> partner = partners.find(iss);
        if (partner.isEmpty() || !verified(jwt, partner.get())) {
            // an unknown client and a wrong key get the same answer
            return refused("the assertion is not signed by a key registered for this client");
        }
        if (!used.firstUse(iss, jti, exp)) {
            return refused("this assertion (jti) has been used already");
        }
        return new Result.Accepted(partner.get());
    }

    private boolean verified(SignedJWT jwt, PartnerRegistration partner) {
        try {
            JWKSource<SecurityContext> source = source(partner);
            List<Key> keys = new JWSVerificationKeySelector<SecurityContext>(jwt.getHeader().getAlgorithm(), source)
                    .selectJWSKeys(jwt.getHeader(), null);
            for (Key key : keys) {
                if (jwt.verify(verifiers.createJWSVerifier(jwt.getHeader(), key))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            LOG.warn("Partner: could not check a client assertion's signature for a registered client: {}",
                    e.getClass().getSimpleName());
            return false;
        }
    }

    private JWKSource<SecurityContext> source(PartnerRegistration partner) throws java.text.ParseException {
        if (partner.jwks().isPresent()) {
            return new ImmutableJWKSet<>(JWKSet.parse(partner.jwks().get()));
        }
        String url = partner.jwksUrl().orElseThrow();
        return remote.get(url, u -> {
            try {
                return JWKSourceBuilder.create(URI.create(u).toURL()).retrying(true).build();
            } catch (java.net.MalformedURLException e) {
                throw new IllegalArgumentException("not a URL");
            }
        });
    }

    private static Result refused(String why) {
        return new Result.Refused(new Refusal("invalid_client", why));
    }
}
