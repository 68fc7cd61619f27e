package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.CliContext;
import dev.rolesanywhere.cli.internal.Inventories;
import dev.rolesanywhere.cli.internal.Json;
import dev.rolesanywhere.cli.internal.PinPrompt;
import dev.rolesanywhere.pkcs11.Pkcs11Uri;
import dev.rolesanywhere.pkcs11.TokenInventory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Shows what is on the tokens, each object with the pkcs11: URI to paste into a configuration. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the tokens of a PKCS#11 module with their certificates and private keys, each with the "
                + "pkcs11: URI that names it.",
            "Certificates are read without login. Private keys (and private certificates) are listed after a login, "
                + "which happens only when the URI selects one token and a PIN is available: pin-value/pin-source in "
                + "the URI, " + PinPrompt.PIN_VARIABLE + ", or --login to be asked."})
final class Pkcs11ListCommand implements Callable<Integer> {

    enum Format { text, json }

    @ParentCommand
    Pkcs11Command group;

    @Option(names = "--uri", paramLabel = "URI", description = "pkcs11: URI restricting the listing (default: pkcs11:, "
            + "everything in the module)")
    String uri;

    @Option(names = "--pkcs11-lib", paramLabel = "FILE", description = "PKCS#11 module (default: module-path in the "
            + "URI, else p11-kit-proxy)")
    Path pkcs11Lib;

    @Option(names = "--login", description = "Ask for the PIN on the terminal if none is configured, to list keys")
    boolean login;

    @Option(names = "--format", defaultValue = "text", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Format format;

    @Override
    public Integer call() {
        CliContext context = group.parent.context();
        try (TokenInventory inventory = Inventories.open(context, uri, "--uri", pkcs11Lib, login)) {
            List<TokenInventory.TokenEntry> tokens = inventory.tokens();
            List<TokenInventory.CertificateEntry> certificates = inventory.certificates();
            List<TokenInventory.KeyEntry> keys = inventory.privateKeys();
            if (format == Format.json) {
                List<Object> out = new ArrayList<>();
                for (TokenInventory.TokenEntry t : tokens) {
                    out.add(tokenJson(t, certificates, keys));
                }
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("loggedIn", inventory.logsIn());
                root.put("tokens", out);
                context.out().println(Json.object(root));
            } else {
                for (TokenInventory.TokenEntry t : tokens) {
                    printToken(context.out(), t, certificates, keys, inventory.logsIn());
                }
            }
            if (!inventory.logsIn()) {
                context.err().println(tokens.size() > 1
                        ? "Private keys are not listed: several tokens are selected and a PIN is never tried on "
                                + "several. Select one with --uri pkcs11:token=<label>"
                        : "Private keys are not listed without a login: add --login, set " + PinPrompt.PIN_VARIABLE
                                + ", or put pin-source in the URI");
            }
        }
        return 0;
    }

    private static boolean onToken(Pkcs11Uri object, TokenInventory.TokenEntry token) {
        return object.token().equals(token.uri().token()) && object.serial().equals(token.uri().serial())
                && object.manufacturer().equals(token.uri().manufacturer())
                && object.model().equals(token.uri().model());
    }

    private static void printToken(PrintStream out, TokenInventory.TokenEntry t,
            List<TokenInventory.CertificateEntry> certificates, List<TokenInventory.KeyEntry> keys, boolean loggedIn) {
        out.println("Token '" + t.label() + "' (slot " + t.slotId() + ", " + t.manufacturer() + " " + t.model()
                + ", serial " + t.serial() + ")" + flags(t));
        out.println("  " + t.uri().toUriString(false));
        out.println("  Certificates:");
        boolean any = false;
        for (TokenInventory.CertificateEntry c : certificates) {
            if (onToken(c.uri(), t)) {
                any = true;
                out.println("    " + c.subject() + (c.isAuthority() ? "  (CA)" : ""));
                out.println("      issuer  " + c.issuer());
                out.println("      serial  " + c.serialNumber() + ", expires " + c.notAfter());
                out.println("      " + c.uri().toUriString(false));
            }
        }
        if (!any) {
            out.println("    (none" + (loggedIn ? "" : " visible without login") + ")");
        }
        out.println("  Private keys:");
        any = false;
        for (TokenInventory.KeyEntry k : keys) {
            if (onToken(k.uri(), t)) {
                any = true;
                out.println("    " + k.algorithm() + "  " + k.label().orElse("(no label)")
                        + k.id().map(id -> "  id " + HexFormat.of().formatHex(id)).orElse("")
                        + (k.alwaysAuthenticate() ? "  always-authenticate" : ""));
                out.println("      " + k.uri().toUriString(false));
            }
        }
        if (!any) {
            out.println("    (" + (loggedIn ? "none" : "not listed without login") + ")");
        }
    }

    private static String flags(TokenInventory.TokenEntry t) {
        List<String> flags = new ArrayList<>();
        if (t.loginRequired()) {
            flags.add("login required");
        }
        if (t.protectedAuthenticationPath()) {
            flags.add("PIN pad");
        }
        if (t.userPinLocked()) {
            flags.add("USER PIN LOCKED");
        } else if (t.userPinFinalTry()) {
            flags.add("one PIN try left");
        } else if (t.userPinCountLow()) {
            flags.add("PIN count low");
        }
        return flags.isEmpty() ? "" : " [" + String.join(", ", flags) + "]";
    }

    private static Map<String, Object> tokenJson(TokenInventory.TokenEntry t,
            List<TokenInventory.CertificateEntry> certificates, List<TokenInventory.KeyEntry> keys) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", t.label());
        m.put("manufacturer", t.manufacturer());
        m.put("model", t.model());
        m.put("serial", t.serial());
        m.put("slotId", t.slotId());
        m.put("loginRequired", t.loginRequired());
        m.put("protectedAuthenticationPath", t.protectedAuthenticationPath());
        m.put("userPinCountLow", t.userPinCountLow());
        m.put("userPinFinalTry", t.userPinFinalTry());
        m.put("userPinLocked", t.userPinLocked());
        m.put("uri", t.uri().toUriString(false));
        List<Object> certs = new ArrayList<>();
        for (TokenInventory.CertificateEntry c : certificates) {
            if (onToken(c.uri(), t)) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("label", c.label().orElse(null));
                cm.put("id", c.id().map(HexFormat.of()::formatHex).orElse(null));
                cm.put("subject", c.subject());
                cm.put("issuer", c.issuer());
                cm.put("serialNumber", c.serialNumber().toString());
                cm.put("notAfter", c.notAfter().toString());
                cm.put("authority", c.isAuthority());
                cm.put("uri", c.uri().toUriString(false));
                certs.add(cm);
            }
        }
        m.put("certificates", certs);
        List<Object> keyList = new ArrayList<>();
        for (TokenInventory.KeyEntry k : keys) {
            if (onToken(k.uri(), t)) {
                Map<String, Object> km = new LinkedHashMap<>();
                km.put("label", k.label().orElse(null));
                km.put("id", k.id().map(HexFormat.of()::formatHex).orElse(null));
                km.put("keyType", k.algorithm().name());
                km.put("alwaysAuthenticate", k.alwaysAuthenticate());
                km.put("uri", k.uri().toUriString(false));
                keyList.add(km);
            }
        }
        m.put("privateKeys", keyList);
        return m;
    }
}
