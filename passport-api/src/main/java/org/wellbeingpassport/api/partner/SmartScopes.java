package org.wellbeingpassport.api.partner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMART App Launch 2 system scopes: {@code system/<Type or *>.<permissions>}, the permissions a subset of
 * {@code cruds} in that order (create, read, update, delete, search); the version 1 forms {@code .read},
 * {@code .write} and {@code .*} are read as {@code rs}, {@code cud} and {@code cruds}. Only system scopes: a partner
 * acts as itself, never as a user or for one patient context. Query-narrowed scopes ({@code ?category=}) are not
 * offered.
 */
public final class SmartScopes {
    private static final Pattern SCOPE = Pattern
            .compile("system/([A-Z][A-Za-z]{1,63}|\\*)\\.(c?r?u?d?s?|read|write|\\*)");
    private static final String ORDER = "cruds";

    /** Resource type (or "*") to the permissions granted on it, as letters of "cruds". */
    private final Map<String, Set<Character>> granted;

    private SmartScopes(Map<String, Set<Character>> granted) {
        this.granted = granted;
    }

    public static SmartScopes none() {
        return new SmartScopes(Map.of());
    }

    /** The scopes of a space-separated list; empty when any of them is not a system scope this server knows. */
    public static Optional<SmartScopes> parse(String scopes) {
        Map<String, Set<Character>> out = new LinkedHashMap<>();
        if (scopes == null) {
            return Optional.empty();
        }
        for (String s : scopes.trim().split("\\s+")) {
            if (s.isEmpty()) {
                continue;
            }
            Matcher m = SCOPE.matcher(s);
            if (!m.matches() || m.group(2).isEmpty()) {
                return Optional.empty();
            }
            out.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>()).addAll(letters(m.group(2)));
        }
        return Optional.of(new SmartScopes(out));
    }

    /** True when a scope is one this server understands (used to check registrations). */
    public static boolean isValid(String scope) {
        Matcher m = SCOPE.matcher(scope);
        return m.matches() && !m.group(2).isEmpty();
    }

    private static Set<Character> letters(String p) {
        String v2 = switch (p) {
            case "read" -> "rs";
            case "write" -> "cud";
            case "*" -> "cruds";
            default -> p;
        };
        Set<Character> out = new LinkedHashSet<>();
        for (char c : v2.toCharArray()) {
            out.add(c);
        }
        return out;
    }

    /** May the holder do this ({@code c}, {@code r}, {@code u}, {@code d} or {@code s}) on this type? */
    public boolean permits(String type, char permission) {
        return granted.getOrDefault(type, Set.of()).contains(permission)
                || granted.getOrDefault("*", Set.of()).contains(permission);
    }

    /** What of {@code requested} these (registered) scopes allow: each requested scope narrowed to what is allowed. */
    public SmartScopes grant(SmartScopes requested) {
        Map<String, Set<Character>> out = new LinkedHashMap<>();
        requested.granted.forEach((type, perms) -> {
            Set<Character> allowed = new LinkedHashSet<>();
            for (char p : perms) {
                if (type.equals("*") ? granted.getOrDefault("*", Set.of()).contains(p) : permits(type, p)) {
                    allowed.add(p);
                }
            }
            if (!allowed.isEmpty()) {
                out.put(type, allowed);
            }
        });
        return new SmartScopes(out);
    }

    public boolean isEmpty() {
        return granted.isEmpty();
    }

    /** The scopes in their SMART v2 form, space-separated (the {@code scope} of a token response). */
    public String text() {
        List<String> out = new ArrayList<>();
        granted.forEach((type, perms) -> {
            StringBuilder b = new StringBuilder();
            for (char c : ORDER.toCharArray()) {
                if (perms.contains(c)) {
                    b.append(c);
                }
            }
            out.add("system/" + type + "." + b);
        });
        return String.join(" ", out);
    }

    @Override
    public String toString() {
        return text();
    }
}
