package dev.rolesanywhere.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.CreateSessionClient;
import dev.rolesanywhere.core.RolesAnywhereServiceException;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.core.keys.PrivateKeySigner;
import dev.rolesanywhere.emulator.CertificateTemplate;
import dev.rolesanywhere.emulator.FaultType;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.junit5.RolesAnywhereEmulatorExtension;
import dev.rolesanywhere.testing.LogCapture;
import dev.rolesanywhere.testing.MutableClock;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * What a provider tells about itself without fetching: its refresh listeners, its read-only accessors, the
 * certificate-expiry warning, and {@code resolveIdentity} that leaves an asynchronous client's thread alone.
 */
class ProviderObservabilityTest {
    private final MutableClock clock = new MutableClock(Instant.now());

    @RegisterExtension
    final RolesAnywhereEmulatorExtension extension =
            RolesAnywhereEmulatorExtension.builder().emulator(emulator -> emulator.clock(clock)).build();
    private SdkHttpClient http;
    private CreateSessionClient client;

    @BeforeEach
    void setUp() {
        http = EmulatorClients.trustingHttpClient(emulator());
        client = CreateSessionClient.builder().endpoint(emulator().endpoint()).httpClient(http).maxAttempts(1)
                .clock(clock).build();
    }

    @AfterEach
    void tearDown() {
        client.close();
        http.close();
    }

    private RolesAnywhereEmulator emulator() {
        return extension.emulator();
    }

    private RolesAnywhereCredentialsProvider.Builder provider(Signer signer) {
        return RolesAnywhereCredentialsProvider.builder()
                .trustAnchorArn(emulator().trustAnchorArn())
                .profileArn(emulator().profileArn())
                .roleArn(emulator().roleArn())
                .signer(signer)
                .createSessionClient(client)
                .clock(clock);
    }

    private Signer signer() {
        IssuedCertificate leaf = extension.certificateAuthority().issueClientCertificate();
        return PrivateKeySigner.create(leaf.privateKey(), leaf.certificate());
    }

    @Test
    void refreshListener_isToldOfEachSuccessAndFailure_withDurationExpiriesAndTheFailureCount() {
        List<String> calls = new CopyOnWriteArrayList<>();
        List<CredentialsRefresh> refreshes = new CopyOnWriteArrayList<>();
        CredentialsRefreshListener listener = new CredentialsRefreshListener() {
            @Override
            public void refreshStarted() {
                calls.add("started");
            }

            @Override
            public void refreshSucceeded(CredentialsRefresh refresh) {
                calls.add("succeeded");
                refreshes.add(refresh);
            }

            @Override
            public void refreshFailed(CredentialsRefresh refresh) {
                calls.add("failed");
                refreshes.add(refresh);
            }
        };
        Signer signer = signer();
        try (RolesAnywhereCredentialsProvider provider = provider(signer).addRefreshListener(listener).build()) {
            AwsSessionCredentials first = provider.resolveCredentials();
            emulator().faults().failNext(1, FaultType.SERVICE_UNAVAILABLE);
            clock.set(first.expirationTime().get().minus(Duration.ofSeconds(30)));
            provider.resolveCredentials();

            assertThat(calls).containsExactly("started", "succeeded", "started", "failed");
            CredentialsRefresh success = refreshes.get(0);
            assertThat(success.succeeded()).isTrue();
            assertThat(success.duration()).isPositive();
            assertThat(success.credentialsExpiration()).contains(first.expirationTime().get());
            assertThat(success.certificateExpiration()).contains(signer.certificate().getNotAfter().toInstant());
            assertThat(success.consecutiveFailures()).isZero();
            CredentialsRefresh failure = refreshes.get(1);
            assertThat(failure.succeeded()).isFalse();
            assertThat(failure.consecutiveFailures()).isEqualTo(1);
            assertThat(failure.failure()).hasValueSatisfying(
                    e -> assertThat(e).isInstanceOf(RolesAnywhereServiceException.class));
            assertThat(failure.credentialsExpiration()).isEmpty();
        }
    }

