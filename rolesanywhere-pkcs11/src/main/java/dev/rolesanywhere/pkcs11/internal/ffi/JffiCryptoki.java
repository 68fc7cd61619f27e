package dev.rolesanywhere.pkcs11.internal.ffi;

import static dev.rolesanywhere.pkcs11.internal.ffi.CryptokiFunction.*;

import dev.rolesanywhere.pkcs11.Pkcs11PinException;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** {@link Cryptoki} over a module's function table: marshalling to and from native memory, and return-value checks. */
final class JffiCryptoki implements Cryptoki {
    /** Covers RSA-4096 and every ECDSA signature, so the common case needs one C_Sign call. */
    private static final int DEFAULT_SIGNATURE_CAPACITY = 512;
    /**
     * Lengths can change between the length query and the read (an attribute rewritten, a reader plugged in); retry
     * that many times, then give up rather than loop on a module that always says CKR_BUFFER_TOO_SMALL.
     */
    private static final int MAX_ROUNDS = 3;

    private final NativeFunctions functions;
    private final CkLayouts layouts;
    private final NativeAbi abi;
    private final int ulong;
    private final int signatureCapacity;

    JffiCryptoki(NativeFunctions functions) {
        this(functions, DEFAULT_SIGNATURE_CAPACITY);
    }

    /** With a chosen first-try signature buffer, so tests can force the CKR_BUFFER_TOO_SMALL path. */
    JffiCryptoki(NativeFunctions functions, int signatureCapacity) {
        this.functions = functions;
        this.signatureCapacity = signatureCapacity;
        this.abi = functions.abi();
        this.layouts = CkLayouts.of(abi);
        this.ulong = abi.ulongSize();
    }

    NativeFunctions functions() {
        return functions;
    }

    @Override
    public String modulePath() {
        return functions.modulePath();
    }

    @Override
    public ModuleInfo getInfo() {
        StructLayout l = layouts.info();
        try (NativeMemory info = NativeMemory.allocate(l.size())) {
            long a = info.address();
            ReturnValues.check("C_GetInfo", functions.call(C_GetInfo, a));
            return new ModuleInfo(
                    NativeMemory.getVersion(a + l.offset("cryptokiVersion")),
                    NativeMemory.getPaddedText(a + l.offset("manufacturerID"), 32),
                    NativeMemory.getUlong(abi, a + l.offset("flags")),
                    NativeMemory.getPaddedText(a + l.offset("libraryDescription"), 32),
                    NativeMemory.getVersion(a + l.offset("libraryVersion")));
        }
    }

