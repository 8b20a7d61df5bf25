package org.wellbeingpassport.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * The key hierarchy: master keys (keystore or environment) wrap one data key per resident (kept in a
 * {@link WrappedKeyStore}); signing keys for tokens, audit and exports live in the keystore.
 *
 * <pre>{@code
 * KeyHierarchy keys = KeyHierarchy.openOrInitialise(config, wrappedKeyStore);
 * String token = keys.elements().encryptString(ctx, "lives alone, second floor");
 * String jwks = keys.tokens().publicJwks();
 * RecordSignature sig = keys.audit().sign(checkpointHash);
 * }</pre>
 */
public final class KeyHierarchy {
    private static final System.Logger LOG = System.getLogger("org.wellbeingpassport.keys");
    private static final long RELOAD_INTERVAL_MILLIS = 1000;
    private static final long UNKNOWN_SIGNING_KEY_RELOAD_MILLIS = 10_000;
    private static final byte[] WRAP_DOMAIN = "wp-dek".getBytes(StandardCharsets.US_ASCII);

    private final KeysConfig config;
    private final KeystoreFile keystore;
    private final WrappedKeyStore store;
    private final ResidentKeyring residents;
    private final MasterKeys master = new Master();
    private final Tokens tokens = new Tokens();
    private final EnumMap<SigningPurpose, Records> records = new EnumMap<>(SigningPurpose.class);
    private volatile State state;
    private volatile long lastReload;
    private volatile String lastMissingMasterKey = "";
    private long lastUnknownTokenKeyReload;
    private long lastUnknownRecordKeyReload;

    /** Everything read from the keystore (and environment), replaced whole on reload. */
    private record State(Map<String, AesGcmKey> masterKeys, String primaryMasterKeyId, long primaryMasterCreatedAt,
            boolean masterFromEnvironment, List<EcTokenKey> tokenKeys,
            Map<SigningPurpose, List<EdRecordKey>> recordKeys, byte[] indexKey) {
    }

    private KeyHierarchy(KeysConfig config, WrappedKeyStore store) {
        this.config = config;
        this.store = store;
        this.keystore = new KeystoreFile(config.keystoreFile(), config.passphrase, config.scryptCostLog2);
        this.residents = new ResidentKeyring(this, store, config);
        records.put(SigningPurpose.AUDIT, new Records(SigningPurpose.AUDIT));
        records.put(SigningPurpose.EXPORT, new Records(SigningPurpose.EXPORT));
    }

    /** Creates the keystore; fails if one exists. */
    public static KeyHierarchy initialise(KeysConfig config, WrappedKeyStore store) {
        KeyHierarchy h = new KeyHierarchy(config, store);
        if (h.keystore.exists()) {
            throw new KeystoreException("a keystore already exists in " + config.directory());
        }
        h.ensureInitialised();
        return h;
    }

    /** Opens an existing keystore; fails if there is none. */
    public static KeyHierarchy open(KeysConfig config, WrappedKeyStore store) {
        KeyHierarchy h = new KeyHierarchy(config, store);
        if (!h.keystore.exists()) {
            throw new KeystoreException("no keystore in " + config.directory() + ": run 'keys init' first");
        }
        h.reload();
        h.ensureIndexKey();
        return h;
    }

    /** Opens the keystore, creating it on first run (the zero-configuration demo path). */
    public static KeyHierarchy openOrInitialise(KeysConfig config, WrappedKeyStore store) {
        KeyHierarchy h = new KeyHierarchy(config, store);
        if (h.keystore.exists()) {
            h.reload();
            h.ensureIndexKey();
        } else {
            h.ensureInitialised();
        }
        return h;
    }

    /**
     * Demo path: default settings, master keys from the keystore. Production supplies its own
     * passphrase (WP_KEYSTORE_PASSPHRASE), never a demo one.
     */
    public static KeyHierarchy openOrInitialise(Path directory, char[] passphrase, WrappedKeyStore store) {
        return openOrInitialise(KeysConfig.builder(directory, Passphrase.of(passphrase)).build(), store);
    }

    public static boolean exists(Path directory) {
        return java.nio.file.Files.isRegularFile(directory.resolve("keystore.bcfks"));
    }

