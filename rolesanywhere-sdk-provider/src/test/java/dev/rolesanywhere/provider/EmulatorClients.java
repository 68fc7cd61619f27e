package dev.rolesanywhere.provider;

import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import java.security.GeneralSecurityException;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/** Real SDK clients pointed at the emulator over HTTPS, trusting only its self-signed server certificate. */
final class EmulatorClients {
    private EmulatorClients() {
    }

    static SdkHttpClient trustingHttpClient(RolesAnywhereEmulator emulator) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(emulator.trustStore());
            return UrlConnectionHttpClient.builder().tlsTrustManagersProvider(trust::getTrustManagers).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An STS client builder for the emulator's GetCallerIdentity; the caller adds credentials or a plugin. */
    static StsClientBuilder sts(RolesAnywhereEmulator emulator, SdkHttpClient httpClient) {
        return StsClient.builder()
                .endpointOverride(emulator.stsEndpoint())
                .region(Region.of(emulator.region()))
                .httpClient(httpClient);
    }

    static StsClient sts(RolesAnywhereEmulator emulator, SdkHttpClient httpClient, AwsCredentialsProvider provider) {
        return sts(emulator, httpClient).credentialsProvider(provider).build();
    }
}
