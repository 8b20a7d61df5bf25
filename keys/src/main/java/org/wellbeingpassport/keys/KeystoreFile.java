package org.wellbeingpassport.keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.util.ScryptConfig;
import org.bouncycastle.jcajce.BCFKSLoadStoreParameter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The BCFKS keystore file: master keys (unless they come from the environment) and signing keys.
 * The store is encrypted (AES-256-CCM) and MACed (HMAC-SHA512). Aliases carry the metadata, so the
 * MAC covers it too: {@code <kind>.<createdEpochMilli>.<keyId>}.
 *
 * <p>The passphrase is stretched once per process with scrypt (N = 2^cost, r = 8, p = 1, salt in
 * {@code keystore.kdf} beside the store); the 256-bit result is the BCFKS password, which BCFKS
 * itself runs through a cheap scrypt for the store and for each entry. Stretching once keeps opening
 * fast however many keys the store accumulates, without making a guess cheaper for an attacker.
 */
final class KeystoreFile {
    static final Provider BC = new BouncyCastleProvider();
    static final String MASTER_PREFIX = "kek";
    static final String INDEX_PREFIX = "bidx";
    private static final ConcurrentMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private static final int INNER_SCRYPT_COST = 1 << 10;

    private final Path file;
    private final Path kdfFile;
    private final Passphrase passphrase;
    private final int scryptCostLog2;
    private char[] storePassword;

    KeystoreFile(Path file, Passphrase passphrase, int scryptCostLog2) {
        this.file = file.toAbsolutePath().normalize();
        this.kdfFile = this.file.resolveSibling("keystore.kdf");
        this.passphrase = passphrase;
        this.scryptCostLog2 = scryptCostLog2;
    }

    /** The stretched passphrase; creates the KDF parameters file on first use. */
    private synchronized char[] password() {
        if (storePassword != null) {
            return storePassword;
        }
        try {
            int cost;
            byte[] salt;
            if (Files.isRegularFile(kdfFile)) {
                String[] parts = Files.readString(kdfFile, StandardCharsets.US_ASCII).trim().split(":");
                if (parts.length != 5 || !parts[0].equals("scrypt") || !parts[2].equals("8") || !parts[3].equals("1")) {
                    throw new KeystoreException("unreadable " + kdfFile.getFileName());
                }
                cost = Integer.parseInt(parts[1]);
                salt = Base64.getDecoder().decode(parts[4]);
                if (cost < 1 << 10 || cost > 1 << 22 || Integer.bitCount(cost) != 1 || salt.length < 16) {
                    throw new KeystoreException("implausible scrypt parameters in " + kdfFile.getFileName());
                }
            } else {
                cost = 1 << scryptCostLog2;
                salt = Codec.randomBytes(32);
                Files.createDirectories(kdfFile.getParent());
                Files.writeString(kdfFile, "scrypt:" + cost + ":8:1:" + Base64.getEncoder().encodeToString(salt) + "\n",
                        StandardCharsets.US_ASCII);
            }
            byte[] pass = new String(passphrase.chars()).getBytes(StandardCharsets.UTF_8);
            byte[] stretched = SCrypt.generate(pass, salt, cost, 8, 1, 32);
            storePassword = Base64.getEncoder().encodeToString(stretched).toCharArray();
            Arrays.fill(pass, (byte) 0);
            Arrays.fill(stretched, (byte) 0);
            return storePassword;
        } catch (IOException | IllegalArgumentException e) {
            throw new KeystoreException(
                    "cannot read or write " + kdfFile.getFileName() + ": " + e.getClass().getSimpleName());
        }
    }

    boolean exists() {
        return Files.isRegularFile(file);
    }

