package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.FishCompletion;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints a shell completion script for this command line. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a completion script for bash, zsh or fish.",
            "bash: source <(rolesanywhere completion bash)",
            "zsh:  source <(rolesanywhere completion zsh)   (the script loads bashcompinit)",
            "fish: rolesanywhere completion fish | source"})
final class CompletionCommand implements Callable<Integer> {

    enum Shell { bash, zsh, fish }

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "${COMPLETION-CANDIDATES}")
    private Shell shell;

    @Override
    public Integer call() {
        CommandSpec root = spec.root();
        String name = root.commandLine().getCommandName();
        // picocli's script runs in bash and, through bashcompinit, which it loads itself, in zsh.
        String script = shell == Shell.fish ? FishCompletion.script(name, root)
                : AutoComplete.bash(name, root.commandLine());
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
