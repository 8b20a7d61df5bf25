package org.wellbeingpassport.api.passport;

import org.wellbeingpassport.api.TestTokens;
import org.wellbeingpassport.api.auth.ServiceTokens;

/** Real tokens for the demo people, exactly as the demo's sign-in issues them. */
final class DemoScenarioSupport {
    private DemoScenarioSupport() {
    }

    static String token(ServiceTokens tokens, String key) {
        return new TestTokens(tokens).demo(key);
    }
}
