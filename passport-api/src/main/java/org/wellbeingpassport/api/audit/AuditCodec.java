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
    /**
     * A SHA-256 digest never used, copied for each hash ({@link #sha256()}): entries are hashed on the request's
     * thread, on Java 21 and later a new virtual thread for each request, where a per-thread digest was looked up in
     * the providers afresh for every entry (a copy is a few hundred bytes of state).
     */
    private static final MessageDigest SHA256;

    static {
        try {
            SHA256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

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

    /** The canonical, stored form of an entry: type-tagged, length-prefixed, fields in a fixed order. */
    static byte[] encode(Document entry) {
        Canonical c = CANONICAL.get();
        c.reset();
        c.value(entry);
        return java.util.Arrays.copyOf(c.buf, c.len);
    }

    static Document decode(byte[] b, int off, int len) {
        Reader r = new Reader(b, off, off + len);
        Object v = r.value();
        if (!(v instanceof Document d) || r.pos != off + len) {
            throw new IllegalArgumentException("not an encoded audit entry");
        }
        return d;
    }

    static Document decode(byte[] b) {
        return decode(b, 0, b.length);
    }

    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e); // the JDK's SHA-256 can be cloned
        }
    }

    /** SHA-256 of (a slice of) the canonical form. */
    static byte[] contentHash(byte[] b, int off, int len) {
        MessageDigest md = sha256();
        md.update(b, off, len);
        return md.digest();
    }

    static byte[] contentHash(byte[] b) {
        return contentHash(b, 0, b.length);
    }

    /** The entries of a block, as one byte string: [int32 length][canonical entry] for each, in order. */
    static byte[] pack(List<byte[]> entries) {
        int size = 0;
        for (byte[] e : entries) {
            size += 4 + e.length;
        }
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(size);
        for (byte[] e : entries) {
            buf.putInt(e.length).put(e);
        }
        return buf.array();
    }

    /** Offsets and lengths of the entries in a packed block ({off0, len0, off1, len1, ...}); null if malformed. */
    static int[] unpack(byte[] packed) {
        int[] out = new int[64];
        int n = 0;
        int pos = 0;
        while (pos < packed.length) {
            if (pos + 4 > packed.length) {
                return null;
            }
            int len = ((packed[pos] & 0xff) << 24) | ((packed[pos + 1] & 0xff) << 16) | ((packed[pos + 2] & 0xff) << 8)
                    | (packed[pos + 3] & 0xff);
            pos += 4;
            if (len < 0 || pos + len > packed.length) {
                return null;
            }
            if (n + 2 > out.length) {
                out = java.util.Arrays.copyOf(out, out.length * 2);
            }
            out[n++] = pos;
            out[n++] = len;
            pos += len;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * Blocks are stored deflated: entries repeat names and codes, so a block shrinks several times, and the embedded
     * stand-in's cost (and the wire) is per byte. Hashes are over the canonical, uncompressed entries.
     */
    static byte[] deflate(byte[] raw) {
        // one deflater per thread, reset between blocks: making one (zlib's state, some 256 KB) cost more than
        // compressing a block of a few entries; the output is the same
        java.util.zip.Deflater d = DEFLATER.get();
        d.reset();
        d.setInput(raw);
        d.finish();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(raw.length / 4 + 64);
        byte[] buf = new byte[Math.min(64 * 1024, raw.length + 64)];
        while (!d.finished()) {
            int n = d.deflate(buf);
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static final ThreadLocal<java.util.zip.Deflater> DEFLATER = ThreadLocal
            .withInitial(() -> new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED, true));

    /** Null when the bytes are not a deflated block (or exceed the block size limit). */
    static byte[] inflate(byte[] stored) {
        java.util.zip.Inflater inf = new java.util.zip.Inflater(true);
        try {
            inf.setInput(stored);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(stored.length * 6);
            byte[] buf = new byte[64 * 1024];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    return null;
                }
                out.write(buf, 0, n);
                if (out.size() > 64 * 1024 * 1024) {
                    return null;
                }
            }
            return out.toByteArray();
        } catch (java.util.zip.DataFormatException e) {
            return null;
        } finally {
            inf.end();
        }
    }

    /** The packed entries of a stored block, or null if unreadable. */
    static byte[] packedOf(Document block) {
        byte[] x = bytes(block.get("x"));
        return x == null ? null : inflate(x);
    }

    /** What to store in a block's "x" field for these entries. */
    static org.bson.types.Binary store(List<Document> entries) {
        return new org.bson.types.Binary(deflate(packDocuments(entries)));
    }

    static List<Document> decodeAll(byte[] packed) {
        int[] slices = unpack(packed);
        if (slices == null) {
            throw new IllegalArgumentException("malformed block");
        }
        List<Document> out = new ArrayList<>(slices.length / 2);
        for (int i = 0; i < slices.length; i += 2) {
            out.add(decode(packed, slices[i], slices[i + 1]));
        }
        return out;
    }

    static byte[] packDocuments(List<Document> entries) {
        List<byte[]> bs = new ArrayList<>(entries.size());
        for (Document d : entries) {
            bs.add(encode(d));
        }
        return pack(bs);
    }

    /** The chained hash of an entry: SHA-256(previous entry hash || content hash). */
    static byte[] chain(byte[] previousEntryHash, byte[] contentHash) {
        MessageDigest md = sha256();
        md.update(previousEntryHash);
        md.update(contentHash);
        return md.digest();
    }

    /** What a block's signature covers: chain, sequence, previous block hash, running total and entry hashes. */
    static byte[] blockHash(String chain, long seq, byte[] previousBlockHash, long total, byte[] entryHashes,
            Document index) {
        byte[] idx = encode(index);
        MessageDigest md = sha256();
        md.update(("wp-audit-block/1\n" + chain + "\n" + seq + "\n" + total + "\n").getBytes(StandardCharsets.UTF_8));
        md.update(previousBlockHash);
        md.update(entryHashes);
        md.update(idx);
        return md.digest();
    }

    /** The block's query fields (residents, actors, organisations, break-glass, time span), in a fixed order. */
    static Document index(Document block) {
        return new Document("r", block.get("r")).append("ag", block.get("ag")).append("og", block.get("og"))
                .append("bg", block.get("bg")).append("t0", block.get("t0")).append("t1", block.get("t1"));
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

    /** Reads the canonical encoding back into a Document (strings, longs, booleans, dates, lists, documents). */
    private static final class Reader {
        final byte[] b;
        int pos;
        final int end;

        Reader(byte[] b, int off, int end) {
            this.b = b;
            this.pos = off;
            this.end = end;
        }

        private void need(int n) {
            if (n < 0 || pos + n > end) {
                throw new IllegalArgumentException("truncated audit entry");
            }
        }

        private int int32() {
            need(4);
            int v = ((b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8)
                    | (b[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        private long int64() {
            long hi = int32() & 0xffffffffL;
            long lo = int32() & 0xffffffffL;
            return (hi << 32) | lo;
        }

        private String string() {
            int n = int32();
            need(n);
            String s = new String(b, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        Object value() {
            need(1);
            char t = (char) b[pos++];
            switch (t) {
                case 'n' :
                    return null;
                case 's' :
                    return string();
                case 'l' :
                    return int64();
                case 'T' :
                    return Boolean.TRUE;
                case 'F' :
                    return Boolean.FALSE;
                case 'd' :
                    return new Date(int64());
                case 'a' : {
                    int n = int32();
                    if (n < 0 || n > end - pos) {
                        throw new IllegalArgumentException("bad list length");
                    }
                    List<Object> l = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        l.add(value());
                    }
                    return l;
                }
                case 'o' : {
                    int n = int32();
                    if (n < 0 || n > end - pos) {
                        throw new IllegalArgumentException("bad document size");
                    }
                    Document d = new Document();
                    for (int i = 0; i < n; i++) {
                        String k = string();
                        d.append(k, value());
                    }
                    return d;
                }
                case 'x' :
                    return string();
                default :
                    throw new IllegalArgumentException("unknown tag in audit entry");
            }
        }
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
        byte[] x = packedOf(block);
        return x == null ? List.of() : decodeAll(x);
    }
}
