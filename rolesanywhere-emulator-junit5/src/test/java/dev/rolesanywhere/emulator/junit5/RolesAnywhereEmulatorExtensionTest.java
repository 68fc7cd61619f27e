package dev.rolesanywhere.emulator.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.rolesanywhere.emulator.KeyType;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The JUnit extension in its three registrations, and its lifecycle checked by running small test classes. */
class RolesAnywhereEmulatorExtensionTest {
    @RegisterExtension
    static final RolesAnywhereEmulatorExtension EMULATOR = RolesAnywhereEmulatorExtension.builder()
            .caKeyType(KeyType.RSA_2048)
            .emulator(b -> b.region("eu-west-2").acceptRoleSessionName(true))
            .build();

    @Test
    void staticRegistration_startsAConfiguredEmulatorTrustingTheCa() throws Exception {
        RolesAnywhereEmulator emulator = EMULATOR.emulator();
        assertThat(emulator.region()).isEqualTo("eu-west-2");
        assertThat(emulator.trustAnchors().values()).containsExactly(EMULATOR.certificateAuthority().certificate());
        assertThat(EMULATOR.certificateAuthority().keyType()).isEqualTo(KeyType.RSA_2048);
        assertThat(emulator.profiles().get(emulator.profileArn()).acceptRoleSessionName()).isTrue();
        // Up and verifying, over TLS the trust store vouches for: an unsigned CreateSession is refused as such.
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(emulator.trustStore());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        HttpResponse<String> unsigned = HttpClient.newBuilder().sslContext(tls).build().send(
                HttpRequest.newBuilder(emulator.endpoint().resolve("/sessions"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.headers().firstValue("x-amzn-ErrorType")).hasValueSatisfying(
                type -> assertThat(type).startsWith("AccessDeniedException"));
    }

    @Test
    void parameters_resolveToTheSameEmulatorAndCa(RolesAnywhereEmulator emulator, TestCertificateAuthority ca) {
        assertThat(emulator).isSameAs(EMULATOR.emulator());
        assertThat(ca).isSameAs(EMULATOR.certificateAuthority());
    }

    @Nested
    class InANestedClass {
        @Test
        void theOuterEmulatorKeepsRunning() {
            assertThat(EMULATOR.emulator().endpoint()).isNotNull();
        }
    }

    @Test
    void extendWith_startsOnePerClassAndStopsItAfterwards() {
        Recorded.EMULATORS.clear();
        TestExecutionSummary summary = run(ExtendWithExample.class);
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(summary.getTotalFailureCount()).isZero();
        assertThat(Recorded.EMULATORS).hasSize(2);
        assertThat(Recorded.EMULATORS.get(0)).isSameAs(Recorded.EMULATORS.get(1));
        assertThatThrownBy(Recorded.EMULATORS.get(0)::endpoint).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void instanceField_givesEachTestItsOwnEmulator() {
        Recorded.EMULATORS.clear();
        TestExecutionSummary summary = run(InstanceFieldExample.class);
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(Recorded.EMULATORS).hasSize(2);
        assertThat(Recorded.EMULATORS.get(0)).isNotSameAs(Recorded.EMULATORS.get(1));
        for (RolesAnywhereEmulator emulator : Recorded.EMULATORS) {
            assertThatThrownBy(emulator::endpoint).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void accessors_outsideATest_explainTheProblem() {
        RolesAnywhereEmulatorExtension unused = RolesAnywhereEmulatorExtension.builder().build();
        assertThatThrownBy(unused::emulator).hasMessageContaining("not running");
        assertThatThrownBy(unused::certificateAuthority).hasMessageContaining("not ready");
    }

    private static TestExecutionSummary run(Class<?> testClass) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass)).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        return listener.getSummary();
    }

    /** What the example classes saw; they run inside the tests above, one at a time. */
    static final class Recorded {
        static final List<RolesAnywhereEmulator> EMULATORS = new ArrayList<>();
    }

    // The examples are nested static classes: surefire skips them, the launcher above runs them on purpose.
    @ExtendWith(RolesAnywhereEmulatorExtension.class)
    static class ExtendWithExample {
        @Test
        void first(RolesAnywhereEmulator emulator) {
            Recorded.EMULATORS.add(emulator);
            assertThat(emulator.endpoint()).isNotNull();
        }

        @Test
        void second(RolesAnywhereEmulator emulator, TestCertificateAuthority ca) {
            Recorded.EMULATORS.add(emulator);
            assertThat(emulator.trustAnchors().values()).containsExactly(ca.certificate());
        }
    }

    static class InstanceFieldExample {
        @RegisterExtension
        final RolesAnywhereEmulatorExtension emulator = RolesAnywhereEmulatorExtension.builder().build();

        @Test
        void first() {
            Recorded.EMULATORS.add(emulator.emulator());
        }

        @Test
        void second() {
            Recorded.EMULATORS.add(emulator.emulator());
        }
    }
}
