package org.wellbeingpassport.api.pages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser's part in plain HTTP: a cookie jar kept by hand (the JDK's would not send Secure cookies over plain
 * HTTP), the pages' own sign-in form, and form posts carrying the page's CSRF token. For checks on the rendered HTML
 * where no script or layout matters; the browser tests do the rest.
 */
final class PageClient {
    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    final Map<String, String> cookies = new LinkedHashMap<>();

    PageClient(URI base) {
        this.base = base;
    }

    HttpResponse<String> get(String path) {
        return keep(send(builder(path).GET()));
    }

    HttpResponse<String> post(String path, String form) {
        return keep(send(builder(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))));
    }

    /** Posts a form the way the page does: with the CSRF token of the page it is on. */
    HttpResponse<String> submit(String page, String action, Map<String, String> fields) {
        StringBuilder form = new StringBuilder("csrf=").append(token(page));
        fields.forEach((k, v) -> form.append('&').append(enc(k)).append('=').append(enc(v)));
        return post(action, form.toString());
    }

    String token(String page) {
        Matcher m = CSRF.matcher(get(page).body());
        if (!m.find()) {
            throw new AssertionError("no form with a CSRF token on " + page);
        }
        return m.group(1);
    }

    /** Signs in through the sign-in page as a demo person, in a fresh jar. */
    PageClient signIn(String user) {
        cookies.clear();
        HttpResponse<String> r = post("/app/sign-in", "csrf=" + token("/app/sign-in") + "&user=" + enc(user));
        if (r.statusCode() != 303 || !cookies.containsKey(PageSessions.SESSION_COOKIE)) {
            throw new AssertionError("sign-in as " + user + ": " + r.statusCode());
        }
        return this;
    }

    PageClient language(String lang) {
        get("/app/language/" + lang + "?back=/app");
        return this;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120));
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        return b;
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> keep(HttpResponse<String> r) {
        for (String c : r.headers().allValues("Set-Cookie")) {
            String[] kv = c.split(";", 2)[0].split("=", 2);
            if (c.toLowerCase().contains("max-age=0")) {
                cookies.remove(kv[0]);
            } else {
                cookies.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return r;
    }
}