    private void ensureInitialised() {
        boolean env = !config.environmentMasterKeys.isEmpty();
        List<String> created = keystore.modify(ks -> {
            List<String> ids = new ArrayList<>();
            long now = config.clock.millis();
            if (!env && KeystoreFile.aliases(ks, KeystoreFile.MASTER_PREFIX).isEmpty()) {
                ids.add(keystore.addMasterKey(ks, now));
            }
            for (SigningPurpose p : SigningPurpose.values()) {
                if (KeystoreFile.aliases(ks, p.aliasPrefix).isEmpty()) {
                    ids.add(keystore.addSigningKey(ks, p, now));
                }
            }
            if (KeystoreFile.aliases(ks, KeystoreFile.INDEX_PREFIX).isEmpty()) {
                ids.add(keystore.addIndexKey(ks, now));
            }
            return ids;
        });
        LOG.log(System.Logger.Level.INFO, "keystore initialised in {0}; new keys {1}", config.directory(), created);
        reload();
    }

    /** A keystore made before blind indexes gets its key on first open (the oldest one wins if two processes race). */
    private void ensureIndexKey() {
        if (state.indexKey() != null) {
            return;
        }
        long now = config.clock.millis();
        keystore.modify(ks -> KeystoreFile.aliases(ks, KeystoreFile.INDEX_PREFIX).isEmpty()
                ? keystore.addIndexKey(ks, now)
                : "");
        reload();
    }

    /** Re-reads the keystore, e.g. after the CLI rotated a key in another process. */
    public void reload() {
        KeyStore ks = keystore.load();
        Map<String, AesGcmKey> masters = new LinkedHashMap<>();
        String primary;
        long primaryCreated = 0;
        boolean env = !config.environmentMasterKeys.isEmpty();
        if (env) {
            for (byte[] k : config.environmentMasterKeys) {
                masters.put(Codec.fingerprint("kek-", k), AesGcmKey.of(config.aead, k));
            }
            primary = masters.keySet().iterator().next();
        } else {
            primary = null;
        }
        List<KeystoreFile.Alias> kekAliases = KeystoreFile.aliases(ks, KeystoreFile.MASTER_PREFIX);
        Collections.reverse(kekAliases);
        for (KeystoreFile.Alias a : kekAliases) {
            byte[] bytes = keystore.key(ks, a).getEncoded();
            masters.putIfAbsent(a.keyId(), AesGcmKey.of(config.aead, bytes));
            Arrays.fill(bytes, (byte) 0);
            if (primary == null) {
                primary = a.keyId();
                primaryCreated = a.createdAtEpochMilli();
            }
        }
        if (primary == null) {
            throw new KeystoreException(
                    "the keystore holds no master key and " + KeysConfig.MASTER_KEY_VARIABLE + " is not set");
        }
        List<EcTokenKey> tokenKeys = new ArrayList<>();
        for (KeystoreFile.Alias a : KeystoreFile.aliases(ks, SigningPurpose.TOKEN.aliasPrefix)) {
            tokenKeys.add(EcTokenKey.of(a.keyId(), a.createdAtEpochMilli(),
                    (ECPrivateKeyParameters) privateKey(keystore.key(ks, a), a),
                    (ECPublicKeyParameters) publicKey(KeystoreFile.certificate(ks, a), a)));
        }
        Map<SigningPurpose, List<EdRecordKey>> recordKeys = new EnumMap<>(SigningPurpose.class);
        for (SigningPurpose p : List.of(SigningPurpose.AUDIT, SigningPurpose.EXPORT)) {
            List<EdRecordKey> keys = new ArrayList<>();
            for (KeystoreFile.Alias a : KeystoreFile.aliases(ks, p.aliasPrefix)) {
                keys.add(new EdRecordKey(a.keyId(), a.createdAtEpochMilli(),
                        (Ed25519PrivateKeyParameters) privateKey(keystore.key(ks, a), a),
                        (Ed25519PublicKeyParameters) publicKey(KeystoreFile.certificate(ks, a), a)));
            }
            recordKeys.put(p, List.copyOf(keys));
        }
        List<KeystoreFile.Alias> indexAliases = KeystoreFile.aliases(ks, KeystoreFile.INDEX_PREFIX);
        byte[] indexKey = indexAliases.isEmpty() ? null : keystore.key(ks, indexAliases.get(0)).getEncoded();
        this.state = new State(Collections.unmodifiableMap(masters), primary, primaryCreated, env,
                List.copyOf(tokenKeys), recordKeys, indexKey);
        this.lastReload = System.currentTimeMillis();
    }

