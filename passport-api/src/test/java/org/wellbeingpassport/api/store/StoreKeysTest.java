package org.wellbeingpassport.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store format 2's key type (StoreKeys) orders and equates keys exactly as the unique indexes need, on random mixes of
 * types and compound keys: through the real driver and wire server on a real file (duplicate-key errors where and only
 * where an equal key is stored, every key found by an equal one, after a restart too), and on the server's own values
 * (a total order: antisymmetric, transitive, equal exactly when the normalised values are; every key reads back as
 * written).
 */
class StoreKeysTest {
    private static final long SEED = Long.getLong("storekeys.seed", 20261203L);

    @TempDir
    Path dir;

    /** What the unique index must hold equal, computed without the store: a canonical form of the normalised value. */
    static String canonical(Object v) {
        if (v == null || v == MISSING) {
            return "N";
        }
        if (v instanceof Decimal128 d) {
            return canonical(d.bigDecimalValue().doubleValue());
        }
        if (v instanceof Long l && new BigDecimal((double) l).compareTo(BigDecimal.valueOf(l)) != 0) {
            return "L" + v;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return "D" + (d == 0.0 ? 0.0 : d);
        }
        if (v instanceof String s) {
            return "S" + s.length() + ":" + s;
        }
        if (v instanceof Document d) {
            return "{" + d.entrySet().stream()
                    .map(e -> e.getKey().length() + ":" + e.getKey() + "=" + canonical(e.getValue()))
                    .collect(Collectors.joining(",")) + "}";
        }
        if (v instanceof List<?> l) {
            return "[" + l.stream().map(StoreKeysTest::canonical).collect(Collectors.joining(",")) + "]";
        }
        if (v instanceof Binary b) {
            return "B" + HexFormat.of().formatHex(b.getData());
        }
        if (v instanceof UUID u) {
            return "U" + u;
        }
        if (v instanceof ObjectId o) {
            return "O" + o.toHexString();
        }
        if (v instanceof Date d) {
            return "T" + d.getTime();
        }
        if (v instanceof Boolean b) {
            return "Z" + b;
        }
        if (v instanceof BsonMinKey || v instanceof org.bson.types.MinKey) {
            return "MIN";
        }
        if (v instanceof BsonMaxKey || v instanceof org.bson.types.MaxKey) {
            return "MAX";
        }
        throw new IllegalArgumentException(v.getClass().toString());
    }

    private static final Object MISSING = new Object();

    /** A random key value from a small pool, so that equal keys in different types (1, 1L, 1.0) come up often. */
    static Object randomValue(Random r, int depth) {
        switch (r.nextInt(depth > 1 ? 12 : 14)) {
            case 0 :
                return r.nextInt(5) - 2;
            case 1 :
                return (long) (r.nextInt(5) - 2);
            case 2 :
                return r.nextBoolean() ? (double) (r.nextInt(5) - 2) : (r.nextInt(5) - 2) + 0.5;
            case 3 :
                return new Decimal128(BigDecimal.valueOf(r.nextInt(5) - 2));
            case 4 :
                // longs no double holds exactly, and their neighbours
                return (1L << 53) + r.nextInt(3) - (r.nextBoolean() ? 0 : 1);
            case 5 :
                return List.of("a", "b", "A", "", "é", "ab").get(r.nextInt(6));
            case 6 :
                return r.nextBoolean();
            case 7 :
                return r.nextBoolean() ? null : (r.nextInt(3) == 0 ? -0.0 : 0);
            case 8 :
                return new Date(1_700_000_000_000L + r.nextInt(3));
            case 9 :
                return new ObjectId(String.format("%024x", r.nextInt(3)));
            case 10 :
                return new UUID(r.nextInt(2), r.nextInt(2));
            case 11 :
                return new Binary(new byte[]{(byte) r.nextInt(2), (byte) (r.nextInt(2) * 200)});
            case 12 : {
                Document d = new Document();
                List<String> names = new ArrayList<>(List.of("c", "s", "t"));
                for (int i = 0, n = 1 + r.nextInt(2); i < n; i++) {
                    d.append(names.remove(r.nextInt(names.size())), randomValue(r, depth + 1));
                }
                return d;
            }
            default : {
                List<Object> l = new ArrayList<>();
                for (int i = 0, n = r.nextInt(3); i < n; i++) {
                    l.add(randomValue(r, depth + 1));
                }
                return l.isEmpty() ? r.nextBoolean() ? new BsonMinKey() : new BsonMaxKey() : l;
            }
        }
    }

