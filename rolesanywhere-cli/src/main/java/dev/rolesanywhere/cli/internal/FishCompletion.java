package dev.rolesanywhere.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A fish completion script made from the command model: subcommands while none is given, then the options of the one
 * given, with the values of enum options. Written here because picocli generates bash (and zsh) scripts only.
 */
public final class FishCompletion {

    private FishCompletion() {
    }

    public static String script(String name, CommandSpec root) {
        StringBuilder out = new StringBuilder();
        out.append("# fish completion for ").append(name).append(": ").append(name)
                .append(" completion fish | source\n");
        out.append("complete -c ").append(name).append(" -f\n");
        commands(out, name, root, "__fish_use_subcommand");
        return out.toString();
    }

    private static void commands(StringBuilder out, String name, CommandSpec command, String condition) {
        Map<String, CommandLine> subcommands = command.subcommands();
        for (Map.Entry<String, CommandLine> entry : subcommands.entrySet()) {
            CommandSpec sub = entry.getValue().getCommandSpec();
            if (sub.usageMessage().hidden()) {
                continue;
            }
            out.append("complete -c ").append(name).append(" -n '").append(condition).append("' -a ")
                    .append(entry.getKey()).append(" -d ").append(quote(firstLine(sub))).append('\n');
            String inside = "__fish_seen_subcommand_from " + entry.getKey();
            if (!sub.subcommands().isEmpty()) {
                commands(out, name, sub, inside + "; and not __fish_seen_subcommand_from "
                        + String.join(" ", sub.subcommands().keySet()));
            }
            for (OptionSpec option : sub.options()) {
                if (!option.hidden()) {
                    option(out, name, inside, option);
                }
            }
        }
    }

    private static void option(StringBuilder out, String name, String condition, OptionSpec option) {
        out.append("complete -c ").append(name).append(" -n '").append(condition).append("'");
        for (String flag : option.names()) {
            out.append(flag.startsWith("--") ? " -l " + flag.substring(2) : " -s " + flag.substring(1));
        }
        Iterable<String> candidates = option.completionCandidates();
        if (option.arity().max() > 0 && !option.typeInfo().isBoolean()) {
            if (candidates != null) {
                List<String> values = new ArrayList<>();
                candidates.forEach(values::add);
                out.append(" -x -a ").append(quote(String.join(" ", values)));
            } else {
                out.append(" -r -F");
            }
        }
        String[] description = option.description();
        if (description.length > 0) {
            out.append(" -d ").append(quote(plain(description[0])));
        }
        out.append('\n');
    }

    private static String firstLine(CommandSpec command) {
        String[] description = command.usageMessage().description();
        return description.length == 0 ? "" : plain(description[0]);
    }

    /** Up to the first sentence, without picocli's ${...} variables, which fish would not expand. */
    private static String plain(String text) {
        String cleaned = text.replaceAll("\\$\\{[^}]*}", "").replaceAll("\\s+", " ").trim();
        int stop = cleaned.indexOf(". ");
        return stop > 0 ? cleaned.substring(0, stop) : cleaned.replaceAll("\\.$", "");
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
