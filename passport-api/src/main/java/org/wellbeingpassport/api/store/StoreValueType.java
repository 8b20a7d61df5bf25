package org.wellbeingpassport.api.store;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * H2 value type of the on-disk store's maps in format v2: a document as BSON (as mongo-java-server's own wire encoder
 * writes it; {@link StoreKeys#encodeDocument})
 * behind the tag {@value #DOCUMENT}, any other value (an index's position: a document's {@code _id}) as
 * {@link StoreKeys} writes it behind {@value #VALUE}. Both tags are bytes H2's default type never starts a value with
 * (its tags are below 128), so a value written in the old format (Java serialisation through H2's
 * {@link ObjectDataType}) is still read, by that type; what this type writes is always v2. A document BSON cannot
 * write (a value of a type the wire does not carry; none reach the store in practice) is written the old way.
 */
final class StoreValueType extends BasicDataType<Object> {
    static final byte DOCUMENT = (byte) 0xD0;
    static final byte VALUE = (byte) 0xD1;

    private final ObjectDataType legacy = new ObjectDataType();

    @Override
    public int compare(Object a, Object b) {
        return StoreKeys.compare(a, b); // H2 compares values only to test equality (replace/remove with a value)
    }

    @Override
    public int getMemory(Object obj) {
        return StoreKeys.memory(obj);
    }

    @Override
    public void write(WriteBuffer buff, Object obj) {
        ByteBuf tmp = StoreKeyType.Scratch.take();
        if (obj instanceof Document doc) {
            try {
                tmp.writeByte(DOCUMENT);
                StoreKeys.encodeDocument(doc, tmp);
            } catch (RuntimeException e) {
                legacy.write(buff, obj);
                return;
            }
        } else {
            tmp.writeByte(VALUE);
            StoreKeys.write(tmp, obj);
        }
        StoreKeyType.Scratch.copy(tmp, buff);
    }

    @Override
    public Object read(ByteBuffer buff) {
        byte tag = buff.get(buff.position());
        if (tag != DOCUMENT && tag != VALUE) {
            return legacy.read(buff);
        }
        ByteBuf in = Unpooled.wrappedBuffer(buff.slice());
        in.readByte();
        Object value = tag == DOCUMENT ? BsonDecoder.decodeBson(in) : StoreKeys.read(in);
        buff.position(buff.position() + in.readerIndex());
        return value;
    }

    @Override
    public Object[] createStorage(int size) {
        return new Object[size];
    }
}
