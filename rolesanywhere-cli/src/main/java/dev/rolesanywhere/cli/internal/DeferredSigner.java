package dev.rolesanywhere.cli.internal;

import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SigningAlgorithm;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Stands in for the real signer while the request is validated, so that a malformed ARN or duration is reported
 * before any key file is read or any token asks for its PIN. The real signer is attached once, right after.
 */
final class DeferredSigner implements Signer {

    private volatile Signer target;

    void attach(Signer signer) {
        if (target != null) {
            throw new IllegalStateException("signer already attached");
        }
        target = signer;
    }

    private Signer target() {
        Signer t = target;
        if (t == null) {
            throw new IllegalStateException("no signer attached yet");
        }
        return t;
    }

    @Override
    public X509Certificate certificate() {
        return target().certificate();
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return target().certificateChain();
    }

    @Override
    public SigningAlgorithm algorithm() {
        return target().algorithm();
    }

    @Override
    public byte[] sign(byte[] data) {
        return target().sign(data);
    }

    @Override
    public Signer current() {
        return target().current();
    }

    @Override
    public void close() {
        Signer t = target;
        if (t != null) {
            t.close();
        }
    }
}
