package dev.rolesanywhere.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the local IAM Roles Anywhere emulator in the foreground, for trying configurations without AWS. */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = {"Start a local IAM Roles Anywhere endpoint (and STS GetCallerIdentity) over HTTPS on 127.0.0.1,",
            "with a fresh test CA and client certificate; it prints the endpoint, the ARNs and the files to use.",
            "For testing only: it trusts its own CA and issues credentials that work only against itself."})
final class EmulatorCommand implements Callable<Integer> {

    @Option(names = "--port", description = "Port (default: any free port)")
    private Integer port;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to write the CA, client and trust files")
    private Path dir;

    @Option(names = "--region", description = "Region of the generated ARNs")
    private String region;

    @Option(names = "--key-type", paramLabel = "TYPE", description = "Client key type: ${COMPLETION-CANDIDATES}")
    private dev.rolesanywhere.emulator.KeyType keyType;

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>();
        if (port != null) {
            args.add("--port");
            args.add(port.toString());
        }
        if (dir != null) {
            args.add("--dir");
            args.add(dir.toString());
        }
        if (region != null) {
            args.add("--region");
            args.add(region);
        }
        if (keyType != null) {
            args.add("--key-type");
            args.add(keyType.name());
        }
        // Blocks until Ctrl-C / SIGTERM; the emulator's own shutdown hook closes it.
        dev.rolesanywhere.emulator.EmulatorMain.main(args.toArray(new String[0]));
        return 0;
    }
}
