package org.wellbeingpassport.api.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpMethod;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Sessions, CSRF and the headers of pages, over real HTTP: every state-changing page route (found from the router,
 * so a new form cannot be forgotten) refuses a post without the form's CSRF token with 403 and changes nothing;
 * cookies are HttpOnly, Secure and SameSite; the Content-Security-Policy allows no inline script; the session cookie
 * is never accepted by the API.
 */
@MicronautTest
@Property(name = "passport.demo.enabled", value = "true")
class PageSessionTest {
    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    @Inject
    EmbeddedServer server;
    @Inject
    Router router;
    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** A browser's cookie jar, by hand (the JDK's would not send Secure cookies over plain HTTP). */
    final class Session {
        final Map<String, String> cookies = new LinkedHashMap<>();
        HttpResponse<String> last;

        HttpResponse<String> get(String path) throws Exception {
            return keep(client.send(builder(path).GET().build(), HttpResponse.BodyHandlers.ofString()));
        }

        HttpResponse<String> post(String path, String form) throws Exception {
            return keep(client.send(
                    builder(path).header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        HttpRequest.Builder builder(String path) {
            HttpRequest.Builder b = HttpRequest.newBuilder(server.getURI().resolve(path));
            if (!cookies.isEmpty()) {
                b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
            return b;
        }

        HttpResponse<String> keep(HttpResponse<String> r) {
            for (String c : r.headers().allValues("Set-Cookie")) {
                String[] kv = c.split(";", 2)[0].split("=", 2);
                if (c.toLowerCase().contains("max-age=0")) {
                    cookies.remove(kv[0]);
                } else {
                    cookies.put(kv[0], kv[1]);
                }
            }
            last = r;
            return r;
        }

        String token(String page) throws Exception {
            Matcher m = CSRF.matcher(get(page).body());
            assertTrue(m.find(), "the page has a form with a CSRF token: " + page);
            return m.group(1);
        }

        Session signIn(String user) throws Exception {
            String t = token("/app/sign-in");
            HttpResponse<String> r = post("/app/sign-in", "csrf=" + t + "&user=" + user);
            assertEquals(303, r.statusCode(), r.body());
            assertTrue(cookies.containsKey("wp_session"), "signed in");
            return this;
        }
    }

    List<String> statefulPageRoutes() {
        return router.uriRoutes()
                .filter(r -> r.getHttpMethod() == HttpMethod.POST || r.getHttpMethod() == HttpMethod.PUT
                        || r.getHttpMethod() == HttpMethod.DELETE || r.getHttpMethod() == HttpMethod.PATCH)
                .map(r -> r.getUriMatchTemplate().toString()).filter(u -> u.startsWith("/app")).distinct().sorted()
                .toList();
    }

    @Test
    void everyStateChangingPageRouteRefusesAPostWithoutItsCsrfToken() throws Exception {
        List<String> routes = statefulPageRoutes();
        assertTrue(routes.size() >= 15, "the page routes that change something: " + routes);
        for (String who : List.of("jean-whitfield", "prac-sam-okoro")) {
            Session s = new Session().signIn(who);
            for (String route : routes) {
                String path = route.replaceAll("\\{[^}]+}", "x");
                HttpResponse<String> none = s.post(path, "user=jean-whitfield&confirm=yes&reason=r&text=t");
                assertEquals(403, none.statusCode(), "no token: " + path);
                HttpResponse<String> wrong = s.post(path, "csrf=" + "A".repeat(43) + "&confirm=yes");
                assertEquals(403, wrong.statusCode(), "a made-up token: " + path);
                assertTrue(wrong.body().contains("That did not work"), "a page that says what to do: " + path);
            }
        }
        // a token from another browser does not work either
        String theirs = new Session().token("/app/sign-in");
        Session mine = new Session();
        mine.get("/app/sign-in");
        assertEquals(403, mine.post("/app/sign-in", "csrf=" + theirs + "&user=jean-whitfield").statusCode());
        assertFalse(mine.cookies.containsKey("wp_session"), "no session from a forged sign-in");

        // nothing changed: Jean still has her passport, and still shares with the walking group
        Session jean = new Session().signIn("jean-whitfield");
        assertTrue(jean.get("/app/me/sharing").body().contains("Wirral Walking Together"));
        // and with the token, the same post works (the token, not something else, made the difference)
        String t = jean.token("/app/me/sharing/walking-group/stop");
        assertEquals(303, jean.post("/app/me/sharing/walking-group/stop", "csrf=" + t).statusCode());
        assertFalse(jean.get("/app/me/sharing").body().contains("Wirral Walking Together"));
    }

    @Test
    void cookiesAreHttpOnlySecureAndSameSiteAndTheApiNeverTakesThem() throws Exception {
        Session s = new Session();
        HttpResponse<String> page = s.get("/app/sign-in");
        String csrf = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("wp_csrf=")).findFirst()
                .orElseThrow();
        assertTrue(csrf.contains("HTTPOnly") || csrf.contains("HttpOnly"), csrf);
        assertTrue(csrf.contains("Secure") && csrf.contains("SameSite=Strict"), csrf);
        String t = CSRF.matcher(page.body()).results().findFirst().orElseThrow().group(1);
        HttpResponse<String> signedIn = s.post("/app/sign-in", "csrf=" + t + "&user=jean-whitfield");
        String session = signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("wp_session="))
                .findFirst().orElseThrow();
        assertTrue(session.contains("HTTPOnly") || session.contains("HttpOnly"), session);
        assertTrue(session.contains("Secure") && session.contains("SameSite=Lax") && session.contains("Path=/app"),
                session);
        assertEquals(200, s.get("/app/me").statusCode());
        // the API outside /app does not read the cookie: a cross-site request could otherwise act with it
        HttpResponse<String> api = s.get("/me/passport");
        assertEquals(401, api.statusCode(), api.body());
    }

    @Test
    void pagesSendAPolicyWithoutInlineScriptAndHaveNone() throws Exception {
        Session s = new Session().signIn("jean-whitfield");
        for (String p : List.of("/app/me", "/app/me/sharing", "/app/me/share-code", "/app/me/requests")) {
            HttpResponse<String> r = s.get(p);
            assertEquals(200, r.statusCode(), p);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("script-src 'self'") && csp.contains("default-src 'self'"), csp);
            assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
            String html = r.body();
            assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                    "no inline script: " + p);
            assertFalse(Pattern.compile("\\son[a-z]+=\"", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                    "no event handler attributes: " + p);
            assertFalse(html.contains(" style=\""), "no inline styles: " + p);
            assertEquals("same-origin", r.headers().firstValue("Referrer-Policy").orElse(""));
        }
        // the design system's files are served from the webjar
        assertEquals(200, s.get("/govuk/govuk-frontend.min.css").statusCode());
        assertEquals(200, s.get("/govuk/govuk-frontend.min.js").statusCode());
        assertEquals(200, s.get("/static/app.js").statusCode());
    }

    @Test
    void withoutASessionAPageSendsYouToSignIn() throws Exception {
        Session s = new Session();
        HttpResponse<String> r = s.get("/app/me");
        assertEquals(303, r.statusCode());
        assertEquals(URI.create("/app/sign-in").getPath(), r.headers().firstValue("Location").orElse(""));
        // and a professional's page is refused to a resident
        Session jean = new Session().signIn("jean-whitfield");
        assertEquals(403, jean.get("/app/pro").statusCode());
    }
}
