package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.CliContext;
import dev.rolesanywhere.cli.internal.CredentialsFetcher;
import dev.rolesanywhere.cli.internal.CredentialsFileWriter;
import dev.rolesanywhere.cli.internal.UpdateLoop;
import dev.rolesanywhere.core.SessionSpec;
import dev.rolesanywhere.core.Sleeper;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Keeps a profile of the shared credentials file up to date. */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = {"Write temporary credentials into a profile of the shared credentials file "
                + "($AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials) and refresh them 5 to 2 minutes before they expire.",
            "The file is replaced atomically under a lock (<file>.lock, which stays); every other line is kept. A file "
                    + "that is a mount point (bind-mounted into a container) is rewritten in place instead. A file "
                    + "others can read is tightened to mode 0600."})
final class UpdateCommand implements Callable<Integer> {

    @ParentCommand
    private RolesAnywhereCommand parent;

    @Mixin
    private SessionOptions options;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Profile to write (default: AWS_PROFILE, else default)")
    private String profile;

    @Option(names = "--once", description = "Write once and exit instead of refreshing forever")
    private boolean once;

    @Override
    public Integer call() throws InterruptedException {
        CliContext context = parent.context();
        CredentialsFileWriter writer = new CredentialsFileWriter(credentialsFile(context), context.err()::println);
        SessionSpec spec = options.sessionSpec(context);
        boolean keyOnToken = spec.signerSpec().orElseThrow().usesPkcs11();
        try (CredentialsFetcher fetcher = CredentialsFetcher.open(spec, key -> SignerOptions.open(key, context))) {
            UpdateLoop loop = new UpdateLoop(fetcher, writer, profileName(context), keyOnToken, context.clock(),
                    Sleeper.system(), context.err());
            if (once) {
                loop.runOnce();
                return 0;
            }
            Thread main = Thread.currentThread();
            CountDownLatch finished = new CountDownLatch(1);
            // On SIGTERM: wake the loop, then hold the JVM until a write in progress has been renamed into place.
            Thread hook = new Thread(() -> {
                main.interrupt();
                try {
                    finished.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "rolesanywhere-update-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                loop.run();
            } catch (InterruptedException e) {
                return 0;
            } finally {
                finished.countDown();
            }
            return 0;
        }
    }

    /** As the reference tool: the flag, else {@code AWS_PROFILE}, else {@code default}. */
    private String profileName(CliContext context) {
        String given = SignerOptions.given(profile);
        return given != null ? given : context.env("AWS_PROFILE") != null ? context.env("AWS_PROFILE") : "default";
    }

    static Path credentialsFile(CliContext context) {
        String configured = context.env("AWS_SHARED_CREDENTIALS_FILE");
        if (configured != null) {
            if (configured.startsWith("~/")) {
                return context.userHome().resolve(configured.substring(2));
            }
            return Paths.get(configured);
        }
        return context.userHome().resolve(".aws").resolve("credentials");
    }
}
