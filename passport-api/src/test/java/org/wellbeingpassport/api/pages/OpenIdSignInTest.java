package org.wellbeingpassport.api.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.wellbeingpassport.api.Fixtures;
import org.wellbeingpassport.api.Http;
import org.wellbeingpassport.api.auth.ServiceTokens;

/**
 * Signing in to the pages through OpenID Connect, for real: the test runs its own small OpenID provider on loopback
 * (discovery, a JWKS with a key the test made, an authorization endpoint, a token endpoint that insists on the client
 * secret and on the PKCE verifier) and drives the authorization-code flow over real HTTP as a browser would: the
 * sign-in page's link, Micronaut's redirect to the provider, the provider's redirect back, the callback. The person
 * then has the same page session as a demo sign-in, as the same caller the provider's own bearer tokens describe;
 * a wrong state, nonce, issuer or audience, a kind of caller the provider may not vouch for, or an incomplete
 * caller is refused with no session.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenIdSignInTest implements TestPropertyProvider {
    static final String PROVIDER = "testlogin";
    static final String CLIENT_ID = "wellbeing-passport-pages";
    static final String CLIENT_SECRET = "test-only-client-secret";
    static final String API_AUDIENCE = "urn:wellbeing-passport:api";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient PLAIN = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    ECKey key;
    HttpServer op;
    String issuer;
    /** Who the provider says signs in next, and how the next ID token is changed (for the refusals). */
    volatile Map<String, Object> person = Map.of();
    volatile UnaryOperator<JWTClaimsSet.Builder> tamper = b -> b;
    /** Authorization codes the provider gave out: code -> what it was given for. */
    final Map<String, Grant> codes = new ConcurrentHashMap<>();
    /** What the token endpoint refused, and why (a failing test names it). */
    final List<String> tokenEndpointRefusals = new java.util.concurrent.CopyOnWriteArrayList<>();

    record Grant(String redirectUri, String challenge, String nonce, Map<String, Object> person) {
    }

    @Inject
    EmbeddedServer server;
    @Inject
    ServiceTokens tokens;

    @Override
    public Map<String, String> getProperties() {
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID("op-key-1").generate();
            op = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            issuer = "http://127.0.0.1:" + op.getAddress().getPort();
            op.createContext("/.well-known/openid-configuration", this::discovery);
            op.createContext("/jwks", x -> send(x, 200, new JWKSet(key.toPublicJWK()).toString()));
            op.createContext("/authorize", this::authorize);
            op.createContext("/token", this::token);
            op.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> p = new HashMap<>();
        p.put("micronaut.security.oauth2.clients." + PROVIDER + ".client-id", CLIENT_ID);
        p.put("micronaut.security.oauth2.clients." + PROVIDER + ".client-secret", CLIENT_SECRET);
        p.put("micronaut.security.oauth2.clients." + PROVIDER + ".openid.issuer", issuer);
        p.put("passport.auth.trusted-issuers." + PROVIDER + ".issuer", issuer);
        p.put("passport.auth.trusted-issuers." + PROVIDER + ".jwks-url", issuer + "/jwks");
        // this provider may vouch for residents and professionals, not carers
        p.put("passport.auth.trusted-issuers." + PROVIDER + ".kinds", "resident,professional");
        p.put("passport.pages.provider-labels." + PROVIDER, "Test Login");
        return p;
    }

    @AfterAll
    void stop() {
        op.stop(0);
    }

    // ---- the provider ----

    private void discovery(HttpExchange x) throws IOException {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", issuer);
        d.put("authorization_endpoint", issuer + "/authorize");
        d.put("token_endpoint", issuer + "/token");
        d.put("jwks_uri", issuer + "/jwks");
        d.put("response_types_supported", List.of("code"));
        d.put("subject_types_supported", List.of("public"));
        d.put("id_token_signing_alg_values_supported", List.of("ES256"));
        d.put("scopes_supported", List.of("openid", "profile"));
        d.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        d.put("grant_types_supported", List.of("authorization_code"));
        d.put("code_challenge_methods_supported", List.of("S256"));
        send(x, 200, JSON.writeValueAsString(d));
    }

    /** Signs in whoever {@link #person} is, at once (no form), and sends the browser back with a code. */
    private void authorize(HttpExchange x) throws IOException {
        Map<String, String> q = query(x.getRequestURI().getRawQuery());
        if (!"code".equals(q.get("response_type")) || !CLIENT_ID.equals(q.get("client_id"))
                || !q.getOrDefault("scope", "").contains("openid") || !"S256".equals(q.get("code_challenge_method"))
                || q.get("code_challenge") == null || q.get("state") == null || q.get("nonce") == null
                || q.get("redirect_uri") == null) {
            send(x, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(q.get("redirect_uri"), q.get("code_challenge"), q.get("nonce"), person));
        x.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=" + code + "&state="
                + java.net.URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    /** The code for tokens: only with this client's secret, the same redirect URI, and the PKCE verifier; once. */
    private void token(HttpExchange x) throws IOException {
        Map<String, String> f = query(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String basic = "Basic " + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        Grant g = f.get("code") == null ? null : codes.remove(f.get("code"));
        String why = !basic.equals(x.getRequestHeaders().getFirst("Authorization"))
                ? "client authentication"
                : !"authorization_code".equals(f.get("grant_type"))
                        ? "grant_type"
                        : g == null
                                ? "unknown or used code"
                                : !g.redirectUri().equals(f.get("redirect_uri"))
                                        ? "redirect_uri"
                                        : f.get("code_verifier") == null
                                                || !g.challenge().equals(s256(f.get("code_verifier")))
                                                        ? "PKCE verifier"
                                                        : null;
        if (why != null) {
            tokenEndpointRefusals.add(why);
            send(x, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        Instant now = Instant.now();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(issuer).audience(CLIENT_ID).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).claim("nonce", g.nonce());
        g.person().forEach(b::claim);
        String idToken = sign(tamper.apply(b).build());
        send(x, 200, JSON.writeValueAsString(Map.of("access_token", "opaque-" + UUID.randomUUID(), "token_type",
                "Bearer", "expires_in", 300, "id_token", idToken)));
    }

    String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                    claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String kv : raw.split("&")) {
            String[] p = kv.split("=", 2);
            m.put(URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                    p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
        }
        return m;
    }

    static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    // ---- the person's browser ----

    static Map<String, Object> resident(String sub, String name) {
        return Map.of("sub", sub, "name", name, "wp_kind", "resident");
    }

    static Map<String, Object> professional(String sub) {
        return Map.of("sub", sub, "name", "Sam Okafor", "wp_kind", "professional", "wp_role",
                "social-prescribing-link-worker", "wp_org", "org-newham-sp", "wp_org_name", "Newham Social Prescribing",
                "wp_org_type", "voluntary-community");
    }

    /** The start of a sign-in: the sign-in page's link, then Micronaut's redirect to the provider. */
    URI startAt(PageClient browser) {
        HttpResponse<String> page = browser.get("/app/sign-in");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("href=\"/oauth/login/" + PROVIDER + "\""), "the sign-in page links to it");
        assertTrue(page.body().contains("Sign in with Test Login"), "and names it");
        HttpResponse<String> toProvider = browser.get("/oauth/login/" + PROVIDER);
        assertEquals(302, toProvider.statusCode(), toProvider.body());
        return URI.create(toProvider.headers().firstValue("Location").orElseThrow());
    }

    /** The provider signs the person in and sends the browser back: the callback URL, with code and state. */
    URI atProvider(URI authorize) {
        try {
            HttpResponse<String> r = PLAIN.send(HttpRequest.newBuilder(authorize).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(302, r.statusCode(), r.body());
            return URI.create(r.headers().firstValue("Location").orElseThrow());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The whole flow as {@code who}; the callback's answer. */
    HttpResponse<String> signIn(PageClient browser, Map<String, Object> who) {
        person = who;
        return browser.get(atProvider(startAt(browser)).toString());
    }

    PageClient browser() {
        return new PageClient(server.getURI());
    }

    static void assertRefused(PageClient browser, HttpResponse<String> callback) {
        assertEquals(303, callback.statusCode(), callback.body());
        assertEquals("/app/sign-in?failed=1", callback.headers().firstValue("Location").orElse(""));
        assertTrue(callback.headers().allValues("Set-Cookie").stream()
                .noneMatch(c -> c.startsWith(PageSessions.SESSION_COOKIE + "=")), "no session for a refused sign-in");
        assertFalse(browser.cookies.containsKey(PageSessions.SESSION_COOKIE));
        HttpResponse<String> page = browser.get("/app/sign-in?failed=1");
        assertTrue(page.body().contains("Signing in did not work"), "the sign-in page says so");
        assertEquals(303, browser.get("/app/me").statusCode(), "and the pages still ask to sign in");
    }

    static Map<String, Object> payload(String jwt) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = JSON.readValue(Base64URL.from(jwt.split("\\.")[1]).decodeToString(), Map.class);
        return m;
    }

    // ---- the tests ----

    @Test
    void theRedirectToTheProviderCarriesStateNonceAndAnS256Challenge() {
        PageClient browser = browser();
        HttpResponse<String> page = browser.get("/app/sign-in");
        HttpResponse<String> toProvider = browser.get("/oauth/login/" + PROVIDER);
        // state, nonce and the PKCE verifier are kept in the browser: HttpOnly, Secure, only for /oauth, 5 minutes
        List<String> kept = toProvider.headers().allValues("Set-Cookie");
        assertEquals(3, kept.size(), kept.toString());
        for (String c : kept) {
            String l = c.toLowerCase(java.util.Locale.ROOT);
            assertTrue(l.contains("httponly") && l.contains("secure") && l.contains("path=/oauth")
                    && l.contains("max-age=300"), c);
        }
        URI authorize = startAt(browser);
        assertEquals(issuer + "/authorize",
                authorize.getScheme() + "://" + authorize.getAuthority() + authorize.getPath());
        Map<String, String> q = query(authorize.getRawQuery());
        assertEquals(CLIENT_ID, q.get("client_id"));
        assertEquals("code", q.get("response_type"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals(43, q.get("code_challenge").length(), "a SHA-256 challenge, base64url");
        assertNotNull(q.get("state"));
        assertNotNull(q.get("nonce"));
        assertEquals(server.getURI().resolve("/oauth/callback/" + PROVIDER).toString(), q.get("redirect_uri"));
        assertTrue(page.statusCode() == 200);
    }

    @Test
    void aResidentSignsInAsTheSameCallerAsTheProvidersOwnTokensWithTheSamePageSession() throws Exception {
        String sub = "r-" + UUID.randomUUID();
        // the resident started a passport through the API with the provider's own bearer token
        Instant now = Instant.now();
        String bearer = sign(new JWTClaimsSet.Builder().issuer(issuer).subject(sub).audience(API_AUDIENCE)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("wp_kind", "resident")
                .claim("name", "Amara Okafor").build());
        HttpResponse<String> started = new Http(server.getURI()).as(bearer).post("/me/passport", Fixtures.amara());
        assertEquals(201, started.statusCode(), started.body());

        PageClient browser = browser();
        HttpResponse<String> callback = signIn(browser, resident(sub, "Amara Okafor"));
        assertEquals(303, callback.statusCode(), callback.body() + " " + tokenEndpointRefusals);
        assertEquals("/app", callback.headers().firstValue("Location").orElse(""));
        String cookie = callback.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(PageSessions.SESSION_COOKIE + "=")).findFirst().orElseThrow();
        String lower = cookie.toLowerCase(java.util.Locale.ROOT);
        assertTrue(lower.contains("httponly") && lower.contains("secure") && lower.contains("samesite=lax")
                && lower.contains("path=/app"), cookie);

        // the session is this service's own token, naming the provider and the contract's claims, nothing else
        Map<String, Object> session = payload(browser.cookies.get(PageSessions.SESSION_COOKIE));
        assertEquals(tokens.issuer(), session.get("iss"));
        assertEquals(sub, session.get("sub"));
        assertEquals(issuer, session.get("wp_idp"));
        assertEquals("resident", session.get("wp_kind"));
        assertFalse(session.containsKey("nonce"), "nothing of the ID token but the contract's claims");

        assertEquals("/app/me", browser.get("/app").headers().firstValue("Location").orElse(""));
        HttpResponse<String> me = browser.get("/app/me");
        assertEquals(200, me.statusCode(), me.body());
        assertTrue(me.body().contains("Amara"), "her own passport: the one her provider's token started");

        // a form of the session works with its CSRF token and is refused without (403)
        assertEquals(403, browser.post("/app/sign-out", "csrf=wrong").statusCode());
        HttpResponse<String> out = browser.submit("/app/me", "/app/sign-out", Map.of());
        assertEquals(303, out.statusCode());
        assertFalse(browser.cookies.containsKey(PageSessions.SESSION_COOKIE), "signed out");
    }

    @Test
    void aProfessionalSignsInWithRoleAndOrganisation() throws Exception {
        PageClient browser = browser();
        HttpResponse<String> callback = signIn(browser, professional("p-" + UUID.randomUUID()));
        assertEquals(303, callback.statusCode(), callback.body() + " " + tokenEndpointRefusals);
        Map<String, Object> session = payload(browser.cookies.get(PageSessions.SESSION_COOKIE));
        assertEquals("social-prescribing-link-worker", session.get("wp_role"));
        assertEquals("org-newham-sp", session.get("wp_org"));
        assertEquals("voluntary-community", session.get("wp_org_type"));
        assertEquals("/app/pro", browser.get("/app").headers().firstValue("Location").orElse(""));
        HttpResponse<String> pro = browser.get("/app/pro");
        assertEquals(200, pro.statusCode());
        assertTrue(pro.body().contains("Sam Okafor"), "signed in as him");
    }

    @Test
    void inTheBrowserAProfessionalSignsInWithTheProvidersButtonOnAnAccessibleSignInPage() {
        List<String> violations = new java.util.ArrayList<>();
        try (Browser b = Browser.start(server.getURI(), 1280, 900)) {
            for (String lang : List.of("en", "cy")) {
                b.open("/app/language/" + lang + "?back=/app/sign-in");
                b.axeViolations().forEach(v -> violations.add(lang + " sign-in: " + v));
                b.open("/app/sign-in?failed=1");
                assertTrue(b.find(".govuk-error-summary").isDisplayed(), "a refused sign-in is said");
                b.axeViolations().forEach(v -> violations.add(lang + " sign-in failed: " + v));
            }
            b.open("/app/language/en?back=/app/sign-in");
            person = professional("p-" + UUID.randomUUID());
            b.clickAndWait(b.find("#provider-0"));
            assertEquals("/app/pro", b.path(), "through the provider and back, signed in");
            String who = b.find(".app-header__who").getText();
            assertTrue(who.contains("Sam Okafor"), who);
        }
        assertEquals(List.of(), violations, "WCAG 2.2 AA in both languages");
    }

    @Test
    void theApiStaysBearerOnly() {
        PageClient browser = browser();
        assertEquals(303, signIn(browser, professional("p-" + UUID.randomUUID())).statusCode());
        HttpResponse<String> api = PageClientRaw.get(
                server.getURI().resolve("/passports/jean-whitfield?purpose=support-planning"),
                PageSessions.SESSION_COOKIE + "=" + browser.cookies.get(PageSessions.SESSION_COOKIE));
        assertEquals(401, api.statusCode(), "a page session's cookie does nothing on the API");
    }

    @Test
    void theProvidersKeysDoNotLetItVouchForMoreThanItMayOnTheApi() {
        // Micronaut's OpenID client adds the provider's jwks_uri to the keys bearer tokens may be signed with; a
        // carer (this provider may not vouch for carers) must still be refused, as must a token naming wp_idp
        Instant now = Instant.now();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(issuer).subject("c-1").audience(API_AUDIENCE)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
        Http api = new Http(server.getURI());
        // 401: the token itself is refused (a carer's accepted token would be a 403 on a resident's route)
        assertEquals(401, api.as(sign(b.claim("wp_kind", "carer").build())).get("/me/passport").statusCode());
        String resident = sign(b.claim("wp_kind", "resident").build());
        assertEquals(404, api.as(resident).get("/me/passport").statusCode(), "accepted: a resident with no passport");
        assertEquals(401,
                api.as(sign(b.claim("wp_idp", "https://other.test").build())).get("/me/passport").statusCode());
    }

    @Test
    void aStateFromAnotherBrowsersSignInIsRefused() {
        person = resident("r-" + UUID.randomUUID(), "Someone");
        // an attacker's own sign-in, stopped at the callback, and its callback URL put in the victim's browser
        URI attackers = atProvider(startAt(browser()));
        PageClient victim = browser();
        startAt(victim);
        assertRefused(victim, victim.get(attackers.toString()));
    }

    @Test
    void aCallbackWithoutTheStateCookieIsRefused() {
        PageClient browser = browser();
        person = resident("r-" + UUID.randomUUID(), "Someone");
        URI callback = atProvider(startAt(browser));
        browser.cookies.keySet().removeIf(k -> k.toUpperCase(java.util.Locale.ROOT).contains("STATE"));
        assertRefused(browser, browser.get(callback.toString()));
    }

    @Test
    void aWrongNonceIsRefused() {
        refusedWhen(b -> b.claim("nonce", "not-the-one-this-browser-started-with"));
    }

    @Test
    void aMissingNonceIsRefused() {
        refusedWhen(b -> b.claim("nonce", null));
    }

    @Test
    void aWrongIssuerIsRefused() {
        refusedWhen(b -> b.issuer("https://login.elsewhere.test"));
    }

    @Test
    void aWrongAudienceIsRefused() {
        refusedWhen(b -> b.audience("another-client"));
    }

    @Test
    void anExpiredIdTokenIsRefused() {
        refusedWhen(b -> b.issueTime(Date.from(Instant.now().minusSeconds(900)))
                .expirationTime(Date.from(Instant.now().minusSeconds(600))));
    }

    @Test
    void aKindTheProviderMayNotVouchForIsRefused() {
        PageClient browser = browser();
        assertRefused(browser, signIn(browser, Map.of("sub", "c-" + UUID.randomUUID(), "wp_kind", "carer")));
    }

    @Test
    void anIncompleteCallerIsRefused() {
        PageClient browser = browser();
        Map<String, Object> noOrganisation = new HashMap<>(professional("p-" + UUID.randomUUID()));
        noOrganisation.remove("wp_org");
        assertRefused(browser, signIn(browser, noOrganisation));
        PageClient other = browser();
        Map<String, Object> unknownRole = new HashMap<>(professional("p-" + UUID.randomUUID()));
        unknownRole.put("wp_role", "wizard");
        assertRefused(other, signIn(other, unknownRole));
    }

    void refusedWhen(UnaryOperator<JWTClaimsSet.Builder> change) {
        tamper = change;
        try {
            PageClient browser = browser();
            assertRefused(browser, signIn(browser, resident("r-" + UUID.randomUUID(), "Someone")));
        } finally {
            tamper = b -> b;
        }
    }

    /** A request with a cookie and nothing else (no bearer token). */
    static final class PageClientRaw {
        static HttpResponse<String> get(URI uri, String cookie) {
            try {
                return PLAIN.send(HttpRequest.newBuilder(uri).header("Cookie", cookie).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
