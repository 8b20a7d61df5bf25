package org.wellbeingpassport.api.auth;

import java.util.Map;
import java.util.Optional;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;

/**
 * The claims a token must carry, and how they become a {@link Caller}. One place, so the validator and the
 * resolver can never disagree.
 *
 * <pre>
 * iss, sub, exp             always
 * name                      display name (defaults to sub)
 * wp_kind                   resident | carer | professional | system | auditor | ops | admin
 * wp_role                   professional: a coded role (ProfessionalRole code, e.g. social-prescribing-link-worker)
 * wp_org, wp_org_name       professional, system: organisation id and name
 * wp_org_type               professional, system: OrganisationType code (e.g. gp-practice)
 * wp_idp                    only in this service's own page-session tokens after an OpenID Connect sign-in: the
 *                           identity provider's issuer, so the caller is the same ({@code iss|sub}) as with that
 *                           provider's own tokens (IssuerSignatures refuses it in any other issuer's token)
 * </pre>
 */
public final class CallerClaims {
    public static final String NAME = "name";
    public static final String ROLE = "wp_role";
    public static final String ORG = "wp_org";
    public static final String ORG_NAME = "wp_org_name";
    public static final String ORG_TYPE = "wp_org_type";
    /** The identity provider a page session was signed in with (see the class comment). */
    public static final String IDP = "wp_idp";

    private CallerClaims() {
    }

    /** The caller these claims describe, or empty when they are incomplete or carry unknown codes. */
    public static Optional<Caller> toCaller(Map<String, Object> claims) {
        String iss = Optional.ofNullable(string(claims, IDP)).orElse(string(claims, "iss"));
        String sub = string(claims, "sub");
        Optional<CallerKind> kind = CallerKind.fromCode(string(claims, CallerKind.CLAIM));
        if (iss == null || sub == null || sub.isBlank() || kind.isEmpty()) {
            return Optional.empty();
        }
        String name = Optional.ofNullable(string(claims, NAME)).filter(n -> !n.isBlank()).orElse(sub);
        return switch (kind.get()) {
            case RESIDENT -> Optional.of(new Caller.Resident(iss, sub, name));
            case CARER -> Optional.of(new Caller.Carer(iss, sub, name));
            case AUDITOR -> Optional.of(new Caller.Auditor(iss, sub, name));
            case ADMIN -> Optional.of(new Caller.Administrator(iss, sub, name));
            case OPS -> Optional.of(new Caller.Operator(iss, sub, name));
            case PROFESSIONAL -> {
                Optional<ProfessionalRole> role = ProfessionalRole.fromCode(string(claims, ROLE));
                Optional<OrganisationType> type = OrganisationType.fromCode(string(claims, ORG_TYPE));
                String org = string(claims, ORG);
                if (role.isEmpty() || type.isEmpty() || org == null) {
                    yield Optional.empty();
                }
                yield Optional
                        .of(new Caller.Professional(iss, sub, name, role.get(), org, orgName(claims, org), type.get()));
            }
            case SYSTEM -> {
                Optional<OrganisationType> type = OrganisationType.fromCode(string(claims, ORG_TYPE));
                String org = string(claims, ORG);
                if (type.isEmpty() || org == null) {
                    yield Optional.empty();
                }
                yield Optional.of(new Caller.PartnerSystem(iss, sub, name, org, orgName(claims, org), type.get()));
            }
        };
    }

    private static String orgName(Map<String, Object> claims, String org) {
        return Optional.ofNullable(string(claims, ORG_NAME)).filter(n -> !n.isBlank()).orElse(org);
    }

    private static String string(Map<String, Object> claims, String key) {
        Object v = claims.get(key);
        return v == null ? null : v.toString();
    }
}
