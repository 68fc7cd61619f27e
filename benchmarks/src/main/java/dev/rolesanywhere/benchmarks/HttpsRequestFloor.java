package dev.rolesanywhere.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code HttpsRequestFloor <CA bundle PEM> <endpoint URL>}: the least a JVM must do for one CreateSession, and nothing
 * more: trust the bundle, open a TLS connection, POST a body of CreateSession's size to {@code /sessions} unsigned,
 * read the answer (the endpoint refuses it). No command-line parsing, no key, no signature, no JSON, no SDK.
 * {@code benchmarks/startup.sh} runs it beside {@code credential-process} and {@code java -version}: the part of
 * credential_process start-up that any Java client pays.
 */
public final class HttpsRequestFloor {
    private HttpsRequestFloor() {
    }

    public static void main(String[] args) throws IOException, GeneralSecurityException {
        if (args.length != 2) {
            System.err.println("usage: HttpsRequestFloor <CA bundle PEM> <endpoint URL>");
            System.exit(2);
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(Paths.get(args[0]))) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + i++, c);
            }
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);

        byte[] body = "{\"durationSeconds\":3600}".getBytes(StandardCharsets.UTF_8);
        HttpsURLConnection connection = (HttpsURLConnection) URI.create(args[1] + "/sessions").toURL()
                .openConnection();
        connection.setSSLSocketFactory(tls.getSocketFactory());
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        int status = connection.getResponseCode();
        try (InputStream answer = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (answer != null) {
                answer.readAllBytes();
            }
        }
        System.err.println("HTTP " + status);
    }
}
