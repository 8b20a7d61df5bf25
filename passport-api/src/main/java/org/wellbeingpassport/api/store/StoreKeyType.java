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

    /**
     * A per-thread scratch buffer for encoding, copied into H2's write buffer; every write of a key or a value of the
     * store's maps (this type and {@link StoreValueType}) starts by taking it.
     */
    static final class Scratch {
        private static final int KEEP = 1 << 20;
        private static final ThreadLocal<Scratch> OF_THREAD = ThreadLocal.withInitial(Scratch::new);

        private ByteBuf buffer = Unpooled.buffer(4096);
        private Runnable beforeNextWrite;

        private Scratch() {
        }

        static ByteBuf take() {
            Scratch s = OF_THREAD.get();
            Runnable hook = s.beforeNextWrite;
            if (hook != null) {
                s.beforeNextWrite = null;
                hook.run();
            }
            ByteBuf b = s.buffer;
            if (b.capacity() > KEEP) {
                b = Unpooled.buffer(4096);
                s.buffer = b;
            }
            b.clear();
            return b;
        }

        /**
         * Runs {@code hook} once, on this thread, when it next writes a key or a value (null: none). For the committer
         * of {@link DurableH2Backend}: H2 writes keys and values only once a commit has taken its snapshot.
         */
        static void beforeNextWrite(Runnable hook) {
            OF_THREAD.get().beforeNextWrite = hook;
        }

        static void copy(ByteBuf from, WriteBuffer to) {
            to.put(from.array(), from.arrayOffset() + from.readerIndex(), from.readableBytes());
        }
    }
}
