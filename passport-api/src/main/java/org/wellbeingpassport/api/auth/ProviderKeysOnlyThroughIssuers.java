package org.wellbeingpassport.api.auth;

import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.annotation.EachBean;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.security.token.jwt.nimbus.ReactiveJwksSignature;
import io.micronaut.security.token.jwt.signature.ReactiveSignatureConfiguration;
import io.micronaut.security.token.jwt.signature.jwks.JwksSignatureConfiguration;
import io.micronaut.core.async.publisher.Publishers;
import org.reactivestreams.Publisher;

/**
 * Micronaut's OpenID Connect client adds each sign-in provider's keys (its discovery document's {@code jwks_uri}) to
 * the keys every bearer token may be signed with. That would let a provider's token in without
 * {@link IssuerSignatures}' rules (the kinds of caller that provider may vouch for, its pinned algorithms). This
 * replaces each such key set with one that verifies nothing: tokens are verified by {@link IssuerSignatures} only,
 * and the sign-in verifies ID tokens through it too ({@code pages.OpenIdTokens}).
 */
@EachBean(JwksSignatureConfiguration.class)
@Replaces(ReactiveJwksSignature.class)
public final class ProviderKeysOnlyThroughIssuers implements ReactiveSignatureConfiguration<SignedJWT> {
    public ProviderKeysOnlyThroughIssuers(JwksSignatureConfiguration configuration) {
    }

    @Override
    public Publisher<Boolean> verify(SignedJWT token) {
        return Publishers.just(Boolean.FALSE);
    }
}
