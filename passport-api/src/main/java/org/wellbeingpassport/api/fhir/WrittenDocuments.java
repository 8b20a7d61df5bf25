package org.wellbeingpassport.api.fhir;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;

/**
 * Which document each resource version a partner write stored in this process was written from, so that a transaction
 * resending a resource unchanged writes nothing for it: no sealing, no new version (docs/adr/0012-partner-api.md,
 * "an unchanged resource keeps its version", 2026-12-03, session 10).
 *
 * <p>
 * The fact is "version {@code v} of {@code Type/id} in this passport was written from the document whose canonical
 * form ({@link PartnerWrites.Prepared#canonical}: the resource as stored but for its version, its last-updated time
 * and the asserted-on time the server set; it names the writing client) has this SHA-256", held with the version's
 * last-updated time. A version number is never given twice to one resource of a passport (the store claims each in
 * history under a unique key), and the time tells a passport erased and made again under the same id apart, so the
 * fact cannot go stale: once the resource has another version, it simply no longer matches the current one. Only the
 * latest version per resource is kept, bounded ({@link #MAX_RESOURCES}, least recently used out), in this process
 * only: after a restart, or past the bound, a resend is written as before.
 */
@Singleton
public final class WrittenDocuments {
    /** About 25 MB at most (a key of about a hundred characters, a version and a 32-byte digest each). */
    static final int MAX_RESOURCES = 100_000;

    private record Written(long version, Instant lastUpdated, byte[] digest) {
    }

    private final Cache<String, Written> written = Caffeine.newBuilder().maximumSize(MAX_RESOURCES).build();

    /** Records that this version of the resource (its number and time) was written from this canonical document. */
    void wrote(String residentId, String ref, long version, Instant lastUpdated, String canonical) {
        written.put(key(residentId, ref), new Written(version, lastUpdated, digest(canonical)));
    }

    /** Whether the resource's current version (its number and time) was written from this very canonical document. */
    boolean unchanged(String residentId, String ref, long version, Instant lastUpdated, String canonical) {
        Written w = written.getIfPresent(key(residentId, ref));
        return w != null && w.version() == version && w.lastUpdated().equals(lastUpdated)
                && Arrays.equals(w.digest(), digest(canonical));
    }

    private static String key(String residentId, String ref) {
        return residentId + "\n" + ref;
    }

    private static byte[] digest(String canonical) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
