package org.wellbeingpassport.api.pages;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.oauth2.endpoint.authorization.state.State;
import io.micronaut.security.oauth2.endpoint.token.response.DefaultOpenIdAuthenticationMapper;
import io.micronaut.security.oauth2.endpoint.token.response.OpenIdAuthenticationMapper;
import io.micronaut.security.oauth2.endpoint.token.response.OpenIdClaims;
import io.micronaut.security.oauth2.endpoint.token.response.OpenIdTokenResponse;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.micronaut.core.async.publisher.Publishers;
import org.reactivestreams.Publisher;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.auth.CallerClaims;
import org.wellbeingpassport.api.auth.CallerKind;

/**
 * Who signed in, from a checked ID token ({@link OpenIdTokens}): the identity contract's claims (README, "identity
 * contract"), read by {@link CallerClaims} exactly as for a bearer token from that provider, so the person is the
 * same caller ({@code iss|sub}, role, organisation) either way. Only those claims are kept, with the provider's
 * issuer as {@link CallerClaims#IDP}; an ID token that does not describe a complete caller fails the sign-in.
 */
@Singleton
@Replaces(DefaultOpenIdAuthenticationMapper.class)
public final class OpenIdCallers implements OpenIdAuthenticationMapper {
    private static final List<String> KEPT = List.of(CallerKind.CLAIM, CallerClaims.NAME, CallerClaims.ROLE,
            CallerClaims.ORG, CallerClaims.ORG_NAME, CallerClaims.ORG_TYPE);

    @Override
    public Publisher<AuthenticationResponse> createAuthenticationResponse(String providerName,
            OpenIdTokenResponse tokenResponse, OpenIdClaims openIdClaims, @Nullable State state) {
        Map<String, Object> claims = new HashMap<>(openIdClaims.getClaims());
        claims.remove(CallerClaims.IDP);
        Optional<Caller> caller = CallerClaims.toCaller(claims);
        if (caller.isEmpty()) {
            return Publishers.just(AuthenticationResponse.failure("the ID token does not describe a caller"));
        }
        Map<String, Object> kept = new HashMap<>();
        for (String k : KEPT) {
            Object v = claims.get(k);
            if (v instanceof String s) {
                kept.put(k, s);
            }
        }
        kept.put(CallerClaims.IDP, caller.get().issuer());
        return Publishers.just(
                AuthenticationResponse.success(caller.get().subject(), List.of(caller.get().kind().code()), kept));
    }
}
