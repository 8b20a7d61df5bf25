package org.wellbeingpassport.fhir.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.bson.BsonBinary;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonWriter;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.wellbeingpassport.fhir.Fhir;

/**
 * FHIR JSON to and from its MongoDB form, exactly: every JSON value keeps its type and its written
 * form. Decimals become Decimal128 (which keeps the scale: 1.50 stays 1.50, never a double),
 * integers Int32 (Int64 when larger), strings stay strings (so dates stay as written), and
 * extensions, contained resources, nulls in primitive arrays and key order are kept as they are.
 *
 * <p>The read path uses {@link #readTree(BsonReader)}: straight from BSON bytes (e.g. a
 * {@link RawBsonDocument}, or the driver's wire buffer through {@link FhirJsonCodec}) to a Jackson
 * tree, with no intermediate {@link Document}. See docs/adr/0004-fhir-adapter.md for the figures.
 *
 * <p>Exceptions to exactness, by design: a decimal written with an exponent ({@code 1e3}) is stored
 * exactly but written back in plain notation ({@code 1000}); a negative zero ({@code -0.0}) comes
 * back as {@code 0.0} (Java's BigDecimal has no negative zero); numbers beyond Decimal128's 34 digits
 * are rejected. FHIR JSON does not use any of these in practice.
 */
public final class StorageForm {
    private static final JsonNodeFactory NODES = Fhir.json().getNodeFactory();

    private StorageForm() {
    }

    // ---------------------------------------------------------------- JSON -> BSON

