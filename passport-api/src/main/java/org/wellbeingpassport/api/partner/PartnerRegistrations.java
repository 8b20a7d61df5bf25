package org.wellbeingpassport.api.partner;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.consent.vocabulary.OrganisationType;
import org.wellbeingpassport.consent.vocabulary.Purpose;

/**
 * The registered partner systems, one document per client id ({@code _id}), so a lookup is one read by key. This is
 * the seam other features use to find a partner (for example to notify its rest-hook endpoint): {@link #find}.
 */
@Singleton
public final class PartnerRegistrations {
    static final String COLLECTION = "partners";
    private final MongoCollection<Document> partners;

    public PartnerRegistrations(MongoStore store) {
        this.partners = store.database().getCollection(COLLECTION);
    }

    /** The registration of this client id, if an administrator made one. */
    public Optional<PartnerRegistration> find(String clientId) {
        if (clientId == null || clientId.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(partners.find(eq("_id", clientId)).first()).map(PartnerRegistrations::decode);
    }

    /** Registers a new partner; false when the client id is registered already (nothing changes). */
    public boolean register(PartnerRegistration r) {
        Document d = new Document("_id", r.clientId()).append("name", r.name()).append("org", r.organisationId())
                .append("orgName", r.organisationName()).append("orgType", r.organisationType().code())
                .append("scopes", r.scopes()).append("purposes", r.purposes().stream().map(Purpose::code).toList())
                .append("registered", Date.from(r.registered()));
        r.jwksUrl().ifPresent(u -> d.append("jwksUrl", u));
        r.jwks().ifPresent(j -> d.append("jwks", j));
        r.statutoryGateway().ifPresent(g -> d.append("gateway", g));
        r.restHook().ifPresent(h -> d.append("restHook", h));
        try {
            partners.insertOne(d);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Every registration (administrators' list; a handful of documents). */
    public List<PartnerRegistration> all() {
        List<PartnerRegistration> out = new ArrayList<>();
        for (Document d : partners.find()) {
            out.add(decode(d));
        }
        return List.copyOf(out);
    }

    private static PartnerRegistration decode(Document d) {
        List<Purpose> purposes = d.getList("purposes", String.class).stream()
                .map(c -> Purpose.fromCode(c).orElseThrow()).toList();
        return new PartnerRegistration(d.getString("_id"), d.getString("name"), d.getString("org"),
                d.getString("orgName"), OrganisationType.fromCode(d.getString("orgType")).orElseThrow(),
                Optional.ofNullable(d.getString("jwksUrl")), Optional.ofNullable(d.getString("jwks")),
                d.getList("scopes", String.class), purposes, Optional.ofNullable(d.getString("gateway")),
                Optional.ofNullable(d.getString("restHook")), d.getDate("registered").toInstant());
    }
}
