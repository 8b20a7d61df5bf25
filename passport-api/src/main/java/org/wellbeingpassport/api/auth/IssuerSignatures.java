package org.wellbeingpassport.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import jakarta.inject.Singleton;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.MalformedURLException;
import java.time.Duration;
import java.net.URI;
import java.security.Key;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wellbeingpassport.keys.KeyHierarchy;

/**
 * Verifies a token's signature with the keys of the issuer the token names, and only those: a token claiming our
 * own issuer must be signed by our token key; a token from a trusted identity provider by a key in that provider's
 * JWKS, and only for the kinds of caller that provider may vouch for. Anything else (unknown issuer, wrong key,
 * unsigned) fails.
 */
@Singleton
public final class IssuerSignatures implements SignatureConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(IssuerSignatures.class);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256,
            JWSAlgorithm.PS256);

    private final KeyHierarchy keys;
    private final String ownIssuer;
    private final Map<String, Trusted> trusted = new HashMap<>();
    private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();
    private final Duration recheckAfter;
    private final Cache<String, Boolean> verified;
    private final java.util.concurrent.atomic.AtomicLong checks = new java.util.concurrent.atomic.AtomicLong();

    private record Trusted(TrustedIssuer settings, JWKSource<SecurityContext> jwks) {
    }

    public IssuerSignatures(KeyHierarchy keys, AuthSettings settings, List<TrustedIssuer> issuers) {
        this.keys = keys;
        this.ownIssuer = settings.getIssuer();
        this.recheckAfter = settings.getSignatureRecheck();
        this.verified = Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(recheckAfter).recordStats().build();
        org.wellbeingpassport.api.http.CacheMeters.monitor(verified, "token_signatures");
        for (TrustedIssuer t : issuers) {
            for (String alg : t.getAlgorithms()) {
                if (!ALGORITHMS.contains(JWSAlgorithm.parse(alg))) {
                    throw new IllegalStateException("passport.auth.trusted-issuers." + t.getName() + ".algorithms: "
                            + alg + " is not one of " + ALGORITHMS);
                }
            }
            try {
                JWKSource<SecurityContext> source = JWKSourceBuilder.create(URI.create(t.getJwksUrl()).toURL())
                        .retrying(true).build();
                trusted.put(t.getIssuer(), new Trusted(t, source));
                LOG.info("Auth: trusting issuer '{}' ({}) for {}, signed with {}", t.getName(), t.getIssuer(),
                        t.getKinds(), t.getAlgorithms());
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalStateException(
                        "passport.auth.trusted-issuers." + t.getName() + ".jwks-url is not a URL");
            }
        }
    }

    @Override
    public String supportedAlgorithmsMessage() {
        return "ES256 (this service), ES256/RS256/PS256 (trusted identity providers)";
    }

    @Override
    public boolean supports(JWSAlgorithm algorithm) {
        return ALGORITHMS.contains(algorithm);
    }

    /**
     * A signature is checked once per token, not once per request: the result is deterministic for the exact token
     * text, and ECDSA verification is the largest fixed cost of a request. Expiry and the other claims are still
     * checked on every request; a retired key stops verifying cached tokens within {@link #recheckAfter()}
     * ({@code passport.auth.signature-recheck}, 5 minutes).
     */
    @Override
    public boolean verify(SignedJWT jwt) throws JOSEException {
        String text = jwt.getParsedString();
        if (text != null && verified.getIfPresent(text) != null) {
            return true;
        }
        checks.incrementAndGet();
        boolean ok = verifyNow(jwt);
        if (ok && text != null) {
            verified.put(text, Boolean.TRUE);
        }
        return ok;
    }

    /**
     * Whether this exact token's signature was checked within {@link #recheckAfter()} (and passed): what
     * {@link VerifiedTokens} asks before it accepts a token it kept, so that it never accepts one longer than this
     * class would without a new check against the issuer's keys.
     */
    boolean verifiedNow(String token) {
        return verified.getIfPresent(token) != null;
    }

    /** How many signature checks were made against an issuer's keys (tests). */
    long checksMade() {
        return checks.get();
    }

    /** How long a signature check holds for the exact token text before it is made again. */
    Duration recheckAfter() {
        return recheckAfter;
    }

    private boolean verifyNow(SignedJWT jwt) throws JOSEException {
        String issuer;
        Object kind;
        try {
            issuer = jwt.getJWTClaimsSet().getIssuer();
            kind = jwt.getJWTClaimsSet().getClaim(CallerKind.CLAIM);
        } catch (ParseException e) {
            return false;
        }
        JWSHeader header = jwt.getHeader();
        if (issuer == null || header.getKeyID() == null || !acceptedType(header)) {
            return false;
        }
        if (issuer.equals(ownIssuer)) {
            return header.getAlgorithm().equals(JWSAlgorithm.ES256)
                    && keys.tokens().verifyJws(header.getKeyID(), jwt.getSigningInput(), jwt.getSignature().decode());
        }
        Trusted t = trusted.get(issuer);
        // only this service names the provider a page session was signed in with (CallerClaims.IDP)
        if (t == null || kind == null || jwt.getPayload().toJSONObject().containsKey(CallerClaims.IDP)
                || !t.settings().getKinds().contains(kind.toString())
                || !t.settings().getAlgorithms().contains(header.getAlgorithm().getName())) {
            return false;
        }
        Optional<Key> key = find(t, header);
        if (key.isEmpty()) {
            return false;
        }
        return jwt.verify(verifiers.createJWSVerifier(header, key.get()));
    }

    /** Explicit typing (RFC 8725 section 3.11): an access token is typed JWT or at+jwt, or not typed at all. */
    private static boolean acceptedType(JWSHeader header) {
        if (header.getType() == null) {
            return true;
        }
        String type = header.getType().getType().toLowerCase(java.util.Locale.ROOT);
        return type.equals("jwt") || type.equals("at+jwt") || type.equals("application/at+jwt");
    }

    private static Optional<Key> find(Trusted t, JWSHeader header) {
        try {
            List<JWK> matches = t.jwks().get(new JWKSelector(JWKMatcher.forJWSHeader(header)), null);
            if (matches.isEmpty()) {
                return Optional.empty();
            }
            JWK jwk = matches.get(0);
            if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().getName().equals(header.getAlgorithm().getName())) {
                return Optional.empty();
            }
            return Optional.of(switch (jwk.getKeyType().getValue()) {
                case "EC" -> jwk.toECKey().toECPublicKey();
                case "RSA" -> jwk.toRSAKey().toRSAPublicKey();
                default -> throw new JOSEException("unsupported key type");
            });
        } catch (Exception e) {
            LOG.warn("Auth: could not get a key from {}: {}", t.settings().getJwksUrl(), e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** Whether a token from the trusted provider {@code name} verifies with its keys, for a kind it may vouch for. */
    public boolean verifyFrom(String name, SignedJWT jwt) throws JOSEException {
        Trusted t = trusted.values().stream().filter(x -> x.settings().getName().equals(name)).findFirst().orElse(null);
        String issuer;
        try {
            issuer = jwt.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            return false;
        }
        return t != null && t.settings().getIssuer().equals(issuer) && verifyNow(jwt);
    }

    /** Our own published keys (for /.well-known/jwks.json). */
    public JWKSet ownKeys() {
        try {
            return JWKSet.parse(keys.tokens().publicJwks());
        } catch (ParseException e) {
            throw new IllegalStateException("the keystore's JWKS does not parse", e);
        }
    }
}
