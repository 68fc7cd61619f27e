package dev.rolesanywhere.provider;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.CreateSessionClient;
import dev.rolesanywhere.core.CreateSessionRequest;
import dev.rolesanywhere.core.CredentialProcessFlag;
import dev.rolesanywhere.core.CredentialsCache;
import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.core.RefreshSchedule;
import dev.rolesanywhere.core.SessionCredentials;
import dev.rolesanywhere.core.SessionField;
import dev.rolesanywhere.core.SessionSpec;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SignerSpec;
import dev.rolesanywhere.core.Signers;
import dev.rolesanywhere.provider.internal.CertificateExpiryWarning;
import dev.rolesanywhere.provider.internal.ProfileSettings;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.annotations.ThreadSafe;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.ResolveIdentityRequest;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.utils.SdkAutoCloseable;
import software.amazon.awssdk.utils.ToString;
import software.amazon.awssdk.utils.builder.CopyableBuilder;
import software.amazon.awssdk.utils.builder.ToCopyableBuilder;

/**
 * AWS credentials from IAM Roles Anywhere: a certificate and its private key (in a file, or on a PKCS#11 token)
 * are exchanged for temporary session credentials through CreateSession, in-process.
 *
 * <pre>{@code
 * RolesAnywhereCredentialsProvider provider = RolesAnywhereCredentialsProvider.builder()
 *         .trustAnchorArn("arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/…")
 *         .profileArn("arn:aws:rolesanywhere:eu-west-1:111122223333:profile/…")
 *         .roleArn("arn:aws:iam::111122223333:role/Workload")
 *         .certificate("pkcs11:token=workload;object=client")
 *         .build();
 * S3Client s3 = S3Client.builder().credentialsProvider(provider).build();
 * }</pre>
 *
 * <p>Credentials are cached and refreshed 5 minutes before they expire (a jittered instant, so a fleet spreads its
 * calls), by one caller while the others keep using the cached ones; from 1 minute before expiry every caller waits
 * for the refresh. If a refresh fails while the cached credentials are still valid they keep being served, a warning
 * is logged, and the refresh is retried after a growing pause. Expired credentials are never returned: the failure is
 * thrown instead, as a {@link RolesAnywhereCredentialsException} (an {@code SdkClientException}) whose cause is the
 * typed failure. However many threads call at once, one CreateSession request is in flight. An asynchronous SDK
 * client's {@linkplain #resolveIdentity(ResolveIdentityRequest) identity requests} never wait on its event loop once
 * credentials are cached: refreshes then run on the provider's own thread.
 *
 * <p>Configuration is checked by {@link Builder#build()}, not at first use; {@link #create()} instead reads its
 * configuration at first use, like the SDK's own {@code create()} providers. {@link #close()} releases the signer and
 * HTTP client the provider created, never those passed in.
 */
