package org.wellbeingpassport.api.passport;

import java.util.Map;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.demo.DemoPeople;

/** Real tokens for the demo people, exactly as the demo's sign-in issues them. */
final class DemoScenarioSupport {
    private DemoScenarioSupport() {
    }

    static String token(ServiceTokens tokens, String key) {
        DemoPeople.Person p = DemoPeople.all().stream().filter(x -> x.key().equals(key)).findFirst().orElseThrow();
        return tokens.issue(DemoPeople.subject(p), Map.copyOf(p.claims()));
    }
}
