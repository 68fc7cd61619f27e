package dev.rolesanywhere.pkcs11.internal.ffi;

import java.util.List;

/**
 * Marshals attribute templates and mechanisms into native memory: the {@code CK_ATTRIBUTE} array first, then each
 * value, aligned to 8 bytes so that CK_ULONG values can be read in place by any module.
 */
final class Templates {
    private static final int VALUE_ALIGNMENT = 8;

    private Templates() {
    }

    /** Bytes needed for {@code template} in one block. */
    static long size(CkLayouts layouts, List<Attribute> template) {
        long size = (long) layouts.attribute().size() * template.size();
        for (Attribute attribute : template) {
            size = align(size) + attribute.length(layouts.abi());
        }
        return align(size);
    }

    /** Writes {@code template} at {@code address}, which has {@link #size} bytes. */
    static void write(CkLayouts layouts, List<Attribute> template, long address) {
        NativeAbi abi = layouts.abi();
        StructLayout layout = layouts.attribute();
        long value = address + (long) layout.size() * template.size();
        for (int i = 0; i < template.size(); i++) {
            Attribute attribute = template.get(i);
            value = address + align(value - address);
            long entry = address + (long) layout.size() * i;
            int length = attribute.length(abi);
            NativeMemory.putUlong(abi, entry + layout.offset("type"), attribute.type());
            NativeMemory.putPointer(abi, entry + layout.offset("pValue"), length == 0 ? 0 : value);
            NativeMemory.putUlong(abi, entry + layout.offset("ulValueLen"), length);
            switch (attribute.kind()) {
                case ULONG:
                    NativeMemory.putUlong(abi, value, attribute.number());
                    break;
                case BOOL:
                    NativeMemory.IO.putByte(value, (byte) attribute.number());
                    break;
                default:
                    NativeMemory.putBytes(value, attribute.rawBytes());
                    break;
            }
            value += length;
        }
    }

    /** A template in its own native block; the caller closes it. */
    static NativeMemory allocate(CkLayouts layouts, List<Attribute> template) {
        NativeMemory memory = NativeMemory.allocate(size(layouts, template));
        write(layouts, template, memory.address());
        return memory;
    }

    /** Bytes needed for a {@code CK_MECHANISM} and its parameter. */
    static int mechanismSize(CkLayouts layouts, Mechanism mechanism) {
        return (int) align(layouts.mechanism().size()) + mechanism.parameterLength();
    }

    /** Writes a {@code CK_MECHANISM} at {@code address} with its parameter right behind it. */
    static void writeMechanism(CkLayouts layouts, Mechanism mechanism, long address) {
        NativeAbi abi = layouts.abi();
        StructLayout layout = layouts.mechanism();
        int length = mechanism.parameterLength();
        long parameter = address + align(layout.size());
        NativeMemory.putUlong(abi, address + layout.offset("mechanism"), mechanism.type());
        NativeMemory.putPointer(abi, address + layout.offset("pParameter"), length == 0 ? 0 : parameter);
        NativeMemory.putUlong(abi, address + layout.offset("ulParameterLen"), length);
        if (length > 0) {
            NativeMemory.putBytes(parameter, mechanism.rawParameter());
        }
    }

    static long align(long offset) {
        return (offset + VALUE_ALIGNMENT - 1) / VALUE_ALIGNMENT * VALUE_ALIGNMENT;
    }
}
