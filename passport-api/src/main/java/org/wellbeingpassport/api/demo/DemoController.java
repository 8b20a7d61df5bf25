package org.wellbeingpassport.api.demo;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wellbeingpassport.api.auth.AuthSettings;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.http.Problem;

/**
 * Demo sign-in: list the demo people, and get a real, signed token for any of them. Exists only when the demo is
 * enabled ({@code java -jar passport-api.jar demo}); the production configuration has no such route.
 */
@Controller("/demo")
@Secured(SecurityRule.IS_ANONYMOUS)
@Requires(property = "passport.demo.enabled", value = "true")
@Hidden // demo only: not part of the production API
public class DemoController {
    private final ServiceTokens tokens;
    private final AuthSettings auth;
    private final DemoData data;

    public DemoController(ServiceTokens tokens, AuthSettings auth, DemoData data) {
        this.tokens = tokens;
        this.auth = auth;
        this.data = data;
    }

    /** Whether the generated passports (for load tests) have finished loading. */
    @Get("/status")
    public Map<String, Object> status() {
        return Map.of("generatedLoaded", data.generatedLoaded());
    }

    @Get
    public Map<String, Object> people() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("about", "Demo people (all invented). Get a token: POST /demo/token?user=KEY, then send"
                + " 'Authorization: Bearer TOKEN'. This route does not exist outside the demo configuration.");
        body.put("people",
                DemoPeople.all().stream().map(
                        p -> Map.of("key", p.key(), "kind", p.kind(), "name", p.name(), "description", p.description()))
                        .toList());
        return body;
    }

    @Post("/token")
    public Map<String, Object> token(@Nullable @QueryValue String user) {
        List<DemoPeople.Person> all = DemoPeople.all();
        DemoPeople.Person p = all.stream().filter(x -> x.key().equals(user)).findFirst()
                .or(() -> data.isGenerated(user)
                        ? Optional.of(new DemoPeople.Person(user, "resident", "Generated resident " + user,
                                "generated resident (load tests)", Map.of("wp_kind", "resident", "name", user)))
                        : Optional.empty())
                .orElseThrow(() -> Problem.badRequest("Unknown demo user '" + user + "'; GET /demo lists them"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", tokens.issue(DemoPeople.subject(p), p.claims()));
        body.put("token_type", "Bearer");
        body.put("expires_in", auth.getTokenLifetime().toSeconds());
        body.put("user", p.key());
        body.put("kind", p.kind());
        return body;
    }
}