    /**
     * Re-reads the keystore when a signing key id is not known here (rotated by the CLI in another
     * process), at most once per {@value #UNKNOWN_SIGNING_KEY_RELOAD_MILLIS} ms for token keys and
     * for record keys separately: key ids in tokens come from callers, so junk ids must not force a
     * keystore read (scrypt per entry) each time.
     */
    private boolean reloadForUnknownKey(boolean token) {
        long now = System.currentTimeMillis();
        synchronized (this) {
            long last = token ? lastUnknownTokenKeyReload : lastUnknownRecordKeyReload;
            if (last != 0 && now - last < UNKNOWN_SIGNING_KEY_RELOAD_MILLIS) {
                return false;
            }
            if (token) {
                lastUnknownTokenKeyReload = now;
            } else {
                lastUnknownRecordKeyReload = now;
            }
        }
        reload();
        return true;
    }

    private static AsymmetricKeyParameter privateKey(Key key, KeystoreFile.Alias alias) {
        try {
            return PrivateKeyFactory.createKey(key.getEncoded());
        } catch (IOException | RuntimeException e) {
            throw new KeystoreException("cannot decode signing key " + alias.keyId());
        }
    }

    private static AsymmetricKeyParameter publicKey(Certificate cert, KeystoreFile.Alias alias) {
        if (cert == null) {
            throw new KeystoreException("signing key " + alias.keyId() + " has no certificate");
        }
        try {
            return PublicKeyFactory.createKey(cert.getPublicKey().getEncoded());
        } catch (IOException | RuntimeException e) {
            throw new KeystoreException("cannot decode public key " + alias.keyId());
        }
    }

    public ElementCipher elements() {
        return residents;
    }

    public ResidentKeys residents() {
        return residents;
    }

    public MasterKeys master() {
        return master;
    }

    /** HMAC blind index for exact lookups of values that must not be stored (NHS numbers). */
    public BlindIndex blindIndex() {
        return (domain, value) -> {
            byte[] key = state.indexKey();
            if (key == null) {
                throw new KeystoreException("the keystore holds no blind-index key");
            }
            try {
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
                byte[] d = domain.getBytes(StandardCharsets.UTF_8);
                mac.update(new byte[]{(byte) (d.length >>> 8), (byte) d.length});
                mac.update(d);
                return Codec.B64URL.encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
            } catch (java.security.GeneralSecurityException e) {
                throw new KeysException("HMAC-SHA256 is not available");
            }
        };
    }

    public TokenSigningKeys tokens() {
        return tokens;
    }

    public RecordSigner audit() {
        return records.get(SigningPurpose.AUDIT);
    }

    public RecordSigner exports() {
        return records.get(SigningPurpose.EXPORT);
    }

    public KeysConfig config() {
        return config;
    }

    /** Adds a new token signing key and makes it current; replaced keys stay published for the overlap. */
    public String rotateTokenSigningKey() {
        long now = config.clock.millis();
        long overlap = config.tokenKeyOverlap.toMillis();
        String kid = keystore.modify(ks -> {
            String id = keystore.addSigningKey(ks, SigningPurpose.TOKEN, now);
            List<KeystoreFile.Alias> all = KeystoreFile.aliases(ks, SigningPurpose.TOKEN.aliasPrefix);
            for (int i = 0; i + 1 < all.size(); i++) {
                if (all.get(i + 1).createdAtEpochMilli() + overlap <= now) {
                    KeystoreFile.delete(ks, all.get(i));
                }
            }
            return id;
        });
        LOG.log(System.Logger.Level.INFO, "token signing key rotated; current {0}", kid);
        reload();
        return kid;
    }

    /** Adds a new audit or export signing key; older keys stay for verification. */
    public String rotateRecordSigningKey(SigningPurpose purpose) {
        if (purpose == SigningPurpose.TOKEN) {
            return rotateTokenSigningKey();
        }
        long now = config.clock.millis();
        String kid = keystore.modify(ks -> keystore.addSigningKey(ks, purpose, now));
        LOG.log(System.Logger.Level.INFO, "{0} signing key rotated; current {1}", purpose, kid);
        reload();
        return kid;
    }

