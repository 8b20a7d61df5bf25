package org.wellbeingpassport.consent;

import java.util.Locale;
import java.util.Objects;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;

/**
 * Who a provision is about. Roles and organisation types are held as codes because they arrive
 * from outside (FHIR Consent); validation rejects unknown codes, so evaluation never meets one.
 */
public sealed interface Recipient {

    /** Whether this recipient describes the given actor. */
    boolean matches(Actor actor);

    /** Plain words for explanations, e.g. "the Riverside social prescribing link workers". */
    String describe();

    static Recipient named(String professionalId, String name) {
        return new Named(professionalId, name);
    }

    static Recipient role(ProfessionalRole role) {
        return new WithRole(role.code());
    }

    static Recipient organisation(String organisationId, String organisationName) {
        return new AtOrganisation(organisationId, organisationName);
    }

    static Recipient roleAt(ProfessionalRole role, String organisationId, String organisationName) {
        return new WithRoleAt(role.code(), organisationId, organisationName);
    }

    static Recipient organisationType(OrganisationType type) {
        return new OfOrganisationType(type.code());
    }

    static Recipient delegate(String proxyId, String name) {
        return new Delegate(proxyId, name);
    }

    static Recipient system(String systemId, String name) {
        return new PartnerSystem(systemId, name);
    }

    /** One named professional. */
    record Named(String professionalId, String name) implements Recipient {
        public Named {
            Objects.requireNonNull(professionalId, "professionalId");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public boolean matches(Actor actor) {
            return actor instanceof Actor.Professional p && p.id().equals(professionalId);
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /** Any professional in a coded role (see {@link ProfessionalRole}). */
    record WithRole(String roleCode) implements Recipient {
        public WithRole {
            Objects.requireNonNull(roleCode, "roleCode");
        }

        @Override
        public boolean matches(Actor actor) {
            return actor instanceof Actor.Professional p && p.role().code().equals(roleCode);
        }

        @Override
        public String describe() {
            return "any " + roleLabel(roleCode);
        }
    }

    /** Any professional working for one organisation. */
    record AtOrganisation(String organisationId, String organisationName) implements Recipient {
        public AtOrganisation {
            Objects.requireNonNull(organisationId, "organisationId");
            Objects.requireNonNull(organisationName, "organisationName");
        }

        @Override
        public boolean matches(Actor actor) {
            return actor instanceof Actor.Professional p && p.organisation().id().equals(organisationId);
        }

        @Override
        public String describe() {
            return "the staff at " + organisationName;
        }
    }

    /** Professionals in one coded role at one organisation ("the Riverside link workers"). */
    record WithRoleAt(String roleCode, String organisationId, String organisationName) implements Recipient {
        public WithRoleAt {
            Objects.requireNonNull(roleCode, "roleCode");
            Objects.requireNonNull(organisationId, "organisationId");
            Objects.requireNonNull(organisationName, "organisationName");
        }

        @Override
        public boolean matches(Actor actor) {
            return actor instanceof Actor.Professional p && p.role().code().equals(roleCode)
                    && p.organisation().id().equals(organisationId);
        }

        @Override
        public String describe() {
            return "the " + organisationName + " " + plural(roleLabel(roleCode));
        }
    }

    /** Professionals at any organisation of a coded type (see {@link OrganisationType}). */
    record OfOrganisationType(String typeCode) implements Recipient {
        public OfOrganisationType {
            Objects.requireNonNull(typeCode, "typeCode");
        }

        @Override
        public boolean matches(Actor actor) {
            return actor instanceof Actor.Professional p && p.organisation().type().code().equals(typeCode);
        }

        @Override
        public String describe() {
            return "staff at any " + OrganisationType.fromCode(typeCode).map(OrganisationType::label).orElse(typeCode);
        }
    }

    /** A carer or proxy the resident delegates to, by identity. */
    record Delegate(String proxyId, String name) implements Recipient {
        public Delegate {
            Objects.requireNonNull(proxyId, "proxyId");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public boolean matches(Actor actor) {
            return actor instanceof Actor.Proxy p && p.id().equals(proxyId);
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /** A partner system, by client identity. */
    record PartnerSystem(String systemId, String name) implements Recipient {
        public PartnerSystem {
            Objects.requireNonNull(systemId, "systemId");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public boolean matches(Actor actor) {
            return actor instanceof Actor.PartnerSystem s && s.id().equals(systemId);
        }

        @Override
        public String describe() {
            return name;
        }
    }

    private static String roleLabel(String code) {
        return ProfessionalRole.fromCode(code).map(ProfessionalRole::label).orElse(code);
    }

    private static String plural(String label) {
        String lower = label.toLowerCase(Locale.ROOT);
        if (lower.endsWith("ch") || lower.endsWith("sh") || lower.endsWith("s")) {
            return label + "es";
        }
        return label + "s";
    }
}
