package dev.rolesanywhere.benchmarks;

import dev.rolesanywhere.testing.TestKeyType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the C baseline and the JMH suites interleaved in one process tree (C 1 thread, JMH 1 thread, C 2 threads,
 * JMH 2 threads, ...), because on a shared, noisy machine only ratios measured close together mean anything, and
 * prints one table of absolute numbers and ratios.
 *
 * <pre>
 * SuiteRunner --c-binary PATH [--warmup-iterations 3] [--warmup-seconds 2] [--iterations 5] [--seconds 2]
 *             [--forks 1] [--first-scale 1] [--rounds 1] [--suites signing,provider,first,remote] [--report FILE]
 *             [--pairs 15] [--pair-seconds 1] [--delay-us 1000] [--builds 5]
 * </pre>
 * The {@code remote} suite ({@link RemoteHsmSuite}) imitates a network HSM and compares ours with the C loop in
 * interleaved pairs of short windows; it finds its native helpers next to the C baseline.
 * {@code --rounds} repeats the signing and provider interleaving, for a feel of how much the machine moves the ratios.
 * The fixture comes from {@code ROLESANYWHERE_BENCH_FIXTURE}, the CLI launcher from {@code ROLESANYWHERE_BENCH_CLI}.
 */
public final class SuiteRunner {
    private static final int[] THREADS = {1, 2};

    private final Map<String, String> options;
    private final int warmupIterations;
    private final int warmupSeconds;
    private final int iterations;
    private final int seconds;
    private final int forks;
    private final int firstScale;
    private final int rounds;
    private final int pairs;
    private final double pairSeconds;
    private final int delayMicros;
    private final int builds;
    private final List<String> report = new ArrayList<>();

    private SuiteRunner(Map<String, String> options) {
        this.options = options;
        this.warmupIterations = intOption("warmup-iterations", 3);
        this.warmupSeconds = intOption("warmup-seconds", 2);
        this.iterations = intOption("iterations", 5);
        this.seconds = intOption("seconds", 2);
        this.forks = intOption("forks", 1);
        this.firstScale = intOption("first-scale", 1);
        this.rounds = intOption("rounds", 1);
        this.pairs = intOption("pairs", 15);
        this.pairSeconds = Double.parseDouble(options.getOrDefault("pair-seconds", "1"));
        this.delayMicros = intOption("delay-us", 1000);
        this.builds = intOption("builds", 5);
        if (!(pairSeconds > 0)) {
            throw new IllegalArgumentException("--pair-seconds must be a positive number, got " + pairSeconds);
        }
    }

