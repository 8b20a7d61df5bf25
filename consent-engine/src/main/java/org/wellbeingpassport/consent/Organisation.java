package org.wellbeingpassport.consent;

import java.util.Objects;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;

/** An organisation an actor works for (the employer; a funder may differ and is not modelled here). */
public record Organisation(String id, String name, OrganisationType type) {
    public Organisation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
