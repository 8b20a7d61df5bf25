package org.wellbeingpassport.consent;

import java.util.Objects;
import org.wellbeingpassport.consent.vocabulary.ProfessionalRole;

/** Who is asking (Cedar's principal): a professional, a carer or proxy, or a partner system. */
public sealed interface Actor {
    /** Stable identifier of the actor (practitioner id, proxy id, client id of the system). */
    String id();

    /** Plain words for explanations, e.g. "Sam Okafor (social prescribing link worker, Riverside)". */
    String describe();

    /** A professional acting in a coded role for an organisation. */
    record Professional(String id, String name, ProfessionalRole role, Organisation organisation) implements Actor {
        public Professional {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(organisation, "organisation");
        }

        @Override
        public String describe() {
            return name + " (" + role.label() + ", " + organisation.name() + ")";
        }
    }

    /** A carer or other proxy: sees only what the resident delegated to them by name. */
    record Proxy(String id, String name) implements Actor {
        public Proxy {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /** A partner system with its own credentials: sees only what was granted to that system by name. */
    record PartnerSystem(String id, String name, Organisation organisation) implements Actor {
        public PartnerSystem {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(organisation, "organisation");
        }

        @Override
        public String describe() {
            return name + " (" + organisation.name() + ")";
        }
    }
}
