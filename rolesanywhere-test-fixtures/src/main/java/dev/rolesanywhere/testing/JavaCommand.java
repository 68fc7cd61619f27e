package dev.rolesanywhere.testing;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The command line of a child JVM of the running Java, with this test's class path or a part of it: to run code with
 * a dependency left out (what a user who excludes it gets) or with JVM options the test JVM lacks. Run it with
 * {@link ProcessRunner}.
 *
 * <pre>{@code
 * List<String> command = JavaCommand.main(Child.class).withoutJars(name -> name.startsWith("bcprov-"))
 *         .jvmOption("--enable-native-access=ALL-UNNAMED").arguments("a", "b").toList();
 * }</pre>
 */
public final class JavaCommand {
    private final Class<?> mainClass;
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> arguments = new ArrayList<>();
    private Predicate<String> dropJar = name -> false;

    private JavaCommand(Class<?> mainClass) {
        this.mainClass = mainClass;
    }

    /** A JVM that runs {@code mainClass} with this JVM's class path and temporary directory. */
    public static JavaCommand main(Class<?> mainClass) {
        return new JavaCommand(mainClass);
    }

    /** Leaves out every class path entry whose file name matches (a jar such as {@code bcprov-jdk18on-1.87.jar}). */
    public JavaCommand withoutJars(Predicate<String> fileName) {
        dropJar = dropJar.or(fileName);
        return this;
    }

    public JavaCommand jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    public JavaCommand arguments(String... values) {
        arguments.addAll(Arrays.asList(values));
        return this;
    }

    /** The class path entries the child gets. */
    public List<String> classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .filter(entry -> !dropJar.test(Paths.get(entry).getFileName().toString()))
                .collect(Collectors.toList());
    }

    public List<String> toList() {
        List<String> command = new ArrayList<>();
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        command.add(java.toString());
        command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath()));
        command.add(mainClass.getName());
        command.addAll(arguments);
        return command;
    }
}
