package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.CliContext;
import dev.rolesanywhere.cli.internal.CredentialsFetcher;
import dev.rolesanywhere.cli.internal.serve.MetadataServer;
import dev.rolesanywhere.cli.internal.serve.ServedCredentials;
import dev.rolesanywhere.core.CredentialsCache;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Serves credentials on 127.0.0.1 in the shape of the EC2 instance metadata service, or of the ECS agent. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve credentials on 127.0.0.1 like the EC2 instance metadata service (IMDSv2); SDKs find it with"
                + " AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:PORT, printed on stderr at start-up.",
            "With --container, serve the ECS container-credentials shape instead and print the variables to export"
                    + " (AWS_CONTAINER_CREDENTIALS_FULL_URI, and AWS_CONTAINER_AUTHORIZATION_TOKEN unless it is set"
                    + " already: an operator's own token is used but never printed).",
            "Credentials are refreshed in the background 5 to 2 minutes before expiry; when none are valid for more than "
                    + "a minute, requests get 503."})
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    private RolesAnywhereCommand parent;

    @Mixin
    private SessionOptions options;

    @Option(names = "--port", defaultValue = "9911", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0: any)")
    private int port;

    @Option(names = "--hop-limit", defaultValue = "64",
            description = "IP TTL of served connections (default: ${DEFAULT-VALUE}; 1 keeps containers out)")
    private int hopLimit;

    @Option(names = "--container", description = "Serve the ECS container-credentials shape instead of IMDSv2")
    private boolean container;

    @Option(names = "--print-endpoint", description = "Print the export line on stdout (default: stderr, as the "
            + "reference tool)")
    private boolean printEndpoint;

    @Override
    public Integer call() throws InterruptedException {
        CliContext context = parent.context();
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // On SIGTERM the hook wakes this thread and then holds the JVM until the server and the signer are closed.
        Thread hook = new Thread(() -> {
            stopped.countDown();
            try {
                closed.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rolesanywhere-serve-stop");
        try (CredentialsFetcher fetcher = options.open(context);
                CredentialsCache<ServedCredentials> cache = ServedCredentials.cache(fetcher, context.clock())) {
            // The first credentials on this thread: a configuration the service refuses fails the start, not a request.
            cache.get();
            String given = container ? context.env("AWS_CONTAINER_AUTHORIZATION_TOKEN") : null;
            String token = container ? (given != null ? given : generatedToken()) : null;
            try (MetadataServer server = MetadataServer.start(cache::get, fetcher.roleArn(), context.clock(), port, hopLimit,
                    token, ttl -> { }, context.err()::println)) {
                String base = "http://127.0.0.1:" + server.port();
                if (container) {
                    context.out().println("export AWS_CONTAINER_CREDENTIALS_FULL_URI=" + base + "/credentials");
                    if (given == null) {
                        // A token made here is news to the user, who must hand it to the client process.
                        context.out().println("export AWS_CONTAINER_AUTHORIZATION_TOKEN=" + token);
                    } else {
                        // The operator's own token is theirs already; printed, it would end up in a journal or a log.
                        context.err().println("Clients must send the AWS_CONTAINER_AUTHORIZATION_TOKEN of this "
                                + "process's environment (not printed)");
                    }
                } else {
                    (printEndpoint ? context.out() : context.err()).println(
                            "export AWS_EC2_METADATA_SERVICE_ENDPOINT=" + base);
                }
                context.out().flush();
                context.err().println("Serving credentials on " + base + " (hop limit " + hopLimit + "); stop with Ctrl-C");
                Runtime.getRuntime().addShutdownHook(hook);
                stopped.await();
            }
        } finally {
            closed.countDown();
        }
        return 0;
    }

    private static String generatedToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
