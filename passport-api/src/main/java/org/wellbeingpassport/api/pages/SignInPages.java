package org.wellbeingpassport.api.pages;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.oauth2.configuration.OauthClientConfiguration;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wellbeingpassport.api.auth.AuthSettings;
import org.wellbeingpassport.api.auth.Caller;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.demo.DemoPeople;

/**
 * Signing in and out, and the language. Demo sign-in (pick a demo person) exists only in the demo configuration; it
 * issues the same signed token as {@code POST /demo/token}, kept in the session cookie.
 */
@Controller("/app")
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
public class SignInPages {
    private final Pages pages;
    private final PageSessions sessions;
    private final ServiceTokens tokens;
    private final AuthSettings auth;
    private final boolean demo;
    private final List<Provider> providers;

    /** An OpenID Connect provider to sign in with: its name, what the page calls it, where its sign-in starts. */
    public record Provider(String name, String label, String href) {
    }

    public SignInPages(Pages pages, PageSessions sessions, ServiceTokens tokens, AuthSettings auth,
            @Value("${passport.demo.enabled:false}") boolean demo, List<OauthClientConfiguration> clients,
            PageSettings settings) {
        this.providers = clients.stream().filter(c -> c.isEnabled() && c.getOpenid().isPresent())
                .map(c -> new Provider(c.getName(), settings.getProviderLabels().getOrDefault(c.getName(), c.getName()),
                        "/oauth/login/" + c.getName()))
                .sorted(java.util.Comparator.comparing(Provider::label)).toList();
        this.pages = pages;
        this.sessions = sessions;
        this.tokens = tokens;
        this.auth = auth;
        this.demo = demo;
    }

    @Get
    public MutableHttpResponse<?> home(HttpRequest<?> request) {
        Optional<Caller> c = sessions.caller(request);
        if (c.isEmpty()) {
            return Pages.seeOther("/app/sign-in");
        }
        return Pages.seeOther(switch (c.get().kind()) {
            case RESIDENT -> "/app/me";
            case PROFESSIONAL -> "/app/pro";
            case CARER -> "/app/carer";
            default -> "/app/sign-in";
        });
    }

    @Get("/sign-in")
    public MutableHttpResponse<?> signIn(HttpRequest<?> request, @Nullable @QueryValue String failed) {
        if (failed != null) {
            return pages.render(request, "sign-in", "signin.title", model(), List.of(Pages.Message.of("signin.failed")),
                    HttpStatus.OK);
        }
        return pages.render(request, "sign-in", "signin.title", model());
    }

    private Map<String, Object> model() {
        return Map.of("demo", demo, "people", people(), "providers", providers);
    }

    @Post(uri = "/sign-in", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> signInAs(HttpRequest<?> request, @Nullable @Body String body) {
        Form form = Form.parse(body);
        sessions.requireCsrf(request, form);
        Optional<DemoPeople.Person> p = demo
                ? DemoPeople.all().stream().filter(x -> x.key().equals(form.text("user"))).findFirst()
                : Optional.empty();
        if (p.isEmpty()) {
            return pages.render(request, "sign-in", "signin.title", model(),
                    List.of(Pages.Message.about("user-0", "signin.error.choose")), HttpStatus.BAD_REQUEST);
        }
        String token = tokens.issue(DemoPeople.subject(p.get()), p.get().claims());
        // a new CSRF seed with the new session: a token from before sign-in is no good after it
        return Pages.seeOther("/app").cookie(sessions.sessionCookie(token, auth.getTokenLifetime()))
                .cookie(sessions.csrfCookie(PageSessions.newSeed()));
    }

    @Post(uri = "/sign-out", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> signOut(HttpRequest<?> request, @Nullable @Body String body) {
        sessions.requireCsrf(request, Form.parse(body));
        return Pages.seeOther("/app/sign-in").cookie(sessions.endedSession())
                .cookie(sessions.csrfCookie(PageSessions.newSeed()));
    }

    /** Switch language (a preference, not data: a plain link works without script or form). */
    @Get("/language/{lang}")
    public MutableHttpResponse<?> language(@PathVariable String lang, @Nullable @QueryValue String back) {
        String to = back != null && back.startsWith("/app") && !back.startsWith("//") && !back.contains("\\")
                ? back
                : "/app";
        String l = "cy".equals(lang) ? "cy" : "en";
        return Pages.seeOther(to).cookie(sessions.languageCookie(l));
    }

    @Error(exception = SignInRequired.class, global = true)
    public MutableHttpResponse<?> signInFirst(HttpRequest<?> request) {
        return Pages.seeOther("/app/sign-in");
    }

    @Error(exception = PageForbidden.class, global = true)
    public MutableHttpResponse<?> refused(HttpRequest<?> request) {
        return pages.render(request, "refused", "refused.title", Map.of(), List.of(), HttpStatus.FORBIDDEN);
    }

    /** Demo people by kind, for the sign-in page: residents, carers, professionals. */
    private static Map<String, List<DemoPeople.Person>> people() {
        var all = DemoPeople.all();
        return Map.of("resident", all.stream().filter(p -> p.kind().equals("resident")).toList(), "carer",
                all.stream().filter(p -> p.kind().equals("carer")).toList(), "professional",
                all.stream().filter(p -> p.kind().equals("professional")).toList());
    }

}
