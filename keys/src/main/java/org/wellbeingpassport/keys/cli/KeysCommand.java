package org.wellbeingpassport.keys.cli;

import java.io.Console;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.wellbeingpassport.keys.InMemoryWrappedKeyStore;
import org.wellbeingpassport.keys.KeyHierarchy;
import org.wellbeingpassport.keys.KeysConfig;
import org.wellbeingpassport.keys.KeysException;
import org.wellbeingpassport.keys.Passphrase;
import org.wellbeingpassport.keys.RewrapReport;
import org.wellbeingpassport.keys.RotationProgress;
import org.wellbeingpassport.keys.SigningPurpose;
import org.wellbeingpassport.keys.WrappedKeyStore;

/**
 * {@code keys} command line: initialise the keystore, rotate keys, show public keys. passport-api
 * dispatches {@code java -jar passport-api.jar keys ...} here with its MongoDB {@link WrappedKeyStore}.
 * The passphrase comes from WP_KEYSTORE_PASSPHRASE, --passphrase-file, or a prompt; it is never printed.
 */
public final class KeysCommand {
    static final String USAGE = """
            usage: keys COMMAND --dir DIR [--passphrase-file FILE] [--scrypt-cost LOG2]
              init                       create the keystore (master key, token, audit and export signing keys)
              rotate-master              new master key, then re-wrap every resident data key (progress shown)
              rewrap                     re-wrap data keys not yet under the current master key (resumable)
              retire-master --kid KID    delete an old master key once nothing is wrapped under it
              rotate-signing [--purpose token|audit|export]   new signing key (default token); old stays published
              show-public [--purpose token|audit|export] [--pem]   print public keys (JWKS; PEM for audit/export)
              status                     key ids and counts, no secrets
              help
            passphrase: env WP_KEYSTORE_PASSPHRASE, else --passphrase-file, else a prompt.
            master key from env instead of the keystore: WP_MASTER_KEY (base64 of 32 bytes), WP_MASTER_KEY_PREVIOUS.
            """;

