package org.wellbeingpassport.api.auth;

import java.util.Optional;

/** The kinds of caller; the value of the {@code wp_kind} claim, and the role names used with @Secured. */
public enum CallerKind {
    RESIDENT("resident"),
    CARER("carer"),
    PROFESSIONAL("professional"),
    SYSTEM("system"),
    AUDITOR("auditor"),
    /** Runs the service: reads its metrics, never anyone's record. */
    OPS("ops"),
    ADMIN("admin");

    public static final String CLAIM = "wp_kind";
    private final String code;

    CallerKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<CallerKind> fromCode(String code) {
        for (CallerKind k : values()) {
            if (k.code.equals(code)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
