package org.wellbeingpassport.api.auth;

import org.wellbeingpassport.consent.Actor;
import org.wellbeingpassport.consent.Organisation;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;

/** Who is calling, from a verified token. {@link #account()} is unique across issuers: "issuer|subject". */
public sealed interface Caller {
    String issuer();

    String subject();

    String name();

    CallerKind kind();

    default String account() {
        return issuer() + "|" + subject();
    }

    record Resident(String issuer, String subject, String name) implements Caller {
        @Override
        public CallerKind kind() {
            return CallerKind.RESIDENT;
        }
    }

    /** A carer or other proxy: acts for a resident only as far as that resident delegated. */
    record Carer(String issuer, String subject, String name) implements Caller {
        @Override
        public CallerKind kind() {
            return CallerKind.CARER;
        }

        public Actor.Proxy actor() {
            return new Actor.Proxy(account(), name);
        }
    }

    record Professional(String issuer, String subject, String name, ProfessionalRole role, String organisationId,
            String organisationName, OrganisationType organisationType) implements Caller {
        @Override
        public CallerKind kind() {
            return CallerKind.PROFESSIONAL;
        }

        /** The practitioner id directives name: the token subject. */
        public Actor.Professional actor() {
            return new Actor.Professional(subject, name, role,
                    new Organisation(organisationId, organisationName, organisationType));
        }
    }

    record PartnerSystem(String issuer, String subject, String name, String organisationId, String organisationName,
            OrganisationType organisationType) implements Caller {
        @Override
        public CallerKind kind() {
            return CallerKind.SYSTEM;
        }

        public Actor.PartnerSystem actor() {
            return new Actor.PartnerSystem(subject, name,
                    new Organisation(organisationId, organisationName, organisationType));
        }
    }

    record Auditor(String issuer, String subject, String name) implements Caller {
        @Override
        public CallerKind kind() {
            return CallerKind.AUDITOR;
        }
    }

    /** Runs the service (metrics); has no access to any resident's record. */
    record Operator(String issuer, String subject, String name) implements Caller {
        @Override
        public CallerKind kind() {
            return CallerKind.OPS;
        }
    }

    record Administrator(String issuer, String subject, String name) implements Caller {
        @Override
        public CallerKind kind() {
            return CallerKind.ADMIN;
        }
    }
}
