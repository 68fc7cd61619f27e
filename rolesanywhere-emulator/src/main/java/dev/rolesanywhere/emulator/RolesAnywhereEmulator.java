package dev.rolesanywhere.emulator;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.rolesanywhere.emulator.internal.CreateSessionHandler;
import dev.rolesanywhere.emulator.internal.EmulatorState;
import dev.rolesanywhere.emulator.internal.FaultPlan;
import dev.rolesanywhere.emulator.internal.InMemoryRequestLog;
import dev.rolesanywhere.emulator.internal.Pem;
import dev.rolesanywhere.emulator.internal.ServerTls;
import dev.rolesanywhere.emulator.internal.StsHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A local IAM Roles Anywhere endpoint (CreateSession) and STS endpoint (GetCallerIdentity) over real HTTPS, for tests
 * and demos. It verifies every request as strictly as the service, with its own SigV4 code, and issues random
 * temporary credentials that its STS endpoint then accepts.
 *
 * <pre>{@code
 * TestCertificateAuthority ca = TestCertificateAuthority.create();
 * try (RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).build().start()) {
 *     // point a client at emulator.endpoint() with emulator.trustStore(), using emulator.trustAnchorArn(),
 *     // emulator.profileArn() and emulator.roleArn()
 * }
 * }</pre>
 */
