package org.wellbeingpassport.consent;

import java.util.Arrays;

/**
 * The fast answer for one item: which elements (by index in {@link DataItem#elements()}) may be
 * disclosed. Immutable; one small array per item, nothing per element.
 */
public final class DisclosureMask {
    private final long[] words;
    private final int size;

    DisclosureMask(long[] words, int size) {
        this.words = words;
        this.size = size;
    }

    /** Number of elements decided. */
    public int size() {
        return size;
    }

    public boolean disclosed(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return (words[index >>> 6] & (1L << index)) != 0;
    }

    public int disclosedCount() {
        int n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    public boolean none() {
        return disclosedCount() == 0;
    }

    public boolean all() {
        return disclosedCount() == size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DisclosureMask m && size == m.size && Arrays.equals(words, m.words);
    }

    @Override
    public int hashCode() {
        return 31 * size + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DisclosureMask[");
        for (int i = 0; i < size; i++) {
            sb.append(disclosed(i) ? '1' : '0');
        }
        return sb.append(']').toString();
    }
}
