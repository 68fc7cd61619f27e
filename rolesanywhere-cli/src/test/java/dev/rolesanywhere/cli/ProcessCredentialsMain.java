package dev.rolesanywhere.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import software.amazon.awssdk.auth.credentials.ProcessCredentialsProvider;

/**
 * What an application using the AWS SDK does with a {@code credential_process} setting: the SDK's own
 * ProcessCredentialsProvider runs the command with its stdout captured. Run under a pseudo-terminal, it shows where a
 * prompt goes. Arguments: the file to write the access key id (or the error) to, then the command and its arguments.
 */
public final class ProcessCredentialsMain {

    private ProcessCredentialsMain() {
    }

    public static void main(String[] args) throws IOException {
        String result;
        try (ProcessCredentialsProvider provider = ProcessCredentialsProvider.builder()
                .command(Arrays.asList(args).subList(1, args.length)).build()) {
            result = "OK " + provider.resolveCredentials().accessKeyId();
        } catch (RuntimeException e) {
            result = "FAILED " + e.getMessage();
        }
        Files.write(Paths.get(args[0]), result.getBytes(StandardCharsets.UTF_8));
    }
}