public final class RolesAnywhereEmulator implements AutoCloseable {
    /** The role the default profile allows, in the emulator's account. */
    public static final String DEFAULT_ROLE_NAME = "rolesanywhere-emulator-role";

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern BASE_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)*");

    private final String region;
    private final String accountId;
    private final Clock clock;
    private final Integer port;
    private final String basePath;
    private final Map<String, X509Certificate> trustAnchors;
    private final Map<String, EmulatedProfile> profiles;
    /** Shared with the running handlers, so {@link #revoke} works before and after start. */
    private final Set<BigInteger> revokedSerials = ConcurrentHashMap.newKeySet();
    private final Duration credentialLifetime;

    private final FaultPlan faults = new FaultPlan();
    private final InMemoryRequestLog requestLog = new InMemoryRequestLog();
    private final Object lifecycle = new Object();
    private EmulatorState state;
    private HttpsServer server;
    private HttpsServer stsServer;
    private ExecutorService executor;
    private ServerTls tls;
    private boolean closed;

    private RolesAnywhereEmulator(BuilderImpl builder) {
        this.region = builder.region;
        this.accountId = builder.accountId;
        this.clock = builder.clock;
        this.port = builder.port;
        this.basePath = builder.basePath;
        this.revokedSerials.addAll(builder.revokedSerials);
        this.credentialLifetime = builder.credentialLifetime;

        Map<String, X509Certificate> anchors = new LinkedHashMap<>();
        for (AnchorEntry entry : builder.trustAnchors) {
            String arn = entry.arn != null ? entry.arn : arn("trust-anchor");
            checkArn(arn, "trust-anchor");
            if (anchors.put(arn, entry.certificate) != null) {
                throw new IllegalArgumentException("Trust anchor " + arn + " is configured twice");
            }
        }
        if (anchors.isEmpty()) {
            throw new IllegalStateException("No trust anchor configured: call trustAnchor(caCertificate), e.g. with "
                    + "TestCertificateAuthority.create().certificate()");
        }
        this.trustAnchors = Collections.unmodifiableMap(anchors);

        List<EmulatedProfile> configured = new ArrayList<>(builder.profiles);
        if (configured.isEmpty()) {
            configured.add(EmulatedProfile.builder().acceptRoleSessionName(builder.acceptRoleSessionName).build());
        }
        Map<String, EmulatedProfile> resolved = new LinkedHashMap<>();
        for (EmulatedProfile profile : configured) {
            EmulatedProfile.Builder filled = profile.toBuilder();
            String arn = profile.arn() != null ? profile.arn() : arn("profile");
            checkArn(arn, "profile");
            filled.arn(arn);
            if (profile.roleArns().isEmpty()) {
                filled.roleArn("arn:aws:iam::" + accountId + ":role/" + DEFAULT_ROLE_NAME);
            }
            if (profile.durationSeconds() == null) {
                filled.durationSeconds(EmulatedProfile.MAX_DURATION_SECONDS);
            }
            if (profile.acceptRoleSessionName() == null) {
                filled.acceptRoleSessionName(Boolean.FALSE);
            }
            EmulatedProfile complete = filled.build();
            for (String roleArn : complete.roleArns()) {
                if (!roleArn.matches("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+")) {
                    throw new IllegalArgumentException("Role ARN '" + roleArn + "' is not of the form "
                            + "arn:aws:iam::123456789012:role/name");
                }
            }
            if (resolved.put(arn, complete) != null) {
                throw new IllegalArgumentException("Profile " + arn + " is configured twice");
            }
        }
        this.profiles = Collections.unmodifiableMap(resolved);
    }

    public static Builder builder() {
        return new BuilderImpl();
    }

    /**
     * Starts listening on 127.0.0.1 with a fresh self-signed server certificate.
     *
     * @return this emulator, for chaining
     * @throws IllegalStateException when already started or closed
     * @throws UncheckedIOException when the port cannot be bound
     */
    public RolesAnywhereEmulator start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("This emulator was closed; build a new one");
            }
            if (server != null) {
                throw new IllegalStateException("This emulator is already started at " + endpoint());
            }
            tls = ServerTls.generate();
            state = new EmulatorState(region, accountId, clock, basePath, trustAnchors, profiles, revokedSerials,
                    credentialLifetime, faults, requestLog);
            executor = Executors.newCachedThreadPool(new DaemonThreads());
            HttpsServer sessions = null;
            try {
                sessions = listen(port == null ? 0 : port);
                sessions.createContext(basePath.isEmpty() ? "/" : basePath, new CreateSessionHandler(state));
                // STS gets a port of its own: SDK clients send query calls to "/" whatever the endpoint's path.
                HttpsServer sts = listen(0);
                sts.createContext("/", new StsHandler(state));
                sessions.start();
                sts.start();
                server = sessions;
                stsServer = sts;
                return this;
            } catch (RuntimeException e) {
                // Leave the emulator as if start() had not been called, so the caller may fix the port and retry.
                if (sessions != null) {
                    sessions.stop(0);
                }
                executor.shutdownNow();
                throw e;
            }
        }
    }

    private HttpsServer listen(int port) {
        try {
            // Literally 127.0.0.1, not "the loopback address", which is ::1 when the JVM prefers IPv6.
            InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
            HttpsServer https = HttpsServer.create(new InetSocketAddress(loopback, port), 64);
            https.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()));
            https.setExecutor(executor);
            return https;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "); choose another port or leave it unset for an ephemeral one", e);
        }
    }

    /** Stops the servers at once; requests in progress are cut off. Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
            if (server != null) {
                state.signalClosing();
                server.stop(0);
                stsServer.stop(0);
                executor.shutdownNow();
            }
        }
    }

    /** The Roles Anywhere endpoint, {@code https://127.0.0.1:port} plus the base path if one was set. */
    public URI endpoint() {
        return URI.create("https://127.0.0.1:" + port() + basePath);
    }

    /** The STS endpoint for {@code StsClient.builder().endpointOverride(...)}: its own port, same certificate. */
    public URI stsEndpoint() {
        started();
        return URI.create("https://127.0.0.1:" + stsServer.getAddress().getPort());
    }

    /** The port the server listens on. */
    public int port() {
        return started().getAddress().getPort();
    }

    /** The server's self-signed TLS certificate. */
    public X509Certificate serverCertificate() {
        started();
        return tls.certificate();
    }

    /** A new in-memory PKCS#12 trust store holding only the server certificate. */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("rolesanywhere-emulator", serverCertificate());
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build the trust store: " + e.getMessage(), e);
        }
    }

    /** Writes the server certificate as a PEM trust bundle (for {@code AWS_CA_BUNDLE}, curl, a CLI). */
    public Path writeTrustBundle(Path file) {
        return Pem.write(file, Pem.certificates(Collections.singletonList(serverCertificate())), false);
    }

    /** The first trust anchor's ARN. */
    public String trustAnchorArn() {
        return trustAnchors.keySet().iterator().next();
    }

    /** Every trust anchor by ARN, in configuration order. */
    public Map<String, X509Certificate> trustAnchors() {
        return trustAnchors;
    }

    /** The first profile's ARN. */
    public String profileArn() {
        return profiles.keySet().iterator().next();
    }

    /** Every profile by ARN, with the emulator's defaults filled in. */
    public Map<String, EmulatedProfile> profiles() {
        return profiles;
    }

    /** The first role of the first profile. */
    public String roleArn() {
        return profiles.values().iterator().next().roleArns().get(0);
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    /** Revokes a serial number (leaf or intermediate): later requests relying on that certificate are refused. */
    public void revoke(BigInteger serialNumber) {
        revokedSerials.add(Objects.requireNonNull(serialNumber, "serialNumber"));
    }

    /** Every CreateSession attempt received. */
    public RequestLog requestLog() {
        return requestLog;
    }

    /** Faults to inject into the next CreateSession answers. */
    public EmulatorFaults faults() {
        return faults;
    }

    @Override
    public String toString() {
        synchronized (lifecycle) {
            return "RolesAnywhereEmulator{" + (closed ? "closed" : server == null ? "not started"
                    : "endpoint=" + endpoint()) + ", region=" + region + ", trustAnchors=" + trustAnchors.keySet()
                    + ", profiles=" + profiles.keySet() + '}';
        }
    }

    private HttpsServer started() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("This emulator was closed");
            }
            if (server == null) {
                throw new IllegalStateException("This emulator is not started: call start() first");
            }
            return server;
        }
    }

    private String arn(String resource) {
        return "arn:aws:rolesanywhere:" + region + ":" + accountId + ":" + resource + "/" + UUID.randomUUID();
    }

    private void checkArn(String arn, String resource) {
        String prefix = "arn:aws:rolesanywhere:" + region + ":" + accountId + ":" + resource + "/";
        if (!arn.startsWith(prefix) || arn.length() == prefix.length()) {
            throw new IllegalArgumentException("ARN '" + arn + "' must look like " + prefix
                    + "<id>: same partition, region and account as the emulator");
        }
    }

    private static final class DaemonThreads implements ThreadFactory {
        private static final AtomicInteger POOL = new AtomicInteger();
        private final int pool = POOL.incrementAndGet();
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "rolesanywhere-emulator-" + pool + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }

    /** Builds a {@link RolesAnywhereEmulator}. */
    public interface Builder {
        /** Adds a trust anchor with a generated ARN. */
        Builder trustAnchor(X509Certificate caCertificate);

        /** Adds a trust anchor with the given ARN ({@code arn:aws:rolesanywhere:{region}:{account}:trust-anchor/{id}}). */
        Builder trustAnchor(String arn, X509Certificate caCertificate);

        /** Adds a profile; without any, one default profile allowing one default role is created. */
        Builder profile(EmulatedProfile profile);

        /** Whether the default profile accepts {@code roleSessionName} (ignored when profiles are configured). */
        Builder acceptRoleSessionName(Boolean acceptRoleSessionName);

        /** The region; default {@code us-east-1}. */
        Builder region(String region);

        /** The account id; default {@code 123456789012}. */
        Builder accountId(String accountId);

        /** Certificates (leaf or intermediate) with these serial numbers are refused. */
        Builder revokedSerials(Collection<BigInteger> serialNumbers);

        /** Adds one revoked serial number. */
        Builder revokedSerial(BigInteger serialNumber);

        /** Issued credentials expire after this long whatever the requested duration (for refresh tests). */
        Builder credentialLifetime(Duration credentialLifetime);

        /** The clock for signing-time skew, certificate validity and credential expiry; default system UTC. */
        Builder clock(Clock clock);

        /** A fixed port; default an ephemeral one. */
        Builder port(Integer port);

        /** A path prefix such as {@code /prefix}: CreateSession is then {@code POST /prefix/sessions}. */
        Builder basePath(String basePath);

        RolesAnywhereEmulator build();
    }

    /** A configured trust anchor; the ARN is null until the emulator generates one in its region and account. */
    private static final class AnchorEntry {
        final String arn;
        final X509Certificate certificate;

        AnchorEntry(String arn, X509Certificate certificate) {
            this.arn = arn;
            this.certificate = Objects.requireNonNull(certificate, "caCertificate");
        }
    }

    private static final class BuilderImpl implements Builder {
        private final List<AnchorEntry> trustAnchors = new ArrayList<>();
        private final List<EmulatedProfile> profiles = new ArrayList<>();
        private final Set<BigInteger> revokedSerials = new LinkedHashSet<>();
        private Boolean acceptRoleSessionName;
        private String region = "us-east-1";
        private String accountId = "123456789012";
        private Duration credentialLifetime;
        private Clock clock = Clock.systemUTC();
        private Integer port;
        private String basePath = "";

        @Override
        public Builder trustAnchor(X509Certificate caCertificate) {
            trustAnchors.add(new AnchorEntry(null, caCertificate));
            return this;
        }

        @Override
        public Builder trustAnchor(String arn, X509Certificate caCertificate) {
            trustAnchors.add(new AnchorEntry(Objects.requireNonNull(arn, "arn"), caCertificate));
            return this;
        }

        @Override
        public Builder profile(EmulatedProfile profile) {
            profiles.add(Objects.requireNonNull(profile, "profile"));
            return this;
        }

        @Override
        public Builder acceptRoleSessionName(Boolean acceptRoleSessionName) {
            this.acceptRoleSessionName = acceptRoleSessionName;
            return this;
        }

        @Override
        public Builder region(String region) {
            if (region == null || !REGION.matcher(region).matches()) {
                throw new IllegalArgumentException("region '" + region + "' is not a region name like us-east-1");
            }
            this.region = region;
            return this;
        }

        @Override
        public Builder accountId(String accountId) {
            if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
                throw new IllegalArgumentException("accountId '" + accountId + "' must be 12 digits");
            }
            this.accountId = accountId;
            return this;
        }

        @Override
        public Builder revokedSerials(Collection<BigInteger> serialNumbers) {
            revokedSerials.clear();
            for (BigInteger serial : serialNumbers) {
                revokedSerial(serial);
            }
            return this;
        }

        @Override
        public Builder revokedSerial(BigInteger serialNumber) {
            revokedSerials.add(Objects.requireNonNull(serialNumber, "serialNumber"));
            return this;
        }

        @Override
        public Builder credentialLifetime(Duration credentialLifetime) {
            if (credentialLifetime != null && (credentialLifetime.isNegative() || credentialLifetime.isZero())) {
                throw new IllegalArgumentException("credentialLifetime must be positive, got " + credentialLifetime);
            }
            this.credentialLifetime = credentialLifetime;
            return this;
        }

        @Override
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        @Override
        public Builder port(Integer port) {
            if (port != null && (port < 0 || port > 65535)) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        @Override
        public Builder basePath(String basePath) {
            String path = basePath == null ? "" : basePath;
            if (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            if (!BASE_PATH.matcher(path).matches()) {
                throw new IllegalArgumentException("basePath '" + basePath + "' must be like /prefix (unreserved "
                        + "characters only)");
            }
            this.basePath = path;
            return this;
        }

        @Override
        public RolesAnywhereEmulator build() {
            return new RolesAnywhereEmulator(this);
        }
    }
}