    // ---- wrapping of data keys (used by ResidentKeyring) ----

    WrappedDataKey wrap(String residentId, String dataKeyId, byte[] dataKey, long createdAt, long reserved) {
        State s = state;
        String kekId = s.primaryMasterKeyId();
        return new WrappedDataKey(dataKeyId, kekId,
                wrapUnder(s.masterKeys().get(kekId), kekId, residentId, dataKeyId, dataKey), createdAt, reserved,
                false);
    }

    private static String wrapUnder(AesGcmKey kek, String kekId, String residentId, String dataKeyId, byte[] dataKey) {
        byte[] out = new byte[AesGcmKey.NONCE_BYTES + dataKey.length + AesGcmKey.TAG_BYTES];
        Codec.random().nextBytes(out);
        kek.seal(out, 0, wrapAad(residentId, dataKeyId, kekId), dataKey, 0, dataKey.length, out, AesGcmKey.NONCE_BYTES);
        return Base64.getEncoder().encodeToString(out);
    }

    byte[] unwrap(String residentId, WrappedDataKey key) {
        AesGcmKey kek = masterKey(key.masterKeyId());
        byte[] in;
        try {
            in = Base64.getDecoder().decode(key.wrappedKey());
        } catch (IllegalArgumentException e) {
            throw new KeysException("wrapped data key " + key.keyId() + " is not base64");
        }
        byte[] dataKey = kek.open(in, 0, wrapAad(residentId, key.keyId(), key.masterKeyId()), in, AesGcmKey.NONCE_BYTES,
                in.length - AesGcmKey.NONCE_BYTES);
        if (dataKey == null || dataKey.length != AesGcmKey.KEY_BYTES) {
            throw new KeysException("wrapped data key " + key.keyId()
                    + " failed authentication: altered, or moved from another resident");
        }
        return dataKey;
    }

    private AesGcmKey masterKey(String kekId) {
        AesGcmKey kek = state.masterKeys().get(kekId);
        if (kek == null && !state.masterFromEnvironment() && (!kekId.equals(lastMissingMasterKey)
                || System.currentTimeMillis() - lastReload > RELOAD_INTERVAL_MILLIS)) {
            // another process may have rotated the master key: pick it up without a restart
            // (at once for a new unknown id, then at most once a second while it stays unknown)
            lastMissingMasterKey = kekId;
            reload();
            kek = state.masterKeys().get(kekId);
        }
        if (kek == null) {
            throw new KeystoreException("master key " + kekId + " is not available (retired, or not supplied in "
                    + KeysConfig.PREVIOUS_MASTER_KEYS_VARIABLE + ")");
        }
        return kek;
    }

    private static byte[] wrapAad(String residentId, String dataKeyId, String kekId) {
        byte[] r = residentId.getBytes(StandardCharsets.UTF_8);
        byte[] d = dataKeyId.getBytes(StandardCharsets.US_ASCII);
        byte[] k = kekId.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[WRAP_DOMAIN.length + 12 + r.length + d.length + k.length];
        int off = 0;
        System.arraycopy(WRAP_DOMAIN, 0, out, off, WRAP_DOMAIN.length);
        off += WRAP_DOMAIN.length;
        for (byte[] part : List.of(r, d, k)) {
            out[off++] = (byte) (part.length >>> 24);
            out[off++] = (byte) (part.length >>> 16);
            out[off++] = (byte) (part.length >>> 8);
            out[off++] = (byte) part.length;
            System.arraycopy(part, 0, out, off, part.length);
            off += part.length;
        }
        return out;
    }

    @Override
    public String toString() {
        return "KeyHierarchy[" + config.directory() + ", master=" + state.primaryMasterKeyId() + "]";
    }

    // ---- master keys ----

    private final class Master implements MasterKeys {
        @Override
        public String currentKeyId() {
            return state.primaryMasterKeyId();
        }

        @Override
        public long currentKeyCreatedAtEpochMilli() {
            return state.primaryMasterCreatedAt();
        }

        @Override
        public List<String> keyIds() {
            return List.copyOf(state.masterKeys().keySet());
        }

        @Override
        public boolean fromEnvironment() {
            return state.masterFromEnvironment();
        }

