package dev.rolesanywhere.cli;

import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import java.nio.file.Paths;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Serves a profile in-process with the provider, in a JVM of its own so that the test decides its environment
 * (AWS_USE_FIPS_ENDPOINT, HTTPS_PROXY): prints the access key id on success, the error's message on failure.
 * Arguments: the config file, the profile name.
 */
public final class InProcessProfileMain {

    private InProcessProfileMain() {
    }

    public static void main(String[] args) {
        ProfileFile profiles = ProfileFile.builder().content(Paths.get(args[0]))
                .type(ProfileFile.Type.CONFIGURATION).build();
        try (RolesAnywhereCredentialsProvider provider = RolesAnywhereCredentialsProvider.builder()
                .profileFile(profiles).profileName(args[1]).build()) {
            System.out.println(provider.resolveCredentials().accessKeyId());
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}
