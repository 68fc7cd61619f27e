package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.CliContext;
import dev.rolesanywhere.cli.internal.DeferredDefaultSocketFactory;
import dev.rolesanywhere.cli.internal.StartupTrace;
import dev.rolesanywhere.core.RolesAnywhereException;
import dev.rolesanywhere.core.SignerSpec;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point. Exit status 0 on success, 1 on any error; an error is one line on stderr (plus a stack trace with
 * {@code --debug}), and stdout carries nothing but the command's result.
 */
public final class Main {

    /** Exit status of every failure, as the reference tool uses. */
    public static final int FAILURE = 1;

    private Main() {
    }

    public static void main(String[] args) {
        StartupTrace.mark("jvm");
        DeferredDefaultSocketFactory.install();
        if (hasFlag(args, "--debug")) {
            // Must be set before the first logger is created.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
        int status = run(CliContext.system(), args);
        StartupTrace.mark("finished");
        StartupTrace.print(System.err);
        System.exit(status);
    }

    /** Runs one command line against {@code context} and returns the exit status. */
    public static int run(CliContext context, String... args) {
        boolean credentialProcess = args.length > 0 && args[0].equals(
                CredentialProcessCommand.class.getAnnotation(Command.class).name());
        CommandLine cli = commandLine(context, credentialProcess);
        return cli.execute(args);
    }

    /** The whole command tree. */
    static CommandLine commandLine(CliContext context) {
        return commandLine(context, false);
    }

    // A PrintWriter over a PrintStream encodes as that stream does (JDK 18+) or in the platform charset (JDK 17): the
    // terminal's encoding either way, which is right for a console tool. A fixed UTF-8 would garble other terminals.
    @SuppressWarnings("DefaultCharset")
    private static CommandLine commandLine(CliContext context, boolean credentialProcessOnly) {
        String name = System.getProperty("rolesanywhere.cli.name", "rolesanywhere");
        CommandLine cli = credentialProcessOnly ? credentialProcessTree(context)
                : new CommandLine(new RolesAnywhereCommand(context), new Factory(context));
        cli.setCommandName(name);
        // As the reference's flag parser: a repeated flag takes its last value.
        cli.setOverwrittenOptionsAllowed(true);
        cli.setOut(new PrintWriter(context.out(), true));
        cli.setErr(new PrintWriter(context.err(), true));
        cli.setParameterExceptionHandler((ParameterException e, String[] args) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            String message = e.getMessage();
            if (e instanceof UnmatchedArgumentException) {
                message = oneLine(message);
            }
            // picocli quotes the arguments it could not place, and one of them may be a key location with a PIN.
            context.err().println(name + ": " + oneLine(SignerSpec.redact(message)) + " (see '" + command + " --help')");
            return FAILURE;
        });
        cli.setExecutionExceptionHandler((Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) -> {
            context.err().println(name + ": " + describe(e));
            if (parseResult.hasMatchedOption("--debug")) {
                e.printStackTrace(context.err());
            }
            return FAILURE;
        });
        return cli;
    }

    /**
     * The root with credential-process alone beneath it. credential_process starts a JVM for every refresh, and picocli
     * builds the option model of every command in a tree by reflection when the tree is built (for all of them, about a
     * third of a credential-process run, partly because some option types load Bouncy Castle). Everything after the
     * command's name is parsed by that command alone, so the result, its help and its errors are those of the whole
     * tree; the root keeps the same user object, which the command reads as its parent.
     */
    private static CommandLine credentialProcessTree(CliContext context) {
        CommandLine root = new CommandLine(CommandSpec.wrapWithoutInspection(new RolesAnywhereCommand(context)),
                new Factory(context));
        root.addSubcommand(CredentialProcessCommand.class);
        return root;
    }

    /**
     * Our own exceptions already say what failed and how to fix it; anything else gets its type named. Either is
     * redacted once more as a last line of defence: a message from a library may quote a location with its PIN.
     */
    static String describe(Throwable e) {
        if (e instanceof RolesAnywhereException) {
            return oneLine(SignerSpec.redact(e.getMessage()));
        }
        String message = e.getMessage();
        return oneLine(e.getClass().getSimpleName() + (message == null ? "" : ": " + SignerSpec.redact(message)));
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.trim().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }

    private static boolean hasFlag(String[] args, String flag) {
        for (String a : args) {
            if (a.equals(flag)) {
                return true;
            }
        }
        return false;
    }

    /** Hands the context to every command object picocli creates. */
    private static final class Factory implements IFactory {
        private final CliContext context;
        private final IFactory fallback = CommandLine.defaultFactory();

        Factory(CliContext context) {
            this.context = context;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == RolesAnywhereCommand.class) {
                return type.cast(new RolesAnywhereCommand(context));
            }
            return fallback.create(type);
        }
    }
}