    /** One entry's alias, split. */
    record Alias(String kind, long createdAtEpochMilli, String keyId) {
        static Alias parse(String alias) {
            String[] parts = alias.split("\\.", 3);
            if (parts.length != 3) {
                return null;
            }
            try {
                return new Alias(parts[0], Long.parseLong(parts[1]), parts[2]);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        String text() {
            return kind + "." + createdAtEpochMilli + "." + keyId;
        }
    }

    KeyStore load() {
        if (!exists()) {
            throw new KeystoreException("no keystore at " + file + ": run 'keys init' first");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("BCFKS", BC);
            // the file names its own KDF (scrypt) and parameters
            ks.load(in, password());
            return ks;
        } catch (IOException e) {
            throw new KeystoreException(
                    "cannot open the keystore " + file.getFileName() + ": wrong passphrase or damaged file", e);
        } catch (GeneralSecurityException e) {
            throw new KeystoreException(
                    "cannot open the keystore " + file.getFileName() + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** Loads (or creates), applies a change and writes back atomically, under a file lock. */
    <T> T modify(Function<KeyStore, T> change) {
        ReentrantLock lock = LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
        lock.lock();
        try {
            Files.createDirectories(file.getParent());
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            // the file lock keeps the CLI and a running server from writing the keystore at once
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                FileLock fileLock = channel.lock();
                try {
                    KeyStore ks = exists() ? load() : empty();
                    T result = change.apply(ks);
                    save(ks);
                    return result;
                } finally {
                    fileLock.release();
                }
            }
        } catch (IOException e) {
            throw new KeystoreException(
                    "cannot write the keystore " + file.getFileName() + ": " + e.getClass().getSimpleName());
        } finally {
            lock.unlock();
        }
    }

    private static KeyStore empty() {
        try {
            KeyStore ks = KeyStore.getInstance("BCFKS", BC);
            ks.load(null, null);
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new KeystoreException("cannot create a BCFKS keystore", e);
        }
    }

    private void save(KeyStore ks) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ks.store(new BCFKSLoadStoreParameter.Builder(out, password())
                    .withStorePBKDFConfig(new ScryptConfig.Builder(INNER_SCRYPT_COST, 8, 1).withSaltLength(32).build())
                    .withStoreEncryptionAlgorithm(BCFKSLoadStoreParameter.EncryptionAlgorithm.AES256_CCM)
                    .withStoreMacAlgorithm(BCFKSLoadStoreParameter.MacAlgorithm.HmacSHA512).build());
        } catch (GeneralSecurityException e) {
            throw new KeystoreException("cannot write the keystore: " + e.getClass().getSimpleName());
        }
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: rely on the directory's permissions
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static List<Alias> aliases(KeyStore ks, String kind) {
        List<Alias> out = new ArrayList<>();
        try {
            for (String a : Collections.list(ks.aliases())) {
                Alias alias = Alias.parse(a);
                if (alias != null && alias.kind().equals(kind)) {
                    out.add(alias);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new KeystoreException("cannot list the keystore", e);
        }
        out.sort((x, y) -> Long.compare(x.createdAtEpochMilli(), y.createdAtEpochMilli()));
        return out;
    }

    Key key(KeyStore ks, Alias alias) {
        try {
            Key key = ks.getKey(alias.text(), password());
            if (key == null) {
                throw new KeystoreException("keystore entry " + alias.keyId() + " is missing");
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw new KeystoreException(
                    "cannot read keystore entry " + alias.keyId() + ": " + e.getClass().getSimpleName());
        }
    }

    static Certificate certificate(KeyStore ks, Alias alias) {
        try {
            return ks.getCertificate(alias.text());
        } catch (GeneralSecurityException e) {
            throw new KeystoreException("cannot read certificate " + alias.keyId(), e);
        }
    }

    /** Adds a new AES-256 master key; returns its id. */
    String addMasterKey(KeyStore ks, long now) {
        byte[] key = Codec.randomBytes(AesGcmKey.KEY_BYTES);
        String kid = Codec.fingerprint("kek-", key);
        try {
            ks.setKeyEntry(new Alias(MASTER_PREFIX, now, kid).text(), new SecretKeySpec(key, "AES"), password(), null);
        } catch (GeneralSecurityException e) {
            throw new KeystoreException("cannot add a master key", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        return kid;
    }

    /** Adds the HMAC-SHA256 key of the blind indexes (lookups by NHS number); returns its id. */
    String addIndexKey(KeyStore ks, long now) {
        byte[] key = Codec.randomBytes(32);
        String kid = Codec.fingerprint("bidx-", key);
        try {
            ks.setKeyEntry(new Alias(INDEX_PREFIX, now, kid).text(), new SecretKeySpec(key, "HmacSHA256"), password(),
                    null);
        } catch (GeneralSecurityException e) {
            throw new KeystoreException("cannot add a blind-index key", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        return kid;
    }

    /** Adds a new signing key pair (P-256 for tokens, Ed25519 otherwise) with a self-signed X.509 cert. */
    String addSigningKey(KeyStore ks, SigningPurpose purpose, long now) {
        String kid = purpose.kidPrefix + "-" + Codec.hex(Codec.randomBytes(6));
        try {
            KeyPair pair;
            String certAlgorithm;
            if (purpose == SigningPurpose.TOKEN) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
                g.initialize(new ECGenParameterSpec("secp256r1"), Codec.random());
                pair = g.generateKeyPair();
                certAlgorithm = "SHA256withECDSA";
            } else {
                KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519", BC);
                g.initialize(255, Codec.random());
                pair = g.generateKeyPair();
                certAlgorithm = "Ed25519";
            }
            X500Name name = new X500Name(
                    "CN=" + kid + ",OU=" + purpose.name().toLowerCase(java.util.Locale.ROOT) + ",O=Wellbeing Passport");
            Date from = new Date(now);
            Date to = new Date(now + 100L * 365 * 24 * 3600 * 1000);
            X509Certificate cert = new JcaX509CertificateConverter().setProvider(BC)
                    .getCertificate(new JcaX509v3CertificateBuilder(name, new BigInteger(64, Codec.random()), from, to,
                            name, pair.getPublic())
                            .build(new JcaContentSignerBuilder(certAlgorithm).setProvider(BC)
                                    .build(pair.getPrivate())));
            ks.setKeyEntry(new Alias(purpose.aliasPrefix, now, kid).text(), pair.getPrivate(), password(),
                    new Certificate[]{cert});
            return kid;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new KeystoreException("cannot add a signing key: " + e.getClass().getSimpleName(), e);
        }
    }

    static void delete(KeyStore ks, Alias alias) {
        try {
            ks.deleteEntry(alias.text());
        } catch (GeneralSecurityException e) {
            throw new KeystoreException("cannot delete keystore entry " + alias.keyId(), e);
        }
    }

    @Override
    public String toString() {
        return "KeystoreFile[" + file + "]";
    }
}
