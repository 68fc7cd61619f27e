package dev.rolesanywhere.pkcs11.internal.uri;

import dev.rolesanywhere.core.SignerSpec;
import dev.rolesanywhere.pkcs11.Pkcs11Uri;
import dev.rolesanywhere.pkcs11.Pkcs11Uri.LibraryVersion;
import dev.rolesanywhere.pkcs11.Pkcs11Uri.ObjectType;
import dev.rolesanywhere.pkcs11.Pkcs11UriException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses RFC 7512 text into a {@link Pkcs11Uri}. Error messages quote the offending attribute but never a
 * {@code pin-value}: the whole URI is only ever quoted with the PIN masked.
 */
public final class Pkcs11UriParser {

    private static final String SCHEME = "pkcs11:";
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern VERSION = Pattern.compile("([0-9]{1,3})(?:\\.([0-9]{1,3}))?");

    private Pkcs11UriParser() {
    }

    public static Pkcs11Uri parse(String text) {
        if (text == null) {
            throw new Pkcs11UriException("PKCS#11 URI is null: give a URI such as pkcs11:token=my-token");
        }
        String uri = text.trim();
        if (!uri.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new Pkcs11UriException("'" + abbreviate(redact(uri)) + "' is not a PKCS#11 URI: it must start with "
                    + "'pkcs11:' (RFC 7512), e.g. pkcs11:token=my-token;object=my-key");
        }
        String rest = uri.substring(SCHEME.length());
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? null : rest.substring(q + 1);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            throw new Pkcs11UriException("PKCS#11 URI '" + abbreviate(redact(uri))
                    + "' contains '#': PKCS#11 URIs have no fragment; percent-encode a literal '#' as %23");
        }
        Pkcs11Uri.Builder builder = Pkcs11Uri.builder();
        if (!path.isEmpty()) {
            Set<String> seen = new HashSet<>();
            for (String attribute : path.split(";", -1)) {
                applyPath(builder, nameValue(attribute, ';', uri), seen);
            }
        }
        if (query != null && !query.isEmpty()) {
            // A vendor attribute may appear once in each component (the builder keeps them apart), so the repeat
            // check is per component; the standard names never overlap between path and query.
            Set<String> seen = new HashSet<>();
            for (String attribute : query.split("&", -1)) {
                applyQuery(builder, nameValue(attribute, '&', uri), seen);
            }
        }
        return builder.build();
    }

    private static String[] nameValue(String attribute, char separator, String uri) {
        if (attribute.isEmpty()) {
            throw new Pkcs11UriException("PKCS#11 URI '" + abbreviate(redact(uri)) + "' has an empty attribute (a '"
                    + separator + "' at the start or end, or two in a row): remove the extra '" + separator + "'");
        }
        int eq = attribute.indexOf('=');
        if (eq < 0) {
            // a bare query word may be a PIN pasted without "pin-value=", so it is not echoed
            String shown = separator == '&' ? "in the query" : "'" + abbreviate(redact(attribute)) + "'";
            throw new Pkcs11UriException("PKCS#11 URI attribute " + shown
                    + " has no '=': write name=value, e.g. token=my-token or pin-source=/path/to/pin-file");
        }
        String name = attribute.substring(0, eq);
        if (!ATTRIBUTE_NAME.matcher(name).matches()) {
            throw new Pkcs11UriException("PKCS#11 URI attribute name '" + abbreviate(name)
                    + "' is invalid: names are letters, digits, '-' and '_' (e.g. token, slot-id, x-vendor)");
        }
        return new String[] {name, attribute.substring(eq + 1)};
    }

    private static void checkDuplicate(String name, Set<String> seen) {
        if (!seen.add(name)) {
            throw new Pkcs11UriException("PKCS#11 URI attribute '" + name + "' appears more than once: "
                    + "RFC 7512 allows each attribute once; keep one '" + name + "=...'");
        }
    }

    private static void applyPath(Pkcs11Uri.Builder b, String[] nv, Set<String> seen) {
        String name = nv[0];
        String raw = nv[1];
        checkDuplicate(name, seen);
        switch (name) {
            case "token":
                b.token(text(raw, name));
                break;
            case "manufacturer":
                b.manufacturer(text(raw, name));
                break;
            case "serial":
                b.serial(text(raw, name));
                break;
            case "model":
                b.model(text(raw, name));
                break;
            case "library-manufacturer":
                b.libraryManufacturer(text(raw, name));
                break;
            case "library-description":
                b.libraryDescription(text(raw, name));
                break;
            case "library-version":
                b.libraryVersion(libraryVersion(text(raw, name)));
                break;
            case "slot-description":
                b.slotDescription(text(raw, name));
                break;
            case "slot-manufacturer":
                b.slotManufacturer(text(raw, name));
                break;
            case "slot-id":
                b.slotId(slotId(text(raw, name)));
                break;
            case "object":
                b.object(text(raw, name));
                break;
            case "type":
                b.type(objectType(text(raw, name)));
                break;
            case "id":
                b.id(PercentCodec.decode(raw, name));
                break;
            default:
                if (isVendor(name)) {
                    b.putVendorPathAttribute(name, text(raw, name));
                } else if (isQueryName(name)) {
                    throw new Pkcs11UriException("'" + name + "' is a query attribute but appears in the path of the "
                            + "PKCS#11 URI: move it after a '?', e.g. pkcs11:token=t?" + name + "=...");
                } else {
                    throw unknown(name, "path", "token, manufacturer, serial, model, library-manufacturer, "
                            + "library-description, library-version, object, type, id, slot-description, "
                            + "slot-manufacturer, slot-id");
                }
        }
    }

    private static void applyQuery(Pkcs11Uri.Builder b, String[] nv, Set<String> seen) {
        String name = nv[0];
        String raw = nv[1];
        checkDuplicate(name, seen);
        switch (name) {
            case "pin-value":
                char[] pin = pin(raw);
                try {
                    b.pinValue(pin);
                } finally {
                    Arrays.fill(pin, '\0');
                }
                break;
            case "pin-source":
                b.pinSource(text(raw, name));
                break;
            case "module-name":
                b.moduleName(text(raw, name));
                break;
            case "module-path":
                b.modulePath(text(raw, name));
                break;
            default:
                if (isVendor(name)) {
                    b.putVendorQueryAttribute(name, text(raw, name));
                } else {
                    throw unknown(name, "query", "pin-value, pin-source, module-name, module-path");
                }
        }
    }

    private static Pkcs11UriException unknown(String name, String component, String known) {
        return new Pkcs11UriException("Unknown PKCS#11 URI " + component + " attribute '" + name + "': known "
                + component + " attributes are " + known + "; vendor attributes must start with 'x-'");
    }

    private static boolean isVendor(String name) {
        return name.startsWith("x-") && name.length() > 2;
    }

    private static boolean isQueryName(String name) {
        return name.equals("pin-value") || name.equals("pin-source") || name.equals("module-name")
                || name.equals("module-path");
    }

    private static String text(String raw, String name) {
        return PercentCodec.decodeText(raw, name);
    }

    private static Long slotId(String value) {
        if (!DIGITS.matcher(value).matches()) {
            throw new Pkcs11UriException("slot-id '" + abbreviate(value)
                    + "' is not a decimal number: write the CK_SLOT_ID in decimal, e.g. slot-id=0 or slot-id=1234");
        }
        try {
            return Long.parseUnsignedLong(value);
        } catch (NumberFormatException e) {
            throw new Pkcs11UriException("slot-id '" + abbreviate(value)
                    + "' is larger than any CK_SLOT_ID (at most 18446744073709551615)", e);
        }
    }

    private static LibraryVersion libraryVersion(String value) {
        Matcher m = VERSION.matcher(value);
        if (!m.matches()) {
            throw new Pkcs11UriException("library-version '" + abbreviate(value)
                    + "' is malformed: write major[.minor] in decimal, e.g. library-version=2 or library-version=2.6");
        }
        int major = Integer.parseInt(m.group(1));
        int minor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        return LibraryVersion.of(major, minor);
    }

    private static ObjectType objectType(String value) {
        return ObjectType.fromUriValue(value).orElseThrow(() -> new Pkcs11UriException("type '" + abbreviate(value)
                + "' is not a PKCS#11 URI object type: use one of public, private, cert, secret-key, data"));
    }

    /** Decodes the PIN straight into a char array so no extra String copy of it is made here. */
    private static char[] pin(String raw) {
        byte[] bytes = PercentCodec.decode(raw, "pin-value");
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            Arrays.fill(chars.array(), '\0');
            return out;
        } catch (CharacterCodingException e) {
            throw new Pkcs11UriException("pin-value does not decode to UTF-8 text: percent escapes in pin-value "
                    + "must spell UTF-8 bytes", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The URI with any pin-value replaced, safe to put in a message: core's redaction, which ignores case. */
    static String redact(String uri) {
        return SignerSpec.redact(uri);
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
