package dev.rolesanywhere.cli.internal;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.CreateSessionClient;
import dev.rolesanywhere.core.CreateSessionRequest;
import dev.rolesanywhere.core.SessionCredentials;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SignerSpec;
import dev.rolesanywhere.core.Signers;
import dev.rolesanywhere.pkcs11.Pkcs11Uri;
import dev.rolesanywhere.pkcs11.Pkcs11UriException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * One signer, one HTTP client and one CreateSession client, built once from the command line and reused for every
 * refresh: a token login (and its PIN) happens once per process, not once per session.
 */
public final class CredentialsFetcher implements Supplier<SessionCredentials>, AutoCloseable {

    private final Signer signer;
    private final SdkHttpClient httpClient;
    private final CreateSessionClient client;
    private final CreateSessionRequest request;

    private CredentialsFetcher(Signer signer, SdkHttpClient httpClient, CreateSessionClient client,
            CreateSessionRequest request) {
        this.signer = signer;
        this.httpClient = httpClient;
        this.client = client;
        this.request = request;
    }

    /** What the command line said; checked here so every command reports the same errors the same way. */
    public static final class Settings {
        public String certificate;
        public String privateKey;
        public Path intermediates;
        public String trustAnchorArn;
        public String profileArn;
        public String roleArn;
        public int sessionDurationSeconds = 3600;
        public String region;
        public String endpoint;
        public boolean noVerifySsl;
        public Path caBundle;
        public boolean withProxy;
        public URI proxy;
        public String roleSessionName;
        public String pkcs11Library;
        public boolean reusePin;
        public char[] pkcs8Password;
        public boolean debug;
    }

    public static CredentialsFetcher create(CliContext context, Settings s) {
        try {
            return build(context, s);
        } finally {
            if (s.pkcs8Password != null) {
                Arrays.fill(s.pkcs8Password, '\0');
            }
        }
    }

    private static CredentialsFetcher build(CliContext context, Settings s) {
        require(s.certificate, "--certificate", "a PEM, DER or PKCS#12 file, or a pkcs11: URI");
        require(s.trustAnchorArn, "--trust-anchor-arn", "arn:aws:rolesanywhere:REGION:ACCOUNT:trust-anchor/ID");
        require(s.profileArn, "--profile-arn", "arn:aws:rolesanywhere:REGION:ACCOUNT:profile/ID");
        require(s.roleArn, "--role-arn", "arn:aws:iam::ACCOUNT:role/NAME");
        URI endpoint = s.endpoint == null ? null : endpoint(s.endpoint);
        // Validated before any key is touched: no PIN is asked for a request that could never be sent.
        DeferredSigner signer = new DeferredSigner();
        CreateSessionRequest request = CreateSessionRequest.builder()
                .signer(signer)
                .trustAnchorArn(s.trustAnchorArn)
                .profileArn(s.profileArn)
                .roleArn(s.roleArn)
                .duration(Duration.ofSeconds(s.sessionDurationSeconds))
                .roleSessionName(s.roleSessionName)
                .build();
        SdkHttpClient http = HttpClients.create(context, s.caBundle, s.noVerifySsl, s.proxy, s.withProxy);
        CreateSessionClient client = null;
        try {
            signer.attach(Signers.fromSpec(signerSpec(context, s)));
            CreateSessionClient.Builder builder = CreateSessionClient.builder()
                    .httpClient(http)
                    .debugLoggingEnabled(s.debug);
            if (s.region != null) {
                builder.region(s.region);
            }
            if (endpoint != null) {
                builder.endpoint(endpoint);
            }
            client = builder.build();
            return new CredentialsFetcher(signer, http, client, request);
        } catch (RuntimeException e) {
            closeQuietly(client);
            closeQuietly(signer);
            http.close();
            throw e;
        }
    }

    /** Just the signer, for the diagnostic commands; the caller closes it. The PKCS#8 password is wiped. */
    public static Signer openSigner(CliContext context, Settings s) {
        try {
            require(s.certificate, "--certificate", "a PEM, DER or PKCS#12 file, or a pkcs11: URI");
            return Signers.fromSpec(signerSpec(context, s));
        } finally {
            if (s.pkcs8Password != null) {
                Arrays.fill(s.pkcs8Password, '\0');
            }
        }
    }

    private static SignerSpec signerSpec(CliContext context, Settings s) {
        SignerSpec.Builder spec = SignerSpec.builder()
                .certificate(s.certificate)
                .privateKey(s.privateKey)
                .intermediates(s.intermediates)
                .pkcs11Library(s.pkcs11Library)
                .reusePin(s.reusePin)
                .contextPinCallback(PinPrompt.contextSpecific(context));
        if (!uriCarriesPin(s.certificate, "--certificate") && !uriCarriesPin(s.privateKey, "--private-key")) {
            spec.pinCallback(new PinPrompt(context));
        }
        if (s.pkcs8Password != null) {
            spec.pkcs8Password(s.pkcs8Password);
        }
        return spec.build();
    }

    /** A PIN written in the URI (pin-value, pin-source) wins; the environment and the prompt are the fallback. */
    private static boolean uriCarriesPin(String location, String flag) {
        if (location == null || !location.regionMatches(true, 0, "pkcs11:", 0, 7)) {
            return false;
        }
        Pkcs11Uri uri;
        try {
            uri = Pkcs11Uri.parse(location);
        } catch (Pkcs11UriException e) {
            throw new ConfigurationException("The pkcs11: URI of " + flag + " is malformed: " + e.getMessage(), e);
        }
        if (uri.pinSource().isPresent()) {
            return true;
        }
        Optional<char[]> pin = uri.pinValue();
        pin.ifPresent(p -> Arrays.fill(p, '\0'));
        return pin.isPresent();
    }

    private static URI endpoint(String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new ConfigurationException("--endpoint '" + value + "' is not an absolute URL; use "
                        + "https://host[:port][/path]");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigurationException("--endpoint '" + value + "' is not a URL (" + e.getReason()
                    + "); use https://host[:port][/path]", e);
        }
    }

    private static void require(String value, String flag, String example) {
        if (value == null || value.trim().isEmpty()) {
            throw new ConfigurationException("Missing " + flag + "; give " + example);
        }
    }

    /** Calls CreateSession once (the client retries throttling and transport failures itself). */
    @Override
    public SessionCredentials get() {
        return client.createSession(request);
    }

    public String roleArn() {
        return request.roleArn();
    }

    @Override
    public void close() {
        closeQuietly(client);
        closeQuietly(signer);
        httpClient.close();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // Closing after a failure must not hide the failure.
        }
    }
}
