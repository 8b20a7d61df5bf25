package org.wellbeingpassport.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The keystore passphrase. Held as chars, never printed: {@link #toString()} is redacted. */
public final class Passphrase {
    /** Environment variable read by {@link #fromEnvironment(Map)}. */
    public static final String ENVIRONMENT_VARIABLE = "WP_KEYSTORE_PASSPHRASE";

    private final char[] chars;

    private Passphrase(char[] chars) {
        if (chars.length == 0) {
            throw new IllegalArgumentException("the passphrase is empty");
        }
        this.chars = chars;
    }

    public static Passphrase of(char[] chars) {
        return new Passphrase(Objects.requireNonNull(chars, "chars").clone());
    }

    public static Optional<Passphrase> fromEnvironment(Map<String, String> environment) {
        String value = environment.get(ENVIRONMENT_VARIABLE);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(new Passphrase(value.toCharArray()));
    }

    /** First line of the file, without its line ending. */
    public static Passphrase fromFile(Path file) {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            int end = content.indexOf('\n');
            String line = end < 0 ? content : content.substring(0, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            return new Passphrase(line.toCharArray());
        } catch (IOException e) {
            throw new KeystoreException("cannot read the passphrase file " + file.getFileName());
        }
    }

    char[] chars() {
        return chars;
    }

    /** Best effort: overwrites the chars held here. */
    public void clear() {
        Arrays.fill(chars, '\0');
    }

    @Override
    public String toString() {
        return "Passphrase[redacted]";
    }
}
