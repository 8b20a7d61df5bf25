package org.wellbeingpassport.api.partner;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.wellbeingpassport.api.store.MongoStore;

/**
 * The client assertions already used, so that none is accepted twice: one document per (client id, jti), keyed by
 * {@code _id} (a unique index on every MongoDB and on the embedded stand-in), so a replay is a duplicate-key error
 * on one insert, whichever instance sees it, with no read before the write.
 */
@Singleton
public final class UsedAssertions {
    static final String COLLECTION = "partner_assertions";
    private final MongoCollection<Document> used;

    public UsedAssertions(MongoStore store) {
        this.used = store.database().getCollection(COLLECTION);
    }

    /** True the first time this client presents this jti; false on every later attempt. */
    public boolean firstUse(String clientId, String jti, Instant expires) {
        try {
            used.insertOne(new Document("_id", clientId + " " + jti).append("exp", Date.from(expires)));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }
}
