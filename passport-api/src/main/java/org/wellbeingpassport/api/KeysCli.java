package org.wellbeingpassport.api;

import org.wellbeingpassport.keys.cli.KeysCommand;

/** {@code java -jar passport-api.jar keys ...}: key management through the main jar. */
final class KeysCli {
    private KeysCli() {
    }

    static int run(String[] args) {
        return KeysCommand.run(args, System.out, System.err);
    }
}
