package org.wellbeingpassport.api.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import com.mongodb.client.MongoDatabase;
import org.wellbeingpassport.api.store.MongoStore;
import org.wellbeingpassport.api.store.StoreConfiguration;
import org.wellbeingpassport.keys.InMemoryWrappedKeyStore;
import org.wellbeingpassport.keys.KeyHierarchy;
import org.wellbeingpassport.keys.KeysConfig;
import org.wellbeingpassport.keys.Passphrase;
import org.wellbeingpassport.keys.RecordSigner;

/**
 * {@code java -jar passport-api.jar audit ...}: verify the chain, export it as NDJSON.
 *
 * <pre>
 * audit verify [--chain main]
 * audit export --out FILE [--chain main] [--resident ID]
 * connection: --mongo-uri URI (default $MONGODB_URI) or --data-dir DIR (the embedded on-disk store; stop the
 *             server first), --database NAME (default passport)
 * keys:       --keys-dir DIR (default DATA-DIR/keys), passphrase from $WP_KEYSTORE_PASSPHRASE
 * </pre>
 *
 * Exit status: 0 valid / exported, 1 the chain is broken, 2 usage or configuration error.
 */
public final class AuditCli {
    static final String USAGE = """
            usage: audit verify [--chain NAME]
                   audit export --out FILE [--chain NAME] [--resident ID]
              store: --mongo-uri URI (default $MONGODB_URI) | --data-dir DIR (embedded store; server stopped)
                     [--database NAME]
              keys:  [--keys-dir DIR] (default DATA-DIR/keys); passphrase from $WP_KEYSTORE_PASSPHRASE
            """;

    private AuditCli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        Map<String, String> opts;
        try {
            opts = options(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
        Optional<String> uri = Optional.ofNullable(opts.get("mongo-uri"))
                .or(() -> Optional.ofNullable(System.getenv("MONGODB_URI"))).filter(s -> !s.isBlank());
        Path dataDir = Path.of(opts.getOrDefault("data-dir", "data"));
        if (uri.isEmpty() && !Files.isDirectory(dataDir)) {
            err.println("No store: give --mongo-uri (or set MONGODB_URI) or --data-dir of the embedded store.");
            return 2;
        }
        Optional<Passphrase> passphrase = Passphrase.fromEnvironment(System.getenv());
        Path keysDir = Path.of(opts.getOrDefault("keys-dir", dataDir.resolve("keys").toString()));
        if (passphrase.isEmpty() || !KeyHierarchy.exists(keysDir)) {
            err.println("No audit keys: set WP_KEYSTORE_PASSPHRASE and give --keys-dir (the keystore directory).");
            return 2;
        }
        StoreConfiguration sc = new StoreConfiguration();
        uri.ifPresent(sc::setUri);
        sc.setDocker(false);
        sc.setDataDir(dataDir);
        sc.setEmbeddedPersistent(true);
        sc.setDatabase(opts.getOrDefault("database", "passport"));
        try (MongoStore store = new MongoStore(sc)) {
            KeyHierarchy keys = KeyHierarchy.open(
                    KeysConfig.builder(keysDir, passphrase.get()).masterKeysFromEnvironment(System.getenv()).build(),
                    new InMemoryWrappedKeyStore());
            return run(args, out, err, store.database(), keys.audit());
        } catch (RuntimeException e) {
            err.println("audit: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 2;
        }
    }

    /** For callers that already hold the database and the audit signer (e.g. the application's beans). */
    public static int run(String[] args, PrintStream out, PrintStream err, MongoDatabase database,
            RecordSigner signer) {
        Map<String, String> opts;
        try {
            opts = options(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        String chain = opts.getOrDefault("chain", "main");
        AuditQueries queries = new AuditQueries(database, chain);
        switch (args[0]) {
            case "verify" : {
                long total = queries.total();
                out.printf("Verifying audit chain '%s' (%,d entries recorded)%n", chain, total);
                long[] lastShown = {0};
                VerificationReport r = new AuditVerifier(database, signer).verify(chain, n -> {
                    if (n - lastShown[0] >= 100_000) {
                        lastShown[0] = n;
                        out.printf("  %,d / %,d entries verified%n", n, total);
                    }
                });
                out.println(r.summary());
                return r.valid() ? 0 : 1;
            }
            case "export" : {
                String file = opts.get("out");
                if (file == null) {
                    err.println("export needs --out FILE");
                    return 2;
                }
                AuditQuery filter = AuditQuery.all();
                if (opts.containsKey("resident")) {
                    filter = filter.withResident(opts.get("resident"));
                }
                long total = queries.total();
                try (OutputStream os = Files.newOutputStream(Path.of(file))) {
                    long n = new AuditExport(queries).writeNdjson(os, filter,
                            done -> out.printf("  %,d entries written (chain holds %,d)%n", done, total));
                    out.printf("Exported %,d entries to %s%n", n, file);
                    return 0;
                } catch (IOException e) {
                    err.println("cannot write " + file + ": " + e.getMessage());
                    return 2;
                }
            }
            default :
                err.println("unknown command: " + args[0]);
                err.print(USAGE);
                return 2;
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
            m.put(a.substring(2), args[++i]);
        }
        return m;
    }
}
