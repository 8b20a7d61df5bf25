package org.wellbeingpassport.keys;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Element encryption under per-resident data keys, with a bounded LRU cache of unwrapped keysets
 * (key handles only) and the per-key encryption budget.
 *
 * <p>Budget: each process reserves encryptions in blocks by compare-and-set on the stored record, so
 * the stored count is always at least the encryptions done, across processes and restarts. When the
 * primary key's budget is spent, the resident's key rotates.
 */
final class ResidentKeyring implements ElementCipher, ResidentKeys {
    private static final System.Logger LOG = System.getLogger("org.wellbeingpassport.keys");
    static final byte VERSION = 1;
    static final int KEY_ID_OFFSET = 1;
    static final int NONCE_OFFSET = 9;
    static final int CIPHERTEXT_OFFSET = NONCE_OFFSET + AesGcmKey.NONCE_BYTES;
    static final int OVERHEAD = CIPHERTEXT_OFFSET + AesGcmKey.TAG_BYTES;

    private final KeyHierarchy hierarchy;
    private final WrappedKeyStore store;
    private final KeysConfig config;
    private final Cache cache;
    private final Object[] stripes = new Object[64];

    ResidentKeyring(KeyHierarchy hierarchy, WrappedKeyStore store, KeysConfig config) {
        this.hierarchy = hierarchy;
        this.store = store;
        this.config = config;
        this.cache = new Cache(config.cacheSize);
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    /** Unwrapped keys of one resident, as of one record version. */
    static final class Keyset {
        final long primaryId;
        final long[] ids;
        final AesGcmKey[] keys;
        final long[] retiredIds;
        final long loadedAtNanos;
        final AtomicLong remaining;

        Keyset(long primaryId, long[] ids, AesGcmKey[] keys, long[] retiredIds, AtomicLong remaining) {
            this.primaryId = primaryId;
            this.ids = ids;
            this.keys = keys;
            this.retiredIds = retiredIds;
            this.loadedAtNanos = System.nanoTime();
            this.remaining = remaining;
        }

        AesGcmKey find(long id) {
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] == id) {
                    return keys[i];
                }
            }
            return null;
        }

        boolean isRetired(long id) {
            for (long r : retiredIds) {
                if (r == id) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "Keyset[" + ids.length + " keys]";
        }
    }

    /** LRU of keysets by resident id. */
    private static final class Cache {
        private final LinkedHashMap<String, Keyset> map;

        Cache(int max) {
            this.map = new LinkedHashMap<>(Math.min(max, 1024), 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Keyset> eldest) {
                    return size() > max;
                }
            };
        }

        synchronized Keyset get(String residentId) {
            return map.get(residentId);
        }

        synchronized void put(String residentId, Keyset keyset) {
            map.put(residentId, keyset);
        }

        synchronized void remove(String residentId) {
            map.remove(residentId);
        }
    }

    // ---- ElementCipher ----

    @Override
    public String encrypt(ElementContext context, byte[] plaintext) {
        return TOKEN_PREFIX + Codec.B64URL.encodeToString(encryptToBytes(context, plaintext));
    }

    @Override
    public byte[] encryptToBytes(ElementContext context, byte[] plaintext) {
        String residentId = context.residentId();
        Keyset ks = fresh(residentId);
        if (ks == null || ks.remaining.getAndDecrement() <= 0) {
            ks = reserveOne(residentId);
        }
        AesGcmKey key = ks.find(ks.primaryId);
        byte[] blob = new byte[OVERHEAD + plaintext.length];
        blob[0] = VERSION;
        Codec.putLong(blob, KEY_ID_OFFSET, ks.primaryId);
        Codec.nonce(blob, NONCE_OFFSET);
        byte[] aad = context.associatedData(blob, NONCE_OFFSET);
        key.seal(blob, NONCE_OFFSET, aad, plaintext, 0, plaintext.length, blob, CIPHERTEXT_OFFSET);
        return blob;
    }

    @Override
    public byte[] decrypt(ElementContext context, String token) {
        return open(context, parse(token));
    }

    @Override
    public byte[] decryptBytes(ElementContext context, byte[] sealed) {
        if (sealed == null || sealed.length < OVERHEAD || sealed[0] != VERSION) {
            throw new DecryptionFailedException("malformed sealed bytes: wrong version or length");
        }
        return open(context, sealed);
    }

    /** Opens a blob whose shape was checked; the blob is not changed (the tag is checked in place). */
    private byte[] open(ElementContext context, byte[] blob) {
        long keyId = Codec.getLong(blob, KEY_ID_OFFSET);
        AesGcmKey key = keyFor(context.residentId(), keyId, context);
        byte[] aad = context.associatedData(blob, NONCE_OFFSET);
        byte[] plaintext = key.open(blob, NONCE_OFFSET, aad, blob, CIPHERTEXT_OFFSET, blob.length - CIPHERTEXT_OFFSET);
        if (plaintext == null) {
            throw new DecryptionFailedException("element " + context.resourceType() + "/" + context.elementPath()
                    + " failed authentication: the token was altered, or belongs to another resident, resource or element");
        }
        return plaintext;
    }

    @Override
    public boolean needsReencryption(ElementContext context, String token) {
        byte[] blob = parse(token);
        Keyset ks = fresh(context.residentId());
        if (ks == null) {
            throw destroyed(context);
        }
        return Codec.getLong(blob, KEY_ID_OFFSET) != ks.primaryId;
    }

    private AesGcmKey keyFor(String residentId, long keyId, ElementContext context) {
        Keyset ks = fresh(residentId);
        if (ks == null) {
            throw destroyed(context);
        }
        AesGcmKey key = ks.find(keyId);
        if (key == null && !ks.isRetired(keyId)) {
            // rotated by another process since we cached: look again once
            ks = load(residentId);
            if (ks == null) {
                throw destroyed(context);
            }
            key = ks.find(keyId);
        }
        if (key == null) {
            if (ks.isRetired(keyId)) {
                throw new KeyRetiredException("data key " + Codec.hex(keyId) + " was retired; element "
                        + context.resourceType() + "/" + context.elementPath() + " can no longer be read");
            }
            throw new DecryptionFailedException("no data key " + Codec.hex(keyId) + " for this resident: the token "
                    + "was altered or belongs to another resident");
        }
        return key;
    }

    private static KeyDestroyedException destroyed(ElementContext context) {
        return new KeyDestroyedException("the resident's data keys were destroyed (erased, or never created in "
                + "this store); element " + context.resourceType() + "/" + context.elementPath() + " is unreadable");
    }

    /** Decodes and checks the token's shape; never decrypts. */
    static byte[] parse(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) {
            throw new DecryptionFailedException("not a wp1 token");
        }
        int chars = token.length() - TOKEN_PREFIX.length();
        byte[] blob;
        try {
            blob = Codec.B64URL_DECODER.decode(token.substring(TOKEN_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new DecryptionFailedException("malformed token: not base64url");
        }
        if (blob.length < OVERHEAD || blob[0] != VERSION || chars != (blob.length * 4 + 2) / 3
                || !canonicalTail(token, blob.length)) {
            throw new DecryptionFailedException("malformed token: wrong version, length or encoding");
        }
        return blob;
    }

    /** Rejects the unused low bits of the last base64 character, so one blob has exactly one token. */
    private static boolean canonicalTail(String token, int bytes) {
        int rest = bytes % 3;
        if (rest == 0) {
            return true;
        }
        char c = token.charAt(token.length() - 1);
        int v;
        if (c >= 'A' && c <= 'Z') {
            v = c - 'A';
        } else if (c >= 'a' && c <= 'z') {
            v = c - 'a' + 26;
        } else if (c >= '0' && c <= '9') {
            v = c - '0' + 52;
        } else {
            v = c == '-' ? 62 : 63;
        }
        return (v & (rest == 1 ? 0x0f : 0x03)) == 0;
    }

    // ---- keysets ----

    private Keyset fresh(String residentId) {
        Keyset ks = cache.get(residentId);
        if (ks != null && System.nanoTime() - ks.loadedAtNanos < config.cacheTtl.toNanos()) {
            return ks;
        }
        return load(residentId);
    }

    /** Reads the resident's record and unwraps its keys; null (and evicted) when there is none. */
    private Keyset load(String residentId) {
        Optional<WrappedKeyRecord> record = store.find(residentId);
        if (record.isEmpty()) {
            cache.remove(residentId);
            return null;
        }
        Keyset previous = cache.get(residentId);
        Keyset ks = build(record.get(), null, previous);
        cache.put(residentId, ks);
        return ks;
    }

    private Keyset build(WrappedKeyRecord record, AtomicLong remaining, Keyset previous) {
        List<WrappedDataKey> active = record.keys().stream().filter(k -> !k.retired()).toList();
        long[] ids = new long[active.size()];
        AesGcmKey[] keys = new AesGcmKey[active.size()];
        for (int i = 0; i < active.size(); i++) {
            WrappedDataKey k = active.get(i);
            ids[i] = Codec.parseKeyId(k.keyId());
            byte[] raw = hierarchy.unwrap(record.residentId(), k);
            keys[i] = AesGcmKey.of(config.aead, raw);
            Arrays.fill(raw, (byte) 0);
        }
        long[] retired = record.keys().stream().filter(WrappedDataKey::retired)
                .mapToLong(k -> Codec.parseKeyId(k.keyId())).toArray();
        long primary = Codec.parseKeyId(record.primaryKeyId());
        if (remaining == null) {
            // keep this process's unused reservation while the primary key stays the same
            remaining = previous != null && previous.primaryId == primary ? previous.remaining : new AtomicLong(0);
        }
        return new Keyset(primary, ids, keys, retired, remaining);
    }

    private Object stripe(String residentId) {
        return stripes[Math.floorMod(residentId.hashCode(), stripes.length)];
    }

    /** Reserves a block of encryptions in the store (rotating the key if its budget is spent); takes one. */
    private Keyset reserveOne(String residentId) {
        synchronized (stripe(residentId)) {
            Keyset cached = cache.get(residentId);
            if (cached != null && cached.remaining.getAndDecrement() > 0) {
                return cached;
            }
            long limit = config.encryptionsPerDataKey;
            while (true) {
                Optional<WrappedKeyRecord> found = store.find(residentId);
                long now = config.clock.millis();
                WrappedKeyRecord next;
                long granted;
                if (found.isEmpty()) {
                    granted = Math.min(config.reservationBlock, limit);
                    WrappedDataKey key = newKey(residentId, now, granted);
                    next = new WrappedKeyRecord(residentId, 1, key.keyId(), List.of(key));
                } else {
                    WrappedKeyRecord record = found.get();
                    WrappedDataKey primary = record.primary();
                    List<WrappedDataKey> keys = new ArrayList<>(record.keys());
                    String primaryId = record.primaryKeyId();
                    if (primary.encryptionsReserved() >= limit) {
                        granted = Math.min(config.reservationBlock, limit);
                        WrappedDataKey key = newKey(residentId, now, granted);
                        keys.add(key);
                        primaryId = key.keyId();
                        LOG.log(System.Logger.Level.INFO,
                                "data key {0} reached its limit of {1} encryptions; " + "rotated to {2}",
                                primary.keyId(), limit, key.keyId());
                    } else {
                        granted = Math.min(config.reservationBlock, limit - primary.encryptionsReserved());
                        keys.set(keys.indexOf(primary), primary.withReserved(primary.encryptionsReserved() + granted));
                    }
                    next = new WrappedKeyRecord(residentId, record.version() + 1, primaryId, keys);
                }
                if (store.compareAndSet(next.version() - 1, next)) {
                    Keyset ks = build(next, new AtomicLong(granted - 1), null);
                    cache.put(residentId, ks);
                    return ks;
                }
            }
        }
    }

    private WrappedDataKey newKey(String residentId, long now, long reserved) {
        byte[] raw = Codec.randomBytes(AesGcmKey.KEY_BYTES);
        try {
            return hierarchy.wrap(residentId, Codec.hex(Codec.randomBytes(8)), raw, now, reserved);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    // ---- ResidentKeys ----

    @Override
    public Optional<String> primaryKeyId(String residentId) {
        return store.find(residentId).map(WrappedKeyRecord::primaryKeyId);
    }

    @Override
    public List<String> activeKeyIds(String residentId) {
        return store.find(residentId)
                .map(r -> r.keys().stream().filter(k -> !k.retired()).map(WrappedDataKey::keyId).toList())
                .orElse(List.of());
    }

    @Override
    public String rotate(String residentId) {
        synchronized (stripe(residentId)) {
            while (true) {
                Optional<WrappedKeyRecord> found = store.find(residentId);
                WrappedDataKey key = newKey(residentId, config.clock.millis(), 0);
                WrappedKeyRecord next;
                if (found.isEmpty()) {
                    next = new WrappedKeyRecord(residentId, 1, key.keyId(), List.of(key));
                } else {
                    List<WrappedDataKey> keys = new ArrayList<>(found.get().keys());
                    keys.add(key);
                    next = new WrappedKeyRecord(residentId, found.get().version() + 1, key.keyId(), keys);
                }
                if (store.compareAndSet(next.version() - 1, next)) {
                    cache.remove(residentId);
                    LOG.log(System.Logger.Level.INFO, "resident data key rotated to {0}", key.keyId());
                    return key.keyId();
                }
            }
        }
    }

    @Override
    public void retire(String residentId, String keyId) {
        synchronized (stripe(residentId)) {
            while (true) {
                WrappedKeyRecord record = store.find(residentId)
                        .orElseThrow(() -> new KeyDestroyedException("the resident has no data keys"));
                WrappedDataKey key = record.key(keyId)
                        .orElseThrow(() -> new IllegalArgumentException("no data key " + keyId + " for this resident"));
                if (key.retired()) {
                    return;
                }
                if (record.primaryKeyId().equals(keyId)) {
                    throw new IllegalArgumentException(
                            "cannot retire the primary data key " + keyId + ": rotate first");
                }
                List<WrappedDataKey> keys = new ArrayList<>(record.keys());
                keys.set(keys.indexOf(key), key.asRetired());
                if (store.compareAndSet(record.version(),
                        new WrappedKeyRecord(residentId, record.version() + 1, record.primaryKeyId(), keys))) {
                    cache.remove(residentId);
                    LOG.log(System.Logger.Level.INFO, "resident data key {0} retired", keyId);
                    return;
                }
            }
        }
    }

    @Override
    public void destroy(String residentId) {
        synchronized (stripe(residentId)) {
            store.destroy(residentId);
            cache.remove(residentId);
        }
        LOG.log(System.Logger.Level.INFO, "a resident's data keys were destroyed (erasure)");
    }

    @Override
    public String toString() {
        return "ElementCipher[AES-256-GCM, " + config.aead + "]";
    }
}
