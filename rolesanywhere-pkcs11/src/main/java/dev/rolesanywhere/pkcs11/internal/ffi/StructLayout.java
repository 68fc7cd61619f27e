package dev.rolesanywhere.pkcs11.internal.ffi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Offsets and size of one C structure, computed from its fields with the C rules for the given {@link NativeAbi}: each
 * field starts at the next multiple of its alignment (1 when packed), and the size is rounded up to the largest field
 * alignment so that arrays of the structure stay aligned.
 */
public final class StructLayout {
    private final String name;
    private final Map<String, Long> offsets;
    private final Map<String, Integer> sizes;
    private final int size;

    private StructLayout(String name, Map<String, Long> offsets, Map<String, Integer> sizes, int size) {
        this.name = name;
        this.offsets = Collections.unmodifiableMap(offsets);
        this.sizes = Collections.unmodifiableMap(sizes);
        this.size = size;
    }

    static Builder builder(String name, NativeAbi abi) {
        return new Builder(name, abi);
    }

    public String name() {
        return name;
    }

    /** {@code sizeof} the structure. */
    public int size() {
        return size;
    }

    /** {@code offsetof} a field, by its C name. */
    public long offset(String field) {
        Long offset = offsets.get(field);
        if (offset == null) {
            throw new IllegalArgumentException(name + " has no field " + field + "; fields: " + offsets.keySet());
        }
        return offset;
    }

    /** Size of a field, by its C name. */
    public int fieldSize(String field) {
        offset(field);
        return sizes.get(field);
    }

    /** Field names in declaration order. */
    public Iterable<String> fields() {
        return offsets.keySet();
    }

    @Override
    public String toString() {
        return name + offsets + " size " + size;
    }

    static final class Builder {
        private final String name;
        private final NativeAbi abi;
        private final Map<String, Long> offsets = new LinkedHashMap<>();
        private final Map<String, Integer> sizes = new LinkedHashMap<>();
        private long next;
        private int maxAlignment = 1;

        private Builder(String name, NativeAbi abi) {
            this.name = name;
            this.abi = abi;
        }

        /** A CK_ULONG or any type defined from it. */
        Builder ulong(String field) {
            return field(field, abi.ulongSize(), abi.ulongSize());
        }

        Builder pointer(String field) {
            return field(field, abi.pointerSize(), abi.pointerSize());
        }

        /** A {@code CK_BYTE}/{@code CK_UTF8CHAR} array, or a nested structure made only of bytes (CK_VERSION). */
        Builder bytes(String field, int length) {
            return field(field, length, 1);
        }

        private Builder field(String field, int fieldSize, int naturalAlignment) {
            int alignment = abi.fieldAlignment(naturalAlignment);
            next = alignUp(next, alignment);
            offsets.put(field, next);
            sizes.put(field, fieldSize);
            next += fieldSize;
            maxAlignment = Math.max(maxAlignment, alignment);
            return this;
        }

        StructLayout build() {
            return new StructLayout(name, offsets, sizes, (int) alignUp(next, maxAlignment));
        }

        private static long alignUp(long value, int alignment) {
            return (value + alignment - 1) / alignment * alignment;
        }
    }
}
