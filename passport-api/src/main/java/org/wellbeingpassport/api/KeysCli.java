package org.wellbeingpassport.api;

import io.micronaut.context.ApplicationContext;
import java.time.Instant;
import org.wellbeingpassport.api.audit.AuditAction;
import org.wellbeingpassport.api.audit.AuditAgent;
import org.wellbeingpassport.api.audit.AuditEntry;
import org.wellbeingpassport.api.audit.AuditOutcome;
import org.wellbeingpassport.api.audit.AuditTrail;
import org.wellbeingpassport.api.keys.MongoWrappedKeyStore;
import org.wellbeingpassport.keys.cli.KeysCommand;

/**
 * {@code java -jar passport-api.jar keys ...}: key management through the main jar, against the same store the
 * service uses (so rotate-master re-wraps every resident's data key where they live). With the embedded on-disk
 * store, stop the service first: its data file is locked while it runs.
 */
final class KeysCli {
    private static final java.util.Set<String> CHANGES = java.util.Set.of("rotate-master", "rewrap", "retire-master",
            "rotate-signing");

    private KeysCli() {
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            return KeysCommand.run(new String[]{"help"}, System.out, System.err);
        }
        try (ApplicationContext context = ApplicationContext.builder().banner(false).start()) {
            MongoWrappedKeyStore wrapped = context.getBean(MongoWrappedKeyStore.class);
            if (wrapped.migratedAtStart() > 0) {
                context.getBean(AuditTrail.class)
                        .record(AuditEntry
                                .builder(AuditAction.KEY_ROTATION, AuditOutcome.SUCCESS,
                                        AuditAgent.system("key-store", "key store migration"))
                                .at(Instant.now()).detail("wrapped data keys of " + wrapped.migratedAtStart()
                                        + " residents moved out of the data's database into the key store")
                                .build());
            }
            int status = KeysCommand.run(args, System.out, System.err, wrapped);
            if (status == 0 && CHANGES.contains(args[0])) {
                // a key change is auditable: recorded in the same signed chain the service writes
                context.getBean(AuditTrail.class)
                        .record(AuditEntry
                                .builder(AuditAction.KEY_ROTATION, AuditOutcome.SUCCESS,
                                        AuditAgent.of("admin", "keys-cli", "key command line"))
                                .at(Instant.now()).detail("keys " + args[0]).build());
            }
            return status;
        }
    }
}