        @Override
        public RewrapReport rotate(RotationProgress progress) {
            if (state.masterFromEnvironment()) {
                throw new KeystoreException("master keys come from " + KeysConfig.MASTER_KEY_VARIABLE
                        + ": set a new one there, move the old one to " + KeysConfig.PREVIOUS_MASTER_KEYS_VARIABLE
                        + ", restart, then re-wrap");
            }
            long now = config.clock.millis();
            String kid = keystore.modify(ks -> keystore.addMasterKey(ks, now));
            reload();
            LOG.log(System.Logger.Level.INFO, "master key rotated; current {0}", kid);
            return rewrapAll(progress);
        }

        @Override
        public RewrapReport rewrapAll(RotationProgress progress) {
            String target = state.primaryMasterKeyId();
            long total = store.count();
            long done = 0;
            long changed = 0;
            try (Stream<WrappedKeyRecord> all = store.all()) {
                Iterator<WrappedKeyRecord> it = all.iterator();
                while (it.hasNext()) {
                    if (rewrap(it.next(), target)) {
                        changed++;
                    }
                    done++;
                    progress.update(done, Math.max(total, done));
                }
            }
            LOG.log(System.Logger.Level.INFO, "re-wrapped {0} of {1} resident records under {2}", changed, done,
                    target);
            return new RewrapReport(target, done, changed, done - changed);
        }

        private boolean rewrap(WrappedKeyRecord record, String target) {
            WrappedKeyRecord current = record;
            while (true) {
                if (current.keys().stream().allMatch(k -> k.retired() || k.masterKeyId().equals(target))) {
                    return false;
                }
                List<WrappedDataKey> keys = new ArrayList<>();
                for (WrappedDataKey k : current.keys()) {
                    if (k.retired() || k.masterKeyId().equals(target)) {
                        keys.add(k);
                    } else {
                        byte[] dataKey = unwrap(current.residentId(), k);
                        keys.add(k.rewrapped(target, wrapUnder(state.masterKeys().get(target), target,
                                current.residentId(), k.keyId(), dataKey)));
                        Arrays.fill(dataKey, (byte) 0);
                    }
                }
                WrappedKeyRecord next = new WrappedKeyRecord(current.residentId(), current.version() + 1,
                        current.primaryKeyId(), keys);
                if (store.compareAndSet(current.version(), next)) {
                    return true;
                }
                Optional<WrappedKeyRecord> again = store.find(current.residentId());
                if (again.isEmpty()) {
                    return false;
                }
                current = again.get();
            }
        }

        @Override
        public long countWrappedUnder(String masterKeyId) {
            try (Stream<WrappedKeyRecord> all = store.all()) {
                return all.flatMap(r -> r.keys().stream())
                        .filter(k -> !k.retired() && k.masterKeyId().equals(masterKeyId)).count();
            }
        }

        @Override
        public void retire(String masterKeyId) {
            if (masterKeyId.equals(currentKeyId())) {
                throw new KeystoreException("cannot retire the current master key " + masterKeyId);
            }
            long still = countWrappedUnder(masterKeyId);
            if (still > 0) {
                throw new KeystoreException(
                        "master key " + masterKeyId + " still wraps " + still + " data keys: re-wrap first");
            }
            if (state.masterFromEnvironment() && !state.masterKeys().containsKey(masterKeyId)) {
                throw new KeystoreException("unknown master key " + masterKeyId);
            }
            boolean removed = keystore.modify(ks -> {
                for (KeystoreFile.Alias a : KeystoreFile.aliases(ks, KeystoreFile.MASTER_PREFIX)) {
                    if (a.keyId().equals(masterKeyId)) {
                        KeystoreFile.delete(ks, a);
                        return true;
                    }
                }
                return false;
            });
            if (!removed && !state.masterFromEnvironment()) {
                throw new KeystoreException("unknown master key " + masterKeyId);
            }
            LOG.log(System.Logger.Level.INFO, "master key {0} retired", masterKeyId);
            reload();
        }
    }

    // ---- signing ----

    private final class Tokens implements TokenSigningKeys {
        @Override
        public TokenSigner current() {
            List<EcTokenKey> keys = state.tokenKeys();
            EcTokenKey key = keys.get(keys.size() - 1);
            return new TokenSigner() {
                @Override
                public String keyId() {
                    return key.keyId;
                }

                @Override
                public byte[] signJws(byte[] signingInput) {
                    return key.signJws(signingInput);
                }

                @Override
                public String toString() {
                    return "TokenSigner[" + key.keyId + "]";
                }
            };
        }

