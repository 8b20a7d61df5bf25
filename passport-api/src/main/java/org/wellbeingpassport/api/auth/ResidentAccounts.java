package org.wellbeingpassport.api.auth;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.wellbeingpassport.api.store.MongoStore;

/**
 * Which passport a resident's sign-in owns: {@code accounts} is keyed by the account ("issuer|subject"), so the
 * lookup is one indexed read, and one account owns at most one passport.
 *
 * <p>Every request of a signed-in resident starts with this lookup, so each instance keeps what it found for a short
 * while ({@link #REMEMBERED}; docs/adr/0008-storage-design.md, amended 2026-12-06). Why that is safe: a link is made
 * once, to a passport id drawn at random for it ({@code UUID}), and changes only when an erasure unlinks it; an
 * instance forgets its own entry at once when it links or unlinks. Another instance may, for at most
 * {@link #REMEMBERED}, still lead that account to the erased id: whose passport, resources and keys are gone, so every
 * route answers the one 404 it gives when there is no passport; no id is ever linked to a second account, so it can
 * lead nowhere else. Only what was found is kept (never "none"), and a question that decides whether a passport may
 * be started ({@link #ownsAPassport}) always asks the store.
 */
@Singleton
public final class ResidentAccounts {
    static final String COLLECTION = "accounts";
    /** How long an instance keeps an account's passport id without asking the store again. */
    static final Duration REMEMBERED = Duration.ofSeconds(30);
    /** Accounts kept at most; past it the oldest are not sought out, the whole memory is dropped (rare, and cheap). */
    static final int MAX_REMEMBERED = 100_000;

    private final MongoCollection<Document> accounts;
    private final long rememberedNanos;
    private final ConcurrentHashMap<String, Found> found = new ConcurrentHashMap<>();
    /** Raised before and after every link and unlink here: a lookup that overlapped one does not keep what it read. */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    private record Found(String residentId, long until) {
    }

    @Inject
    public ResidentAccounts(MongoStore store) {
        this(store, REMEMBERED);
    }

    ResidentAccounts(MongoStore store, Duration remembered) {
        this.accounts = store.database().getCollection(COLLECTION);
        this.rememberedNanos = remembered.toNanos();
    }

    public Optional<String> passportOf(Caller caller) {
        return passportOf(caller.account());
    }

    /** The passport the account owns: remembered for a short while (see the class comment), else one indexed read. */
    public Optional<String> passportOf(String account) {
        long now = System.nanoTime();
        Found f = found.get(account);
        if (f != null && now - f.until() < 0) {
            return Optional.of(f.residentId());
        }
        long seen = changes.get();
        Optional<String> rid = stored(account);
        if (rid.isPresent()) {
            if (found.size() >= MAX_REMEMBERED) {
                found.clear();
            }
            // kept only if no link or unlink began here since the read began (checked and kept as one step for this
            // account, so an unlink's last removal either comes after it or sees nothing kept after it)
            found.compute(account,
                    (k, old) -> changes.get() == seen ? new Found(rid.get(), now + rememberedNanos) : null);
        } else if (f != null) {
            found.remove(account, f);
        }
        return rid;
    }

    /** Whether the account owns a passport now, asked of the store (for starting one: never from memory). */
    public boolean ownsAPassport(String account) {
        return stored(account).isPresent();
    }

    private Optional<String> stored(String account) {
        Document d = accounts.find(eq("_id", account)).first();
        return Optional.ofNullable(d).map(x -> x.getString("rid"));
    }

    /** Links an account to a passport; false when the account already owns one. */
    public boolean link(String account, String residentId) {
        changes.incrementAndGet();
        found.remove(account);
        try {
            accounts.insertOne(new Document("_id", account).append("rid", residentId).append("linked", new Date()));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        } finally {
            changes.incrementAndGet();
            found.remove(account);
        }
    }

    /** Erasure: the sign-in no longer leads anywhere (on this instance at once; on others see the class comment). */
    public void unlink(String account) {
        changes.incrementAndGet();
        found.remove(account);
        try {
            accounts.deleteOne(eq("_id", account));
        } finally {
            changes.incrementAndGet();
            found.remove(account); // what a lookup that read before the delete kept before this
        }
    }
}
