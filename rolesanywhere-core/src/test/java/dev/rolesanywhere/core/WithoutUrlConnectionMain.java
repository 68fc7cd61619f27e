package dev.rolesanywhere.core;

import dev.rolesanywhere.core.keys.FileSigner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Run by {@link WithoutUrlConnectionClientTest} in a JVM whose class path lacks the SDK's url-connection client:
 * calls CreateSession with an HTTP client of its own (arguments: "own" or "none", endpoint, trust anchor, profile and
 * role ARNs, certificate and key files, the endpoint's CA bundle) and prints the outcome.
 */
public final class WithoutUrlConnectionMain {
    private WithoutUrlConnectionMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean own = "own".equals(args[0]);
        try (FileSigner signer = FileSigner.builder().certificateFile(Paths.get(args[5]))
                .privateKeyFile(Paths.get(args[6])).build()) {
            CreateSessionClient.Builder builder = CreateSessionClient.builder().endpoint(URI.create(args[1]));
            if (own) {
                builder.httpClient(new JdkHttpClient(sockets(args[7])));
            }
            try (CreateSessionClient client = builder.build()) {
                SessionCredentials credentials = client.createSession(CreateSessionRequest.builder().signer(signer)
                        .trustAnchorArn(args[2]).profileArn(args[3]).roleArn(args[4]).build());
                System.out.println("access key " + credentials.accessKeyId());
            }
        } catch (ConfigurationException e) {
            System.out.println("ConfigurationException: " + e.getMessage());
        }
    }

    private static SSLSocketFactory sockets(String caBundle) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        int i = 0;
        try (InputStream in = Files.newInputStream(Paths.get(caBundle))) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca" + i++, certificate);
            }
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    /** The smallest SdkHttpClient over the JDK's HttpsURLConnection: a stand-in for the client a user brings. */
    private static final class JdkHttpClient implements SdkHttpClient {
        private final SSLSocketFactory sockets;

        JdkHttpClient(SSLSocketFactory sockets) {
            this.sockets = sockets;
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    SdkHttpRequest http = request.httpRequest();
                    HttpURLConnection connection = (HttpURLConnection) http.getUri().toURL().openConnection();
                    if (connection instanceof HttpsURLConnection) {
                        ((HttpsURLConnection) connection).setSSLSocketFactory(sockets);
                    }
                    connection.setRequestMethod(http.method().name());
                    for (Map.Entry<String, List<String>> header : http.headers().entrySet()) {
                        for (String value : header.getValue()) {
                            connection.addRequestProperty(header.getKey(), value);
                        }
                    }
                    if (request.contentStreamProvider().isPresent()) {
                        connection.setDoOutput(true);
                        try (InputStream in = request.contentStreamProvider().get().newStream();
                                OutputStream out = connection.getOutputStream()) {
                            in.transferTo(out);
                        }
                    }
                    int status = connection.getResponseCode();
                    InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
                    SdkHttpFullResponse.Builder response = SdkHttpFullResponse.builder().statusCode(status);
                    connection.getHeaderFields().forEach((name, values) -> {
                        if (name != null) {
                            response.putHeader(name, values);
                        }
                    });
                    return HttpExecuteResponse.builder().response(response.build())
                            .responseBody(body == null ? null : AbortableInputStream.create(body)).build();
                }

                @Override
                public void abort() {
                }
            };
        }

        @Override
        public void close() {
        }
    }
}
