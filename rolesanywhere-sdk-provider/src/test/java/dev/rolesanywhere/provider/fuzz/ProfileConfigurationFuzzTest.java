package dev.rolesanywhere.provider.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.CredentialProcessFlag;
import dev.rolesanywhere.provider.internal.ProfileSettings;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * The provider reads its settings from the AWS config file: a {@code credential_process} line written for the
 * signing helper, or {@code rolesanywhere_*} keys. Whatever a person (or a config-management tool) wrote there, the
 * reader must answer with settings or a {@link ConfigurationException}, promptly. (The line's parser has its own
 * fuzz test in core.)
 */
class ProfileConfigurationFuzzTest {

    private static final Duration PER_INPUT = Duration.ofSeconds(5);

    private static final List<String> VALUES = List.of("cert.pem", "'a b'", "C:\\certs\\k.pem", "true", "yes",
            "pkcs11:token=t;object=o", "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/x", "3600",
            "PT1H", "-5", "https://host:8443/p", "http://", "%zz", "'", "\\", "=", "--region");

    @Property
    void profileSettings_ofAnyProfile_giveSettingsOrConfigurationException(
            @ForAll("profiles") Map<String, String> properties) {
        StringBuilder config = new StringBuilder("[profile fuzz]\n");
        properties.forEach((k, v) -> config.append(k).append(" = ").append(v).append('\n'));
        ProfileFile file = ProfileFile.builder()
                .content(new ByteArrayInputStream(config.toString().getBytes(StandardCharsets.UTF_8)))
                .type(ProfileFile.Type.CONFIGURATION)
                .build();

        try {
            assertThat(assertTimeoutPreemptively(PER_INPUT, () -> ProfileSettings.read(file, "fuzz"))).isNotNull();
        } catch (ConfigurationException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<Map<String, String>> profiles() {
        List<String> keys = new ArrayList<>(ProfileSettings.keyNames());
        keys.addAll(List.of(ProfileSettings.CREDENTIAL_PROCESS, "rolesanywhere_unknown", "region"));
        List<String> options = Stream.concat(Stream.of(CredentialProcessFlag.values()).map(CredentialProcessFlag::flag),
                Stream.of("--unknown", "-certificate", "-", "--")).collect(Collectors.toList());
        Arbitrary<String> word = Arbitraries.oneOf(Arbitraries.of(options), Arbitraries.of(VALUES),
                Combinators.combine(Arbitraries.of(options), Arbitraries.of(VALUES)).as((o, v) -> o + "=" + v));
        Arbitrary<String> helperLine = Combinators.combine(
                Arbitraries.of("aws_signing_helper credential-process", "aws_signing_helper update", ""),
                word.list().ofMaxSize(8)).as((p, w) -> p + " " + String.join(" ", w));
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of(VALUES), helperLine,
                Arbitraries.strings().excludeChars('\n', '\r').ofMaxLength(20));
        return Arbitraries.maps(Arbitraries.of(keys), value).ofMaxSize(6);
    }
}