        @Override
        public String compactJws(String payloadJson) {
            TokenSigner signer = current();
            String header = "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":" + Codec.jsonString(signer.keyId()) + "}";
            String input = Codec.B64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                    + Codec.B64URL.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
            return input + "." + Codec.B64URL.encodeToString(signer.signJws(input.getBytes(StandardCharsets.US_ASCII)));
        }

        @Override
        public boolean verifyJws(String keyId, byte[] signingInput, byte[] signature) {
            for (int attempt = 0; attempt < 2; attempt++) {
                for (EcTokenKey k : published()) {
                    if (k.keyId.equals(keyId)) {
                        return k.verifyJws(signingInput, signature);
                    }
                }
                if (attempt == 0 && !reloadForUnknownKey(true)) {
                    break;
                }
            }
            return false;
        }

        private List<EcTokenKey> published() {
            List<EcTokenKey> keys = state.tokenKeys();
            long now = config.clock.millis();
            long overlap = config.tokenKeyOverlap.toMillis();
            List<EcTokenKey> out = new ArrayList<>();
            for (int i = keys.size() - 1; i >= 0; i--) {
                if (i == keys.size() - 1 || keys.get(i + 1).createdAtEpochMilli + overlap > now) {
                    out.add(keys.get(i));
                }
            }
            return out;
        }

        @Override
        public List<String> publishedKeyIds() {
            return published().stream().map(k -> k.keyId).toList();
        }

        @Override
        public String publicJwks() {
            StringBuilder b = new StringBuilder("{\"keys\":[");
            List<EcTokenKey> keys = published();
            for (int i = 0; i < keys.size(); i++) {
                b.append(i == 0 ? "" : ",").append(keys.get(i).jwk());
            }
            return b.append("]}").toString();
        }

        @Override
        public String toString() {
            return "TokenSigningKeys" + publishedKeyIds();
        }
    }

    private final class Records implements RecordSigner {
        private final SigningPurpose purpose;

        Records(SigningPurpose purpose) {
            this.purpose = purpose;
        }

        private List<EdRecordKey> keys() {
            return state.recordKeys().get(purpose);
        }

        private EdRecordKey current() {
            List<EdRecordKey> keys = keys();
            return keys.get(keys.size() - 1);
        }

        @Override
        public SigningPurpose purpose() {
            return purpose;
        }

        @Override
        public String currentKeyId() {
            return current().keyId;
        }

        @Override
        public RecordSignature sign(byte[] data) {
            EdRecordKey key = current();
            return new RecordSignature(key.keyId, key.sign(data));
        }

        @Override
        public boolean verify(String keyId, byte[] data, byte[] signature) {
            for (int attempt = 0; attempt < 2; attempt++) {
                for (EdRecordKey k : keys()) {
                    if (k.keyId.equals(keyId)) {
                        return k.verify(data, signature);
                    }
                }
                // rotated by another process (the CLI) since this one read the keystore
                if (attempt == 0 && !reloadForUnknownKey(false)) {
                    break;
                }
            }
            return false;
        }

        @Override
        public List<String> keyIds() {
            List<String> ids = new ArrayList<>(keys().stream().map(k -> k.keyId).toList());
            Collections.reverse(ids);
            return List.copyOf(ids);
        }

        @Override
        public String publicJwks() {
            List<EdRecordKey> keys = new ArrayList<>(keys());
            Collections.reverse(keys);
            StringBuilder b = new StringBuilder("{\"keys\":[");
            for (int i = 0; i < keys.size(); i++) {
                b.append(i == 0 ? "" : ",").append(keys.get(i).jwk());
            }
            return b.append("]}").toString();
        }

        @Override
        public String publicKeysPem() {
            List<EdRecordKey> keys = new ArrayList<>(keys());
            Collections.reverse(keys);
            StringBuilder b = new StringBuilder();
            for (EdRecordKey k : keys) {
                b.append("# ").append(k.keyId).append('\n').append(k.pem());
            }
            return b.toString();
        }

        @Override
        public String toString() {
            return "RecordSigner[" + purpose + ", " + keyIds() + "]";
        }
    }
}
