package org.wellbeingpassport.api.passport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.Consent;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.fhir.Fhir;
import org.wellbeingpassport.fhir.consent.ConsentMapping;

/** Directives as the FHIR Consent fhir-adapter maps them to (lossless both ways). */
@Singleton
final class FhirConsentCodec implements ConsentCodec {
    @Override
    public ObjectNode toConsent(DirectiveSet directives, Instant at) {
        Consent consent = ConsentMapping.toFhir(directives);
        consent.setId(DirectiveStore.idFor(directives.residentId()));
        consent.setDateTime(Date.from(at));
        return Fhir.tree(consent);
    }

    @Override
    public DirectiveSet toDirectives(String residentId, long version, ObjectNode stored) {
        ObjectNode copy = stored.deepCopy();
        (copy.get("meta") instanceof ObjectNode meta ? meta : copy.putObject("meta")).put("versionId",
                Long.toString(version));
        // read closed, as a resident's are on the way in
        ConsentMapping.Read<DirectiveSet> read = ConsentMapping.directives(Fhir.write(copy));
        // stored directives were validated when written; a failure here means the record was altered
        return read.orElseThrow();
    }
}
