package dev.rolesanywhere.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.CreateSessionRequest;
import dev.rolesanywhere.core.RefreshSchedule;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * The property metadata an IDE shows for {@code aws.rolesanywhere.*} (generated from the properties class, merged
 * with META-INF/additional-spring-configuration-metadata.json): every property described, the defaults the library
 * really applies, hints where values have a shape.
 */
class ConfigurationMetadataTest {

    private static JsonNode metadata() throws IOException {
        try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata on the class path").isNotNull();
            return JsonNodeParser.create().parse(in);
        }
    }

    private static Map<String, JsonNode> properties() throws IOException {
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode property : metadata().field("properties").get().asArray()) {
            byName.put(property.field("name").get().asString(), property);
        }
        return byName;
    }

    private static Duration defaultOf(Map<String, JsonNode> properties, String name) {
        String text = properties.get(name).field("defaultValue").get().asString();
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        switch (text.charAt(text.length() - 1)) {
            case 'd':
                return Duration.ofDays(amount);
            case 'h':
                return Duration.ofHours(amount);
            case 'm':
                return Duration.ofMinutes(amount);
            default:
                throw new AssertionError("unexpected duration " + text);
        }
    }

    @Test
    void everyProperty_hasADescription() throws IOException {
        Map<String, JsonNode> properties = properties();
        assertThat(properties).containsKeys("aws.rolesanywhere.enabled", "aws.rolesanywhere.certificate",
                "aws.rolesanywhere.ssl-bundle", "aws.rolesanywhere.health.show-identifiers");
        properties.forEach((name, property) -> assertThat(property.field("description"))
                .as("description of %s", name).isPresent());
    }

    @Test
    void defaults_areTheOnesTheLibraryApplies() throws IOException {
        Map<String, JsonNode> properties = properties();
        assertThat(defaultOf(properties, "aws.rolesanywhere.session-duration"))
                .isEqualTo(CreateSessionRequest.DEFAULT_DURATION);
        assertThat(defaultOf(properties, "aws.rolesanywhere.stale-time")).isEqualTo(RefreshSchedule.DEFAULT_STALE_TIME);
        assertThat(defaultOf(properties, "aws.rolesanywhere.prefetch-time"))
                .isEqualTo(RefreshSchedule.DEFAULT_PREFETCH_TIME);
        assertThat(defaultOf(properties, "aws.rolesanywhere.certificate-expiry-warning"))
                .isEqualTo(new RolesAnywhereProperties().getCertificateExpiryWarning());
    }

    @Test
    void keyAndModuleProperties_haveHints() throws IOException {
        List<JsonNode> hints = metadata().field("hints").get().asArray();
        assertThat(hints).extracting(hint -> hint.field("name").get().asString())
                .contains("aws.rolesanywhere.certificate", "aws.rolesanywhere.pkcs11-library",
                        "aws.rolesanywhere.session-duration");
    }
}