    /** A FHIR resource (or any JSON object) as a BSON Document. */
    public static Document toDocument(ObjectNode json) {
        Document d = new Document();
        Iterator<Map.Entry<String, JsonNode>> it = json.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            d.append(e.getKey(), toBsonValue(e.getValue()));
        }
        return d;
    }

    /** FHIR JSON text as a BSON Document. */
    public static Document toDocument(String json) {
        return toDocument(Fhir.tree(json));
    }

    private static Object toBsonValue(JsonNode n) {
        switch (n.getNodeType()) {
            case OBJECT :
                return toDocument((ObjectNode) n);
            case ARRAY : {
                List<Object> list = new ArrayList<>(n.size());
                for (JsonNode item : n) {
                    list.add(toBsonValue(item));
                }
                return list;
            }
            case STRING :
                return n.textValue();
            case BOOLEAN :
                return n.booleanValue();
            case NULL :
                return null;
            case BINARY :
                return new Binary(binary(n));
            case NUMBER :
                return number(n);
            default :
                throw new IllegalArgumentException("no BSON form for JSON " + n.getNodeType());
        }
    }

    private static byte[] binary(JsonNode n) {
        try {
            return n.binaryValue();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Object number(JsonNode n) {
        if (n.isInt()) {
            return n.intValue();
        }
        if (n.isLong()) {
            return n.longValue();
        }
        if (n.isBigInteger()) {
            BigInteger b = n.bigIntegerValue();
            if (b.bitLength() < 64) {
                return b.longValue();
            }
            return new Decimal128(new BigDecimal(b));
        }
        // decimals: exact (Jackson is configured to read floats as BigDecimal, keeping the scale)
        return new Decimal128(n.decimalValue());
    }

    // ---------------------------------------------------------------- BSON -> JSON

    /** A stored Document back to the FHIR JSON tree it came from. */
    public static ObjectNode toTree(Document doc) {
        ObjectNode o = NODES.objectNode();
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            o.set(e.getKey(), toJsonValue(e.getValue()));
        }
        return o;
    }

    /** A stored Document back to FHIR JSON text. */
    public static String toJson(Document doc) {
        return Fhir.write(toTree(doc));
    }

    private static JsonNode toJsonValue(Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        if (v instanceof Document d) {
            return toTree(d);
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = NODES.objectNode();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                o.set(String.valueOf(e.getKey()), toJsonValue(e.getValue()));
            }
            return o;
        }
        if (v instanceof List<?> list) {
            ArrayNode a = NODES.arrayNode(list.size());
            for (Object item : list) {
                a.add(toJsonValue(item));
            }
            return a;
        }
        if (v instanceof String s) {
            return NODES.textNode(s);
        }
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (v instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (v instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (v instanceof Decimal128 d) {
            return NODES.numberNode(decimal(d));
        }
        if (v instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (v instanceof Binary b) {
            return NODES.binaryNode(b.getData());
        }
        if (v instanceof ObjectId id) {
            return NODES.textNode(id.toHexString());
        }
        if (v instanceof java.util.Date date) {
            return NODES.textNode(date.toInstant().toString());
        }
        throw new IllegalArgumentException("no JSON form for stored " + v.getClass().getName());
    }

    private static BigDecimal decimal(Decimal128 d) {
        if (d.isNaN() || d.isInfinite()) {
            throw new IllegalArgumentException("not a FHIR decimal: " + d);
        }
        if (d.isNegative()) {
            return new BigDecimal(d.toString()); // covers negative zero, which bigDecimalValue() rejects
        }
        return d.bigDecimalValue();
    }

    /** Any BSON document (including a {@link RawBsonDocument}, read without decoding it first) as a JSON tree. */
    public static ObjectNode toTree(BsonDocument doc) {
        if (doc instanceof RawBsonDocument raw) {
            try (BsonBinaryReader reader = new BsonBinaryReader(raw.getByteBuffer().asNIO())) {
                return readTree(reader);
            }
        }
        try (BsonReader reader = doc.asBsonReader()) {
            return readTree(reader);
        }
    }

    /** BSON bytes (one document) as a JSON tree. */
    public static ObjectNode toTree(byte[] bson) {
        try (BsonBinaryReader reader = new BsonBinaryReader(java.nio.ByteBuffer.wrap(bson))) {
            return readTree(reader);
        }
    }

    /** Reads one BSON document from the reader (positioned at its start) into a JSON tree. */
    public static ObjectNode readTree(BsonReader reader) {
        reader.readStartDocument();
        ObjectNode o = readFields(reader);
        reader.readEndDocument();
        return o;
    }

    private static ObjectNode readFields(BsonReader reader) {
        ObjectNode o = NODES.objectNode();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            String name = reader.readName();
            o.set(name, readValue(reader));
        }
        return o;
    }

    private static JsonNode readValue(BsonReader reader) {
        switch (reader.getCurrentBsonType()) {
            case DOCUMENT : {
                reader.readStartDocument();
                ObjectNode o = readFields(reader);
                reader.readEndDocument();
                return o;
            }
            case ARRAY : {
                reader.readStartArray();
                ArrayNode a = NODES.arrayNode();
                while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                    a.add(readValue(reader));
                }
                reader.readEndArray();
                return a;
            }
            case STRING :
                return NODES.textNode(reader.readString());
            case INT32 :
                return NODES.numberNode(reader.readInt32());
            case INT64 :
                return NODES.numberNode(reader.readInt64());
            case DECIMAL128 :
                return NODES.numberNode(decimal(reader.readDecimal128()));
            case DOUBLE :
                return NODES.numberNode(reader.readDouble());
            case BOOLEAN :
                return NODES.booleanNode(reader.readBoolean());
            case NULL :
                reader.readNull();
                return NODES.nullNode();
            case BINARY :
                return NODES.binaryNode(reader.readBinaryData().getData());
            case OBJECT_ID :
                return NODES.textNode(reader.readObjectId().toHexString());
            case DATE_TIME :
                return NODES.textNode(Instant.ofEpochMilli(reader.readDateTime()).toString());
            default :
                throw new IllegalArgumentException("no JSON form for stored BSON " + reader.getCurrentBsonType());
        }
    }

    /** Writes a JSON object as one BSON document (used by {@link FhirJsonCodec} and {@link #toBytes}). */
    public static void writeTree(BsonWriter writer, ObjectNode json) {
        writer.writeStartDocument();
        writeFields(writer, json);
        writer.writeEndDocument();
    }

    private static void writeFields(BsonWriter writer, ObjectNode json) {
        Iterator<Map.Entry<String, JsonNode>> it = json.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            writer.writeName(e.getKey());
            writeValue(writer, e.getValue());
        }
    }

    private static void writeValue(BsonWriter writer, JsonNode n) {
        switch (n.getNodeType()) {
            case OBJECT -> {
                writer.writeStartDocument();
                writeFields(writer, (ObjectNode) n);
                writer.writeEndDocument();
            }
            case ARRAY -> {
                writer.writeStartArray();
                for (JsonNode item : n) {
                    writeValue(writer, item);
                }
                writer.writeEndArray();
            }
            case STRING -> writer.writeString(n.textValue());
            case BOOLEAN -> writer.writeBoolean(n.booleanValue());
            case NULL -> writer.writeNull();
            case BINARY -> writer.writeBinaryData(new BsonBinary(binary(n)));
            case NUMBER -> {
                Object num = number(n);
                if (num instanceof Integer i) {
                    writer.writeInt32(i);
                } else if (num instanceof Long l) {
                    writer.writeInt64(l);
                } else {
                    writer.writeDecimal128((Decimal128) num);
                }
            }
            default -> throw new IllegalArgumentException("no BSON form for JSON " + n.getNodeType());
        }
    }

    /** A JSON object as BSON bytes (what the driver would send). */
    public static byte[] toBytes(ObjectNode json) {
        try (BasicOutputBuffer buffer = new BasicOutputBuffer();
                BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            writeTree(writer, json);
            return buffer.toByteArray();
        }
    }

    /** A JSON object as a {@link RawBsonDocument}. */
    public static RawBsonDocument toRaw(ObjectNode json) {
        return new RawBsonDocument(toBytes(json));
    }

    /** A Document as a BsonDocument (through the standard codecs, as the driver would do). */
    static BsonDocument toBsonDocument(Document doc) {
        return doc.toBsonDocument(BsonDocument.class,
                org.bson.codecs.configuration.CodecRegistries.fromProviders(new org.bson.codecs.DocumentCodecProvider(),
                        new org.bson.codecs.BsonValueCodecProvider(), new org.bson.codecs.ValueCodecProvider(),
                        new org.bson.codecs.IterableCodecProvider(), new org.bson.codecs.MapCodecProvider()));
    }
}
