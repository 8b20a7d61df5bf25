package org.wellbeingpassport.api.store;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.BsonConstants;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * Keys of the on-disk store, format v2 (ADR 0008, amended 2026-12-03 "store format v2"): how an index key
 * ({@link KeyValue}) or a document's {@code _id} compares and how it is written to the file.
 *
 * <p>
 * <b>Comparison</b> works on the objects themselves, never on a serialised form: a total order in which two keys are
 * equal exactly when the unique indexes of mongo-java-server hold them equal. The indexes look keys up
 * {@linkplain KeyValue#normalized() normalised} ({@code Utils.normalizeValue}: every number that a double can hold
 * exactly becomes that double, -0.0 becomes 0.0, null and missing become null, documents and arrays are normalised
 * inside), so here numbers compare by value across Integer, Long, Double and Decimal128 (1 equals 1.0, 0 equals -0.0; a long
 * that no double holds exactly equals only itself), null equals missing (both read back as written), and documents compare field by
 * field in their order (as MongoDB and the old format did: {@code {a:1,b:2}} and {@code {b:2,a:1}} are two keys;
 * mongo-java-server's own {@code KeyValue.equals} would call them one, through {@code LinkedHashMap.equals}).
 * Across types the order is MongoDB's (min key, null, numbers, strings, documents, arrays, binary, ObjectId, booleans,
 * dates, timestamps, regular expressions, max key); types it does not know (none are used) fall back to their class
 * name and then their own order, or Java serialisation as the old format did.
 *
 * <p>
 * <b>Encoding</b>: a type byte and the value as BSON writes it (mongo-java-server's own encoder, so a key reads back as
 * the wire would have given it); a {@link KeyValue} as its count and values; {@code Missing} and values BSON cannot
 * write as tags of their own (the latter Java-serialised, never seen in practice).
 */
final class StoreKeys {
    /** Type bytes that are not BSON types. */
    static final byte KEY_VALUE = 0x60;
    static final byte MISSING = 0x61;
    static final byte SERIALIZED = 0x62;
    private static final byte BSON_NULL = 0x0A;
    /** Up to this many characters a string of ASCII is written as it is read; longer ones are encoded by the JDK. */
    private static final int SHORT = 64;

    private static final int R_MIN = 0, R_NULL = 2, R_NUMBER = 3, R_STRING = 4, R_DOCUMENT = 5, R_ARRAY = 6,
            R_BINARY = 7, R_LEGACY_UUID = 8, R_UUID = 9, R_OBJECT_ID = 10, R_BOOLEAN = 11, R_DATE = 12, R_OTHER = 13,
            R_KEY_VALUE = 14, R_MAX = 15;

    private StoreKeys() {
    }

    static int compare(Object a, Object b) {
        if (a == b) {
            return 0;
        }
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        switch (ra) {
            case R_NUMBER :
                return compareNumbers((Number) a, (Number) b);
            case R_STRING :
                return ((String) a).compareTo((String) b);
            case R_KEY_VALUE :
                return compareKeyValues((KeyValue) a, (KeyValue) b);
            case R_DOCUMENT :
                return compareDocuments((Map<?, ?>) a, (Map<?, ?>) b);
            case R_ARRAY :
                return compareIterables(((Collection<?>) a).iterator(), ((Collection<?>) b).iterator());
            case R_BINARY :
                return compareBytes(bytes(a), bytes(b));
            case R_LEGACY_UUID :
                return compareUuids(((LegacyUUID) a).getUuid(), ((LegacyUUID) b).getUuid());
            case R_UUID :
                return compareUuids((UUID) a, (UUID) b);
            case R_OBJECT_ID :
                return ((ObjectId) a).compareTo((ObjectId) b);
            case R_BOOLEAN :
                return Boolean.compare((Boolean) a, (Boolean) b);
            case R_DATE :
                return Long.compare(millis(a), millis(b)) != 0
                        ? Long.compare(millis(a), millis(b))
                        : Integer.compare(nanos(a), nanos(b));
            case R_OTHER :
                return compareOther(a, b);
            default :
                return 0; // min key, max key, null, missing: one value each
        }
    }