    @Override
    public long[] getSlotList(boolean tokenPresent) {
        long present = tokenPresent ? 1 : 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            long count;
            try (NativeMemory countMemory = NativeMemory.allocate(ulong)) {
                ReturnValues.check("C_GetSlotList", functions.call(C_GetSlotList, present, 0, countMemory.address()));
                count = NativeMemory.getUlong(abi, countMemory.address());
            }
            try (NativeMemory list = NativeMemory.allocate((count + 1) * ulong + ulong)) {
                long countAddress = list.address() + (count + 1) * ulong;
                NativeMemory.putUlong(abi, countAddress, count);
                long rv = functions.call(C_GetSlotList, present, list.address(), countAddress);
                if (rv == Ckr.CKR_BUFFER_TOO_SMALL) {
                    continue;
                }
                ReturnValues.check("C_GetSlotList", rv);
                return readUlongs(list.address(), (int) Math.min(count, NativeMemory.getUlong(abi, countAddress)));
            }
        }
        throw ReturnValues.exception("C_GetSlotList", Ckr.CKR_BUFFER_TOO_SMALL,
                "the slot count kept changing between the count query and the read");
    }

    @Override
    public SlotInfo getSlotInfo(long slotId) {
        StructLayout l = layouts.slotInfo();
        try (NativeMemory info = NativeMemory.allocate(l.size())) {
            long a = info.address();
            ReturnValues.check("C_GetSlotInfo", functions.call(C_GetSlotInfo, slotId, a));
            return new SlotInfo(
                    NativeMemory.getPaddedText(a + l.offset("slotDescription"), 64),
                    NativeMemory.getPaddedText(a + l.offset("manufacturerID"), 32),
                    NativeMemory.getUlong(abi, a + l.offset("flags")),
                    NativeMemory.getVersion(a + l.offset("hardwareVersion")),
                    NativeMemory.getVersion(a + l.offset("firmwareVersion")));
        }
    }

    @Override
    public TokenInfo getTokenInfo(long slotId) {
        StructLayout l = layouts.tokenInfo();
        try (NativeMemory info = NativeMemory.allocate(l.size())) {
            long a = info.address();
            ReturnValues.check("C_GetTokenInfo", functions.call(C_GetTokenInfo, slotId, a));
            return new TokenInfo(
                    NativeMemory.getPaddedText(a + l.offset("label"), 32),
                    NativeMemory.getPaddedText(a + l.offset("manufacturerID"), 32),
                    NativeMemory.getPaddedText(a + l.offset("model"), 16),
                    NativeMemory.getPaddedText(a + l.offset("serialNumber"), 16),
                    NativeMemory.getUlong(abi, a + l.offset("flags")),
                    NativeMemory.getUlong(abi, a + l.offset("ulMaxSessionCount")),
                    NativeMemory.getUlong(abi, a + l.offset("ulSessionCount")),
                    NativeMemory.getUlong(abi, a + l.offset("ulMaxRwSessionCount")),
                    NativeMemory.getUlong(abi, a + l.offset("ulRwSessionCount")),
                    NativeMemory.getUlong(abi, a + l.offset("ulMaxPinLen")),
                    NativeMemory.getUlong(abi, a + l.offset("ulMinPinLen")),
                    NativeMemory.getVersion(a + l.offset("hardwareVersion")),
                    NativeMemory.getVersion(a + l.offset("firmwareVersion")),
                    NativeMemory.getPaddedText(a + l.offset("utcTime"), 16));
        }
    }

    @Override
    public long[] getMechanismList(long slotId) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            long count;
            try (NativeMemory countMemory = NativeMemory.allocate(ulong)) {
                ReturnValues.check("C_GetMechanismList",
                        functions.call(C_GetMechanismList, slotId, 0, countMemory.address()));
                count = NativeMemory.getUlong(abi, countMemory.address());
            }
            try (NativeMemory list = NativeMemory.allocate(count * ulong + ulong)) {
                long countAddress = list.address() + count * ulong;
                NativeMemory.putUlong(abi, countAddress, count);
                long rv = functions.call(C_GetMechanismList, slotId, list.address(), countAddress);
                if (rv == Ckr.CKR_BUFFER_TOO_SMALL) {
                    continue;
                }
                ReturnValues.check("C_GetMechanismList", rv);
                return readUlongs(list.address(), (int) Math.min(count, NativeMemory.getUlong(abi, countAddress)));
            }
        }
        throw ReturnValues.exception("C_GetMechanismList", Ckr.CKR_BUFFER_TOO_SMALL,
                "the mechanism count kept changing between the count query and the read");
    }

    @Override
    public MechanismInfo getMechanismInfo(long slotId, long mechanism) {
        StructLayout l = layouts.mechanismInfo();
        try (NativeMemory info = NativeMemory.allocate(l.size())) {
            long a = info.address();
            ReturnValues.check("C_GetMechanismInfo", functions.call(C_GetMechanismInfo, slotId, mechanism, a));
            return new MechanismInfo(
                    NativeMemory.getUlong(abi, a + l.offset("ulMinKeySize")),
                    NativeMemory.getUlong(abi, a + l.offset("ulMaxKeySize")),
                    NativeMemory.getUlong(abi, a + l.offset("flags")));
        }
    }

    @Override
    public long openSession(long slotId, long flags) {
        try (NativeMemory handle = NativeMemory.allocate(ulong)) {
            ReturnValues.check("C_OpenSession", functions.call(C_OpenSession, slotId,
                    flags | Ckf.CKF_SERIAL_SESSION, 0, 0, handle.address()));
            return NativeMemory.getUlong(abi, handle.address());
        }
    }

    @Override
    public void closeSession(long session) {
        ReturnValues.check("C_CloseSession", functions.call(C_CloseSession, session));
    }

    @Override
    public void closeAllSessions(long slotId) {
        ReturnValues.check("C_CloseAllSessions", functions.call(C_CloseAllSessions, slotId));
    }

    @Override
    public SessionInfo getSessionInfo(long session) {
        StructLayout l = layouts.sessionInfo();
        try (NativeMemory info = NativeMemory.allocate(l.size())) {
            long a = info.address();
            ReturnValues.check("C_GetSessionInfo", functions.call(C_GetSessionInfo, session, a));
            return new SessionInfo(
                    NativeMemory.getUlong(abi, a + l.offset("slotID")),
                    NativeMemory.getUlong(abi, a + l.offset("state")),
                    NativeMemory.getUlong(abi, a + l.offset("flags")),
                    NativeMemory.getUlong(abi, a + l.offset("ulDeviceError")));
        }
    }

    @Override
    public void login(long session, long userType, char[] pin) {
        if (pin == null) {
            ReturnValues.check("C_Login", functions.call(C_Login, session, userType, 0, 0));
            return;
        }
        ByteBuffer encoded = encodePin(pin);
        int length = encoded.remaining();
        try (NativeMemory pinMemory = NativeMemory.allocateSensitive(length)) {
            NativeMemory.IO.putByteArray(pinMemory.address(), encoded.array(),
                    encoded.arrayOffset() + encoded.position(), length);
            wipe(encoded);
            ReturnValues.check("C_Login", functions.call(C_Login, session, userType, pinMemory.address(), length));
        } finally {
            wipe(encoded);
        }
    }

    /** UTF-8 without ever creating a String, so the PIN leaves no immutable copy on the heap. */
    private static ByteBuffer encodePin(char[] pin) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer out = ByteBuffer.allocate(pin.length * 3 + 1);
        CharBuffer in = CharBuffer.wrap(pin);
        try {
            encoder.reset();
            CoderResult result = encoder.encode(in, out, true);
            if (!result.isUnderflow()) {
                result.throwException();
            }
            result = encoder.flush(out);
            if (!result.isUnderflow()) {
                result.throwException();
            }
        } catch (CharacterCodingException e) {
            wipe(out);
            throw new Pkcs11PinException("C_Login", Ckr.CKR_PIN_INVALID, Ckr.name(Ckr.CKR_PIN_INVALID),
                    "C_Login was not called: the PIN contains an unpaired UTF-16 surrogate and cannot be encoded as "
                            + "UTF-8. Check how the PIN was read (file encoding, terminal input)");
        }
        out.flip();
        return out;
    }

    // Only given encodePin's ByteBuffer.allocate buffer: its whole backing array holds PIN bytes, so all of it goes.
    @SuppressWarnings("ByteBufferBackingArray")
    private static void wipe(ByteBuffer buffer) {
        Arrays.fill(buffer.array(), (byte) 0);
    }

    @Override
    public void logout(long session) {
        ReturnValues.check("C_Logout", functions.call(C_Logout, session));
    }

    @Override
    public long createObject(long session, List<Attribute> template) {
        Objects.requireNonNull(template, "template");
        try (NativeMemory t = Templates.allocate(layouts, template);
             NativeMemory handle = NativeMemory.allocate(ulong)) {
            ReturnValues.check("C_CreateObject",
                    functions.call(C_CreateObject, session, t.address(), template.size(), handle.address()));
            return NativeMemory.getUlong(abi, handle.address());
        }
    }

    @Override
    public void destroyObject(long session, long object) {
        ReturnValues.check("C_DestroyObject", functions.call(C_DestroyObject, session, object));
    }

    @Override
    public List<AttributeValue> getAttributeValue(long session, long object, long... types) {
        Objects.requireNonNull(types, "types");
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<AttributeValue> values = tryGetAttributeValue(session, object, types);
            if (values != null) {
                return values;
            }
        }
        throw ReturnValues.exception("C_GetAttributeValue", Ckr.CKR_BUFFER_TOO_SMALL,
                "attribute values kept changing size between the length query and the read");
    }

    /** One length pass and one value pass; null when a value grew in between. */
    private List<AttributeValue> tryGetAttributeValue(long session, long object, long[] types) {
        StructLayout l = layouts.attribute();
        int n = types.length;
        long[] lengths = new long[n];
        long firstRv;
        try (NativeMemory query = NativeMemory.allocate((long) l.size() * n)) {
            for (int i = 0; i < n; i++) {
                long entry = query.address() + (long) l.size() * i;
                NativeMemory.putUlong(abi, entry + l.offset("type"), types[i]);
            }
            firstRv = functions.call(C_GetAttributeValue, session, object, query.address(), n);
            checkAttributeRv(firstRv);
            for (int i = 0; i < n; i++) {
                lengths[i] = NativeMemory.getUlong(abi, query.address() + (long) l.size() * i + l.offset("ulValueLen"));
            }
        }
        long valuesSize = 0;
        for (long length : lengths) {
            if (length != Ck.CK_UNAVAILABLE_INFORMATION) {
                valuesSize = Templates.align(valuesSize) + length;
            }
        }
        AttributeValue[] results = new AttributeValue[n];
        try (NativeMemory read = NativeMemory.allocate((long) l.size() * n + Templates.align(valuesSize))) {
            long base = read.address();
            long value = base + (long) l.size() * n;
            for (int i = 0; i < n; i++) {
                long entry = base + (long) l.size() * i;
                NativeMemory.putUlong(abi, entry + l.offset("type"), types[i]);
                if (lengths[i] == Ck.CK_UNAVAILABLE_INFORMATION) {
                    // Asked again with no buffer: the module just reports the length again.
                    continue;
                }
                value = base + Templates.align(value - base);
                NativeMemory.putPointer(abi, entry + l.offset("pValue"), lengths[i] == 0 ? 0 : value);
                NativeMemory.putUlong(abi, entry + l.offset("ulValueLen"), lengths[i]);
                value += lengths[i];
            }
            long rv = functions.call(C_GetAttributeValue, session, object, base, n);
            if (rv == Ckr.CKR_BUFFER_TOO_SMALL) {
                return null;
            }
            checkAttributeRv(rv);
            for (int i = 0; i < n; i++) {
                long entry = base + (long) l.size() * i;
                long length = NativeMemory.getUlong(abi, entry + l.offset("ulValueLen"));
                if (lengths[i] == Ck.CK_UNAVAILABLE_INFORMATION || length == Ck.CK_UNAVAILABLE_INFORMATION) {
                    results[i] = AttributeValue.missing(types[i], missingStatus(
                            lengths[i] == Ck.CK_UNAVAILABLE_INFORMATION ? firstRv : rv));
                } else {
                    long pointer = NativeMemory.getPointer(abi, entry + l.offset("pValue"));
                    results[i] = AttributeValue.present(types[i],
                            NativeMemory.getBytes(pointer, (int) Math.min(length, lengths[i])));
                }
            }
        }
        return Collections.unmodifiableList(Arrays.asList(results));
    }

    private static void checkAttributeRv(long rv) {
        if (rv != Ckr.CKR_OK && rv != Ckr.CKR_ATTRIBUTE_SENSITIVE && rv != Ckr.CKR_ATTRIBUTE_TYPE_INVALID) {
            throw ReturnValues.exception("C_GetAttributeValue", rv, null);
        }
    }

    private static AttributeValue.Status missingStatus(long rv) {
        if (rv == Ckr.CKR_ATTRIBUTE_SENSITIVE) {
            return AttributeValue.Status.SENSITIVE;
        }
        if (rv == Ckr.CKR_ATTRIBUTE_TYPE_INVALID) {
            return AttributeValue.Status.TYPE_INVALID;
        }
        return AttributeValue.Status.UNAVAILABLE;
    }

    @Override
    public void findObjectsInit(long session, List<Attribute> template) {
        Objects.requireNonNull(template, "template");
        try (NativeMemory t = Templates.allocate(layouts, template)) {
            ReturnValues.check("C_FindObjectsInit",
                    functions.call(C_FindObjectsInit, session, t.address(), template.size()));
        }
    }

    @Override
    public long[] findObjects(long session, int maxCount) {
        if (maxCount < 1) {
            throw new IllegalArgumentException("maxCount must be at least 1, was " + maxCount);
        }
        try (NativeMemory out = NativeMemory.allocate((long) (maxCount + 1) * ulong)) {
            long countAddress = out.address() + (long) maxCount * ulong;
            ReturnValues.check("C_FindObjects",
                    functions.call(C_FindObjects, session, out.address(), maxCount, countAddress));
            long count = NativeMemory.getUlong(abi, countAddress);
            return readUlongs(out.address(), (int) Math.min(count, maxCount));
        }
    }

    @Override
    public void findObjectsFinal(long session) {
        ReturnValues.check("C_FindObjectsFinal", functions.call(C_FindObjectsFinal, session));
    }

    @Override
    public KeyPairHandles generateKeyPair(long session, Mechanism mechanism, List<Attribute> publicKeyTemplate,
                                          List<Attribute> privateKeyTemplate) {
        Objects.requireNonNull(mechanism, "mechanism");
        try (NativeMemory m = NativeMemory.allocate(Templates.mechanismSize(layouts, mechanism));
             NativeMemory pub = Templates.allocate(layouts, publicKeyTemplate);
             NativeMemory priv = Templates.allocate(layouts, privateKeyTemplate);
             NativeMemory handles = NativeMemory.allocate(2L * ulong)) {
            Templates.writeMechanism(layouts, mechanism, m.address());
            ReturnValues.check("C_GenerateKeyPair", functions.callWithBuffer(C_GenerateKeyPair, session, m.address(),
                    pub.address(), publicKeyTemplate.size(), priv.address(), privateKeyTemplate.size(),
                    handles.address(), handles.address() + ulong));
            return new KeyPairHandles(NativeMemory.getUlong(abi, handles.address()),
                    NativeMemory.getUlong(abi, handles.address() + ulong));
        }
    }

    @Override
    public void signInit(long session, Mechanism mechanism, long key) {
        long m = ThreadScratch.reserve(Templates.mechanismSize(layouts, mechanism));
        Templates.writeMechanism(layouts, mechanism, m);
        ReturnValues.check("C_SignInit", functions.call(C_SignInit, session, m, key));
    }

    @Override
    public byte[] sign(long session, byte[] data) {
        Objects.requireNonNull(data, "data");
        int capacity = signatureCapacity;
        // Layout: [signature length][signature buffer][data]; the length slot first keeps it aligned.
        long base = ThreadScratch.reserve(ulong + capacity + data.length);
        NativeMemory.putBytes(base + ulong + capacity, data);
        NativeMemory.putUlong(abi, base, capacity);
        long rv = functions.call(C_Sign, session, base + ulong + capacity, data.length, base + ulong, base);
        if (rv == Ckr.CKR_BUFFER_TOO_SMALL) {
            // PKCS#11 keeps the operation active and reports the needed length, so one retry finishes it.
            long needed = NativeMemory.getUlong(abi, base);
            if (needed <= capacity || needed > Integer.MAX_VALUE - ulong - data.length) {
                throw ReturnValues.exception("C_Sign", rv, "the module asked for a " + needed + "-byte buffer");
            }
            capacity = (int) needed;
            base = ThreadScratch.reserve(ulong + capacity + data.length);
            NativeMemory.putBytes(base + ulong + capacity, data);
            NativeMemory.putUlong(abi, base, capacity);
            rv = functions.call(C_Sign, session, base + ulong + capacity, data.length, base + ulong, base);
        }
        ReturnValues.check("C_Sign", rv);
        long length = NativeMemory.getUlong(abi, base);
        return NativeMemory.getBytes(base + ulong, (int) Math.min(length, capacity));
    }

    @Override
    public void verifyInit(long session, Mechanism mechanism, long key) {
        try (NativeMemory m = NativeMemory.allocate(Templates.mechanismSize(layouts, mechanism))) {
            Templates.writeMechanism(layouts, mechanism, m.address());
            ReturnValues.check("C_VerifyInit", functions.call(C_VerifyInit, session, m.address(), key));
        }
    }

    @Override
    public boolean verify(long session, byte[] data, byte[] signature) {
        try (NativeMemory in = NativeMemory.allocate((long) data.length + signature.length)) {
            NativeMemory.putBytes(in.address(), data);
            NativeMemory.putBytes(in.address() + data.length, signature);
            long rv = functions.call(C_Verify, session, in.address(), data.length, in.address() + data.length,
                    signature.length);
            if (rv == Ckr.CKR_SIGNATURE_INVALID || rv == Ckr.CKR_SIGNATURE_LEN_RANGE) {
                return false;
            }
            ReturnValues.check("C_Verify", rv);
            return true;
        }
    }

    @Override
    public byte[] generateRandom(long session, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative, was " + length);
        }
        try (NativeMemory out = NativeMemory.allocate(length)) {
            ReturnValues.check("C_GenerateRandom", functions.call(C_GenerateRandom, session, out.address(), length));
            return NativeMemory.getBytes(out.address(), length);
        }
    }

    private long[] readUlongs(long address, int count) {
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = NativeMemory.getUlong(abi, address + (long) i * ulong);
        }
        return values;
    }

    @Override
    public String toString() {
        return "Cryptoki[" + functions.modulePath() + "]";
    }
}
