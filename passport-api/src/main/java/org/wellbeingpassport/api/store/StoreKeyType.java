package org.wellbeingpassport.api.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * H2 key type of the on-disk store's maps in format v2: index keys and documents' {@code _id}s, compared and written as
 * {@link StoreKeys} says (never by Java serialisation, which H2's default type did at every B-tree step).
 */
final class StoreKeyType extends BasicDataType<Object> {
    static final StoreKeyType INSTANCE = new StoreKeyType();

    private StoreKeyType() {
    }

    @Override
    public int compare(Object a, Object b) {
        return StoreKeys.compare(a, b);
    }

    @Override
    public int getMemory(Object obj) {
        return StoreKeys.memory(obj);
    }

    @Override
    public void write(WriteBuffer buff, Object obj) {
        ByteBuf tmp = Scratch.take();
        StoreKeys.write(tmp, obj);
        Scratch.copy(tmp, buff);
    }

    @Override
    public void write(WriteBuffer buff, Object storage, int len) {
        Object[] keys = (Object[]) storage;
        ByteBuf tmp = Scratch.take();
        for (int i = 0; i < len; i++) {
            StoreKeys.write(tmp, keys[i]);
        }
        Scratch.copy(tmp, buff);
    }

    @Override
    public Object read(ByteBuffer buff) {
        ByteBuf in = Unpooled.wrappedBuffer(buff.slice());
        Object key = StoreKeys.read(in);
        buff.position(buff.position() + in.readerIndex());
        return key;
    }

    @Override
    public void read(ByteBuffer buff, Object storage, int len) {
        Object[] keys = (Object[]) storage;
        ByteBuf in = Unpooled.wrappedBuffer(buff.slice());
        for (int i = 0; i < len; i++) {
            keys[i] = StoreKeys.read(in);
        }
        buff.position(buff.position() + in.readerIndex());
    }

    @Override
    public Object[] createStorage(int size) {
        return new Object[size];
    }

    /** A per-thread scratch buffer for encoding, copied into H2's write buffer. */
    static final class Scratch {
        private static final int KEEP = 1 << 20;
        private static final ThreadLocal<ByteBuf> BUFFER = ThreadLocal.withInitial(() -> Unpooled.buffer(4096));

        private Scratch() {
        }

        static ByteBuf take() {
            ByteBuf b = BUFFER.get();
            if (b.capacity() > KEEP) {
                b = Unpooled.buffer(4096);
                BUFFER.set(b);
            }
            b.clear();
            return b;
        }

        static void copy(ByteBuf from, WriteBuffer to) {
            to.put(from.array(), from.arrayOffset() + from.readerIndex(), from.readableBytes());
        }
    }
}
