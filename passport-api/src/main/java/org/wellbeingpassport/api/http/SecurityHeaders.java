package org.wellbeingpassport.api.http;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Headers on every response, errors included (the outermost filter, so it also sees the security filter's 401s):
 * <ul>
 * <li>{@code Cache-Control: no-store} unless a route chose otherwise for a request that carried no credentials: a
 * response to an authenticated caller is never kept by a browser or a proxy;</li>
 * <li>{@code X-Content-Type-Options: nosniff}; {@code Referrer-Policy: no-referrer};</li>
 * <li>no framing: {@code X-Frame-Options: DENY}, and {@code Content-Security-Policy: frame-ancestors 'none'} (with
 * {@code default-src 'none'} on anything that is not a page; a page's own policy is kept);</li>
 * <li>{@code Strict-Transport-Security} when {@code passport.http.hsts-max-age} (PASSPORT_HSTS_MAX_AGE) is set:
 * only where the service is reached over HTTPS, typically behind a TLS-terminating proxy.</li>
 * </ul>
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class SecurityHeaders implements Ordered {
    static final String NO_STORE = "no-store";
    private final Settings settings;

    public SecurityHeaders(Settings settings) {
        this.settings = settings;
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }

    @ResponseFilter
    public void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        HttpHeaders in = request.getHeaders();
        boolean credentials = in.contains(HttpHeaders.AUTHORIZATION) || in.contains(HttpHeaders.COOKIE);
        if (credentials || !response.getHeaders().contains(HttpHeaders.CACHE_CONTROL)) {
            response.getHeaders().set(HttpHeaders.CACHE_CONTROL, NO_STORE);
        }
        response.getHeaders().set("X-Content-Type-Options", "nosniff");
        response.getHeaders().set("X-Frame-Options", "DENY");
        // a page may set a policy of its own: the pages send same-origin, because with no-referrer browsers post
        // their forms with "Origin: null", which an origin check cannot tell from a cross-site post
        if (!response.getHeaders().contains("Referrer-Policy")) {
            response.getHeaders().set("Referrer-Policy", "no-referrer");
        }
        String policy = response.getHeaders().get("Content-Security-Policy");
        if (policy == null) {
            boolean page = response.getContentType()
                    .map(t -> t.getName().toLowerCase(Locale.ROOT).startsWith("text/html")).orElse(false);
            response.getHeaders().set("Content-Security-Policy",
                    page ? "frame-ancestors 'none'" : "default-src 'none'; frame-ancestors 'none'");
        } else if (!policy.contains("frame-ancestors")) {
            response.getHeaders().set("Content-Security-Policy", policy + "; frame-ancestors 'none'");
        }
        settings.getHstsMaxAge().ifPresent(age -> response.getHeaders().set("Strict-Transport-Security",
                "max-age=" + age.toSeconds() + (settings.isHstsIncludeSubdomains() ? "; includeSubDomains" : "")));
    }

    /** {@code passport.http.*}: the headers that depend on how the service is deployed. */
    @ConfigurationProperties("passport.http")
    public static class Settings {
        private Duration hstsMaxAge = Duration.ZERO;
        private boolean hstsIncludeSubdomains = true;

        /** Send HSTS with this max-age; unset (the default) sends none. */
        public Optional<Duration> getHstsMaxAge() {
            return Optional.of(hstsMaxAge).filter(d -> !d.isNegative() && !d.isZero());
        }

        /** Seconds, or a number with s, m, h or d (365d); empty for none. */
        public void setHstsMaxAge(String value) {
            String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
            if (v.isEmpty()) {
                this.hstsMaxAge = Duration.ZERO;
                return;
            }
            char unit = v.charAt(v.length() - 1);
            String digits = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1);
            long n;
            try {
                n = Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "passport.http.hsts-max-age: seconds, or a number with s, m, h or d");
            }
            this.hstsMaxAge = switch (unit) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                case 's' -> Duration.ofSeconds(n);
                default -> {
                    if (!Character.isDigit(unit)) {
                        throw new IllegalArgumentException(
                                "passport.http.hsts-max-age: seconds, or a number with s, m, h or d");
                    }
                    yield Duration.ofSeconds(n);
                }
            };
        }

        public boolean isHstsIncludeSubdomains() {
            return hstsIncludeSubdomains;
        }

        public void setHstsIncludeSubdomains(boolean hstsIncludeSubdomains) {
            this.hstsIncludeSubdomains = hstsIncludeSubdomains;
        }
    }
}
