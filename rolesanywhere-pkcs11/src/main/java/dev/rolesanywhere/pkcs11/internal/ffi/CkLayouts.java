package dev.rolesanywhere.pkcs11.internal.ffi;

/**
 * Every PKCS#11 structure this binding reads or writes, laid out for one {@link NativeAbi}. Field names are the C
 * names from pkcs11t.h so that a reader can check them against the header line by line.
 */
public final class CkLayouts {
    private static final int VERSION_SIZE = 2;

    private final NativeAbi abi;
    private final StructLayout version;
    private final StructLayout info;
    private final StructLayout slotInfo;
    private final StructLayout tokenInfo;
    private final StructLayout sessionInfo;
    private final StructLayout mechanismInfo;
    private final StructLayout mechanism;
    private final StructLayout attribute;
    private final StructLayout initializeArgs;
    private final StructLayout functionList;

    private CkLayouts(NativeAbi abi) {
        this.abi = abi;
        version = StructLayout.builder("CK_VERSION", abi).bytes("major", 1).bytes("minor", 1).build();
        info = StructLayout.builder("CK_INFO", abi)
                .bytes("cryptokiVersion", VERSION_SIZE)
                .bytes("manufacturerID", 32)
                .ulong("flags")
                .bytes("libraryDescription", 32)
                .bytes("libraryVersion", VERSION_SIZE)
                .build();
        slotInfo = StructLayout.builder("CK_SLOT_INFO", abi)
                .bytes("slotDescription", 64)
                .bytes("manufacturerID", 32)
                .ulong("flags")
                .bytes("hardwareVersion", VERSION_SIZE)
                .bytes("firmwareVersion", VERSION_SIZE)
                .build();
        tokenInfo = StructLayout.builder("CK_TOKEN_INFO", abi)
                .bytes("label", 32)
                .bytes("manufacturerID", 32)
                .bytes("model", 16)
                .bytes("serialNumber", 16)
                .ulong("flags")
                .ulong("ulMaxSessionCount")
                .ulong("ulSessionCount")
                .ulong("ulMaxRwSessionCount")
                .ulong("ulRwSessionCount")
                .ulong("ulMaxPinLen")
                .ulong("ulMinPinLen")
                .ulong("ulTotalPublicMemory")
                .ulong("ulFreePublicMemory")
                .ulong("ulTotalPrivateMemory")
                .ulong("ulFreePrivateMemory")
                .bytes("hardwareVersion", VERSION_SIZE)
                .bytes("firmwareVersion", VERSION_SIZE)
                .bytes("utcTime", 16)
                .build();
        sessionInfo = StructLayout.builder("CK_SESSION_INFO", abi)
                .ulong("slotID")
                .ulong("state")
                .ulong("flags")
                .ulong("ulDeviceError")
                .build();
        mechanismInfo = StructLayout.builder("CK_MECHANISM_INFO", abi)
                .ulong("ulMinKeySize")
                .ulong("ulMaxKeySize")
                .ulong("flags")
                .build();
        mechanism = StructLayout.builder("CK_MECHANISM", abi)
                .ulong("mechanism")
                .pointer("pParameter")
                .ulong("ulParameterLen")
                .build();
        attribute = StructLayout.builder("CK_ATTRIBUTE", abi)
                .ulong("type")
                .pointer("pValue")
                .ulong("ulValueLen")
                .build();
        initializeArgs = StructLayout.builder("CK_C_INITIALIZE_ARGS", abi)
                .pointer("CreateMutex")
                .pointer("DestroyMutex")
                .pointer("LockMutex")
                .pointer("UnlockMutex")
                .ulong("flags")
                .pointer("pReserved")
                .build();
        StructLayout.Builder list = StructLayout.builder("CK_FUNCTION_LIST", abi).bytes("version", VERSION_SIZE);
        for (CryptokiFunction function : CryptokiFunction.values()) {
            list.pointer(function.name());
        }
        functionList = list.build();
    }

    private static final CkLayouts CURRENT = new CkLayouts(NativeAbi.current());

    /** Layouts for the running JVM's platform. */
    public static CkLayouts current() {
        return CURRENT;
    }

    /** Layouts for any platform, so that tests can check Windows packing on Linux. */
    public static CkLayouts of(NativeAbi abi) {
        return abi == CURRENT.abi ? CURRENT : new CkLayouts(abi);
    }

    public NativeAbi abi() {
        return abi;
    }

    public StructLayout version() {
        return version;
    }

    public StructLayout info() {
        return info;
    }

    public StructLayout slotInfo() {
        return slotInfo;
    }

    public StructLayout tokenInfo() {
        return tokenInfo;
    }

    public StructLayout sessionInfo() {
        return sessionInfo;
    }

    public StructLayout mechanismInfo() {
        return mechanismInfo;
    }

    public StructLayout mechanism() {
        return mechanism;
    }

    public StructLayout attribute() {
        return attribute;
    }

    public StructLayout initializeArgs() {
        return initializeArgs;
    }

    public StructLayout functionList() {
        return functionList;
    }
}
