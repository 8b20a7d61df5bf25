package org.wellbeingpassport.api.pages;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.auth.Callers;

/**
 * The signed-in person of a page, their session cookie, and the CSRF token of their forms.
 *
 * <p>
 * The session cookie holds the same signed token the API accepts as a bearer token (HttpOnly, Secure, SameSite=Lax,
 * path /app); it is read only on page routes ({@link PageTokenReader}), so the API stays bearer-only. CSRF: a random
 * {@value #CSRF_COOKIE} cookie (HttpOnly, SameSite=Strict) and, in every form, an HMAC of it under a server key; a
 * post whose token does not match is refused with 403 before anything is done.
 */
@Singleton
public final class PageSessions {
    public static final String SESSION_COOKIE = "wp_session";
    public static final String CSRF_COOKIE = "wp_csrf";
    public static final String LANG_COOKIE = "wp_lang";
    public static final String CSRF_FIELD = "csrf";
    /** Set by {@link PageFilter} when the request came without a CSRF cookie (the response sets it). */
    static final String NEW_CSRF_ATTRIBUTE = "wp.csrf.new";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PageSettings settings;
    private final byte[] key;

    public PageSessions(PageSettings settings) {
        this.settings = settings;
        if (settings.getCsrfKey().isBlank()) {
            key = new byte[32];
            RANDOM.nextBytes(key);
        } else {
            key = Base64.getDecoder().decode(settings.getCsrfKey());
        }
    }

    /** The signed-in caller, if the request carried a valid session. */
    public Optional<Caller> caller(HttpRequest<?> request) {
        return authentication(request).map(Callers::of);
    }

    public Optional<Authentication> authentication(HttpRequest<?> request) {
        return request.getUserPrincipal(Authentication.class);
    }

    /** The token to put in this request's forms. */
    public String csrfToken(HttpRequest<?> request) {
        return mac(csrfSeed(request));
    }

    /** Refuses (403) a state-changing request whose form token does not match its cookie. */
    public void requireCsrf(HttpRequest<?> request, Form form) {
        String seed = request.getCookies().findCookie(CSRF_COOKIE).map(Cookie::getValue).orElse("");
        String sent = form.first(CSRF_FIELD).orElse("");
        if (seed.isEmpty() || sent.isEmpty() || !MessageDigest.isEqual(mac(seed).getBytes(StandardCharsets.US_ASCII),
                sent.getBytes(StandardCharsets.US_ASCII))) {
            throw new PageForbidden();
        }
    }

    String csrfSeed(HttpRequest<?> request) {
        return request.getAttribute(NEW_CSRF_ATTRIBUTE, String.class)
                .or(() -> request.getCookies().findCookie(CSRF_COOKIE).map(Cookie::getValue)).orElse("");
    }

    static String newSeed() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public Cookie csrfCookie(String seed) {
        return Cookie.of(CSRF_COOKIE, seed).path("/app").httpOnly(true).secure(settings.isSecureCookies())
                .sameSite(SameSite.Strict);
    }

    public Cookie sessionCookie(String token, Duration lifetime) {
        return Cookie.of(SESSION_COOKIE, token).path("/app").httpOnly(true).secure(settings.isSecureCookies())
                .sameSite(SameSite.Lax).maxAge(lifetime);
    }

    public Cookie endedSession() {
        return Cookie.of(SESSION_COOKIE, "").path("/app").httpOnly(true).secure(settings.isSecureCookies())
                .sameSite(SameSite.Lax).maxAge(0);
    }

    public Cookie languageCookie(String lang) {
        return Cookie.of(LANG_COOKIE, lang).path("/").httpOnly(true).secure(settings.isSecureCookies())
                .sameSite(SameSite.Lax).maxAge(Duration.ofDays(365));
    }

    private String mac(String seed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(("csrf|" + seed).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
