package dev.rolesanywhere.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.LoggedRequest;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import dev.rolesanywhere.spring.internal.RolesAnywhereMetrics;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.SoftHsmToken;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * A real Spring Boot web application wired by properties only, its key on a SoftHSM2 token: the properties are bound,
 * its STS client gets credentials the emulator verifies, Spring Cloud AWS's Secrets Manager client uses the same
 * provider, and the health, metrics and configuration endpoints are read over HTTP as an operator would.
 */
@SpringBootTest(classes = RolesAnywhereBootApplicationTest.DemoApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.endpoints.web.exposure.include=health,metrics,configprops,env",
            "management.endpoint.health.show-details=always",
            "management.endpoint.configprops.show-values=always",
            "management.endpoint.env.show-values=always",
            "management.health.rolesanywhere.enabled=true"
        })
class RolesAnywhereBootApplicationTest {

    private static final TestCertificateAuthority CA = TestCertificateAuthority.create();
    private static final RolesAnywhereEmulator EMULATOR =
            RolesAnywhereEmulator.builder().trustAnchor(CA.certificate()).acceptRoleSessionName(true).build().start();
    private static final SecretsManagerStandIn SECRETS =
            new SecretsManagerStandIn("app/config", "{\"app.greeting\":\"hello\"}");
    private static final SoftHsmToken TOKEN = SoftHsmFixture.shared().createToken();
    private static final String PIN = new String(TOKEN.userPin());

    @DynamicPropertySource
    static void rolesAnywhere(DynamicPropertyRegistry registry) {
        IssuedCertificate leaf = CA.issueClientCertificate();
        TOKEN.key("boot").keyPair(leaf.keyPair()).certifiedBy(key -> leaf.certificate()).create();
        registry.add("aws.rolesanywhere.enabled", () -> "true");
        registry.add("aws.rolesanywhere.trust-anchor-arn", EMULATOR::trustAnchorArn);
        registry.add("aws.rolesanywhere.profile-arn", EMULATOR::profileArn);
        registry.add("aws.rolesanywhere.role-arn", EMULATOR::roleArn);
        registry.add("aws.rolesanywhere.endpoint", () -> EMULATOR.endpoint().toString());
        registry.add("aws.rolesanywhere.ca-bundle",
                () -> EMULATOR.writeTrustBundle(SoftHsmFixture.shared().workDirectory().resolve("emulator-ca.pem"))
                        .toString());
        registry.add("aws.rolesanywhere.certificate", () -> "pkcs11:token=" + TOKEN.label() + ";object=boot"
                + "?module-path=" + TOKEN.modulePath() + "&pin-value=" + PIN);
        registry.add("aws.rolesanywhere.role-session-name", () -> "boot-app");
        registry.add("spring.cloud.aws.secretsmanager.endpoint", () -> SECRETS.endpoint().toString());
        registry.add("spring.cloud.aws.secretsmanager.region", EMULATOR::region);
    }

    @AfterAll
    static void stop() {
        EMULATOR.close();
        SECRETS.close();
    }

    @Autowired
    AwsCredentialsProvider credentialsProvider;

    @Autowired
    StsClient sts;

    @Autowired
    SecretsManagerClient secretsManager;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Environment environment;

    @Test
    void applicationClients_andSpringCloudAwsClients_useRolesAnywhereCredentials_verifiedByTheEmulator() {
        assertThat(credentialsProvider).isInstanceOf(RolesAnywhereCredentialsProvider.class);

        GetCallerIdentityResponse identity = sts.getCallerIdentity();
        sts.getCallerIdentity();
        assertThat(identity.account()).isEqualTo(EMULATOR.accountId());
        assertThat(identity.arn()).endsWith(":assumed-role/" + RolesAnywhereEmulator.DEFAULT_ROLE_NAME + "/boot-app");

        assertThat(secretsManager.getSecretValue(r -> r.secretId("app/config")).secretString()).contains("hello");
        List<String> issued = EMULATOR.requestLog().entries().stream().filter(LoggedRequest::succeeded)
                .map(r -> r.accessKeyId().orElse("")).collect(Collectors.toList());
        assertThat(issued).as("one CreateSession serves every client: the credentials are cached").hasSize(1);
        assertThat(SECRETS.accessKeyIds()).isNotEmpty().allSatisfy(id -> assertThat(id).isEqualTo(issued.get(0)));
        assertThat(EMULATOR.requestLog().last().get().userAgent().get()).contains("(key/pkcs11; ");
    }

    @Test
    void healthEndpoint_overHttp_reportsUp_withoutArnsOrKeyIds() throws Exception {
        String accessKeyId = credentialsProvider.resolveCredentials().accessKeyId();

        HttpResponse<String> health = get("/actuator/health/rolesanywhere");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"", "credentialsExpiration", "certificateExpiration")
                .doesNotContain(EMULATOR.roleArn(), EMULATOR.trustAnchorArn(), EMULATOR.profileArn(), accessKeyId);
    }

    @Test
    void meters_areReadFromTheRunningApplication() throws Exception {
        sts.getCallerIdentity();

        assertThat(meters.get(RolesAnywhereMetrics.REFRESH).tag("outcome", "success").timer().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(meters.get(RolesAnywhereMetrics.CREDENTIALS_EXPIRY).gauge().value()).isBetween(600.0, 3600.0);
        assertThat(meters.get(RolesAnywhereMetrics.CERTIFICATE_EXPIRY).gauge().value()).isPositive();
        HttpResponse<String> timer = get("/actuator/metrics/" + RolesAnywhereMetrics.REFRESH);
        assertThat(timer.statusCode()).isEqualTo(200);
        assertThat(timer.body()).contains("\"COUNT\"", "outcome");
    }

    @Test
    void configurationEndpoints_maskTheTokenPin_butShowTheRestOfTheUri() throws Exception {
        HttpResponse<String> configprops = get("/actuator/configprops");
        HttpResponse<String> env = get("/actuator/env/aws.rolesanywhere.certificate");

        assertThat(configprops.body()).contains("pkcs11:token=" + TOKEN.label()).doesNotContain(PIN);
        assertThat(env.body()).contains("pkcs11:token=" + TOKEN.label()).doesNotContain(PIN);
        assertThat(environment.getProperty("aws.rolesanywhere.certificate")).contains(PIN);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootApplication
    static class DemoApplication {
        @Bean(destroyMethod = "close")
        StsClient stsClient(AwsCredentialsProvider credentials) {
            return StsClient.builder()
                    .credentialsProvider(credentials)
                    .region(Region.of(EMULATOR.region()))
                    .endpointOverride(EMULATOR.stsEndpoint())
                    .httpClient(UrlConnectionHttpClient.builder()
                            .tlsTrustManagersProvider(RolesAnywhereBootApplicationTest::emulatorTrust).build())
                    .build();
        }
    }

    private static javax.net.ssl.TrustManager[] emulatorTrust() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(EMULATOR.trustStore());
            return trust.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
