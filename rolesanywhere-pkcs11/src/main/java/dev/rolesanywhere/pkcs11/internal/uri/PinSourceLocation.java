package dev.rolesanywhere.pkcs11.internal.uri;

import dev.rolesanywhere.pkcs11.Pkcs11UriException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where a URI's {@code pin-source} points. */
public final class PinSourceLocation {

    private PinSourceLocation() {
    }

    /**
     * The file a {@code pin-source} names: a {@code file:} URI ({@code file:/p}, {@code file:///p}) or a plain path.
     * Other schemes are rejected because reading them would mean fetching a PIN over a network.
     */
    public static Path of(String pinSource) {
        if (pinSource.regionMatches(true, 0, "file:", 0, 5)) {
            try {
                URI uri = new URI(pinSource);
                if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()
                        && !"localhost".equalsIgnoreCase(uri.getAuthority())) {
                    throw new Pkcs11UriException("pin-source '" + pinSource + "' names a remote host: only local "
                            + "files are supported; copy the PIN file to this machine and use file:///path");
                }
                return Paths.get(new URI("file", null, uri.getPath(), null));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new Pkcs11UriException("pin-source '" + pinSource + "' is not a valid file: URI: write "
                        + "file:///absolute/path or a plain path", e);
            }
        }
        int colon = pinSource.indexOf(':');
        int slash = pinSource.indexOf('/');
        // "C:\pin" is a Windows path, "https://..." is a scheme we refuse
        if (colon > 1 && (slash < 0 || colon < slash)) {
            throw new Pkcs11UriException("pin-source '" + pinSource + "' uses an unsupported scheme: pin-source "
                    + "must be a local file path or a file: URI");
        }
        try {
            return Paths.get(pinSource);
        } catch (InvalidPathException e) {
            throw new Pkcs11UriException("pin-source '" + pinSource + "' is not a valid file path: " + e.getReason(),
                    e);
        }
    }
}