    @Test
    void refreshListener_thatThrows_neverFailsTheRefresh() {
        CredentialsRefreshListener broken = new CredentialsRefreshListener() {
            @Override
            public void refreshSucceeded(CredentialsRefresh refresh) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (LogCapture log = new LogCapture();
                RolesAnywhereCredentialsProvider provider = provider(signer()).addRefreshListener(broken).build()) {
            assertThat(provider.resolveCredentials().accessKeyId()).startsWith("ASIA");
            assertThat(log.text()).contains("listener bug").contains("the refresh goes on regardless");
        }
    }

    @Test
    void accessors_reportTheCachedStateWithoutEverFetching() {
        Signer signer = signer();
        try (RolesAnywhereCredentialsProvider provider = provider(signer).staleTime(Duration.ofMinutes(2))
                .prefetchTime(Duration.ofMinutes(10)).build()) {
            assertThat(provider.staleTime()).isEqualTo(Duration.ofMinutes(2));
            assertThat(provider.prefetchTime()).isEqualTo(Duration.ofMinutes(10));
            assertThat(provider.cachedCredentialsExpiration()).isEmpty();
            assertThat(provider.certificateExpiration()).contains(signer.certificate().getNotAfter().toInstant());
            assertThat(emulator().requestLog().count()).as("no accessor fetches").isZero();

            AwsSessionCredentials credentials = provider.resolveCredentials();
            assertThat(provider.cachedCredentialsExpiration()).isEqualTo(credentials.expirationTime());
            assertThat(provider.lastRefreshFailure()).isEmpty();

            emulator().faults().failNext(1, FaultType.THROTTLING);
            clock.set(credentials.expirationTime().get().minus(Duration.ofSeconds(90)));
            provider.resolveCredentials();
            assertThat(provider.consecutiveRefreshFailures()).isEqualTo(1);
            assertThat(provider.lastRefreshFailure()).isPresent();
            assertThat(provider.cachedCredentialsExpiration()).isEqualTo(credentials.expirationTime());
            assertThat(emulator().requestLog().count()).isEqualTo(2);
        }
    }

    @Test
    void resolveIdentity_onceCredentialsAreCached_returnsThemAtOnce_andRefreshesOnTheProvidersThread()
            throws Exception {
        BlockingSigner signer = new BlockingSigner(signer());
        try (RolesAnywhereCredentialsProvider provider = provider(signer).build()) {
            AwsSessionCredentials first = provider.resolveCredentials();
            // Inside the prefetch window, before the stale time: a refresh is due, but no caller has to wait for it.
            clock.set(first.expirationTime().get().minus(Duration.ofMinutes(2)));
            signer.block();

            CompletableFuture<? extends AwsCredentialsIdentity> identity = provider.resolveIdentity();

            assertThat(identity.isDone()).as("completed at once").isTrue();
            assertThat(identity.getNow(null)).isSameAs(first);
            assertThat(signer.entered.await(10, TimeUnit.SECONDS)).as("the refresh started").isTrue();
            assertThat(signer.signingThread.get()).startsWith("rolesanywhere-identity-");
            signer.release();
            assertThat(emulator().requestLog().awaitCount(2, Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void resolveIdentity_whenNothingUsableIsCached_completesLaterWithoutBlockingTheCaller() throws Exception {
        BlockingSigner signer = new BlockingSigner(signer());
        try (RolesAnywhereCredentialsProvider provider = provider(signer).build()) {
            signer.block();

            CompletableFuture<? extends AwsCredentialsIdentity> identity = provider.resolveIdentity();

            assertThat(identity).isNotDone();
            signer.release();
            assertThat(identity.get(10, TimeUnit.SECONDS).accessKeyId()).startsWith("ASIA");
        }
    }

    @Test
    void certificateExpiringWithinTheWindow_isWarnedAboutOnce_withTheDate() {
        Instant notAfter = clock.instant().plus(Duration.ofDays(10));
        IssuedCertificate leaf = extension.certificateAuthority().issueClientCertificate(CertificateTemplate.builder()
                .notBefore(clock.instant().minus(Duration.ofDays(1))).notAfter(notAfter).build());
        Signer signer = PrivateKeySigner.create(leaf.privateKey(), leaf.certificate());
        Instant exactNotAfter = leaf.certificate().getNotAfter().toInstant();
        try (LogCapture log = new LogCapture();
                RolesAnywhereCredentialsProvider provider = provider(signer).build()) {
            AwsSessionCredentials first = provider.resolveCredentials();
            clock.set(first.expirationTime().get().minus(Duration.ofSeconds(30)));
            provider.resolveCredentials();

            assertThat(emulator().requestLog().count()).isEqualTo(2);
            assertThat(log.count("expires on " + exactNotAfter)).isEqualTo(1);
        }
        try (LogCapture log = new LogCapture();
                RolesAnywhereCredentialsProvider quiet = provider(signer)
                        .certificateExpiryWarning(Duration.ofDays(5)).build()) {
            quiet.resolveCredentials();
            assertThat(log.text()).doesNotContain("expires on");
        }
    }

    /** Signs through a delegate, but can be made to wait inside {@link #sign(byte[])} until released. */
    private static final class BlockingSigner implements Signer {
        private final Signer delegate;
        private volatile CountDownLatch gate = new CountDownLatch(0);
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicReference<String> signingThread = new AtomicReference<>();

        BlockingSigner(Signer delegate) {
            this.delegate = delegate;
        }

        void block() {
            gate = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        @Override
        public X509Certificate certificate() {
            return delegate.certificate();
        }

        @Override
        public List<X509Certificate> certificateChain() {
            return delegate.certificateChain();
        }

        @Override
        public SigningAlgorithm algorithm() {
            return delegate.algorithm();
        }

        @Override
        public byte[] sign(byte[] data) {
            signingThread.set(Thread.currentThread().getName());
            CountDownLatch current = gate;
            if (current.getCount() > 0) {
                entered.countDown();
                try {
                    if (!current.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never released the signer");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return delegate.sign(data);
        }
    }
}
