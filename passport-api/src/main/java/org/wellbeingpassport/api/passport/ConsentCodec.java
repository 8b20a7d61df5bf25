package org.wellbeingpassport.api.passport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.wellbeingpassport.consent.DirectiveSet;

/** Directives to and from the FHIR Consent resource that stores them (the mapping itself is fhir-adapter's). */
public interface ConsentCodec {
    /** The Consent resource ({@code Consent/directives}) holding every provision of the set. */
    ObjectNode toConsent(DirectiveSet directives, Instant at);

    /** The directive set a stored Consent holds, at the given version. */
    DirectiveSet toDirectives(String residentId, long version, ObjectNode consent);
}
