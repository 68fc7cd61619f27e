package dev.rolesanywhere.core;

import dev.rolesanywhere.core.internal.EndpointResolver;
import dev.rolesanywhere.core.internal.CreateSessionBody;
import dev.rolesanywhere.core.internal.OutgoingRequest;
import dev.rolesanywhere.core.internal.OwnedHttpClientFactory;
import dev.rolesanywhere.core.internal.ProxyRefusedException;
import dev.rolesanywhere.core.internal.ProxyUri;
import dev.rolesanywhere.core.internal.ResolvedEndpoint;
import dev.rolesanywhere.core.internal.RetryPolicy;
import dev.rolesanywhere.core.internal.ServiceErrorMapper;
import dev.rolesanywhere.core.internal.SessionResponseParser;
import dev.rolesanywhere.core.internal.SignedRequest;
import dev.rolesanywhere.core.internal.UrlConnectionClientCheck;
import dev.rolesanywhere.core.internal.UserAgent;
import dev.rolesanywhere.core.internal.X509RequestSigner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Calls IAM Roles Anywhere CreateSession: signs the request with the caller's certificate and key, sends it, retries
 * what is worth retrying, and returns the temporary credentials.
 *
 * <p>Thread-safe; build one and share it. Closing it closes the HTTP client only if this client created it.
 *
 * <p>Debugging: {@code debugLoggingEnabled(true)}, or DEBUG level on the logger named {@value #DEBUG_LOGGER}, logs
 * the canonical request and the string to sign of every attempt. Credentials in responses are never logged.
 */
public final class CreateSessionClient implements SdkAutoCloseable {
    /** The logger that receives canonical requests and strings to sign. */
    public static final String DEBUG_LOGGER = "dev.rolesanywhere.core.CreateSessionClient.signing";

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    static final int DEFAULT_MAX_ATTEMPTS = 3;
    static final Duration DEFAULT_BACKOFF_BASE_DELAY = Duration.ofMillis(200);
    static final Duration DEFAULT_BACKOFF_MAX_DELAY = Duration.ofSeconds(5);
    // Far above any real response (a few KiB); stops a misbehaving endpoint from exhausting memory.
    private static final int MAX_RESPONSE_BYTES = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(CreateSessionClient.class);
    private static final Logger SIGNING_LOG = LoggerFactory.getLogger(DEBUG_LOGGER);

    private final String region;
    private final URI endpoint;
    private final boolean fipsEnabled;
    private final boolean dualstackEnabled;
    private final SdkHttpClient httpClient;
    private final boolean ownsHttpClient;
    private final Clock clock;
    private final boolean debugLoggingEnabled;
    private final ArnPlacement arnPlacement;
    private final RetryPolicy retryPolicy;
    private final UnaryOperator<OutgoingRequest> afterSigning;

    private CreateSessionClient(BuilderImpl b) {
        this.region = b.region;
        this.endpoint = b.endpoint;
        this.fipsEnabled = Boolean.TRUE.equals(b.fipsEnabled);
        this.dualstackEnabled = Boolean.TRUE.equals(b.dualstackEnabled);
        EndpointResolver.validateOptions(region, endpoint, fipsEnabled, dualstackEnabled);
        this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
        this.debugLoggingEnabled = Boolean.TRUE.equals(b.debugLoggingEnabled);
        this.arnPlacement = b.arnPlacement == null ? ArnPlacement.QUERY : b.arnPlacement;
        int maxAttempts = b.maxAttempts == null ? DEFAULT_MAX_ATTEMPTS : b.maxAttempts;
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new ConfigurationException("maxAttempts " + maxAttempts + " is out of range: use 1 (no retries) "
                    + "to 20");
        }
        Duration base = positiveOrZero(b.backoffBaseDelay, DEFAULT_BACKOFF_BASE_DELAY, "backoffBaseDelay");
        Duration max = positiveOrZero(b.backoffMaxDelay, DEFAULT_BACKOFF_MAX_DELAY.compareTo(base) < 0
                ? base : DEFAULT_BACKOFF_MAX_DELAY, "backoffMaxDelay");
        if (max.compareTo(base) < 0) {
            throw new ConfigurationException("backoffMaxDelay " + max + " is shorter than backoffBaseDelay " + base
                    + ": the cap must be at least the base delay");
        }
        this.retryPolicy = b.sleeper == null ? RetryPolicy.create(maxAttempts, base, max)
                : new RetryPolicy(maxAttempts, base, max, b.sleeper, bound -> bound - 1);
        this.afterSigning = b.afterSigning == null ? UnaryOperator.identity() : b.afterSigning;

        boolean ownedOptionSet = b.trustStore != null || b.caBundle != null || b.proxy != null
                || b.nonProxyHosts != null || b.connectTimeout != null || b.readTimeout != null
                || b.trustAllCertificatesEnabled != null;
        if (b.httpClient != null) {
            if (ownedOptionSet) {
                throw new ConfigurationException("httpClient is set together with trustStore, caBundle, proxy, "
                        + "nonProxyHosts, connectTimeout, readTimeout or trustAllCertificatesEnabled: those options "
                        + "configure the HTTP client this library creates. Configure them on your own httpClient "
                        + "instead");
            }
            this.httpClient = b.httpClient;
            this.ownsHttpClient = false;
        } else {
            if (b.trustStore != null && b.caBundle != null) {
                throw new ConfigurationException("trustStore and caBundle are both set: choose one source of "
                        + "trusted CA certificates");
            }
            boolean trustAll = Boolean.TRUE.equals(b.trustAllCertificatesEnabled);
            if (trustAll && (b.trustStore != null || b.caBundle != null)) {
                throw new ConfigurationException("trustAllCertificatesEnabled is set together with trustStore or "
                        + "caBundle (--no-verify-ssl with --ca-bundle on the command line): trusting everything makes "
                        + "the trusted CAs pointless. Unset one of them");
            }
            UrlConnectionClientCheck.require();
            this.httpClient = OwnedHttpClientFactory.create(
                    positive(b.connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout"),
                    positive(b.readTimeout, DEFAULT_READ_TIMEOUT, "readTimeout"),
                    b.proxy == null ? null : ProxyUri.check(b.proxy, "proxy"),
                    b.nonProxyHosts == null ? Set.of() : b.nonProxyHosts, b.trustStore, b.caBundle, trustAll);
            this.ownsHttpClient = true;
        }
    }

    private static Duration positive(Duration value, Duration dflt, String name) {
        if (value == null) {
            return dflt;
        }
        if (value.isNegative() || value.isZero()) {
            throw new ConfigurationException(name + " must be positive, not " + value);
        }
        return value;
    }

    private static Duration positiveOrZero(Duration value, Duration dflt, String name) {
        if (value == null) {
            return dflt;
        }
        if (value.isNegative()) {
            throw new ConfigurationException(name + " must not be negative, not " + value);
        }
        return value;
    }

    public static Builder builder() {
        return new BuilderImpl();
    }

    /** A client with every default: region from the trust anchor ARN, the JDK's trusted CAs, three attempts. */
    public static CreateSessionClient create() {
        return builder().build();
    }

    /**
     * Creates a session: one signed POST to {@code /sessions}, retried with backoff on throttling, server faults and
     * I/O errors (each attempt signed afresh), never on other client errors.
     *
     * @throws ConfigurationException         when the client's options and the request's ARNs disagree
     * @throws AccessDeniedException          and the other {@link RolesAnywhereServiceException} subclasses when the
     *                                        service refuses
     * @throws CreateSessionIoException       when no answer could be obtained or understood
     * @throws MalformedCredentialsException  when the answer holds credentials whose values break their fields' rules
     *                                        (a line break in the session token, say): the whole answer is refused
     * @throws SigningException               when the signer cannot sign
     */
    public SessionCredentials createSession(CreateSessionRequest request) {
        Objects.requireNonNull(request, "request");
        ResolvedEndpoint target = EndpointResolver.resolve(request.parsedTrustAnchorArn(), region, endpoint,
                fipsEnabled, dualstackEnabled);
        Map<String, String> arns = new LinkedHashMap<>();
        arns.put("profileArn", request.profileArn());
        arns.put("roleArn", request.roleArn());
        arns.put("trustAnchorArn", request.trustAnchorArn());
        Map<String, String> query = arnPlacement == ArnPlacement.QUERY ? arns : Collections.emptyMap();
        byte[] body = CreateSessionBody.write(request.duration().toSeconds(), request.roleSessionName().orElse(null),
                arnPlacement == ArnPlacement.BODY ? arns : Collections.<String, String>emptyMap());

        int maxAttempts = retryPolicy.maxAttempts();
        for (int attempt = 1; ; attempt++) {
            OutgoingRequest outgoing = afterSigning.apply(sign(request.signer(), target, query, body, attempt));
            Response response;
            try {
                response = execute(outgoing);
            } catch (IOException e) {
                ProxyRefusedException refused = proxyRefusal(e);
                if (refused != null) {
                    throw new CreateSessionIoException("CreateSession to " + target.sessionsUri() + " failed: "
                            + refused.getMessage(), attempt, e);
                }
                if (attempt >= maxAttempts) {
                    throw new CreateSessionIoException("CreateSession to " + target.sessionsUri() + " failed after "
                            + attempt + " attempt(s): " + e + ". Check network access to the endpoint, the proxy "
                            + "settings and that the server's TLS certificate is trusted", attempt, e);
                }
                LOG.debug("CreateSession attempt {} of {} failed: {}; retrying", attempt, maxAttempts, e.toString());
                pause(attempt, e);
                continue;
            }
            if (response.statusCode / 100 == 2) {
                try {
                    return SessionResponseParser.parse(response.body);
                } catch (SessionResponseParser.MalformedResponseException e) {
                    throw new CreateSessionIoException("CreateSession to " + target.sessionsUri() + " answered HTTP "
                            + response.statusCode + " but the response cannot be read: " + e.getMessage()
                            + ". Check that the endpoint is IAM Roles Anywhere and not a proxy or captive portal",
                            attempt, e);
                } catch (MalformedCredentialsException e) {
                    // Not retried: the same endpoint would answer the same way, and nothing of the answer is kept.
                    throw new MalformedCredentialsException(e.field(), "CreateSession to " + target.sessionsUri()
                            + " answered HTTP " + response.statusCode + " with credentials that were refused, and "
                            + "nothing of the response was used: " + e.getMessage() + ". An answer like this comes "
                            + "from something that is not IAM Roles Anywhere or that altered the response on its way "
                            + "(a custom endpoint, disabled TLS verification, a too broad CA bundle, a TLS-inspecting "
                            + "proxy): check the endpoint and the trust settings", e);
                }
            }
            RolesAnywhereServiceException error = ServiceErrorMapper.map(response.statusCode, response.errorType,
                    response.requestId, response.body);
            if (!error.retryable() || attempt >= maxAttempts) {
                throw error;
            }
            LOG.debug("CreateSession attempt {} of {} failed: {}; retrying", attempt, maxAttempts,
                    error.getMessage());
            pause(attempt, error);
        }
    }

    /** The JDK may wrap what the proxy tunnel threw; a refusal is found anywhere in the chain. */
    private static ProxyRefusedException proxyRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProxyRefusedException) {
                return (ProxyRefusedException) t;
            }
        }
        return null;
    }

    private OutgoingRequest sign(Signer signer, ResolvedEndpoint target, Map<String, String> query, byte[] body,
            int attempt) {
        // One snapshot per attempt: certificate, chain, algorithm and key must belong together even mid-rotation.
        Signer snapshot = signer.current();
        SignedRequest signed;
        try {
            signed = X509RequestSigner.sign(snapshot, clock.instant(), target, query, body);
        } catch (RolesAnywhereException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SigningException("The signer failed to sign the CreateSession request: " + e, e);
        }
        logSigning(attempt, target, signed);
        String uri = target.sessionsUri().toString();
        if (!signed.canonicalQueryString().isEmpty()) {
            uri = uri + "?" + signed.canonicalQueryString();
        }
        SdkHttpFullRequest.Builder http = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create(uri));
        for (Map.Entry<String, String> h : signed.headers().entrySet()) {
            http.putHeader(h.getKey(), h.getValue());
        }
        // Unsigned, as the SDK leaves it: it names the key source of the configured signer, not of the snapshot.
        http.putHeader("User-Agent", UserAgent.of(signer.keySourceKind()));
        return new OutgoingRequest(http.build(), body);
    }

    private void logSigning(int attempt, ResolvedEndpoint target, SignedRequest signed) {
        if (debugLoggingEnabled) {
            SIGNING_LOG.info("CreateSession attempt {} to {}\nCanonical request:\n{}\nString to sign:\n{}", attempt,
                    target, signed.canonicalRequest(), signed.stringToSign());
        } else if (SIGNING_LOG.isDebugEnabled()) {
            SIGNING_LOG.debug("CreateSession attempt {} to {}\nCanonical request:\n{}\nString to sign:\n{}", attempt,
                    target, signed.canonicalRequest(), signed.stringToSign());
        }
    }

    private void pause(int failedAttempt, Exception cause) {
        try {
            retryPolicy.pauseAfter(failedAttempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CreateSessionIoException io = new CreateSessionIoException("Interrupted while waiting to retry "
                    + "CreateSession after attempt " + failedAttempt, failedAttempt, e);
            io.addSuppressed(cause);
            throw io;
        }
    }

    private Response execute(OutgoingRequest outgoing) throws IOException {
        byte[] body = outgoing.body();
        // A declared length makes HttpURLConnection stream the body, and a streaming POST is never silently resent
        // by the JDK: every resend goes through the retry policy and is signed afresh.
        SdkHttpFullRequest request = outgoing.request().toBuilder()
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        HttpExecuteRequest execute = HttpExecuteRequest.builder()
                .request(request)
                .contentStreamProvider(() -> new ByteArrayInputStream(body))
                .build();
        HttpExecuteResponse response = httpClient.prepareRequest(execute).call();
        int status = response.httpResponse().statusCode();
        byte[] responseBody = new byte[0];
        Optional<AbortableInputStream> stream = response.responseBody();
        if (stream.isPresent()) {
            try (InputStream in = stream.get()) {
                responseBody = readLimited(in);
            }
        }
        return new Response(status, response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse(null),
                response.httpResponse().firstMatchingHeader("x-amzn-RequestId").orElse(null), responseBody);
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            if (out.size() + n > MAX_RESPONSE_BYTES) {
                throw new IOException("response body larger than " + MAX_RESPONSE_BYTES + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Closes the HTTP client if this client created it; a caller's client stays open. */
    @Override
    public void close() {
        if (ownsHttpClient) {
            httpClient.close();
        }
    }

    @Override
    public String toString() {
        return "CreateSessionClient(region=" + (region == null ? "<from trust anchor>" : region)
                + (endpoint == null ? "" : ", endpoint=" + endpoint)
                + (fipsEnabled ? ", fips" : "") + (dualstackEnabled ? ", dualstack" : "")
                + ", arnPlacement=" + arnPlacement + ", maxAttempts=" + retryPolicy.maxAttempts() + ")";
    }

    private static final class Response {
        final int statusCode;
        final String errorType;
        final String requestId;
        final byte[] body;

        Response(int statusCode, String errorType, String requestId, byte[] body) {
            this.statusCode = statusCode;
            this.errorType = errorType;
            this.requestId = requestId;
            this.body = body;
        }
    }

    /** Builds a {@link CreateSessionClient}. Every option is optional. */
    public interface Builder {
        /** The region to call and sign for; default: the trust anchor ARN's. "X-fips" selects the FIPS endpoint. */
        Builder region(String region);

        /**
         * A custom endpoint such as {@code https://proxy.example.com/roles-anywhere}; its path prefix is kept and
         * signed ({@code /roles-anywhere/sessions}). {@code http://} only for loopback hosts.
         */
        Builder endpoint(URI endpoint);

        /** Use {@code rolesanywhere-fips.REGION...}. */
        Builder fipsEnabled(Boolean fipsEnabled);

        /** Use the dual-stack (IPv4 and IPv6) endpoint. */
        Builder dualstackEnabled(Boolean dualstackEnabled);

        /** Where the ARNs travel; default {@link ArnPlacement#QUERY}. */
        Builder arnPlacement(ArnPlacement arnPlacement);

        /**
         * An HTTP client to use instead of creating one. It is not closed by {@link #close()}; the options that
         * configure the owned client (trust, proxy, timeouts) cannot be combined with it.
         */
        Builder httpClient(SdkHttpClient httpClient);

        /** CA certificates to trust instead of the JDK's, for the owned HTTP client. */
        Builder trustStore(KeyStore trustStore);

        /** A PEM file of CA certificates to trust instead of the JDK's, for the owned HTTP client. */
        Builder caBundle(Path caBundle);

        /**
         * The proxy of the owned HTTP client, {@code http://[user:password@]host:port} (user and password
         * percent-encoded; they are sent to the proxy only, in its CONNECT), or {@code https://…} to reach the proxy
         * itself over TLS. Default: the JVM's proxy selection ({@code https.proxyHost}, a default ProxySelector).
         */
        Builder proxy(URI proxy);

        /**
         * Hosts the owned HTTP client reaches without {@link #proxy(URI)}, as {@code NO_PROXY} writes them:
         * {@code example.com} (and the hosts below it), {@code .example.com} (only those below), an IP address or
         * CIDR block, {@code *} for all, each optionally with {@code :port}. The loopback interface is never proxied.
         */
        Builder nonProxyHosts(Set<String> nonProxyHosts);

        /** Default 10 seconds. */
        Builder connectTimeout(Duration connectTimeout);

        /** Default 30 seconds. */
        Builder readTimeout(Duration readTimeout);

        /**
         * Disables TLS certificate verification of the owned HTTP client. Only for test endpoints; logs a warning.
         * Never combine with real credentials over an untrusted network.
         */
        Builder trustAllCertificatesEnabled(Boolean trustAllCertificatesEnabled);

        /** Total attempts including the first, 1..20; default 3. */
        Builder maxAttempts(Integer maxAttempts);

        /** The backoff scale: attempt n waits a random time up to base * 2^(n-1); default 200 ms. */
        Builder backoffBaseDelay(Duration backoffBaseDelay);

        /** The longest wait between attempts; default 5 s. */
        Builder backoffMaxDelay(Duration backoffMaxDelay);

        /** The time source for {@code X-Amz-Date}; default the system UTC clock. */
        Builder clock(Clock clock);

        /** Log each attempt's canonical request and string to sign at INFO on {@value #DEBUG_LOGGER}. */
        Builder debugLoggingEnabled(Boolean debugLoggingEnabled);

        /** @throws ConfigurationException naming the first invalid option */
        CreateSessionClient build();
    }

    static final class BuilderImpl implements Builder {
        private String region;
        private URI endpoint;
        private Boolean fipsEnabled;
        private Boolean dualstackEnabled;
        private ArnPlacement arnPlacement;
        private SdkHttpClient httpClient;
        private KeyStore trustStore;
        private Path caBundle;
        private URI proxy;
        private Set<String> nonProxyHosts;
        private Duration connectTimeout;
        private Duration readTimeout;
        private Boolean trustAllCertificatesEnabled;
        private Integer maxAttempts;
        private Duration backoffBaseDelay;
        private Duration backoffMaxDelay;
        private Clock clock;
        private Boolean debugLoggingEnabled;
        private Sleeper sleeper;
        private UnaryOperator<OutgoingRequest> afterSigning;

        @Override
        public Builder region(String v) {
            region = v;
            return this;
        }

        @Override
        public Builder endpoint(URI v) {
            endpoint = v;
            return this;
        }

        @Override
        public Builder fipsEnabled(Boolean v) {
            fipsEnabled = v;
            return this;
        }

        @Override
        public Builder dualstackEnabled(Boolean v) {
            dualstackEnabled = v;
            return this;
        }

        @Override
        public Builder arnPlacement(ArnPlacement v) {
            arnPlacement = v;
            return this;
        }

        @Override
        public Builder httpClient(SdkHttpClient v) {
            httpClient = v;
            return this;
        }

        @Override
        public Builder trustStore(KeyStore v) {
            trustStore = v;
            return this;
        }

        @Override
        public Builder caBundle(Path v) {
            caBundle = v;
            return this;
        }

        @Override
        public Builder proxy(URI v) {
            proxy = v;
            return this;
        }

        @Override
        public Builder nonProxyHosts(Set<String> v) {
            nonProxyHosts = v == null ? null : Set.copyOf(v);
            return this;
        }

        @Override
        public Builder connectTimeout(Duration v) {
            connectTimeout = v;
            return this;
        }

        @Override
        public Builder readTimeout(Duration v) {
            readTimeout = v;
            return this;
        }

        @Override
        public Builder trustAllCertificatesEnabled(Boolean v) {
            trustAllCertificatesEnabled = v;
            return this;
        }

        @Override
        public Builder maxAttempts(Integer v) {
            maxAttempts = v;
            return this;
        }

        @Override
        public Builder backoffBaseDelay(Duration v) {
            backoffBaseDelay = v;
            return this;
        }

        @Override
        public Builder backoffMaxDelay(Duration v) {
            backoffMaxDelay = v;
            return this;
        }

        @Override
        public Builder clock(Clock v) {
            clock = v;
            return this;
        }

        @Override
        public Builder debugLoggingEnabled(Boolean v) {
            debugLoggingEnabled = v;
            return this;
        }

        /** Test seam: records waits instead of sleeping; the jitter then always takes the full ceiling. */
        BuilderImpl sleeper(Sleeper v) {
            sleeper = v;
            return this;
        }

        /** Test seam: alters each request after it is signed, to prove the service notices. */
        BuilderImpl afterSigning(UnaryOperator<OutgoingRequest> v) {
            afterSigning = v;
            return this;
        }

        @Override
        public CreateSessionClient build() {
            return new CreateSessionClient(this);
        }
    }
}
