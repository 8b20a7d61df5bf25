package org.wellbeingpassport.api.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * The stored form of an entry (a BSON sub-document with short, fixed field names, absent fields left out) and the
 * hashes that chain entries and blocks. Hashes are computed from the stored form, so verification recomputes them
 * from exactly what MongoDB returns.
 */
final class AuditCodec {
    static final int HASH_BYTES = 32;
    static final byte[] GENESIS = new byte[HASH_BYTES];
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });
    private static final ThreadLocal<Canonical> CANONICAL = ThreadLocal.withInitial(Canonical::new);

    private AuditCodec() {
    }

    static Document toDocument(String id, AuditEntry e) {
        Document d = new Document("i", id).append("at", Date.from(e.at())).append("a", e.action().code()).append("o",
                e.outcome().name());
        AuditAgent g = e.agent();
        Document ag = new Document("k", g.kind()).append("id", g.id()).append("n", g.name());
        g.roleCode().ifPresent(v -> ag.append("r", v));
        g.organisationId().ifPresent(v -> ag.append("oi", v));
        g.organisationName().ifPresent(v -> ag.append("on", v));
        g.organisationType().ifPresent(v -> ag.append("ot", v));
        d.append("ag", ag);
        e.residentId().ifPresent(v -> d.append("rid", v));
        putList(d, "res", e.resources());
        putList(d, "dp", e.disclosedPaths());
        putList(d, "wp", e.withheldPaths());
        e.purpose().ifPresent(v -> d.append("pu", v));
        e.basis().ifPresent(v -> d.append("ba", v));
        e.directiveVersion().ifPresent(v -> d.append("dv", v));
        e.sourceAddress().ifPresent(v -> d.append("src", v));
        e.reason().ifPresent(v -> d.append("rs", v));
        if (e.breakGlass()) {
            d.append("bg", true);
        }
        if (e.noticeDeferred()) {
            d.append("nd", true);
        }
        e.detail().ifPresent(v -> d.append("d", v));
        return d;
    }

    private static void putList(Document d, String key, List<String> values) {
        if (!values.isEmpty()) {
            d.append(key, values);
        }
    }

    static AuditEntry fromDocument(Document d) {
        Document ag = d.get("ag", Document.class);
        AuditAgent agent = new AuditAgent(ag.getString("k"), ag.getString("id"), ag.getString("n"), opt(ag, "r"),
                opt(ag, "oi"), opt(ag, "on"), opt(ag, "ot"));
        Object dv = d.get("dv");
        return new AuditEntry(d.getDate("at").toInstant(),
                AuditAction.fromCode(d.getString("a"))
                        .orElseThrow(() -> new IllegalArgumentException("unknown audit action")),
                AuditOutcome.valueOf(d.getString("o")), agent, opt(d, "rid"), list(d, "res"), list(d, "dp"),
                list(d, "wp"), opt(d, "pu"), opt(d, "ba"),
                dv instanceof Number n ? OptionalLong.of(n.longValue()) : OptionalLong.empty(), opt(d, "src"),
                opt(d, "rs"), Boolean.TRUE.equals(d.getBoolean("bg")), Boolean.TRUE.equals(d.getBoolean("nd")),
                opt(d, "d"));
    }

    static String entryId(Document d) {
        Object id = d.get("i");
        return id instanceof String s ? s : "(no id)";
    }

    private static Optional<String> opt(Document d, String key) {
        return Optional.ofNullable(d.getString(key));
    }

    private static List<String> list(Document d, String key) {
        List<String> l = d.getList(key, String.class);
        return l == null ? List.of() : List.copyOf(l);
    }

    /** SHA-256 of the canonical form of a stored entry: type-tagged, length-prefixed, fields in stored order. */
    static byte[] contentHash(Document entry) {
        Canonical c = CANONICAL.get();
        c.reset();
        c.value(entry);
        MessageDigest md = SHA256.get();
        md.update(c.buf, 0, c.len);
        return md.digest();
    }

    /** The chained hash of an entry: SHA-256(previous entry hash || content hash). */
    static byte[] chain(byte[] previousEntryHash, byte[] contentHash) {
        MessageDigest md = SHA256.get();
        md.update(previousEntryHash);
        md.update(contentHash);
        return md.digest();
    }

    /** What a block's signature covers: chain, sequence, previous block hash, running total and entry hashes. */
    static byte[] blockHash(String chain, long seq, byte[] previousBlockHash, long total, byte[] entryHashes) {
        MessageDigest md = SHA256.get();
        md.update(("wp-audit-block/1\n" + chain + "\n" + seq + "\n" + total + "\n").getBytes(StandardCharsets.UTF_8));
        md.update(previousBlockHash);
        md.update(entryHashes);
        return md.digest();
    }

    static byte[] checkpointPayload(String chain, long seq, byte[] blockHash, long total, long atMillis) {
        return ("wp-audit-checkpoint/1\n" + chain + "\n" + seq + "\n" + hex(blockHash) + "\n" + total + "\n" + atMillis)
                .getBytes(StandardCharsets.UTF_8);
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    static byte[] bytes(Object binary) {
        if (binary instanceof Binary b) {
            return b.getData();
        }
        if (binary instanceof byte[] b) {
            return b;
        }
        return null;
    }

    static Document blockId(String chain, long seq) {
        // field order matters: MongoDB compares embedded documents field by field
        return new Document("c", chain).append("s", seq);
    }

    /** A reusable buffer for the canonical encoding (one per thread). */
    private static final class Canonical {
        byte[] buf = new byte[2048];
        int len;

        void reset() {
            len = 0;
        }

        private void ensure(int n) {
            if (len + n > buf.length) {
                byte[] b = new byte[Math.max(buf.length * 2, len + n)];
                System.arraycopy(buf, 0, b, 0, len);
                buf = b;
            }
        }

        private void tag(char t) {
            ensure(1);
            buf[len++] = (byte) t;
        }

        private void int32(int v) {
            ensure(4);
            buf[len++] = (byte) (v >>> 24);
            buf[len++] = (byte) (v >>> 16);
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
        }

        private void int64(long v) {
            int32((int) (v >>> 32));
            int32((int) v);
        }

        private void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            int32(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        void value(Object v) {
            if (v == null) {
                tag('n');
            } else if (v instanceof String s) {
                tag('s');
                string(s);
            } else if (v instanceof Integer || v instanceof Long) {
                tag('l');
                int64(((Number) v).longValue());
            } else if (v instanceof Boolean b) {
                tag(b ? 'T' : 'F');
            } else if (v instanceof Date d) {
                tag('d');
                int64(d.getTime());
            } else if (v instanceof List<?> l) {
                tag('a');
                int32(l.size());
                for (Object o : l) {
                    value(o);
                }
            } else if (v instanceof Map<?, ?> m) {
                tag('o');
                int32(m.size());
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    string(String.valueOf(e.getKey()));
                    value(e.getValue());
                }
            } else {
                // any other BSON type: its string form, tagged so it cannot collide with a string
                tag('x');
                string(v.getClass().getSimpleName() + ":" + v);
            }
        }
    }

    static List<Document> entries(Document block) {
        List<Document> l = block.getList("e", Document.class);
        return l == null ? List.of() : new ArrayList<>(l);
    }
}
