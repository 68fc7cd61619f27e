package dev.rolesanywhere.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.CreateSessionClient;
import dev.rolesanywhere.core.RolesAnywhereServiceException;
import dev.rolesanywhere.core.keys.PrivateKeySigner;
import dev.rolesanywhere.emulator.FaultType;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.junit5.RolesAnywhereEmulatorExtension;
import dev.rolesanywhere.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * When credentials are refreshed, and what callers see meanwhile. The emulator, the request signing and the provider's
 * cache share one clock the test moves by hand, so expiry, signing-time checks and refresh decisions agree.
 */
class CredentialsRefreshTest {
    private static final int THREADS = 64;

    private final MutableClock clock = new MutableClock(Instant.now());

    @RegisterExtension
    final RolesAnywhereEmulatorExtension extension =
            RolesAnywhereEmulatorExtension.builder().emulator(emulator -> emulator.clock(clock)).build();
    private SdkHttpClient http;
    private CreateSessionClient client;
    private PrivateKeySigner signer;

    @BeforeEach
    void setUp() {
        http = EmulatorClients.trustingHttpClient(emulator());
        // One attempt per refresh, so the emulator's request log counts refreshes exactly.
        client = CreateSessionClient.builder().endpoint(emulator().endpoint()).httpClient(http).maxAttempts(1)
                .clock(clock).build();
        IssuedCertificate leaf = extension.certificateAuthority().issueClientCertificate();
        signer = PrivateKeySigner.create(leaf.privateKey(), leaf.certificate());
    }

    @AfterEach
    void tearDown() {
        client.close();
        http.close();
    }

    private RolesAnywhereEmulator emulator() {
        return extension.emulator();
    }

    private RolesAnywhereCredentialsProvider.Builder provider() {
        return RolesAnywhereCredentialsProvider.builder()
                .trustAnchorArn(emulator().trustAnchorArn())
                .profileArn(emulator().profileArn())
                .roleArn(emulator().roleArn())
                .signer(signer)
                .createSessionClient(client)
                .clock(clock);
    }

    private int createSessionCalls() {
        return emulator().requestLog().count();
    }

    private static Instant expiryOf(AwsSessionCredentials credentials) {
        return credentials.expirationTime().get();
    }

    @Test
    void resolveCredentials_beforePrefetchTime_servesTheCachedCredentials() {
        try (RolesAnywhereCredentialsProvider provider = provider().build()) {
            AwsSessionCredentials first = provider.resolveCredentials();
            clock.set(expiryOf(first).minus(Duration.ofMinutes(5)).minusSeconds(1));

            assertThat(provider.resolveCredentials()).isSameAs(first);
            assertThat(provider.resolveCredentials()).isSameAs(first);
            assertThat(createSessionCalls()).isEqualTo(1);
        }
    }

    @Test
    void resolveCredentials_pastTheJitteredPrefetchTime_refreshesOnce() {
        try (RolesAnywhereCredentialsProvider provider = provider().build()) {
            AwsSessionCredentials first = provider.resolveCredentials();
            // The SDK jitters the prefetch instant between 5 and 2 minutes before expiry.
            clock.set(expiryOf(first).minus(Duration.ofMinutes(2)));

            AwsSessionCredentials second = provider.resolveCredentials();

            assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
            assertThat(provider.resolveCredentials()).isSameAs(second);
            assertThat(createSessionCalls()).isEqualTo(2);
        }
    }

    @Test
    void resolveCredentials_atStaleTime_returnsFreshCredentials() {
        try (RolesAnywhereCredentialsProvider provider = provider().prefetchTime(Duration.ofMinutes(3))
                .staleTime(Duration.ofMinutes(2)).build()) {
            AwsSessionCredentials first = provider.resolveCredentials();
            clock.set(expiryOf(first).minus(Duration.ofMinutes(2)));

            AwsSessionCredentials second = provider.resolveCredentials();

            assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
            assertThat(expiryOf(second)).isAfter(clock.instant().plus(Duration.ofMinutes(30)));
        }
    }

    @Test
    void resolveCredentials_whenRefreshFailsWhileValid_keepsServingCachedCredentialsAndBacksOff() {
        try (RolesAnywhereCredentialsProvider provider = provider().build()) {
            AwsSessionCredentials first = provider.resolveCredentials();
            emulator().faults().failNext(1000, FaultType.INTERNAL_ERROR);

            clock.set(expiryOf(first).minus(Duration.ofMinutes(2)));
            assertThat(provider.resolveCredentials()).isSameAs(first);
            assertThat(createSessionCalls()).isEqualTo(2);

            clock.advance(Duration.ofMillis(400));
            assertThat(provider.resolveCredentials()).isSameAs(first);
            assertThat(createSessionCalls()).as("no retry within the first back-off").isEqualTo(2);

            clock.set(expiryOf(first).minus(Duration.ofMinutes(1)));
            assertThat(provider.resolveCredentials()).isSameAs(first);
            assertThat(createSessionCalls()).isEqualTo(3);

            clock.set(expiryOf(first).minusSeconds(1));
            assertThat(provider.resolveCredentials()).isSameAs(first);
            assertThat(createSessionCalls()).isEqualTo(4);
        }
    }

