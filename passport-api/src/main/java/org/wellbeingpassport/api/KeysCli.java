package org.wellbeingpassport.api;

import io.micronaut.context.ApplicationContext;
import org.wellbeingpassport.api.keys.MongoWrappedKeyStore;
import org.wellbeingpassport.keys.cli.KeysCommand;

/**
 * {@code java -jar passport-api.jar keys ...}: key management through the main jar, against the same store the
 * service uses (so rotate-master re-wraps every resident's data key where they live). With the embedded on-disk
 * store, stop the service first: its data file is locked while it runs.
 */
final class KeysCli {
    private KeysCli() {
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            return KeysCommand.run(new String[]{"help"}, System.out, System.err);
        }
        try (ApplicationContext context = ApplicationContext.builder().banner(false).start()) {
            return KeysCommand.run(args, System.out, System.err, context.getBean(MongoWrappedKeyStore.class));
        }
    }
}
