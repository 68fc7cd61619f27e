package dev.rolesanywhere.pkcs11;

import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.pkcs11.internal.uri.PinSourceLocation;
import dev.rolesanywhere.pkcs11.internal.uri.Pkcs11UriParser;
import dev.rolesanywhere.pkcs11.internal.uri.PercentCodec;
import dev.rolesanywhere.pkcs11.internal.uri.PercentCodec.Component;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A PKCS#11 URI (RFC 7512): which module, slot, token and object to use, and where the PIN comes from.
 *
 * <pre>{@code
 * Pkcs11Uri uri = Pkcs11Uri.parse("pkcs11:token=prod-hsm;object=roles-anywhere;type=private?pin-source=/etc/ra/pin");
 * }</pre>
 *
 * <p>Immutable and thread-safe. Absent attributes match anything; {@code slot-id=0} selects slot 0. Unknown
 * attributes are rejected (a misspelt {@code tokne=} would otherwise silently match every token) except vendor
 * attributes starting with {@code x-}, which are kept and formatted back.
 *
 * <p>{@link #toString()} masks {@code pin-value}; use {@link #toUriString(boolean)} or {@link #format()} when the
 * PIN must survive a round trip.
 */
public final class Pkcs11Uri {

    /** Value of the {@code type} attribute. */
    public enum ObjectType {
        PUBLIC("public"), PRIVATE("private"), CERT("cert"), SECRET_KEY("secret-key"), DATA("data");

        private final String uriValue;

        ObjectType(String uriValue) {
            this.uriValue = uriValue;
        }

        /** The spelling used in URIs, e.g. {@code secret-key}. */
        public String uriValue() {
            return uriValue;
        }

        /** The type spelt {@code value} in a URI, or empty. */
        public static Optional<ObjectType> fromUriValue(String value) {
            for (ObjectType t : values()) {
                if (t.uriValue.equals(value)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    /** Value of the {@code library-version} attribute: {@code major[.minor]}, each 0..255 like {@code CK_VERSION}. */
    public static final class LibraryVersion {
        private final int major;
        private final int minor;

        private LibraryVersion(int major, int minor) {
            this.major = major;
            this.minor = minor;
        }

        /** @throws Pkcs11UriException when a part is outside 0..255 */
        public static LibraryVersion of(int major, int minor) {
            if (major < 0 || major > 255 || minor < 0 || minor > 255) {
                throw new Pkcs11UriException("library-version " + major + "." + minor
                        + " is out of range: PKCS#11 versions have a major and minor part of 0..255 each");
            }
            return new LibraryVersion(major, minor);
        }

        public int major() {
            return major;
        }

        public int minor() {
            return minor;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof LibraryVersion)) {
                return false;
            }
            LibraryVersion other = (LibraryVersion) o;
            return major == other.major && minor == other.minor;
        }

        @Override
        public int hashCode() {
            return major * 256 + minor;
        }

        @Override
        public String toString() {
            return major + "." + minor;
        }
    }

    private static final Pattern VENDOR_NAME = Pattern.compile("x-[A-Za-z0-9_-]+");

    private final String token;
    private final String manufacturer;
    private final String serial;
    private final String model;
    private final String libraryManufacturer;
    private final String libraryDescription;
    private final LibraryVersion libraryVersion;
    private final String slotDescription;
    private final String slotManufacturer;
    private final Long slotId;
    private final String object;
    private final ObjectType type;
    private final byte[] id;
    private final Map<String, String> vendorPathAttributes;
    private final char[] pinValue;
    private final String pinSource;
    private final String moduleName;
    private final String modulePath;
    private final Map<String, String> vendorQueryAttributes;

    private Pkcs11Uri(BuilderImpl b) {
        this.token = b.token;
        this.manufacturer = b.manufacturer;
        this.serial = b.serial;
        this.model = b.model;
        this.libraryManufacturer = b.libraryManufacturer;
        this.libraryDescription = b.libraryDescription;
        this.libraryVersion = b.libraryVersion;
        this.slotDescription = b.slotDescription;
        this.slotManufacturer = b.slotManufacturer;
        this.slotId = b.slotId;
        this.object = b.object;
        this.type = b.type;
        this.id = b.id == null ? null : b.id.clone();
        this.vendorPathAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.vendorPathAttributes));
        this.pinValue = b.pinValue == null ? null : b.pinValue.clone();
        this.pinSource = b.pinSource;
        this.moduleName = b.moduleName;
        this.modulePath = b.modulePath;
        this.vendorQueryAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.vendorQueryAttributes));
        if (pinValue != null && pinSource != null) {
            throw new Pkcs11UriException("A pkcs11: URI may name pin-value or pin-source, not both: "
                    + "keep pin-source (a file readable only by this service) and remove pin-value");
        }
    }

    /**
     * Parses an RFC 7512 URI. Surrounding whitespace is ignored; the scheme is case-insensitive.
     *
     * @throws Pkcs11UriException naming the offending text when the URI is malformed
     */
    public static Pkcs11Uri parse(String uri) {
        return Pkcs11UriParser.parse(uri);
    }

    /** A URI with no attributes: matches every slot, token and object. */
    public static Pkcs11Uri any() {
        return builder().build();
    }

    public static Builder builder() {
        return new BuilderImpl();
    }

    public Builder toBuilder() {
        return new BuilderImpl(this);
    }

    /** {@code token}: the token label ({@code CK_TOKEN_INFO.label}). */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /** {@code manufacturer}: the token manufacturer ({@code CK_TOKEN_INFO.manufacturerID}). */
    public Optional<String> manufacturer() {
        return Optional.ofNullable(manufacturer);
    }

    /** {@code serial}: the token serial number. */
    public Optional<String> serial() {
        return Optional.ofNullable(serial);
    }

    /** {@code model}: the token model. */
    public Optional<String> model() {
        return Optional.ofNullable(model);
    }

    public Optional<String> libraryManufacturer() {
        return Optional.ofNullable(libraryManufacturer);
    }

    public Optional<String> libraryDescription() {
        return Optional.ofNullable(libraryDescription);
    }

    public Optional<LibraryVersion> libraryVersion() {
        return Optional.ofNullable(libraryVersion);
    }

    public Optional<String> slotDescription() {
        return Optional.ofNullable(slotDescription);
    }

    public Optional<String> slotManufacturer() {
        return Optional.ofNullable(slotManufacturer);
    }

    /** {@code slot-id}: a {@code CK_SLOT_ID}, unsigned (use {@link Long#toUnsignedString(long)} to print it). */
    public OptionalLong slotId() {
        return slotId == null ? OptionalLong.empty() : OptionalLong.of(slotId);
    }

    /** {@code object}: the object label ({@code CKA_LABEL}). */
    public Optional<String> object() {
        return Optional.ofNullable(object);
    }

    public Optional<ObjectType> type() {
        return Optional.ofNullable(type);
    }

    /** {@code id}: the object's {@code CKA_ID} bytes (a fresh copy). */
    public Optional<byte[]> id() {
        return id == null ? Optional.empty() : Optional.of(id.clone());
    }

    /** Vendor ({@code x-}) path attributes, decoded, in URI order. */
    public Map<String, String> vendorPathAttributes() {
        return vendorPathAttributes;
    }

    /** True when the URI carries a {@code pin-value}. */
    public boolean hasPinValue() {
        return pinValue != null;
    }

    /** {@code pin-value} as a fresh array the caller wipes. Prefer {@link #pinCallback()}. */
    public Optional<char[]> pinValue() {
        return pinValue == null ? Optional.empty() : Optional.of(pinValue.clone());
    }

    /** {@code pin-source}: a file path or {@code file:} URI whose first line is the PIN. */
    public Optional<String> pinSource() {
        return Optional.ofNullable(pinSource);
    }

    /** {@code module-name}: a module name such as {@code softhsm2}, resolved by {@link ModuleLocator}. */
    public Optional<String> moduleName() {
        return Optional.ofNullable(moduleName);
    }

    /** {@code module-path}: the module file (or a directory to search for {@code module-name}). */
    public Optional<String> modulePath() {
        return Optional.ofNullable(modulePath);
    }

    /** Vendor ({@code x-}) query attributes, decoded, in URI order. */
    public Map<String, String> vendorQueryAttributes() {
        return vendorQueryAttributes;
    }

    /**
     * The PIN source this URI names: {@code pin-value} or {@code pin-source}; empty when it names neither (the caller
     * then supplies its own {@link PinCallback}).
     */
    public Optional<PinCallback> pinCallback() {
        if (pinValue != null) {
            return Optional.of(PinCallback.ofValue(pinValue));
        }
        if (pinSource != null) {
            return Optional.of(PinCallback.ofFile(PinSourceLocation.of(pinSource)));
        }
        return Optional.empty();
    }

    /**
     * True when every token attribute this URI names equals the given {@code CK_TOKEN_INFO} value. Trailing blanks
     * (PKCS#11 pads these fixed-width fields with spaces) are ignored; a {@code null} value matches only an absent
     * attribute.
     */
    public boolean matchesToken(String label, String manufacturerId, String tokenModel, String serialNumber) {
        return matches(token, label) && matches(manufacturer, manufacturerId) && matches(model, tokenModel)
                && matches(serial, serialNumber);
    }

    /** True when every slot attribute this URI names equals the given {@code CK_SLOT_INFO} value and slot id. */
    public boolean matchesSlot(String description, String manufacturerId, long id) {
        return matches(slotDescription, description) && matches(slotManufacturer, manufacturerId)
                && (slotId == null || slotId == id);
    }

    /**
     * True when every library attribute this URI names equals the given {@code CK_INFO} value. A
     * {@code library-version} of {@code 2} means 2.0 (RFC 7512 section 2.3).
     */
    public boolean matchesLibrary(String manufacturerId, String description, int versionMajor, int versionMinor) {
        return matches(libraryManufacturer, manufacturerId) && matches(libraryDescription, description)
                && (libraryVersion == null
                        || (libraryVersion.major == versionMajor && libraryVersion.minor == versionMinor));
    }

    /** True when the object attributes this URI names ({@code object}, {@code id}, {@code type}) all match. */
    public boolean matchesObject(String label, byte[] objectId, ObjectType objectType) {
        return (object == null || object.equals(label))
                && (id == null || (objectId != null && Arrays.equals(id, objectId)))
                && (type == null || type == objectType);
    }

    /** The URI text including {@code pin-value}, for round trips: {@code parse(u.format()).equals(u)}. */
    public String format() {
        return toUriString(true);
    }

    /**
     * The URI text with every value percent-encoded where RFC 7512 requires it and {@code id} always as {@code %XX}.
     *
     * @param includePin false replaces a {@code pin-value} with {@code ***}; true puts the PIN, percent-encoded, into
     *     the returned String (and nowhere else), which the caller then has to keep as carefully as a PIN file
     */
    public String toUriString(boolean includePin) {
        StringBuilder path = new StringBuilder();
        appendText(path, "token", token);
        appendText(path, "manufacturer", manufacturer);
        appendText(path, "serial", serial);
        appendText(path, "model", model);
        appendText(path, "library-manufacturer", libraryManufacturer);
        appendText(path, "library-description", libraryDescription);
        if (libraryVersion != null) {
            appendRaw(path, ';', "library-version", libraryVersion.toString());
        }
        appendText(path, "slot-description", slotDescription);
        appendText(path, "slot-manufacturer", slotManufacturer);
        if (slotId != null) {
            appendRaw(path, ';', "slot-id", Long.toUnsignedString(slotId));
        }
        appendText(path, "object", object);
        if (type != null) {
            appendRaw(path, ';', "type", type.uriValue());
        }
        if (id != null) {
            appendRaw(path, ';', "id", PercentCodec.encodeAll(id));
        }
        for (Map.Entry<String, String> e : vendorPathAttributes.entrySet()) {
            appendText(path, e.getKey(), e.getValue());
        }
        StringBuilder query = new StringBuilder();
        appendQuery(query, "module-name", moduleName);
        appendQuery(query, "module-path", modulePath);
        appendQuery(query, "pin-source", pinSource);
        if (pinValue != null) {
            if (includePin) {
                query.append(query.length() == 0 ? "" : "&").append("pin-value=");
                PercentCodec.appendSecret(query, pinValue, Component.QUERY);
            } else {
                appendRaw(query, '&', "pin-value", "***");
            }
        }
        for (Map.Entry<String, String> e : vendorQueryAttributes.entrySet()) {
            appendQuery(query, e.getKey(), e.getValue());
        }
        StringBuilder out = new StringBuilder("pkcs11:").append(path);
        if (query.length() > 0) {
            out.append('?').append(query);
        }
        return out.toString();
    }

    /** The URI text with {@code pin-value} masked. */
    @Override
    public String toString() {
        return toUriString(false);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Pkcs11Uri)) {
            return false;
        }
        Pkcs11Uri u = (Pkcs11Uri) o;
        return Objects.equals(token, u.token) && Objects.equals(manufacturer, u.manufacturer)
                && Objects.equals(serial, u.serial) && Objects.equals(model, u.model)
                && Objects.equals(libraryManufacturer, u.libraryManufacturer)
                && Objects.equals(libraryDescription, u.libraryDescription)
                && Objects.equals(libraryVersion, u.libraryVersion)
                && Objects.equals(slotDescription, u.slotDescription)
                && Objects.equals(slotManufacturer, u.slotManufacturer) && Objects.equals(slotId, u.slotId)
                && Objects.equals(object, u.object) && type == u.type && Arrays.equals(id, u.id)
                && vendorPathAttributes.equals(u.vendorPathAttributes) && Arrays.equals(pinValue, u.pinValue)
                && Objects.equals(pinSource, u.pinSource) && Objects.equals(moduleName, u.moduleName)
                && Objects.equals(modulePath, u.modulePath) && vendorQueryAttributes.equals(u.vendorQueryAttributes);
    }

    @Override
    public int hashCode() {
        // pin-value is left out on purpose: a hash must not leak anything about a secret
        return Objects.hash(token, manufacturer, serial, model, object, type, Arrays.hashCode(id), slotId,
                moduleName, modulePath);
    }

    private static boolean matches(String wanted, String actual) {
        if (wanted == null) {
            return true;
        }
        return actual != null && wanted.equals(stripTrailingBlanks(actual));
    }

    private static String stripTrailingBlanks(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static void appendText(StringBuilder sb, String name, String value) {
        if (value != null) {
            appendRaw(sb, ';', name, PercentCodec.encodeText(value, Component.PATH));
        }
    }

    private static void appendQuery(StringBuilder sb, String name, String value) {
        if (value != null) {
            appendRaw(sb, '&', name, PercentCodec.encodeText(value, Component.QUERY));
        }
    }

    private static void appendRaw(StringBuilder sb, char separator, String name, String encodedValue) {
        if (sb.length() > 0) {
            sb.append(separator);
        }
        sb.append(name).append('=').append(encodedValue);
    }

    /** Builds a {@link Pkcs11Uri}; a {@code null} argument clears the attribute. */
    public interface Builder {
        Builder token(String token);

        Builder manufacturer(String manufacturer);

        Builder serial(String serial);

        Builder model(String model);

        Builder libraryManufacturer(String libraryManufacturer);

        Builder libraryDescription(String libraryDescription);

        Builder libraryVersion(LibraryVersion libraryVersion);

        Builder slotDescription(String slotDescription);

        Builder slotManufacturer(String slotManufacturer);

        /** An unsigned {@code CK_SLOT_ID}; 0 is slot 0. */
        Builder slotId(Long slotId);

        Builder object(String object);

        Builder type(ObjectType type);

        /** {@code CKA_ID} bytes, copied. */
        Builder id(byte[] id);

        /** Adds or replaces a vendor path attribute; {@code name} must start with {@code x-}. */
        Builder putVendorPathAttribute(String name, String value);

        /** {@code pin-value}, copied; the caller wipes its own array. Prefer {@link #pinSource(String)}. */
        Builder pinValue(char[] pinValue);

        Builder pinSource(String pinSource);

        Builder moduleName(String moduleName);

        Builder modulePath(String modulePath);

        /** Adds or replaces a vendor query attribute; {@code name} must start with {@code x-}. */
        Builder putVendorQueryAttribute(String name, String value);

        /** @throws Pkcs11UriException when both {@code pin-value} and {@code pin-source} are set */
        Pkcs11Uri build();
    }

    private static final class BuilderImpl implements Builder {
        private String token;
        private String manufacturer;
        private String serial;
        private String model;
        private String libraryManufacturer;
        private String libraryDescription;
        private LibraryVersion libraryVersion;
        private String slotDescription;
        private String slotManufacturer;
        private Long slotId;
        private String object;
        private ObjectType type;
        private byte[] id;
        private final Map<String, String> vendorPathAttributes = new LinkedHashMap<>();
        private char[] pinValue;
        private String pinSource;
        private String moduleName;
        private String modulePath;
        private final Map<String, String> vendorQueryAttributes = new LinkedHashMap<>();

        BuilderImpl() {
        }

        BuilderImpl(Pkcs11Uri u) {
            token = u.token;
            manufacturer = u.manufacturer;
            serial = u.serial;
            model = u.model;
            libraryManufacturer = u.libraryManufacturer;
            libraryDescription = u.libraryDescription;
            libraryVersion = u.libraryVersion;
            slotDescription = u.slotDescription;
            slotManufacturer = u.slotManufacturer;
            slotId = u.slotId;
            object = u.object;
            type = u.type;
            id = u.id == null ? null : u.id.clone();
            vendorPathAttributes.putAll(u.vendorPathAttributes);
            pinValue = u.pinValue == null ? null : u.pinValue.clone();
            pinSource = u.pinSource;
            moduleName = u.moduleName;
            modulePath = u.modulePath;
            vendorQueryAttributes.putAll(u.vendorQueryAttributes);
        }

        @Override
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        @Override
        public Builder manufacturer(String manufacturer) {
            this.manufacturer = manufacturer;
            return this;
        }

        @Override
        public Builder serial(String serial) {
            this.serial = serial;
            return this;
        }

        @Override
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        @Override
        public Builder libraryManufacturer(String libraryManufacturer) {
            this.libraryManufacturer = libraryManufacturer;
            return this;
        }

        @Override
        public Builder libraryDescription(String libraryDescription) {
            this.libraryDescription = libraryDescription;
            return this;
        }

        @Override
        public Builder libraryVersion(LibraryVersion libraryVersion) {
            this.libraryVersion = libraryVersion;
            return this;
        }

        @Override
        public Builder slotDescription(String slotDescription) {
            this.slotDescription = slotDescription;
            return this;
        }

        @Override
        public Builder slotManufacturer(String slotManufacturer) {
            this.slotManufacturer = slotManufacturer;
            return this;
        }

        @Override
        public Builder slotId(Long slotId) {
            this.slotId = slotId;
            return this;
        }

        @Override
        public Builder object(String object) {
            this.object = object;
            return this;
        }

        @Override
        public Builder type(ObjectType type) {
            this.type = type;
            return this;
        }

        @Override
        public Builder id(byte[] id) {
            this.id = id == null ? null : id.clone();
            return this;
        }

        @Override
        public Builder putVendorPathAttribute(String name, String value) {
            vendorPathAttributes.put(checkVendorName(name), Objects.requireNonNull(value, "value"));
            return this;
        }

        @Override
        public Builder pinValue(char[] pinValue) {
            if (this.pinValue != null) {
                Arrays.fill(this.pinValue, '\0');
            }
            this.pinValue = pinValue == null ? null : pinValue.clone();
            return this;
        }

        @Override
        public Builder pinSource(String pinSource) {
            this.pinSource = pinSource;
            return this;
        }

        @Override
        public Builder moduleName(String moduleName) {
            if (moduleName != null && (moduleName.indexOf('/') >= 0 || moduleName.indexOf('\\') >= 0)) {
                throw new Pkcs11UriException("module-name '" + moduleName + "' contains a path separator: "
                        + "module-name is a bare name such as 'softhsm2'; give a file with module-path instead");
            }
            this.moduleName = moduleName;
            return this;
        }

        @Override
        public Builder modulePath(String modulePath) {
            this.modulePath = modulePath;
            return this;
        }

        @Override
        public Builder putVendorQueryAttribute(String name, String value) {
            vendorQueryAttributes.put(checkVendorName(name), Objects.requireNonNull(value, "value"));
            return this;
        }

        @Override
        public Pkcs11Uri build() {
            return new Pkcs11Uri(this);
        }

        private static String checkVendorName(String name) {
            if (name == null || !VENDOR_NAME.matcher(name).matches()) {
                throw new Pkcs11UriException("'" + name + "' is not a vendor attribute name: vendor attributes "
                        + "start with 'x-' followed by letters, digits, '-' or '_' (e.g. x-my-option)");
            }
            return name;
        }
    }
}
