package dev.rolesanywhere.soak;

import dev.rolesanywhere.cli.internal.CredentialsFileWriter;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Child JVM of {@link UpdateKillSoakTest}: the writer {@code update} uses, updating one profile round after round and
 * printing each round number once the update is complete. Arguments: file, profile, rounds (negative: until killed).
 */
public final class UpdateWriterMain {
    /** Large values widen the window in which a kill lands in the middle of a write. */
    static final int PADDING = 64 * 1024;

    private UpdateWriterMain() {
    }

    public static void main(String[] args) {
        CredentialsFileWriter writer = new CredentialsFileWriter(Paths.get(args[0]));
        String profile = args[1];
        int rounds = Integer.parseInt(args[2]);
        String padding = "x".repeat(PADDING);
        for (int round = 0; rounds < 0 || round < rounds; round++) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("aws_access_key_id", "AKID" + round + "-" + padding);
            values.put("aws_secret_access_key", "secret" + round + "-" + padding);
            values.put("aws_session_token", "token" + round + "-" + padding);
            writer.update(profile, values);
            System.out.println(round);
            System.out.flush();
        }
    }
}
