package org.wellbeingpassport.api;

import java.util.Map;
import org.wellbeingpassport.api.auth.ServiceTokens;
import org.wellbeingpassport.api.demo.DemoPeople;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;

/** Real tokens, signed by the running service's own token key (the same path production tokens take). */
public final class TestTokens {
    private final ServiceTokens tokens;

    public TestTokens(ServiceTokens tokens) {
        this.tokens = tokens;
    }

    /** The token the demo's sign-in would issue for a demo person (see DemoPeople). */
    public String demo(String key) {
        DemoPeople.Person p = DemoPeople.all().stream().filter(x -> x.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no demo person " + key));
        return tokens.issue(DemoPeople.subject(p), Map.copyOf(p.claims()));
    }

    public String admin() {
        return tokens.issue("admin-1", Map.of("wp_kind", "admin", "name", "Test Administrator"));
    }

    public String auditor() {
        return tokens.issue("auditor-1", Map.of("wp_kind", "auditor", "name", "Olu Bankole"));
    }

    public String resident(String subject, String name) {
        return tokens.issue(subject, Map.of("wp_kind", "resident", "name", name));
    }

    public String carer(String subject, String name) {
        return tokens.issue(subject, Map.of("wp_kind", "carer", "name", name));
    }

    public String professional(String subject, String name, ProfessionalRole role, String orgId, String orgName,
            OrganisationType type) {
        return tokens.issue(subject, Map.of("wp_kind", "professional", "name", name, "wp_role", role.code(), "wp_org",
                orgId, "wp_org_name", orgName, "wp_org_type", type.code()));
    }

    public String system(String subject, String name, String orgId, String orgName, OrganisationType type) {
        return tokens.issue(subject, Map.of("wp_kind", "system", "name", name, "wp_org", orgId, "wp_org_name", orgName,
                "wp_org_type", type.code()));
    }
}