    public static void main(String[] args) throws RunnerException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("usage: SuiteRunner --c-binary PATH [--warmup-iterations N] [--warmup-seconds S] "
                        + "[--iterations N] [--seconds S] [--forks N] [--first-scale N] [--rounds N] "
                        + "[--suites signing,provider,first,remote] [--report FILE] [--pairs N] "
                        + "[--pair-seconds S] [--delay-us N] [--builds N]");
                System.exit(2);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        new SuiteRunner(options).run();
    }

    private int intOption(String name, int defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < 1) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number >= 1, got " + value);
        }
    }

    private void run() throws RunnerException {
        BenchmarkFixture fixture = BenchmarkFixture.fromEnvironment();
        List<String> suites = List.of(options.getOrDefault("suites", "signing,provider,first,remote").split(","));
        line("Settings: %d warmup x %d s, %d measurement x %d s, %d fork(s), %d round(s); first-credentials "
                + "iterations x %d", warmupIterations, warmupSeconds, iterations, seconds, forks, rounds, firstScale);
        if (suites.contains("signing")) {
            signing(fixture);
        }
        if (suites.contains("provider")) {
            provider();
        }
        if (suites.contains("first")) {
            firstCredentials();
        }
        if (suites.contains("remote")) {
            Path cBinary = Paths.get(required("c-binary"));
            report.addAll(new RemoteHsmSuite(fixture, new CBaseline(cBinary), cBinary.getParent(),
                    Duration.ofNanos(delayMicros * 1000L), pairs, pairSeconds, builds, 10, 1000).run());
        }
        System.out.println();
        System.out.println("==================== RESULTS ====================");
        report.forEach(System.out::println);
        String file = options.get("report");
        if (file != null) {
            try {
                Files.write(Paths.get(file), report, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void signing(BenchmarkFixture fixture) throws RunnerException {
        CBaseline c = new CBaseline(Paths.get(required("c-binary")));
        List<String> medians = new ArrayList<>();
        List<String> means = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (int threads : THREADS) {
                for (TestKeyType type : BenchmarkFixture.TOKEN_KEY_TYPES) {
                    CBaseline.Result cRun = c.run(fixture, type, threads, warmupIterations * (double) warmupSeconds,
                            iterations, seconds);
                    System.out.println(type + ", " + cRun);
                    Map<String, Result<?>> jmh = jmh(base()
                            .include(SigningBenchmark.class.getName() + "\\.")
                            .param("keyType", type.name())
                            .threads(threads));
                    Result<?> ours = jmh.get("pkcs11Signer");
                    Result<?> sun = jmh.get("sunPkcs11");
                    double cMedian = cRun.medianSignaturesPerSecond();
                    medians.add(String.format(Locale.ROOT, "%5d %-9s %7d %12.1f %12.1f %12.1f %8.3f %8.3f", round,
                            type, threads, cMedian, median(ours), median(sun), median(ours) / cMedian,
                            median(ours) / median(sun)));
                    means.add(String.format(Locale.ROOT, "%5d %-9s %7d %12.1f %20s %20s %8.3f %8.3f", round, type,
                            threads, cRun.signaturesPerSecond(), withError(ours), withError(sun),
                            ours.getScore() / cRun.signaturesPerSecond(), ours.getScore() / sun.getScore()));
                }
            }
        }
        report.add("");
        report.add("Signing throughput, signatures/s, median of the " + iterations + " measurement windows (same "
                + "SoftHSM2 key, " + SigningBenchmark.MESSAGE_BYTES + "-byte message, sum over threads)");
        report.add(String.format(Locale.ROOT, "%5s %-9s %7s %12s %12s %12s %8s %8s", "round", "key", "threads", "C",
                "Pkcs11Signer", "SunPKCS11", "ours/C", "ours/Sun"));
        report.addAll(medians);
        report.add("");
        report.add("Signing throughput, signatures/s, mean (JMH: ± 99.9% CI half-width; C: whole measured span)");
        report.add(String.format(Locale.ROOT, "%5s %-9s %7s %12s %20s %20s %8s %8s", "round", "key", "threads", "C",
                "Pkcs11Signer", "SunPKCS11", "ours/C", "ours/Sun"));
        report.addAll(means);
    }

    private void provider() throws RunnerException {
        List<String> rows = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (int threads : THREADS) {
                Map<String, Result<?>> jmh = jmh(base().include(ProviderBenchmark.class.getName() + "\\.")
                        .threads(threads));
                Result<?> ours = jmh.get("rolesAnywhereCached");
                Result<?> sdk = jmh.get("sdkStatic");
                Result<?> cached = jmh.get("sdkCachedSupplier");
                rows.add(String.format(Locale.ROOT, "%5d %7d %26s %26s %26s %11.3f %11.3f", round, threads,
                        withError(ours), withError(sdk), withError(cached), ours.getScore() / sdk.getScore(),
                        ours.getScore() / cached.getScore()));
            }
        }
        report.add("");
        report.add("Cached credentials, resolveCredentials() calls/s (JMH mean ± 99.9% CI half-width, sum over "
                + "threads)");
        report.add(String.format(Locale.ROOT, "%5s %7s %26s %26s %26s %11s %11s", "round", "threads",
                "RolesAnywhere (cached)", "SDK StaticCredentials", "SDK CachedSupplier", "ours/Static",
                "ours/Cached"));
        report.addAll(rows);
    }

    private void firstCredentials() throws RunnerException {
        Map<String, Result<?>> inProcess = jmh(new OptionsBuilder()
                .include(FirstCredentialsBenchmark.class.getName() + "\\.inProcess")
                .forks(forks)
                .warmupIterations(10 * firstScale)
                .measurementIterations(50 * firstScale)
                .shouldFailOnError(true));
        Map<String, Result<?>> process = jmh(new OptionsBuilder()
                .include(FirstCredentialsBenchmark.class.getName() + "\\.credentialProcess")
                .forks(forks)
                .warmupIterations(2 * firstScale)
                .measurementIterations(10 * firstScale)
                .shouldFailOnError(true));
        report.add("");
        report.add("First credentials, milliseconds per new provider + first resolveCredentials() (median, with "
                + "samples)");
        report.add(String.format(Locale.ROOT, "%-10s %26s %26s %8s", "key", "in-process", "credential_process (CLI)",
                "ratio"));
        firstRow("file", inProcess.get("inProcessFileKey"), process.get("credentialProcessFileKey"));
        firstRow("SoftHSM2", inProcess.get("inProcessToken"), process.get("credentialProcessToken"));
    }

    private void firstRow(String key, Result<?> inProcess, Result<?> process) {
        double in = median(inProcess);
        double out = median(process);
        report.add(String.format(Locale.ROOT, "%-10s %26s %26s %8.1f", key,
                String.format(Locale.ROOT, "%.2f (n=%d)", in, inProcess.getSampleCount()),
                String.format(Locale.ROOT, "%.2f (n=%d)", out, process.getSampleCount()), out / in));
    }

    /** The median iteration score (SingleShotTime: the median single invocation). */
    private static double median(Result<?> result) {
        return result.getStatistics().getPercentile(50.0);
    }

    private ChainedOptionsBuilder base() {
        return new OptionsBuilder()
                .forks(forks)
                .warmupIterations(warmupIterations)
                .warmupTime(TimeValue.seconds(warmupSeconds))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(seconds))
                .shouldFailOnError(true);
    }

    /** Results by benchmark method name. */
    private static Map<String, Result<?>> jmh(ChainedOptionsBuilder options) throws RunnerException {
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Result<?>> byMethod = new LinkedHashMap<>();
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            byMethod.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), r.getPrimaryResult());
        }
        return byMethod;
    }

    private static String withError(Result<?> r) {
        return String.format(Locale.ROOT, "%.1f ± %.1f", r.getScore(), r.getScoreError());
    }

    private String required(String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println(text);
        report.add(text);
    }
}