    private KeysCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Standalone: no resident key store attached, so nothing is re-wrapped and {@code retire-master}
     * is refused (it could not see the data keys still wrapped under the old master key).
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, null, System.getenv());
    }

    public static int run(String[] args, PrintStream out, PrintStream err, WrappedKeyStore store) {
        return run(args, out, err, store, System.getenv());
    }

    /** @param residentKeyStore the resident key store, or null when none is attached */
    public static int run(String[] args, PrintStream out, PrintStream err, WrappedKeyStore residentKeyStore,
            Map<String, String> environment) {
        boolean attached = residentKeyStore != null;
        WrappedKeyStore store = attached ? residentKeyStore : new InMemoryWrappedKeyStore();
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("keys: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (options.dir == null) {
            err.println("keys: --dir is required");
            return 2;
        }
        try {
            Passphrase passphrase = passphrase(options, environment);
            KeysConfig.Builder builder = KeysConfig.builder(Path.of(options.dir), passphrase)
                    .masterKeysFromEnvironment(environment);
            if (options.scryptCost != null) {
                builder.scryptCostLog2(Integer.parseInt(options.scryptCost));
            }
            KeysConfig config = builder.build();
            switch (command) {
                case "init" -> {
                    KeyHierarchy keys = KeyHierarchy.initialise(config, store);
                    out.println("keystore created: " + config.keystoreFile());
                    printStatus(keys, out);
                }
                case "rotate-master" -> {
                    warnIfDetached(attached, err);
                    KeyHierarchy keys = KeyHierarchy.open(config, store);
                    String old = keys.master().currentKeyId();
                    RewrapReport report = keys.master().rotate(progress(out));
                    out.println("master key rotated: " + old + " -> " + report.masterKeyId());
                    printReport(report, out);
                    out.println("retire the old key once backups older than now have expired: keys retire-master --kid "
                            + old);
                }
                case "rewrap" -> {
                    warnIfDetached(attached, err);
                    KeyHierarchy keys = KeyHierarchy.open(config, store);
                    printReport(keys.master().rewrapAll(progress(out)), out);
                }
                case "retire-master" -> {
                    if (options.kid == null) {
                        err.println("keys: retire-master needs --kid");
                        return 2;
                    }
                    if (!attached) {
                        err.println("keys: retire-master needs the resident key store to check nothing is still "
                                + "wrapped under the key: run it through passport-api (java -jar passport-api.jar keys ...)");
                        return 1;
                    }
                    KeyHierarchy keys = KeyHierarchy.open(config, store);
                    keys.master().retire(options.kid);
                    out.println("master key retired: " + options.kid);
                }
                case "rotate-signing" -> {
                    KeyHierarchy keys = KeyHierarchy.open(config, store);
                    SigningPurpose purpose = purpose(options);
                    String kid = keys.rotateRecordSigningKey(purpose);
                    out.println(purpose.name().toLowerCase(Locale.ROOT) + " signing key rotated; current " + kid);
                }
                case "show-public" -> {
                    KeyHierarchy keys = KeyHierarchy.open(config, store);
                    SigningPurpose purpose = purpose(options);
                    if (purpose == SigningPurpose.TOKEN) {
                        out.println(keys.tokens().publicJwks());
                    } else {
                        var signer = purpose == SigningPurpose.AUDIT ? keys.audit() : keys.exports();
                        out.println(options.pem ? signer.publicKeysPem() : signer.publicJwks());
                    }
                }
                case "status" -> printStatus(KeyHierarchy.open(config, store), out);
                default -> {
                    err.println("keys: unknown command " + command);
                    err.print(USAGE);
                    return 2;
                }
            }
            return 0;
        } catch (KeysException | IllegalArgumentException e) {
            err.println("keys: " + e.getMessage());
            return 1;
        }
    }

    private static void warnIfDetached(boolean attached, PrintStream err) {
        if (!attached) {
            err.println("keys: no resident key store attached: resident data keys are not re-wrapped here; "
                    + "run 'keys rewrap' through passport-api");
        }
    }

    private static void printStatus(KeyHierarchy keys, PrintStream out) {
        out.println("master keys" + (keys.master().fromEnvironment() ? " (environment)" : "") + ": current "
                + keys.master().currentKeyId() + ", all " + keys.master().keyIds());
        out.println("token signing (ES256): current " + keys.tokens().currentKeyId() + ", published "
                + keys.tokens().publishedKeyIds());
        out.println(
                "audit signing (Ed25519): current " + keys.audit().currentKeyId() + ", kept " + keys.audit().keyIds());
        out.println("export signing (Ed25519): current " + keys.exports().currentKeyId() + ", kept "
                + keys.exports().keyIds());
    }

    private static void printReport(RewrapReport report, PrintStream out) {
        out.printf(Locale.ROOT, "re-wrapped %,d of %,d resident records under %s (%,d already current)%n",
                report.rewrapped(), report.residents(), report.masterKeyId(), report.alreadyCurrent());
    }

    /** Prints "re-wrapped 1,000 / 10,000" every 1,000 records and at the end. */
    static RotationProgress progress(PrintStream out) {
        return (done, total) -> {
            if (done % 1000 == 0 || done == total) {
                out.printf(Locale.ROOT, "re-wrapped %,d / %,d%n", done, total);
            }
        };
    }

    private static SigningPurpose purpose(Options options) {
        if (options.purpose == null) {
            return SigningPurpose.TOKEN;
        }
        return SigningPurpose.valueOf(options.purpose.toUpperCase(Locale.ROOT));
    }

    private static Passphrase passphrase(Options options, Map<String, String> environment) {
        Optional<Passphrase> env = Passphrase.fromEnvironment(environment);
        if (env.isPresent()) {
            return env.get();
        }
        if (options.passphraseFile != null) {
            return Passphrase.fromFile(Path.of(options.passphraseFile));
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException(
                    "no passphrase: set " + Passphrase.ENVIRONMENT_VARIABLE + " or pass --passphrase-file");
        }
        char[] typed = console.readPassword("keystore passphrase: ");
        if (typed == null || typed.length == 0) {
            throw new IllegalArgumentException("no passphrase given");
        }
        Passphrase p = Passphrase.of(typed);
        java.util.Arrays.fill(typed, '\0');
        return p;
    }

    private static final class Options {
        String dir;
        String passphraseFile;
        String scryptCost;
        String kid;
        String purpose;
        boolean pem;

        static Options parse(String[] args) {
            Options o = new Options();
            List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
            for (int i = 0; i < rest.size(); i++) {
                String a = rest.get(i);
                switch (a) {
                    case "--dir" -> o.dir = value(rest, ++i, a);
                    case "--passphrase-file" -> o.passphraseFile = value(rest, ++i, a);
                    case "--scrypt-cost" -> o.scryptCost = value(rest, ++i, a);
                    case "--kid" -> o.kid = value(rest, ++i, a);
                    case "--purpose" -> o.purpose = value(rest, ++i, a);
                    case "--pem" -> o.pem = true;
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            return o;
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args.get(i);
        }
    }
}