@ThreadSafe
public final class RolesAnywhereCredentialsProvider
        implements AwsCredentialsProvider, SdkAutoCloseable,
        ToCopyableBuilder<RolesAnywhereCredentialsProvider.Builder, RolesAnywhereCredentialsProvider> {

    private static final Logger LOG = LoggerFactory.getLogger(RolesAnywhereCredentialsProvider.class);

    private final BuilderImpl configuration;
    private final RefreshSchedule schedule;
    // create(): how to find the configuration at first use; null for a provider built from a builder.
    private final Supplier<BuilderImpl> deferred;
    private final Object lifecycle = new Object();
    private volatile Session session;
    private RuntimeException deferredFailure;
    private ExecutorService refreshExecutor;
    private final AtomicBoolean backgroundRefreshQueued = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean closedUseReported = new AtomicBoolean();

    private RolesAnywhereCredentialsProvider(BuilderImpl configuration, RefreshSchedule schedule, Session session,
            Supplier<BuilderImpl> deferred) {
        this.configuration = configuration;
        this.schedule = schedule;
        this.session = session;
        this.deferred = deferred;
    }

    /** A builder with nothing set; {@link Builder#build()} reads no system properties or environment variables. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /**
     * A provider that finds its configuration at first use, as the SDK's {@code create()} providers do: the
     * {@code aws.rolesanywhere.*} system properties and {@code AWS_ROLESANYWHERE_*} environment variables listed in
     * {@link RolesAnywhereSystemSetting}, then the active profile of the AWS config file ({@code aws.profile} or
     * {@code AWS_PROFILE}, else {@code default}) when it has a {@code credential_process = aws_signing_helper …} line
     * or {@code rolesanywhere_*} keys; settings win over the profile.
     *
     * <p>Never throws here, so it can sit in an {@code AwsCredentialsProviderChain}: with nothing configured,
     * {@link #resolveCredentials()} throws a {@link RolesAnywhereCredentialsException} saying so, and a chain moves on
     * to its next provider. The configuration is read once; when it fails (a wrong PIN, say) the failure is repeated,
     * never retried.
     */
    public static RolesAnywhereCredentialsProvider create() {
        return new RolesAnywhereCredentialsProvider(new BuilderImpl(), RefreshSchedule.create(), null,
                () -> (BuilderImpl) DefaultConfiguration.resolve());
    }

    /**
     * A provider configured by the named profile of the default AWS config file: its
     * {@code credential_process = aws_signing_helper credential-process …} line (served in-process, nothing is
     * started) or its {@code rolesanywhere_*} keys.
     *
     * @throws ConfigurationException for an unknown profile or one without IAM Roles Anywhere settings
     */
    public static RolesAnywhereCredentialsProvider fromProfile(String profileName) {
        return builder().profileName(profileName).build();
    }

    /**
     * Credentials valid now: the cached ones, or new ones from CreateSession.
     *
     * @throws RolesAnywhereCredentialsException (an {@code SdkClientException}) when none can be had; its cause is
     *     the typed failure, {@link RolesAnywhereCredentialsException#retryable()} says whether a later call may
     *     succeed
     * @throws ProviderClosedException after {@link #close()}
     */
    @Override
    public AwsSessionCredentials resolveCredentials() {
        Session current = openSession();
        try {
            return current.cache.get();
        } catch (SdkException e) {
            throw e;
        } catch (RuntimeException e) {
            throw RolesAnywhereCredentialsException.of(e);
        }
    }

    /**
     * For asynchronous SDK clients: cached credentials that need no refresh yet are returned at once, in a completed
     * future, and a due refresh runs on this provider's own thread; anything else (the first fetch, or credentials
     * past their stale time) completes on that thread too. The caller's thread, such as an event loop, never waits
     * for CreateSession.
     */
    @Override
    public CompletableFuture<AwsCredentialsIdentity> resolveIdentity(ResolveIdentityRequest request) {
        if (closed.get()) {
            CompletableFuture<AwsCredentialsIdentity> failed = new CompletableFuture<>();
            failed.completeExceptionally(closedFailure());
            return failed;
        }
        Session current = session;
        if (current != null) {
            Optional<AwsSessionCredentials> cached = current.cache.cachedIfFresh();
            if (cached.isPresent()) {
                if (current.cache.refreshDue() && backgroundRefreshQueued.compareAndSet(false, true)) {
                    refreshInBackground();
                }
                return CompletableFuture.completedFuture(cached.get());
            }
        }
        return runOnRefreshThread(this::resolveCredentials);
    }

    private void refreshInBackground() {
        try {
            refreshExecutor().execute(() -> {
                backgroundRefreshQueued.set(false);
                try {
                    resolveCredentials();
                } catch (SdkException e) {
                    // Already logged by the cache, which keeps serving the valid credentials and retries later.
                    LOG.debug("Background refresh failed: {}", e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            // Closed meanwhile: nothing to refresh for.
            backgroundRefreshQueued.set(false);
        }
    }

    private CompletableFuture<AwsCredentialsIdentity> runOnRefreshThread(Supplier<AwsSessionCredentials> work) {
        try {
            return CompletableFuture.supplyAsync(work::get, refreshExecutor());
        } catch (RejectedExecutionException e) {
            // Closed meanwhile.
            CompletableFuture<AwsCredentialsIdentity> failed = new CompletableFuture<>();
            failed.completeExceptionally(new ProviderClosedException(this));
            return failed;
        }
    }

    private ExecutorService refreshExecutor() {
        synchronized (lifecycle) {
            if (closed.get()) {
                throw new RejectedExecutionException("closed");
            }
            if (refreshExecutor == null) {
                String name = "rolesanywhere-identity-" + roleName(session == null ? null : session.request.roleArn());
                refreshExecutor = Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, name);
                    thread.setDaemon(true);
                    return thread;
                });
            }
            return refreshExecutor;
        }
    }

    /** The provider's session, built now for a provider from {@link #create()} that has not been used yet. */
    private Session openSession() {
        Session current = session;
        if (current != null && !closed.get()) {
            return current;
        }
        synchronized (lifecycle) {
            if (closed.get()) {
                throw closedFailure();
            }
            if (session == null) {
                if (deferredFailure != null) {
                    throw RolesAnywhereCredentialsException.of(deferredFailure);
                }
                try {
                    BuilderImpl found = deferred.get();
                    session = found.openSession(found.prepare());
                } catch (RuntimeException e) {
                    deferredFailure = e;
                    throw RolesAnywhereCredentialsException.of(e);
                }
            }
            return session;
        }
    }

    private ProviderClosedException closedFailure() {
        if (closedUseReported.compareAndSet(false, true)) {
            // A chain would otherwise skip this provider without a word, and the application would run on whatever
            // provider comes next.
            LOG.warn("{} was asked for credentials after close(): it fails every such call, and a provider chain "
                    + "moves on to its next provider. Close a provider only after the clients and chains that use it",
                    this);
        }
        return new ProviderClosedException(this);
    }

    /** How long before expiry every caller waits for new credentials. */
    public Duration staleTime() {
        return schedule.staleTime();
    }

    /** How long before expiry one caller, or the background thread, starts refreshing. */
    public Duration prefetchTime() {
        return schedule.prefetchTime();
    }

    /** When the cached credentials expire; empty before the first refresh. Never fetches. */
    public Optional<Instant> cachedCredentialsExpiration() {
        Session current = session;
        return current == null ? Optional.empty()
                : current.cache.cached().flatMap(AwsSessionCredentials::expirationTime);
    }

    /**
     * What the last refresh threw, if it failed (the typed exception from {@code rolesanywhere-core}); for a provider
     * from {@link #create()}, also why its configuration could not be read. Empty after a success.
     */
    public Optional<RuntimeException> lastRefreshFailure() {
        Session current = session;
        if (current == null) {
            synchronized (lifecycle) {
                return Optional.ofNullable(deferredFailure);
            }
        }
        return current.cache.lastRefreshFailure();
    }

    /** How many refreshes in a row have failed; 0 after a success. */
    public int consecutiveRefreshFailures() {
        Session current = session;
        return current == null ? 0 : current.cache.consecutiveFailures();
    }

    /** The {@code notAfter} of the signing certificate, as last read; empty before the provider is configured. */
    public Optional<Instant> certificateExpiration() {
        Session current = session;
        return current == null ? Optional.empty() : Optional.of(current.certificateExpiration);
    }

    private static String roleName(String roleArn) {
        int slash = roleArn == null ? -1 : roleArn.lastIndexOf('/');
        return slash < 0 ? "role" : roleArn.substring(slash + 1);
    }

    /** The account id field of an ARN ({@code arn:partition:service:region:ACCOUNT:resource}). */
    static String accountOf(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length == 6 && !parts[4].isEmpty() ? parts[4] : null;
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Releases the signer and the HTTP client this provider created; the caller's stay open. Idempotent. */
    @Override
    public void close() {
        Session current;
        ExecutorService executor;
        synchronized (lifecycle) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            current = session;
            executor = refreshExecutor;
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        if (current != null) {
            current.close();
        }
    }

    /**
     * A builder for an independent copy. For a provider from {@link #create()}: the configuration it found, once it
     * has been used; an empty builder before.
     */
    @Override
    public Builder toBuilder() {
        if (deferred != null) {
            Session current = session;
            return current == null ? new BuilderImpl() : new BuilderImpl(current.configuration,
                    current.configuration.spec.build());
        }
        return new BuilderImpl(configuration, configuration.spec.build());
    }

    @Override
    public String toString() {
        Session current = session;
        ToString text = ToString.builder("RolesAnywhereCredentialsProvider");
        if (current == null) {
            text.add("configuration", "read at first use");
        } else {
            text.add("roleArn", current.request.roleArn())
                    .add("profileArn", current.request.profileArn())
                    .add("trustAnchorArn", current.request.trustAnchorArn());
        }
        return text.add("closed", closed.get() ? Boolean.TRUE : null).build();
    }

    /** What a configured provider holds: the key, the protocol client, the request, the cache. */
    private static final class Session implements SdkAutoCloseable {
        final BuilderImpl configuration;
        final Signer signer;
        final boolean ownsSigner;
        final CreateSessionClient client;
        final boolean ownsClient;
        final CreateSessionRequest request;
        final CredentialsCache<AwsSessionCredentials> cache;
        final RefreshNotifier notifier;
        final CertificateExpiryWarning expiryWarning;
        volatile Instant certificateExpiration;

        Session(BuilderImpl configuration, RefreshSchedule schedule, Signer signer, boolean ownsSigner,
                CreateSessionClient client, boolean ownsClient, CreateSessionRequest request) {
            this.configuration = configuration;
            this.signer = signer;
            this.ownsSigner = ownsSigner;
            this.client = client;
            this.ownsClient = ownsClient;
            this.request = request;
            this.notifier = new RefreshNotifier(configuration.refreshListeners);
            Clock clock = configuration.clock != null ? configuration.clock : Clock.systemUTC();
            this.expiryWarning = new CertificateExpiryWarning(configuration.certificateExpiryWarning != null
                    ? configuration.certificateExpiryWarning : CertificateExpiryWarning.DEFAULT_WINDOW, clock);
            this.certificateExpiration = inspect(signer.current().certificate());
            this.cache = CredentialsCache.builder(this::fetch, c -> c.expirationTime().get())
                    .schedule(schedule)
                    .clock(configuration.clock)
                    .asyncRefreshEnabled(configuration.asyncCredentialUpdateEnabled)
                    .name("rolesanywhere-" + roleName(request.roleArn()))
                    .build();
        }

        private Instant inspect(X509Certificate certificate) {
            expiryWarning.check(certificate);
            return certificate.getNotAfter().toInstant();
        }

        private AwsSessionCredentials fetch() {
            long started = notifier.started();
            SessionCredentials session;
            try {
                session = client.createSession(request);
            } catch (RuntimeException e) {
                // Runs under the cache's fetch lock: the count cannot move until this failure is recorded.
                notifier.failed(started, e, cache.consecutiveFailures() + 1, certificateExpiration);
                throw e;
            }
            LOG.debug("Obtained credentials {} for {} from IAM Roles Anywhere", session, request.roleArn());
            // No providerName: the SDK puts it into every request's User-Agent business metrics (m/), which take
            // only the SDK's registered feature ids, and IAM Roles Anywhere has none.
            AwsSessionCredentials.Builder credentials = AwsSessionCredentials.builder()
                    .accessKeyId(session.accessKeyId())
                    .secretAccessKey(session.secretAccessKey())
                    .sessionToken(session.sessionToken())
                    .expirationTime(session.expiration());
            String accountId = session.accountId().orElseGet(() -> accountOf(request.roleArn()));
            if (accountId != null) {
                credentials.accountId(accountId);
            }
            certificateExpiration = inspect(signer.current().certificate());
            notifier.succeeded(started, session.expiration(), certificateExpiration);
            return credentials.build();
        }

        @Override
        public void close() {
            cache.close();
            if (ownsClient) {
                client.close();
            }
            if (ownsSigner) {
                signer.close();
            }
        }
    }

    /**
     * Configures a {@link RolesAnywhereCredentialsProvider}. Give the key either as a {@link #signer(Signer)} or as
     * locations ({@link #certificate(String)}, {@link #privateKey(String)}, …), not both. Values set here win over
     * those read from {@link #profileName(String) a profile}.
     */
    public interface Builder extends CopyableBuilder<Builder, RolesAnywhereCredentialsProvider> {
        /**
         * Every session setting at once (ARNs, duration, session name, key locations, endpoint and transport),
         * replacing those set so far; the methods below change one value of it.
         */
        Builder sessionSpec(SessionSpec sessionSpec);

        /** The trust anchor ARN. Required. Its region is the default {@link #region(String)}. */
        Builder trustAnchorArn(String trustAnchorArn);

        /** The Roles Anywhere profile ARN. Required. */
        Builder profileArn(String profileArn);

        /** The IAM role to assume. Required; its account becomes {@link AwsSessionCredentials#accountId()}. */
        Builder roleArn(String roleArn);

        /** The region of the CreateSession endpoint; default: the trust anchor's. */
        Builder region(String region);

        /** A custom CreateSession endpoint (a path prefix is kept and signed). */
        Builder endpoint(URI endpoint);

        /** A PEM file of CA certificates trusted for the endpoint, for private endpoints and TLS-inspecting proxies. */
        Builder caBundle(Path caBundle);

        /** Call the FIPS endpoint, {@code rolesanywhere-fips.REGION…}; default false. */
        Builder fipsEnabled(Boolean fipsEnabled);

        /** Call the dual-stack (IPv4 and IPv6) endpoint; default false. */
        Builder dualstackEnabled(Boolean dualstackEnabled);

        /** How long each set of credentials lasts: 15 minutes to 12 hours, default 1 hour. */
        Builder sessionDuration(Duration sessionDuration);

        /** The role session name (the Roles Anywhere profile must accept custom names). */
        Builder roleSessionName(String roleSessionName);

        /** The signer holding the private key; the caller keeps ownership and closes it after the provider. */
        Builder signer(Signer signer);

        /** The certificate: a PEM, DER or PKCS#12 file path, or a {@code pkcs11:} URI. */
        Builder certificate(String certificate);

        /** The private key: a PEM/DER file path or a {@code pkcs11:} URI; omit when the certificate source holds it. */
        Builder privateKey(String privateKey);

        /** A PEM bundle of intermediate CA certificates sent with the leaf. */
        Builder intermediates(Path intermediates);

        /** The password of an encrypted PKCS#8 key or PKCS#12 file; copied, wipe your array afterwards. */
        Builder pkcs8Password(char[] pkcs8Password);

        /** The PKCS#11 module to load when the URI names none. */
        Builder pkcs11Library(String pkcs11Library);

        /** Use the user PIN for the per-signature login of always-authenticate keys. */
        Builder reusePin(Boolean reusePin);

        /** Asked for the token PIN when the URI carries none. */
        Builder pinCallback(PinCallback pinCallback);

        /** Read unset values from this profile of the AWS config file. */
        Builder profileName(String profileName);

        /** The profile file to read {@link #profileName(String)} from; default: the SDK's default profile file. */
        Builder profileFile(ProfileFile profileFile);

        /** The HTTP client for CreateSession; the caller's, left open by {@link #close()}. */
        Builder httpClient(SdkHttpClient httpClient);

        /** A fully configured protocol client (advanced); replaces region, endpoint, caBundle and httpClient. */
        Builder createSessionClient(CreateSessionClient createSessionClient);

        /** How long before expiry every caller waits for a refresh; default 1 minute. */
        Builder staleTime(Duration staleTime);

        /** How long before expiry one caller (or the background thread) starts refreshing; default 5 minutes. */
        Builder prefetchTime(Duration prefetchTime);

        /** Refresh in a background thread instead of in a caller's thread; default false. */
        Builder asyncCredentialUpdateEnabled(Boolean asyncCredentialUpdateEnabled);

        /** The clock that decides when cached credentials are refreshed (for tests); default the system clock. */
        Builder clock(Clock clock);

        /** Adds a listener told about every refresh (for metrics and alerts); none by default. */
        Builder addRefreshListener(CredentialsRefreshListener listener);

        /** Replaces the refresh listeners added so far; the collection is copied. */
        Builder refreshListeners(Collection<? extends CredentialsRefreshListener> listeners);

        /**
         * How long before the signing certificate expires one WARN line says so, with the date (once per
         * certificate); default 30 days, {@link Duration#ZERO} for never.
         */
        Builder certificateExpiryWarning(Duration certificateExpiryWarning);

        /**
         * @throws ConfigurationException when a required value is missing, an ARN is malformed, both a signer and key
         *     locations are given, the profile is unknown or its {@code credential_process} cannot be served
         * @throws dev.rolesanywhere.core.KeySourceException when the certificate or key cannot be loaded
         */
        @Override
        RolesAnywhereCredentialsProvider build();
    }

    private static final class BuilderImpl implements Builder {
        private SessionSpec.Builder spec = SessionSpec.builder();
        private Signer signer;
        private String profileName;
        private ProfileFile profileFile;
        private SdkHttpClient httpClient;
        private CreateSessionClient createSessionClient;
        private Duration staleTime;
        private Duration prefetchTime;
        private Boolean asyncCredentialUpdateEnabled;
        private Clock clock;
        private List<CredentialsRefreshListener> refreshListeners = new ArrayList<>();
        private Duration certificateExpiryWarning;

        private BuilderImpl() {
        }

        private BuilderImpl(BuilderImpl other, SessionSpec spec) {
            this.spec = spec.toBuilder();
            this.signer = other.signer;
            this.profileName = other.profileName;
            this.profileFile = other.profileFile;
            this.httpClient = other.httpClient;
            this.createSessionClient = other.createSessionClient;
            this.staleTime = other.staleTime;
            this.prefetchTime = other.prefetchTime;
            this.asyncCredentialUpdateEnabled = other.asyncCredentialUpdateEnabled;
            this.clock = other.clock;
            this.refreshListeners = new ArrayList<>(other.refreshListeners);
            this.certificateExpiryWarning = other.certificateExpiryWarning;
        }

        @Override
        public Builder sessionSpec(SessionSpec sessionSpec) {
            spec = sessionSpec == null ? SessionSpec.builder() : sessionSpec.toBuilder();
            return this;
        }

        @Override
        public Builder trustAnchorArn(String trustAnchorArn) {
            spec.trustAnchorArn(trustAnchorArn);
            return this;
        }

        @Override
        public Builder profileArn(String profileArn) {
            spec.profileArn(profileArn);
            return this;
        }

        @Override
        public Builder roleArn(String roleArn) {
            spec.roleArn(roleArn);
            return this;
        }

        @Override
        public Builder region(String region) {
            spec.region(region);
            return this;
        }

        @Override
        public Builder endpoint(URI endpoint) {
            spec.endpoint(endpoint);
            return this;
        }

        @Override
        public Builder caBundle(Path caBundle) {
            spec.caBundle(caBundle);
            return this;
        }

        @Override
        public Builder fipsEnabled(Boolean fipsEnabled) {
            spec.fipsEnabled(fipsEnabled);
            return this;
        }

        @Override
        public Builder dualstackEnabled(Boolean dualstackEnabled) {
            spec.dualstackEnabled(dualstackEnabled);
            return this;
        }

        @Override
        public Builder sessionDuration(Duration sessionDuration) {
            spec.sessionDuration(sessionDuration);
            return this;
        }

        @Override
        public Builder roleSessionName(String roleSessionName) {
            spec.roleSessionName(roleSessionName);
            return this;
        }

        @Override
        public Builder signer(Signer signer) {
            this.signer = signer;
            return this;
        }

        @Override
        public Builder certificate(String certificate) {
            spec.signerSpec(key -> key.certificate(certificate));
            return this;
        }

        @Override
        public Builder privateKey(String privateKey) {
            spec.signerSpec(key -> key.privateKey(privateKey));
            return this;
        }

        @Override
        public Builder intermediates(Path intermediates) {
            spec.signerSpec(key -> key.intermediates(intermediates));
            return this;
        }

        @Override
        public Builder pkcs8Password(char[] pkcs8Password) {
            spec.signerSpec(key -> key.pkcs8Password(pkcs8Password));
            return this;
        }

        @Override
        public Builder pkcs11Library(String pkcs11Library) {
            spec.signerSpec(key -> key.pkcs11Library(pkcs11Library));
            return this;
        }

        @Override
        public Builder reusePin(Boolean reusePin) {
            spec.signerSpec(key -> key.reusePin(reusePin));
            return this;
        }

        @Override
        public Builder pinCallback(PinCallback pinCallback) {
            spec.signerSpec(key -> key.pinCallback(pinCallback));
            return this;
        }

        @Override
        public Builder profileName(String profileName) {
            this.profileName = profileName;
            return this;
        }

        @Override
        public Builder profileFile(ProfileFile profileFile) {
            this.profileFile = profileFile;
            return this;
        }

        @Override
        public Builder httpClient(SdkHttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        @Override
        public Builder createSessionClient(CreateSessionClient createSessionClient) {
            this.createSessionClient = createSessionClient;
            return this;
        }

        @Override
        public Builder staleTime(Duration staleTime) {
            this.staleTime = staleTime;
            return this;
        }

        @Override
        public Builder prefetchTime(Duration prefetchTime) {
            this.prefetchTime = prefetchTime;
            return this;
        }

        @Override
        public Builder asyncCredentialUpdateEnabled(Boolean asyncCredentialUpdateEnabled) {
            this.asyncCredentialUpdateEnabled = asyncCredentialUpdateEnabled;
            return this;
        }

        @Override
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        @Override
        public Builder addRefreshListener(CredentialsRefreshListener listener) {
            refreshListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        @Override
        public Builder refreshListeners(Collection<? extends CredentialsRefreshListener> listeners) {
            refreshListeners = new ArrayList<>();
            listeners.forEach(this::addRefreshListener);
            return this;
        }

        @Override
        public Builder certificateExpiryWarning(Duration certificateExpiryWarning) {
            if (certificateExpiryWarning != null && certificateExpiryWarning.isNegative()) {
                throw new ConfigurationException("certificateExpiryWarning must not be negative, not "
                        + certificateExpiryWarning + ": give how long before expiry to warn, or zero for never");
            }
            this.certificateExpiryWarning = certificateExpiryWarning;
            return this;
        }

        @Override
        public RolesAnywhereCredentialsProvider build() {
            Prepared prepared = prepare();
            return new RolesAnywhereCredentialsProvider(new BuilderImpl(this, spec.build()), prepared.schedule,
                    openSession(prepared), null);
        }

        /** Everything {@link #build()} checks before it loads a key or creates a client. */
        Prepared prepare() {
            SessionSpec explicit = spec.build();
            if (signer != null && describesKey(explicit)) {
                throw new ConfigurationException("Both a signer and key locations (certificate, privateKey, "
                        + "intermediates, pkcs8Password, pkcs11Library or reusePin) were given: configure the key "
                        + "one way only, either signer(...) or the locations");
            }
            SessionSpec effective = explicit;
            if (profileName != null) {
                SessionSpec.Builder fromProfile = ProfileSettings.read(
                        profileFile != null ? profileFile : ProfileFile.defaultProfileFile(), profileName).toBuilder();
                if (signer != null) {
                    // The caller's signer replaces the profile's key source.
                    fromProfile.signerSpec((SignerSpec) null);
                }
                if (createSessionClient != null) {
                    // The caller's protocol client carries its own endpoint, trust and attempts.
                    fromProfile.region(null).endpoint(null).caBundle(null).fipsEnabled(null).dualstackEnabled(null)
                            .maxAttempts(null).proxy(null).nonProxyHosts(null);
                } else if (httpClient != null) {
                    // Trust and proxy configure an HTTP client this provider creates, not the caller's.
                    fromProfile.caBundle(null).proxy(null).nonProxyHosts(null);
                } else if (explicit.trustAllCertificatesEnabled()) {
                    // The caller turned certificate checks off; a CA bundle from the profile or AWS_CA_BUNDLE is moot.
                    fromProfile.caBundle(null);
                }
                effective = explicit.withDefaultsFrom(fromProfile.build());
            }
            require(effective, SessionField.TRUST_ANCHOR_ARN, "trust anchor ARN", "trustAnchorArn",
                    RolesAnywhereSystemSetting.TRUST_ANCHOR_ARN, ProfileSettings.TRUST_ANCHOR_ARN,
                    CredentialProcessFlag.TRUST_ANCHOR_ARN);
            require(effective, SessionField.PROFILE_ARN, "profile ARN", "profileArn",
                    RolesAnywhereSystemSetting.PROFILE_ARN, ProfileSettings.PROFILE_ARN,
                    CredentialProcessFlag.PROFILE_ARN);
            require(effective, SessionField.ROLE_ARN, "role ARN", "roleArn", RolesAnywhereSystemSetting.ROLE_ARN,
                    ProfileSettings.ROLE_ARN, CredentialProcessFlag.ROLE_ARN);
            if (signer == null) {
                require(effective, SessionField.CERTIFICATE, "certificate and no signer", "certificate",
                        RolesAnywhereSystemSetting.CERTIFICATE, ProfileSettings.CERTIFICATE,
                        CredentialProcessFlag.CERTIFICATE);
            }
            RefreshSchedule schedule = RefreshSchedule.of(staleTime, prefetchTime);
            schedule.checkSessionDuration(effective.sessionDuration().orElse(CreateSessionRequest.DEFAULT_DURATION));
            if (createSessionClient != null && (httpClient != null || describesTransport(effective))) {
                throw new ConfigurationException("Both createSessionClient and region/endpoint/caBundle/httpClient "
                        + "were given: configure those on the CreateSessionClient you pass, or leave it out");
            }
            effective.validateRequest();
            return new Prepared(effective, schedule);
        }

        /** Loads the key and creates the client this provider owns, closing them again if anything fails. */
        Session openSession(Prepared prepared) {
            SessionSpec effective = prepared.effective;
            Signer actualSigner = signer;
            CreateSessionClient actualClient = createSessionClient;
            try {
                if (signer == null) {
                    actualSigner = Signers.fromSpec(effective.signerSpec().get());
                }
                CreateSessionRequest request = effective.createSessionRequest(actualSigner);
                if (createSessionClient == null) {
                    actualClient = effective.createSessionClient(httpClient);
                }
                return new Session(new BuilderImpl(this, spec.build()), prepared.schedule, actualSigner,
                        signer == null, actualClient, createSessionClient == null, request);
            } catch (RuntimeException e) {
                if (createSessionClient == null && actualClient != null) {
                    actualClient.close();
                }
                if (signer == null && actualSigner != null) {
                    actualSigner.close();
                }
                throw e;
            }
        }

        private static boolean describesKey(SessionSpec spec) {
            return Arrays.stream(SessionField.values()).anyMatch(field -> field.isKeySource() && spec.isSet(field));
        }

        private static boolean describesTransport(SessionSpec spec) {
            return spec.isSet(SessionField.REGION) || spec.isSet(SessionField.ENDPOINT)
                    || spec.isSet(SessionField.CA_BUNDLE) || spec.proxy().isPresent() || spec.fipsEnabled()
                    || spec.dualstackEnabled() || spec.isSet(SessionField.MAX_ATTEMPTS)
                    || spec.trustAllCertificatesEnabled();
        }

        private static void require(SessionSpec spec, SessionField field, String what, String builderMethod,
                RolesAnywhereSystemSetting setting, String profileKey, CredentialProcessFlag helperOption) {
            if (!spec.isSet(field)) {
                throw new ConfigurationException("No " + what + " configured: set " + builderMethod + "(...) on the "
                        + "builder, the system property " + setting.property() + " or environment variable "
                        + setting.environmentVariable() + " (create()), or " + profileKey + " / "
                        + helperOption.flag() + " in the profile");
            }
        }

        @Override
        public String toString() {
            return "RolesAnywhereCredentialsProvider.Builder";
        }
    }

    /** The configuration {@link BuilderImpl#prepare()} checked: the effective session and the refresh schedule. */
    private static final class Prepared {
        final SessionSpec effective;
        final RefreshSchedule schedule;

        Prepared(SessionSpec effective, RefreshSchedule schedule) {
            this.effective = effective;
            this.schedule = schedule;
        }
    }
}
