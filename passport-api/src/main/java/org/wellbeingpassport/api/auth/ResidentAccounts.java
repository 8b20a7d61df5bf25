package org.wellbeingpassport.api.auth;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import jakarta.inject.Singleton;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.wellbeingpassport.api.store.MongoStore;

/**
 * Which passport a resident's sign-in owns: {@code accounts} is keyed by the account ("issuer|subject"), so the
 * lookup is one indexed read, and one account owns at most one passport.
 */
@Singleton
public final class ResidentAccounts {
    static final String COLLECTION = "accounts";
    private final MongoCollection<Document> accounts;

    public ResidentAccounts(MongoStore store) {
        this.accounts = store.database().getCollection(COLLECTION);
    }

    public Optional<String> passportOf(Caller caller) {
        return passportOf(caller.account());
    }

    public Optional<String> passportOf(String account) {
        Document d = accounts.find(eq("_id", account)).first();
        return Optional.ofNullable(d).map(x -> x.getString("rid"));
    }

    /** Links an account to a passport; false when the account already owns one. */
    public boolean link(String account, String residentId) {
        try {
            accounts.insertOne(new Document("_id", account).append("rid", residentId).append("linked", new Date()));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Erasure: the sign-in no longer leads anywhere. */
    public void unlink(String account) {
        accounts.deleteOne(eq("_id", account));
    }
}
