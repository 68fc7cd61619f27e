package dev.rolesanywhere.core.internal;

import dev.rolesanywhere.core.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Creates the HTTP client the CreateSession client owns when the caller supplies none: the JDK's
 * {@code HttpURLConnection} through the SDK's url-connection client, so that no extra HTTP stack is pulled in.
 */
public final class OwnedHttpClientFactory {
    private static final Logger LOG = LoggerFactory.getLogger(OwnedHttpClientFactory.class);
    // The messages name the setting as every surface spells it, so a user finds it whichever one they used.
    private static final String SPELLINGS = " (caBundle; --ca-bundle, AWS_CA_BUNDLE, SSL_CERT_FILE or SSL_CERT_DIR on "
            + "the command line, ca_bundle or rolesanywhere_ca_bundle in a profile)";

    private OwnedHttpClientFactory() {
    }

    /**
     * @param proxy         the proxy to use ({@code http://} or {@code https://}, login in the user information), or
     *                      {@code null} for the JVM's proxy selection
     * @param nonProxyHosts {@code NO_PROXY} entries exempt from {@code proxy}
     * @param trustStore    CAs to trust instead of the JDK's, or {@code null}
     * @param caBundle      PEM file, or directory of such files, of CAs to trust instead of the JDK's, or {@code null}
     * @param trustAll      disable certificate verification (tests against self-signed endpoints only)
     */
    public static SdkHttpClient create(Duration connectTimeout, Duration readTimeout, URI proxy,
            Set<String> nonProxyHosts, KeyStore trustStore, Path caBundle, boolean trustAll) {
        KeyStore trusted = trustStore != null ? trustStore : caBundle != null ? loadPemBundle(caBundle) : null;
        TrustManager[] managers = trusted != null ? trustManagers(trusted) : null;
        if (trustAll) {
            LOG.warn("TLS certificate verification is DISABLED for IAM Roles Anywhere requests "
                    + "(trustAllCertificatesEnabled=true): anyone on the network path can impersonate the service "
                    + "and read the session credentials. Use this only against a local test endpoint.");
            managers = new TrustManager[] {TrustEverything.INSTANCE};
        }
        SSLSocketFactory sockets = new ModernTlsSocketFactory(sslContext(managers).getSocketFactory());
        return UrlConnectionHttpClient.create(
                new OwnedConnectionFactory(sockets, trustAll, proxy, nonProxyHosts, connectTimeout, readTimeout));
    }

    private static SSLContext sslContext(TrustManager[] managers) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, managers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("This JVM cannot create a TLS context: " + e.getMessage(), e);
        }
    }

    /** Only for trustAllCertificatesEnabled, which logs a warning: accepts any server certificate. */
    private enum TrustEverything implements X509TrustManager {
        INSTANCE;

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // Client certificates are not used on this connection.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Deliberately accepts every certificate: the caller asked for it and was warned.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static Collection<? extends Certificate> readCertificates(Path file)
            throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }

    static TrustManager[] trustManagers(KeyStore trusted) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("The trust store cannot be used for TLS: " + e.getMessage()
                    + ". Pass a KeyStore holding trusted CA certificates", e);
        }
    }

    static KeyStore loadPemBundle(Path caBundle) {
        List<Certificate> certificates = new ArrayList<>();
        if (Files.isDirectory(caBundle)) {
            // As OpenSSL's CApath (SSL_CERT_DIR): every file holding certificates; hash links and others are skipped.
            try (Stream<Path> files = Files.list(caBundle)) {
                for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                    if (Files.isRegularFile(file)) {
                        try {
                            certificates.addAll(readCertificates(file));
                        } catch (GeneralSecurityException | IOException e) {
                            LOG.debug("Skipping {} in the CA directory: {}", file, e.toString());
                        }
                    }
                }
            } catch (IOException e) {
                throw new ConfigurationException("caBundle '" + PinRedaction.redact(caBundle)
                        + "' is a directory that cannot be listed: "
                        + PinRedaction.redact(e.toString()) + ". Check its permissions" + SPELLINGS,
                        PinRedaction.causeQuoting(caBundle, e));
            }
            if (certificates.isEmpty()) {
                throw new ConfigurationException("caBundle '" + PinRedaction.redact(caBundle)
                        + "' is a directory without certificate "
                        + "files: put PEM files with '-----BEGIN CERTIFICATE-----' blocks in it" + SPELLINGS);
            }
        } else {
            try {
                certificates.addAll(readCertificates(caBundle));
            } catch (IOException e) {
                throw new ConfigurationException("caBundle '" + PinRedaction.redact(caBundle) + "' cannot be read: "
                        + PinRedaction.redact(e.toString()) + ". Check that the file exists and is readable" + SPELLINGS,
                        PinRedaction.causeQuoting(caBundle, e));
            } catch (GeneralSecurityException e) {
                throw new ConfigurationException("caBundle '" + PinRedaction.redact(caBundle)
                        + "' is not a PEM or DER file of X.509 "
                        + "certificates: " + e.getMessage() + SPELLINGS, e);
            }
            if (certificates.isEmpty()) {
                throw new ConfigurationException("caBundle '" + PinRedaction.redact(caBundle)
                        + "' contains no certificates: give a PEM "
                        + "file with one or more '-----BEGIN CERTIFICATE-----' blocks" + SPELLINGS);
            }
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("An empty in-memory PKCS12 key store could not be created", e);
        }
    }
}
