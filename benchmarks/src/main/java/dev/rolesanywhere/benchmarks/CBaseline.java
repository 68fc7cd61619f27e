package dev.rolesanywhere.benchmarks;

import dev.rolesanywhere.testing.ProcessRunner;
import dev.rolesanywhere.testing.TestKeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the C baseline ({@code src/main/c/pkcs11_sign_bench.c}) on the fixture's token and reads its one line. */
public final class CBaseline {
    private static final Pattern ITERATION = Pattern.compile(
            "(?m)^iteration=\\d+ seconds=[0-9.]+ signatures=\\d+ signatures_per_second=([0-9.]+)$");
    private static final Pattern RESULT = Pattern.compile(
            "pkcs11_sign_bench threads=(\\d+) seconds=([0-9.]+) signatures=(\\d+) signatures_per_second=([0-9.]+)");

    private final Path binary;

    public CBaseline(Path binary) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("The C baseline " + binary + " is not built: run "
                    + "`mvn -o -q -pl benchmarks package -DskipTests -Dquick` (it compiles it with gcc)");
        }
        this.binary = binary;
    }

    /** What one run measured. */
    public static final class Result {
        private final int threads;
        private final double seconds;
        private final long signatures;
        private final double signaturesPerSecond;
        private final List<Double> iterationRates;

        Result(int threads, double seconds, long signatures, double signaturesPerSecond, List<Double> iterationRates) {
            this.threads = threads;
            this.seconds = seconds;
            this.signatures = signatures;
            this.signaturesPerSecond = signaturesPerSecond;
            this.iterationRates = List.copyOf(iterationRates);
        }

        /** Signatures per second in each measurement window, in order. */
        public List<Double> iterationRates() {
            return iterationRates;
        }

        /** The median window: on a shared machine, less swayed by a burst of someone else's work than the mean. */
        public double medianSignaturesPerSecond() {
            return Statistics.median(iterationRates);
        }

        public int threads() {
            return threads;
        }

        public double seconds() {
            return seconds;
        }

        public long signatures() {
            return signatures;
        }

        public double signaturesPerSecond() {
            return signaturesPerSecond;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "C: %d thread(s), %d signatures in %.3f s = %.1f/s, windows %s",
                    threads, signatures, seconds, signaturesPerSecond, iterationRates);
        }
    }

    /** Signs {@link SigningBenchmark#MESSAGE} (or its digest) with {@code type}'s key until the time is up. */
    public Result run(BenchmarkFixture fixture, TestKeyType type, int threads, double warmupSeconds, int iterations,
            double seconds) {
        return run(fixture, fixture.modulePath(), Map.of(), type, threads, warmupSeconds, iterations, seconds);
    }

    /**
     * {@link #run(BenchmarkFixture, TestKeyType, int, double, int, double)} through another module (the p11fault
     * module in front of SoftHSM2), with extra environment variables for it.
     */
    public Result run(BenchmarkFixture fixture, Path module, Map<String, String> environment, TestKeyType type,
            int threads, double warmupSeconds, int iterations, double seconds) {
        List<String> command = List.of(binary.toString(),
                "--module", module.toString(),
                "--token", fixture.tokenLabel(),
                "--pin-file", fixture.pinFile().toString(),
                "--key-id", HexFormat.of().formatHex(fixture.keyId(type)),
                "--mechanism", type.isRsa() ? "rsa-sha256" : "ecdsa",
                "--input", HexFormat.of().formatHex(SigningBenchmark.tokenInput(type)),
                "--threads", Integer.toString(threads),
                "--warmup-seconds", Double.toString(warmupSeconds),
                "--iterations", Integer.toString(iterations),
                "--seconds", Double.toString(seconds));
        // the run lasts as long as it was asked to, plus the token's start-up
        Duration limit = Duration.ofSeconds((long) (warmupSeconds + iterations * seconds) + 120);
        ProcessRunner.Result run = ProcessRunner.command(command)
                .environment(Map.of("SOFTHSM2_CONF", fixture.softHsmConfig().toString())).environment(environment)
                .timeout(limit).run();
        String output = run.output();
        Matcher m = RESULT.matcher(output);
        if (run.exitCode() != 0 || !m.find()) {
            throw new IllegalStateException("The C baseline failed (exit status " + run.exitCode() + "): " + output);
        }
        List<Double> windows = new ArrayList<>();
        Matcher w = ITERATION.matcher(output);
        while (w.find()) {
            windows.add(Double.parseDouble(w.group(1)));
        }
        if (windows.size() != iterations) {
            throw new IllegalStateException("The C baseline printed " + windows.size() + " of " + iterations
                    + " measurement windows: " + output);
        }
        return new Result(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)),
                Long.parseLong(m.group(3)), Double.parseDouble(m.group(4)), windows);
    }
}
