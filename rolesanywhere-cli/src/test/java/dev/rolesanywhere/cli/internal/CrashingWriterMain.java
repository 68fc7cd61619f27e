package dev.rolesanywhere.cli.internal;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Child process of the crash and multi-process tests: updates one profile with large values, printing the round number
 * after each completed update, for a number of rounds (forever when negative, until it is killed).
 *
 * <p>Arguments: file, profile, rounds.
 */
public final class CrashingWriterMain {

    private CrashingWriterMain() {
    }

    public static void main(String[] args) {
        Path file = Paths.get(args[0]);
        CredentialsFileWriter writer = new CredentialsFileWriter(file);
        // Large values widen the window in which a kill lands in the middle of a write.
        String padding = "x".repeat(256 * 1024);
        String profile = args[1];
        int rounds = Integer.parseInt(args[2]);
        for (int round = 0; rounds < 0 || round < rounds; round++) {
            writer.update(profile, CredentialsFileWriterTest.credentials(round + "-" + padding));
            System.out.println(round);
            System.out.flush();
        }
    }
}