    @Test
    void uniqueIndexesAcceptAndRefuseExactlyAsNormalisedKeysAreEqualAcrossARestart() {
        Random r = new Random(SEED);
        Path file = dir.resolve("passport.mv");
        Map<String, Integer> firstWithKey = new HashMap<>();
        Map<Integer, Object[]> stored = new HashMap<>();
        int refused = 0;
        int accepted = 0;
        DurableH2Backend backend = DurableH2Backend.open(file, 16, false);
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = client(server)) {
            MongoCollection<Document> single = client.getDatabase("t").getCollection("single");
            MongoCollection<Document> compound = client.getDatabase("t").getCollection("compound");
            MongoCollection<Document> ids = client.getDatabase("t").getCollection("ids");
            single.createIndex(Indexes.ascending("k"), new IndexOptions().unique(true));
            compound.createIndex(Indexes.ascending("k", "j"), new IndexOptions().unique(true));
            for (int i = 0; i < 1_500; i++) {
                Object k = r.nextInt(8) == 0 ? MISSING : randomValue(r, 0);
                Object j = r.nextInt(8) == 0 ? MISSING : randomValue(r, 0);
                // one field, two fields, and the key as the document's _id
                for (int kind = 0; kind < 3; kind++) {
                    if (kind == 2 && (k == MISSING || k instanceof List)) {
                        continue; // every document has an _id; arrays are not _ids
                    }
                    Document doc = new Document("_id", kind == 2 ? k : i);
                    if (kind < 2 && k != MISSING) {
                        doc.append("k", k);
                    }
                    if (kind == 1 && j != MISSING) {
                        doc.append("j", j);
                    }
                    if (kind < 2 && (k instanceof List<?> l && !l.isEmpty()
                            || kind == 1 && j instanceof List<?> l2 && !l2.isEmpty())) {
                        continue; // array values are indexed element by element: another rule, not this test's
                    }
                    String key = kind + "|" + canonical(k) + (kind == 1 ? "|" + canonical(j) : "");
                    boolean expectDuplicate = firstWithKey.containsKey(key);
                    MongoCollection<Document> target = kind == 0 ? single : kind == 1 ? compound : ids;
                    try {
                        target.insertOne(doc);
                        assertFalse(expectDuplicate, () -> "accepted a key equal to one stored: " + key);
                        firstWithKey.put(key, i);
                        stored.put(i * 3 + kind, new Object[]{kind, k, j});
                        accepted++;
                    } catch (MongoWriteException e) {
                        assertEquals(ErrorCategory.DUPLICATE_KEY, ErrorCategory.fromErrorCode(e.getCode()),
                                () -> "only duplicate keys are refused: " + e.getMessage());
                        assertTrue(expectDuplicate, () -> "refused a key equal to none stored: " + key);
                        refused++;
                    }
                }
            }
            assertTrue(refused > 300 && accepted > 300, "both outcomes come up: " + accepted + "/" + refused);
            assertFound(client, stored);
        } finally {
            server.shutdownNow();
        }
        DurableH2Backend reopened = DurableH2Backend.open(file, 16, false);
        MongoServer again = new MongoServer(reopened);
        try (MongoClient client = client(again)) {
            assertFound(client, stored);
            MongoCollection<Document> single = client.getDatabase("t").getCollection("single");
            for (Object[] s : stored.values()) {
                if ((int) s[0] == 0) {
                    Document dup = new Document("_id", -1);
                    if (s[1] != MISSING) {
                        dup.append("k", s[1]);
                    }
                    MongoWriteException e = org.junit.jupiter.api.Assertions.assertThrows(MongoWriteException.class,
                            () -> single.insertOne(dup));
                    assertEquals(ErrorCategory.DUPLICATE_KEY, ErrorCategory.fromErrorCode(e.getCode()));
                }
            }
        } finally {
            again.shutdownNow();
        }
    }

    /** Every stored key is found by an equal one (the first value stored with it, or itself). */
    private static void assertFound(MongoClient client, Map<Integer, Object[]> stored) {
        MongoCollection<Document> single = client.getDatabase("t").getCollection("single");
        MongoCollection<Document> compound = client.getDatabase("t").getCollection("compound");
        MongoCollection<Document> ids = client.getDatabase("t").getCollection("ids");
        int singles = 0;
        for (Map.Entry<Integer, Object[]> e : stored.entrySet()) {
            Object[] s = e.getValue();
            int kind = (int) s[0];
            Object k = s[1] == MISSING ? null : s[1];
            // all matches: the stand-in's query matcher reads a document value with a null inside as a path query
            // ({j: {s: null}} also matches a j without s), so the key's own document is looked for among them
            List<Document> found = new ArrayList<>();
            if (kind == 0) {
                single.find(Filters.eq("k", k)).into(found);
                singles++;
            } else if (kind == 1) {
                compound.find(Filters.and(Filters.eq("k", k), Filters.eq("j", s[2] == MISSING ? null : s[2])))
                        .into(found);
            } else {
                ids.find(Filters.eq("_id", k)).into(found);
            }
            if (kind < 2) {
                assertTrue(found.stream().anyMatch(d -> d.getInteger("_id") == e.getKey() / 3),
                        () -> "found by its key: kind " + kind + " " + canonical(s[1]));
            } else {
                assertEquals(1, found.size());
                assertEquals(canonical(k), canonical(found.get(0).get("_id")));
            }
        }
        assertEquals(singles, single.countDocuments());
    }

    @Test
    void theServersOwnValuesAreATotalOrderEqualExactlyWhenNormalisedValuesAreAndReadBackAsWritten() {
        Random r = new Random(SEED + 1);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            values.add(serverValue(r, 0));
        }
        for (Object a : values) {
            ByteBuf buf = Unpooled.buffer();
            StoreKeys.write(buf, a);
            Object back = StoreKeys.read(buf);
            assertEquals(0, buf.readableBytes());
            assertEquals(0, StoreKeys.compare(a, back), () -> "reads back equal: " + a);
            assertEquals(a == null ? null : a.getClass(), back == null ? null : back.getClass());
            for (Object b : values) {
                int ab = Integer.signum(StoreKeys.compare(a, b));
                assertEquals(-ab, Integer.signum(StoreKeys.compare(b, a)), () -> a + " vs " + b);
                KeyValue na = new KeyValue(a).normalized();
                KeyValue nb = new KeyValue(b).normalized();
                // the old format's equality: Java serialisation of the normalised key, fields in order
                boolean equal = java.util.Arrays.equals(StoreKeys.serialize(na), StoreKeys.serialize(nb));
                assertEquals(equal, ab == 0, () -> "equal exactly when the normalised keys are: " + a + " vs " + b);
                assertEquals(equal, StoreKeys.compare(na, nb) == 0);
            }
        }
        // transitivity: sorting agrees with every pairwise comparison
        List<Object> sorted = new ArrayList<>(values);
        sorted.sort(StoreKeys::compare);
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
                if (StoreKeys.compare(sorted.get(i), sorted.get(j)) > 0) {
                    fail("not transitive: " + sorted.get(i) + " after " + sorted.get(j));
                }
            }
        }
    }

    @Test
    void documentsAndKeysAreWrittenByteForByteAsTheWireEncoderWritesThem() {
        Random r = new Random(SEED + 2);
        List<String> texts = List.of("", "r", "Goal", "é", "naïve café", "\u0000inside", "emoji \uD83D\uDE00",
                "lone \uD800 surrogate", "x".repeat(64), "y".repeat(65), "z".repeat(5000) + "é", "a b\tc\n\u007f",
                "\u00ff\u0100");
        for (int i = 0; i < 3000; i++) {
            de.bwaldvogel.mongo.bson.Document d = new de.bwaldvogel.mongo.bson.Document();
            for (int f = 0, n = r.nextInt(6); f < n; f++) {
                // names are unique, and any text but one holding a zero byte (BSON ends a name there) may be one
                String name = texts.get(r.nextInt(texts.size())).replace("\u0000", "") + f;
                Object value = switch (r.nextInt(4)) {
                    case 0 -> texts.get(r.nextInt(texts.size()));
                    case 1 -> {
                        de.bwaldvogel.mongo.bson.Document inner = new de.bwaldvogel.mongo.bson.Document();
                        inner.append(texts.get(r.nextInt(texts.size())).replace("\u0000", "") + "k",
                                texts.get(r.nextInt(texts.size()))).append("v", (long) r.nextInt())
                                .append("d", wireValue(r, 1));
                        yield inner;
                    }
                    default -> wireValue(r, 0);
                };
                d.append(name, value);
            }
            ByteBuf theirs = Unpooled.buffer();
            de.bwaldvogel.mongo.wire.bson.BsonEncoder.encodeDocument(d, theirs);
            ByteBuf ours = Unpooled.buffer();
            StoreKeys.encodeDocument(d, ours);
            assertEquals(theirs, ours, () -> "the same bytes for " + d);
            // as a key: a type byte and the value, as the wire writes it
            ByteBuf key = Unpooled.buffer();
            StoreKeys.write(key, d);
            ByteBuf expected = Unpooled.buffer().writeByte(0x03);
            de.bwaldvogel.mongo.wire.bson.BsonEncoder.encodeDocument(d, expected);
            assertEquals(expected, key);
            // reads back as the wire would give it (a lone surrogate is '?' either way), and writes again the same
            Object back = StoreKeys.read(key.duplicate());
            ByteBuf again = Unpooled.buffer();
            StoreKeys.write(again, back);
            assertEquals(key, again);
        }
        for (String text : texts) {
            ByteBuf key = Unpooled.buffer();
            StoreKeys.write(key, text);
            ByteBuf expected = Unpooled.buffer().writeByte(0x02);
            de.bwaldvogel.mongo.wire.bson.BsonEncoder.encodeValue((byte) 0x02, text, expected);
            assertEquals(expected, key, () -> "the same bytes for " + text);
        }
    }

    /** A server value the wire can carry: none holding a missing value (the server's, never sent). */
    static Object wireValue(Random r, int depth) {
        while (true) {
            Object v = serverValue(r, depth);
            if (!holdsMissing(v)) {
                return v;
            }
        }
    }

    private static boolean holdsMissing(Object v) {
        if (v instanceof de.bwaldvogel.mongo.backend.Missing) {
            return true;
        }
        if (v instanceof Map<?, ?> m) {
            return m.values().stream().anyMatch(StoreKeysTest::holdsMissing);
        }
        return v instanceof List<?> l && l.stream().anyMatch(StoreKeysTest::holdsMissing);
    }

    /** The server's own types (as the wire decoder makes them), including what the wire test cannot send. */
    static Object serverValue(Random r, int depth) {
        switch (r.nextInt(depth > 1 ? 12 : 14)) {
            case 0 :
                return r.nextInt(5) - 2;
            case 1 :
                return (long) (r.nextInt(5) - 2);
            case 2 :
                return r.nextBoolean() ? (double) (r.nextInt(5) - 2) : r.nextBoolean() ? -0.0 : Double.NaN;
            case 3 :
                return new de.bwaldvogel.mongo.bson.Decimal128(BigDecimal.valueOf(r.nextInt(5) - 2));
            case 4 :
                return (1L << 53) + r.nextInt(3) - (r.nextBoolean() ? 0 : 1);
            case 5 :
                return List.of("a", "b", "A", "", "é", "ab").get(r.nextInt(6));
            case 6 :
                return r.nextBoolean();
            case 7 :
                return r.nextBoolean() ? null : de.bwaldvogel.mongo.backend.Missing.getInstance();
            case 8 :
                return java.time.Instant.ofEpochMilli(1_700_000_000_000L + r.nextInt(3));
            case 9 :
                return new de.bwaldvogel.mongo.bson.ObjectId(String.format("%024x", r.nextInt(3)));
            case 10 :
                return r.nextBoolean()
                        ? new UUID(r.nextInt(2), r.nextInt(2))
                        : new de.bwaldvogel.mongo.bson.LegacyUUID(r.nextInt(2), r.nextInt(2));
            case 11 :
                return new de.bwaldvogel.mongo.bson.BinData(
                        new byte[]{(byte) r.nextInt(2), (byte) (r.nextInt(2) * 200)});
            case 12 : {
                de.bwaldvogel.mongo.bson.Document d = new de.bwaldvogel.mongo.bson.Document();
                List<String> names = new ArrayList<>(List.of("c", "s", "t"));
                for (int i = 0, n = 1 + r.nextInt(2); i < n; i++) {
                    d.append(names.remove(r.nextInt(names.size())), serverValue(r, depth + 1));
                }
                return d;
            }
            default : {
                List<Object> l = new ArrayList<>();
                for (int i = 0, n = r.nextInt(3); i < n; i++) {
                    l.add(serverValue(r, depth + 1));
                }
                return l.isEmpty()
                        ? r.nextBoolean()
                                ? de.bwaldvogel.mongo.bson.MinKey.getInstance()
                                : de.bwaldvogel.mongo.bson.MaxKey.getInstance()
                        : l;
            }
        }
    }

    static MongoClient client(MongoServer server) {
        String address = StandInAddress.of(server);
        return MongoClients.create(
                MongoClientSettings.builder().applyConnectionString(new ConnectionString("mongodb://" + address))
                        .uuidRepresentation(UuidRepresentation.STANDARD).build());
    }
}