    @Test
    void resolveCredentials_whenRefreshFailsAfterExpiry_throwsTheServiceError_backsOff_andRecovers() {
        try (RolesAnywhereCredentialsProvider provider = provider().build()) {
            AwsSessionCredentials first = provider.resolveCredentials();
            emulator().faults().failNext(1000, FaultType.INTERNAL_ERROR);
            clock.set(expiryOf(first));

            assertThatThrownBy(provider::resolveCredentials)
                    .isInstanceOf(RolesAnywhereCredentialsException.class)
                    .extracting(Throwable::getCause)
                    .isInstanceOfSatisfying(RolesAnywhereServiceException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(500));
            assertThatThrownBy(provider::resolveCredentials).isInstanceOf(RolesAnywhereCredentialsException.class)
                    .hasCauseInstanceOf(RolesAnywhereServiceException.class);
            assertThat(createSessionCalls()).as("callers within the back-off get the last error").isEqualTo(2);

            emulator().faults().clear();
            clock.advance(Duration.ofSeconds(1));
            AwsSessionCredentials recovered = provider.resolveCredentials();

            assertThat(recovered.accessKeyId()).isNotEqualTo(first.accessKeyId());
            assertThat(expiryOf(recovered)).isAfter(clock.instant());
            assertThat(createSessionCalls()).isEqualTo(3);
        }
    }

    @Test
    void resolveCredentials_whenTheFirstFetchFails_throwsAndRetriesAfterTheBackOff() {
        try (RolesAnywhereCredentialsProvider provider = provider().build()) {
            emulator().faults().failNext(1, FaultType.SERVICE_UNAVAILABLE);

            assertThatThrownBy(provider::resolveCredentials).isInstanceOf(RolesAnywhereCredentialsException.class)
                    .hasCauseInstanceOf(RolesAnywhereServiceException.class);
            assertThatThrownBy(provider::resolveCredentials).isInstanceOf(RolesAnywhereCredentialsException.class)
                    .hasCauseInstanceOf(RolesAnywhereServiceException.class);
            assertThat(createSessionCalls()).isEqualTo(1);

            clock.advance(Duration.ofSeconds(1));
            assertThat(provider.resolveCredentials().accessKeyId()).isNotBlank();
            assertThat(createSessionCalls()).isEqualTo(2);
        }
    }

    @Test
    void resolveCredentials_with64CallersAtExpiry_sendsExactlyOneCreateSession() throws Exception {
        try (RolesAnywhereCredentialsProvider provider = provider().build()) {
            AwsSessionCredentials first = provider.resolveCredentials();
            clock.set(expiryOf(first).plusSeconds(1));

            Set<String> keys = resolveConcurrently(provider);

            assertThat(keys).hasSize(1).doesNotContain(first.accessKeyId());
            assertThat(createSessionCalls()).isEqualTo(2);
        }
    }

    @Test
    void resolveCredentials_with64CallersAtExpiryDuringAnOutage_sendsOneCreateSessionAndFailsThemAll()
            throws Exception {
        try (RolesAnywhereCredentialsProvider provider = provider().build()) {
            AwsSessionCredentials first = provider.resolveCredentials();
            emulator().faults().failNext(1000, FaultType.SERVICE_UNAVAILABLE);
            clock.set(expiryOf(first).plusSeconds(1));

            List<Object> outcomes = callConcurrently(provider);

            assertThat(outcomes).hasSize(THREADS)
                    .allSatisfy(o -> assertThat(o).isInstanceOfSatisfying(RolesAnywhereCredentialsException.class,
                            e -> assertThat(e).hasCauseInstanceOf(RolesAnywhereServiceException.class)));
            assertThat(createSessionCalls()).isEqualTo(2);
        }
    }

    @Test
    void resolveCredentials_with64CallersInThePrefetchWindow_sendsExactlyOneCreateSession() throws Exception {
        try (RolesAnywhereCredentialsProvider provider = provider().build()) {
            AwsSessionCredentials first = provider.resolveCredentials();
            clock.set(expiryOf(first).minus(Duration.ofMinutes(2)));

            resolveConcurrently(provider);

            assertThat(createSessionCalls()).isEqualTo(2);
            assertThat(provider.resolveCredentials().accessKeyId()).isNotEqualTo(first.accessKeyId());
        }
    }

    @Test
    void asyncCredentialUpdate_refreshesInTheBackgroundWhileCallersKeepTheCachedCredentials() throws Exception {
        try (RolesAnywhereCredentialsProvider provider = provider().asyncCredentialUpdateEnabled(true).build()) {
            AwsSessionCredentials first = provider.resolveCredentials();
            emulator().faults().delayNext(1, Duration.ofSeconds(2));
            clock.set(expiryOf(first).minus(Duration.ofMinutes(2)));

            assertThat(provider.resolveCredentials()).as("the caller does not wait for the slow refresh")
                    .isSameAs(first);
            assertThat(emulator().requestLog().awaitCount(2, Duration.ofSeconds(30))).isTrue();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            AwsSessionCredentials current = provider.resolveCredentials();
            while (current == first && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                current = provider.resolveCredentials();
            }
            assertThat(current.accessKeyId()).isNotEqualTo(first.accessKeyId());
            assertThat(createSessionCalls()).isEqualTo(2);
        }
    }

    private static Set<String> resolveConcurrently(RolesAnywhereCredentialsProvider provider) throws Exception {
        return callConcurrently(provider).stream()
                .map(o -> ((AwsSessionCredentials) o).accessKeyId())
                .collect(Collectors.toSet());
    }

    /** Each caller's credentials, or the exception it got, with all callers released at once. */
    private static List<Object> callConcurrently(RolesAnywhereCredentialsProvider provider) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                results.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        return (Object) provider.resolveCredentials();
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> result : results) {
                outcomes.add(result.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
