package org.wellbeingpassport.api.passport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.wellbeingpassport.api.store.PassportStore;
import org.wellbeingpassport.consent.DirectiveSet;
import org.wellbeingpassport.consent.Provision;
import org.wellbeingpassport.fhir.Fhir;

/** Brings a whole passport in at once (demo data, migrations): sealed, versioned, with its directives. */
@Singleton
public final class PassportImporter {
    private final PassportStore store;
    private final SealedElements sealed;
    private final ConsentCodec consent;
    private final IdentifierIndex identifiers;

    public PassportImporter(PassportStore store, SealedElements sealed, ConsentCodec consent,
            IdentifierIndex identifiers) {
        this.store = store;
        this.sealed = sealed;
        this.consent = consent;
        this.identifiers = identifiers;
    }

    /** False when the passport exists already (nothing is changed: importing is idempotent). */
    public boolean importPassport(String residentId, List<ObjectNode> resources, List<Provision> directives) {
        List<PassportStore.NewResource> all = new ArrayList<>(resources.size() + 1);
        for (ObjectNode resource : resources) {
            String type = resource.path("resourceType").asText();
            String id = resource.path("id").asText();
            all.add(new PassportStore.NewResource(type, id, sealed.sealedVersion(residentId, resource)));
        }
        if (!directives.isEmpty()) {
            DirectiveSet set = DirectiveSet.restore(residentId, 1, directives).orElseThrow();
            all.add(new PassportStore.NewResource(DirectiveStore.TYPE, DirectiveStore.idFor(residentId),
                    (rid, version, at) -> {
                        ObjectNode c = consent.toConsent(set, at);
                        stamp(c, version, at);
                        return Fhir.write(c);
                    }));
        }
        boolean imported = store.importPassport(residentId, all);
        // indexed either way, so an older data directory becomes findable at first contact too
        resources.stream().filter(r -> r.path("resourceType").asText().equals("Patient")).findFirst()
                .ifPresent(patient -> identifiers.index(residentId, patient));
        return imported;
    }

    static void stamp(ObjectNode resource, long version, Instant at) {
        ObjectNode meta = resource.has("meta") ? (ObjectNode) resource.get("meta") : resource.putObject("meta");
        meta.put("versionId", Long.toString(version));
        meta.put("lastUpdated", at.toString());
    }
}