    private static int rank(Object v) {
        if (v == null) {
            return R_NULL;
        }
        if (v instanceof String) {
            return R_STRING;
        }
        if (v instanceof Number) {
            return R_NUMBER;
        }
        if (v instanceof KeyValue) {
            return R_KEY_VALUE;
        }
        if (v instanceof Map) {
            return R_DOCUMENT;
        }
        if (v instanceof ObjectId) {
            return R_OBJECT_ID;
        }
        if (v instanceof Collection) {
            return R_ARRAY;
        }
        if (v instanceof UUID) {
            return R_UUID;
        }
        if (v instanceof Boolean) {
            return R_BOOLEAN;
        }
        if (v instanceof Instant || v instanceof Date) {
            return R_DATE;
        }
        if (v instanceof BinData || v instanceof byte[]) {
            return R_BINARY;
        }
        if (v instanceof LegacyUUID) {
            return R_LEGACY_UUID;
        }
        if (v instanceof Missing) {
            return R_NULL; // as normalised keys hold it
        }
        if (v instanceof MinKey) {
            return R_MIN;
        }
        if (v instanceof MaxKey) {
            return R_MAX;
        }
        return R_OTHER;
    }

    private static boolean integral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
    }

    /**
     * By (the double the value normalises to, the exact value): equal exactly when normalised values are equal, since
     * only a long that no double holds stays itself when normalised.
     */
    private static int compareNumbers(Number a, Number b) {
        if (integral(a) && integral(b)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        double da = a.doubleValue();
        double db = b.doubleValue();
        int c = Double.compare(da == 0.0 ? 0.0 : da, db == 0.0 ? 0.0 : db);
        if (c != 0 || !(a instanceof Long || b instanceof Long)) {
            return c;
        }
        return exact(a, da).compareTo(exact(b, db));
    }

    private static BigDecimal exact(Number n, double d) {
        return integral(n) ? BigDecimal.valueOf(n.longValue()) : new BigDecimal(d);
    }

    private static int compareKeyValues(KeyValue a, KeyValue b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareDocuments(Map<?, ?> a, Map<?, ?> b) {
        Iterator<? extends Map.Entry<?, ?>> ia = a.entrySet().iterator();
        Iterator<? extends Map.Entry<?, ?>> ib = b.entrySet().iterator();
        while (ia.hasNext() && ib.hasNext()) {
            Map.Entry<?, ?> ea = ia.next();
            Map.Entry<?, ?> eb = ib.next();
            int c = ((String) ea.getKey()).compareTo((String) eb.getKey());
            if (c == 0) {
                c = compare(ea.getValue(), eb.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(ia.hasNext(), ib.hasNext());
    }

    private static int compareIterables(Iterator<?> ia, Iterator<?> ib) {
        while (ia.hasNext() && ib.hasNext()) {
            int c = compare(ia.next(), ib.next());
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(ia.hasNext(), ib.hasNext());
    }

    private static byte[] bytes(Object v) {
        return v instanceof BinData bin ? bin.getData() : (byte[]) v;
    }

    private static int compareBytes(byte[] a, byte[] b) {
        int c = Integer.compare(a.length, b.length);
        return c != 0 ? c : Arrays.compareUnsigned(a, b);
    }

    private static int compareUuids(UUID a, UUID b) {
        int c = Long.compare(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compare(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    private static long millis(Object v) {
        return v instanceof Instant i ? i.toEpochMilli() : ((Date) v).getTime();
    }

    private static int nanos(Object v) {
        return v instanceof Instant i ? i.getNano() % 1_000_000 : 0;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareOther(Object a, Object b) {
        if (a.equals(b)) {
            return 0;
        }
        int c = a.getClass().getName().compareTo(b.getClass().getName());
        if (c != 0) {
            return c;
        }
        if (a instanceof Comparable ca) {
            c = ca.compareTo(b);
            if (c != 0) {
                return c;
            }
        }
        return Arrays.compare(serialize(a), serialize(b));
    }

    // ---- encoding

    static void write(ByteBuf out, Object v) {
        if (v instanceof KeyValue kv) {
            out.writeByte(KEY_VALUE);
            writeVarInt(out, kv.size());
            for (Object x : kv) {
                write(out, x);
            }
            return;
        }
        if (v == null) {
            out.writeByte(BSON_NULL);
            return;
        }
        if (v instanceof Missing) {
            out.writeByte(MISSING);
            return;
        }
        int mark = out.writerIndex();
        try {
            byte type = BsonEncoder.determineType(v);
            out.writeByte(type);
            encodeValue(type, v, out);
        } catch (RuntimeException e) {
            // a type BSON cannot write (none reach the store in practice): kept as Java serialisation
            out.writerIndex(mark);
            byte[] data = serialize(v);
            out.writeByte(SERIALIZED);
            writeVarInt(out, data.length);
            out.writeBytes(data);
        }
    }

    /**
     * A document as BSON, byte for byte what mongo-java-server's {@link BsonEncoder#encodeDocument} writes (StoreKeysTest
     * compares them), but walking the entries instead of looking every field up by name again, and writing names and
     * strings of plain ASCII straight into the buffer: the store's commits write every key and document of each page
     * they rewrite, and that lookup (hashing names decoded from the file) was a tenth of a commit (bench/RESULTS.md,
     * 2026-12-05).
     */
    static void encodeDocument(Map<String, ?> document, ByteBuf out) {
        int start = out.writerIndex();
        out.writeIntLE(0); // the length, set below
        for (Map.Entry<String, ?> e : document.entrySet()) {
            Object value = e.getValue();
            byte type = BsonEncoder.determineType(value);
            out.writeByte(type);
            writeCString(e.getKey(), out);
            encodeValue(type, value, out);
        }
        out.writeByte(0);
        out.setIntLE(start, out.writerIndex() - start);
    }

    /** A value after its type byte: documents and strings here, everything else by mongo-java-server's encoder. */
    @SuppressWarnings("unchecked")
    private static void encodeValue(byte type, Object value, ByteBuf out) {
        if (type == BsonConstants.TYPE_EMBEDDED_DOCUMENT) {
            encodeDocument((Map<String, ?>) value, out);
        } else if (type == BsonConstants.TYPE_UTF8_STRING) {
            String text = (String) value;
            int lengthAt = out.writerIndex();
            out.writeIntLE(0);
            writeCString(text, out);
            out.setIntLE(lengthAt, out.writerIndex() - lengthAt - 4);
        } else {
            BsonEncoder.encodeValue(type, value, out);
        }
    }

    /** The UTF-8 bytes of {@code text} and a terminating zero, as {@code String.getBytes(UTF_8)} gives them. */
    private static void writeCString(String text, ByteBuf out) {
        int n = text.length();
        if (n <= SHORT && ascii(text, n)) {
            out.writeCharSequence(text, java.nio.charset.StandardCharsets.US_ASCII);
        } else {
            out.writeBytes(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        out.writeByte(0);
    }

    private static boolean ascii(String text, int n) {
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    static Object read(ByteBuf in) {
        byte type = in.readByte();
        switch (type) {
            case KEY_VALUE : {
                int n = readVarInt(in);
                Object[] values = new Object[n];
                for (int i = 0; i < n; i++) {
                    values[i] = read(in);
                }
                return new KeyValue(Arrays.asList(values));
            }
            case MISSING :
                return Missing.getInstance();
            case BSON_NULL :
                return null;
            case SERIALIZED : {
                byte[] data = new byte[readVarInt(in)];
                in.readBytes(data);
                return deserialize(data);
            }
            default :
                return BsonDecoder.decodeValue(type, in);
        }
    }

    static void writeVarInt(ByteBuf out, int v) {
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    static int readVarInt(ByteBuf in) {
        int v = 0;
        for (int shift = 0;; shift += 7) {
            byte b = in.readByte();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
    }

    static byte[] serialize(Object v) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Object deserialize(byte[] data) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            return in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A rough estimate of a value's heap size, for H2's page cache (never exact, never serialising). */
    static int memory(Object v) {
        if (v == null || v instanceof Boolean || v instanceof Missing) {
            return 8;
        }
        if (v instanceof String s) {
            return 48 + s.length();
        }
        if (v instanceof Number) {
            return 24;
        }
        if (v instanceof Map<?, ?> m) {
            int size = 80;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                size += 40 + memory(e.getKey()) + memory(e.getValue());
            }
            return size;
        }
        if (v instanceof Iterable<?> list) {
            int size = 48;
            for (Object x : list) {
                size += 8 + memory(x);
            }
            return size;
        }
        if (v instanceof BinData bin) {
            return 32 + bin.getData().length;
        }
        if (v instanceof byte[] b) {
            return 24 + b.length;
        }
        return 48;
    }
}
