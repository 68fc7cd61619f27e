package dev.rolesanywhere.cli.internal;

import dev.rolesanywhere.core.CreateSessionClient;
import dev.rolesanywhere.core.CreateSessionRequest;
import dev.rolesanywhere.core.SessionCredentials;
import dev.rolesanywhere.core.SessionSpec;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SignerSpec;
import dev.rolesanywhere.core.Signers;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One signer and one CreateSession client, opened once from the command line and reused for every refresh: a token
 * login (and its PIN) happens once per process, not once per session.
 */
public final class CredentialsFetcher implements Supplier<SessionCredentials>, AutoCloseable {

    private final Signer signer;
    private final CreateSessionClient client;
    private final CreateSessionRequest request;

    private CredentialsFetcher(Signer signer, CreateSessionClient client, CreateSessionRequest request) {
        this.signer = signer;
        this.client = client;
        this.request = request;
    }

    /** {@link #open(SessionSpec, Function)} loading the key without asking for anything. */
    public static CredentialsFetcher open(SessionSpec spec) {
        return open(spec, Signers::fromSpec);
    }

    /**
     * Checks the request, then creates the client and loads the key, in that order: no PIN or password is asked for
     * a request that could never be sent.
     *
     * @param loadSigner builds the signer from the spec's key source (asking for a password when one is needed)
     */
    public static CredentialsFetcher open(SessionSpec spec, Function<SignerSpec, Signer> loadSigner) {
        StartupTrace.mark("command-line");
        spec.validateRequest();
        CreateSessionClient client = spec.createSessionClient();
        StartupTrace.mark("http-client");
        Signer signer = null;
        try {
            signer = loadSigner.apply(spec.signerSpec().orElseThrow());
            StartupTrace.mark("key");
            return new CredentialsFetcher(signer, client, spec.createSessionRequest(signer));
        } catch (RuntimeException e) {
            closeQuietly(signer);
            client.close();
            throw e;
        }
    }

    /** Calls CreateSession once (the client retries throttling and transport failures itself). */
    @Override
    public SessionCredentials get() {
        SessionCredentials credentials = client.createSession(request);
        StartupTrace.mark("create-session");
        return credentials;
    }

    public String roleArn() {
        return request.roleArn();
    }

    @Override
    public void close() {
        closeQuietly(client);
        closeQuietly(signer);
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
