package org.wellbeingpassport.keys;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.wellbeingpassport.keys.TestKeys.ctx;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wellbeingpassport.keys.cli.KeysCommand;

/**
 * Greps everything the module shows (toString, exception messages and stack traces, log records, CLI
 * output) for the passphrase and for key bytes in every common encoding.
 */
class SecretsNeverLeakTest {
    @TempDir
    Path dir;

    private final List<String> shown = new ArrayList<>();

    private void show(Object o) {
        shown.add(String.valueOf(o));
    }

    private void showFailure(Runnable action) {
        KeysException e = assertThrows(KeysException.class, action::run);
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        shown.add(trace.toString());
    }

    private static List<String> encodings(byte[] secret) {
        return List.of(HexFormat.of().formatHex(secret), HexFormat.of().withUpperCase().formatHex(secret),
                Base64.getEncoder().encodeToString(secret),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret), Arrays.toString(secret));
    }

    @Test
    void noSecretAppearsInToStringMessagesLogsOrCliOutput() throws Exception {
        List<String> logs = Collections.synchronizedList(new ArrayList<>());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                StringWriter w = new StringWriter();
                w.append(new SimpleFormatter().format(r));
                logs.add(w.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("org.wellbeingpassport.keys");
        Level before = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        try {
            exercise(logs);
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(before);
        }
    }

    private void exercise(List<String> logs) throws Exception {
        byte[] masterKey = Codec.randomBytes(32);
        Map<String, String> env = new HashMap<>();
        env.put(KeysConfig.MASTER_KEY_VARIABLE, Base64.getEncoder().encodeToString(masterKey));
        env.put(Passphrase.ENVIRONMENT_VARIABLE, TestKeys.PASSPHRASE);
        InMemoryWrappedKeyStore store = new InMemoryWrappedKeyStore();
        KeysConfig.Builder builder = TestKeys.config(dir).masterKeysFromEnvironment(env);
        KeysConfig config = builder.build();
        KeyHierarchy keys = KeyHierarchy.openOrInitialise(config, store);

        String token = keys.elements().encryptString(ctx("alice"), "alice's address");
        keys.elements().encryptString(ctx("bob"), "bob");
        byte[] aliceDataKey = keys.unwrap("alice", store.find("alice").orElseThrow().primary());
        String oldKey = store.find("alice").orElseThrow().primaryKeyId();
        keys.residents().rotate("alice");
        keys.residents().retire("alice", oldKey);
        showFailure(() -> keys.elements().decrypt(ctx("alice"), token));
        showFailure(() -> keys.elements().decrypt(ctx("bob"), token));
        showFailure(() -> keys.elements().decrypt(ctx("bob"), token.substring(0, 30)));
        keys.residents().destroy("bob");
        showFailure(() -> keys.elements().decrypt(ctx("bob"), token));
        showFailure(() -> KeyHierarchy.open(KeysConfig.builder(dir, Passphrase.of("wrong one".toCharArray())).build(),
                store));
        showFailure(() -> KeyHierarchy.initialise(config, store));
        showFailure(() -> TestKeys.config(dir).masterKeysFromEnvironment(
                Map.of(KeysConfig.MASTER_KEY_VARIABLE, Base64.getEncoder().encodeToString(masterKey) + "AAAA")));
        keys.rotateTokenSigningKey();
        keys.rotateRecordSigningKey(SigningPurpose.AUDIT);

        for (Object o : List.of(config, builder, config.passphrase, keys, keys.elements(), keys.residents(),
                keys.master(), keys.tokens(), keys.tokens().current(), keys.audit(), keys.exports(), store,
                store.find("alice").orElseThrow(), keys.audit().sign(new byte[]{1}),
                AesGcmKey.of(AeadImplementation.JDK, masterKey),
                AesGcmKey.of(AeadImplementation.BOUNCY_CASTLE, masterKey))) {
            show(o);
        }
        for (String command : List.of("status", "show-public", "rotate-signing", "show-public --purpose audit --pem",
                "rewrap", "init")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            List<String> args = new ArrayList<>(List.of(command.split(" ")));
            args.addAll(List.of("--dir", dir.toString()));
            KeysCommand.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), store, env);
            shown.add(out.toString(StandardCharsets.UTF_8));
            shown.add(err.toString(StandardCharsets.UTF_8));
        }
        shown.addAll(logs);

        List<String> secrets = new ArrayList<>();
        secrets.add(TestKeys.PASSPHRASE);
        secrets.addAll(encodings(masterKey));
        secrets.addAll(encodings(aliceDataKey));
        for (byte[] signingKey : signingKeys()) {
            secrets.addAll(encodings(signingKey));
        }
        String haystack = String.join("\n", shown);
        // the haystack is real: key ids, errors and log lines are there
        assertTrue(haystack.contains(keys.master().currentKeyId()));
        assertTrue(haystack.contains("wrong passphrase"));
        assertTrue(haystack.contains("retired"));
        assertTrue(logs.size() >= 4, "log records captured: " + logs);
        assertTrue(haystack.contains("BEGIN PUBLIC KEY"));
        for (String secret : secrets) {
            assertFalse(haystack.contains(secret), "a secret leaked");
        }
    }

    /** The raw private signing keys, read straight from the keystore. */
    private List<byte[]> signingKeys() throws Exception {
        KeystoreFile file = new KeystoreFile(dir.resolve("keystore.bcfks"),
                Passphrase.of(TestKeys.PASSPHRASE.toCharArray()), 10);
        KeyStore ks = file.load();
        List<byte[]> out = new ArrayList<>();
        for (SigningPurpose p : SigningPurpose.values()) {
            for (KeystoreFile.Alias a : KeystoreFile.aliases(ks, p.aliasPrefix)) {
                AsymmetricKeyParameter k = PrivateKeyFactory.createKey(file.key(ks, a).getEncoded());
                Supplier<byte[]> raw = () -> k instanceof ECPrivateKeyParameters ec
                        ? BigIntegers.asUnsignedByteArray(32, ec.getD())
                        : ((Ed25519PrivateKeyParameters) k).getEncoded();
                out.add(raw.get());
            }
        }
        assertTrue(out.size() >= 5);
        return out;
    }
}
