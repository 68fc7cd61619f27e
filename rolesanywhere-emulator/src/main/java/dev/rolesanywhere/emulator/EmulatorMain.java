package dev.rolesanywhere.emulator;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator stand-alone for demos and manual testing:
 * {@code java -jar rolesanywhere-emulator-<version>-all.jar [--port N] [--dir D] [--region R] [--key-type T]}.
 * Writes a CA, a client certificate and key and the server trust bundle into the directory and runs until Ctrl-C.
 */
public final class EmulatorMain {
    private EmulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("rolesanywhere-emulator: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(Options.USAGE);
            return;
        }
        RolesAnywhereEmulator emulator = start(options, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "rolesanywhere-emulator-shutdown"));
        stopped.await();
    }

    /** Starts the emulator, writes the files and prints how to use them; the caller closes the emulator. */
    static RolesAnywhereEmulator start(Options options, PrintStream out) throws Exception {
        // A new directory is the owner's alone; the key files in it are owner-only either way (Pem.writeBytes).
        FileAttribute<?>[] ownerOnly = options.dir != null
                && options.dir.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------"))}
                : new FileAttribute<?>[0];
        Path dir = options.dir != null ? Files.createDirectories(options.dir, ownerOnly)
                : Files.createTempDirectory("rolesanywhere-emulator-");
        TestCertificateAuthority ca = TestCertificateAuthority.builder().keyType(options.keyType).build();
        IssuedCertificate client = ca.issueClientCertificate(CertificateTemplate.builder().keyType(options.keyType)
                .subject("CN=rolesanywhere-emulator-client").build());
        RolesAnywhereEmulator.Builder builder = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate())
                .acceptRoleSessionName(true).port(options.port);
        if (options.region != null) {
            builder.region(options.region);
        }
        RolesAnywhereEmulator emulator = builder.build().start();
        Path caCert = ca.writeCertificatePem(dir.resolve("ca.pem"));
        Path caKey = ca.writePrivateKeyPem(dir.resolve("ca-key.pem"));
        Path clientCert = client.writeCertificatePem(dir.resolve("client.pem"));
        Path clientKey = client.writePrivateKeyPem(dir.resolve("client-key.pem"));
        Path trust = emulator.writeTrustBundle(dir.resolve("server-trust.pem"));

        out.println("IAM Roles Anywhere emulator running (Ctrl-C to stop)");
        out.println("  endpoint          " + emulator.endpoint());
        out.println("  STS endpoint      " + emulator.stsEndpoint());
        out.println("  region            " + emulator.region());
        out.println("  trust anchor ARN  " + emulator.trustAnchorArn());
        out.println("  profile ARN       " + emulator.profileArn());
        out.println("  role ARN          " + emulator.roleArn());
        out.println("  CA certificate    " + caCert);
        out.println("  CA private key    " + caKey);
        out.println("  client cert       " + clientCert);
        out.println("  client key        " + clientKey);
        out.println("  server trust PEM  " + trust + "  (e.g. AWS_CA_BUNDLE)");
        out.flush();
        return emulator;
    }

    /** Command-line options; hand-parsed because the emulator keeps its dependencies to a minimum. */
    static final class Options {
        static final String USAGE = "Usage: java -jar rolesanywhere-emulator-all.jar [--port N] [--dir DIR] "
                + "[--region REGION] [--key-type EC_P256|RSA_2048|...|ML_DSA_65] [--help]";

        Integer port;
        Path dir;
        String region;
        KeyType keyType = KeyType.EC_P256;
        boolean help;

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--help":
                    case "-h":
                        options.help = true;
                        break;
                    case "--port":
                        String port = value(args, ++i, arg);
                        try {
                            options.port = Integer.valueOf(port);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--port needs a number, got '" + port + "'");
                        }
                        break;
                    case "--dir":
                        options.dir = Paths.get(value(args, ++i, arg));
                        break;
                    case "--region":
                        options.region = value(args, ++i, arg);
                        break;
                    case "--key-type":
                        String type = value(args, ++i, arg);
                        try {
                            options.keyType = KeyType.valueOf(type);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("--key-type must be one of "
                                    + Arrays.toString(KeyType.values()) + ", got '" + type + "'");
                        }
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option '" + arg + "'");
                }
            }
            return options;
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[index];
        }
    }
}
