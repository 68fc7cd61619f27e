package dev.rolesanywhere.benchmarks;

import java.nio.file.Paths;

/** {@code PrepareFixture <new directory>}: makes the token, keys and certificates every benchmark uses. */
public final class PrepareFixture {
    private PrepareFixture() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: PrepareFixture <new directory>");
            System.exit(2);
        }
        BenchmarkFixture fixture = BenchmarkFixture.prepare(Paths.get(args[0]));
        System.out.println("Prepared " + fixture);
    }
}
