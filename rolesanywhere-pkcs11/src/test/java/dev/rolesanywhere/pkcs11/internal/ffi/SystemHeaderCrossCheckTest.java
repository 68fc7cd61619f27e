package dev.rolesanywhere.pkcs11.internal.ffi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Compiles a C program against the system's {@code pkcs11.h} (p11-kit's, package libp11-kit-dev) and compares what
 * the C compiler says (sizeof, offsetof, constant values) with this binding, for the platform the tests run on.
 */
class SystemHeaderCrossCheckTest {
    private static final String INCLUDE = "/usr/include/p11-kit-1";
    private static final Class<?>[] CONSTANT_CLASSES = {
        Ckr.class, Cka.class, Cko.class, Ckk.class, Ckc.class, Ckm.class, Ckf.class, Cku.class, Cks.class
    };

    /**
     * p11-kit's header numbers these from 0x1C0, as a draft of v2.40 did; the published OASIS v2.40 header (and NSS,
     * and the modules built against it) use 0x1B5..0x1B9, which is what this binding follows.
     */
    private static final Set<String> P11KIT_PRE_STANDARD = new HashSet<>(Arrays.asList(
            "CKR_EXCEEDED_MAX_ITERATIONS", "CKR_FIPS_SELF_TEST_FAILED", "CKR_LIBRARY_LOAD_FAILED", "CKR_PIN_TOO_WEAK",
            "CKR_PUBLIC_KEY_INVALID"));

    private static Map<String, Long> fromC;

    @TempDir
    static Path work;

    @BeforeAll
    static void compileAndRun() throws Exception {
        CkLayouts layouts = CkLayouts.current();
        StringBuilder c = new StringBuilder()
                .append("#include <stdio.h>\n#include <stddef.h>\n#include <p11-kit/pkcs11.h>\n")
                .append("#define S(t) printf(\"sizeof %s %lu\\n\", #t, (unsigned long) sizeof(t));\n")
                .append("#define O(t, f) printf(\"offsetof %s.%s %lu\\n\", #t, #f, (unsigned long) offsetof(t, f));\n")
                .append("#define V(n) printf(\"value %s %lu\\n\", #n, (unsigned long) (n));\n")
                .append("int main(void) {\n");
        for (StructLayout s : new StructLayout[] {layouts.version(), layouts.info(), layouts.slotInfo(),
            layouts.tokenInfo(), layouts.sessionInfo(), layouts.mechanismInfo(), layouts.mechanism(),
            layouts.attribute(), layouts.initializeArgs(), layouts.functionList()}) {
            c.append("S(").append(s.name()).append(")\n");
            for (String field : s.fields()) {
                c.append("O(").append(s.name()).append(", ").append(field).append(")\n");
            }
        }
        for (Class<?> type : CONSTANT_CLASSES) {
            for (String name : constants(type).keySet()) {
                c.append("#ifdef ").append(name).append("\nV(").append(name).append(")\n#endif\n");
            }
        }
        c.append("return 0;\n}\n");
        Path source = work.resolve("layout.c");
        Path binary = work.resolve("layout");
        Files.write(source, c.toString().getBytes(StandardCharsets.UTF_8));
        run("gcc", "-std=c99", "-Wall", "-I" + INCLUDE, "-o", binary.toString(), source.toString());
        fromC = new HashMap<>();
        for (String line : run(binary.toString()).split("\n")) {
            String[] parts = line.trim().split(" ");
            fromC.put(parts[0] + " " + parts[1], Long.parseUnsignedLong(parts[2]));
        }
    }

    @Test
    void everyStructSizeAndOffset_matchesTheCompiler() {
        CkLayouts layouts = CkLayouts.current();
        int checked = 0;
        for (StructLayout s : new StructLayout[] {layouts.version(), layouts.info(), layouts.slotInfo(),
            layouts.tokenInfo(), layouts.sessionInfo(), layouts.mechanismInfo(), layouts.mechanism(),
            layouts.attribute(), layouts.initializeArgs(), layouts.functionList()}) {
            assertThat((long) s.size()).as("sizeof %s", s.name()).isEqualTo(fromC.get("sizeof " + s.name()));
            for (String field : s.fields()) {
                assertThat(s.offset(field)).as("offsetof(%s, %s)", s.name(), field)
                        .isEqualTo(fromC.get("offsetof " + s.name() + "." + field));
                checked++;
            }
        }
        // 2 + 5 + 5 + 18 + 4 + 3 + 3 + 3 + 6 + (1 + 68) fields, counted from pkcs11t.h/pkcs11f.h
        assertThat(checked).isEqualTo(118);
    }

    @Test
    void everyConstantTheHeaderDefines_hasTheSameValue() throws Exception {
        int compared = 0;
        Set<String> absentFromHeader = new HashSet<>();
        for (Class<?> type : CONSTANT_CLASSES) {
            for (Map.Entry<String, Long> constant : constants(type).entrySet()) {
                Long c = fromC.get("value " + constant.getKey());
                if (c != null && !P11KIT_PRE_STANDARD.contains(constant.getKey())) {
                    assertThat(constant.getValue()).as(constant.getKey()).isEqualTo(c);
                    compared++;
                } else if (c == null) {
                    absentFromHeader.add(constant.getKey());
                }
            }
        }
        assertThat(compared).isGreaterThan(200);
        // p11-kit's header lacks these (mostly PKCS#11 3.0) names; any other absence would be a misspelt constant.
        assertThat(absentFromHeader).containsExactlyInAnyOrder("CKA_UNIQUE_ID", "CKF_ERROR_STATE", "CKF_EC_F_2M",
                "CKF_EC_ECPARAMETERS", "CKK_EC_MONTGOMERY", "CKO_PROFILE", "CKR_AEAD_DECRYPT_FAILED",
                "CKR_TOKEN_RESOURCE_EXCEEDED", "CKR_OPERATION_CANCEL_FAILED",
                "CKR_KEY_EXHAUSTED");
    }

    @Test
    void everyReturnValueName_isTheConstantsOwnName() throws Exception {
        Map<String, Long> codes = constants(Ckr.class);
        assertThat(Ckr.names()).hasSameSizeAs(codes);
        for (Map.Entry<String, Long> code : codes.entrySet()) {
            assertThat(Ckr.name(code.getValue())).isEqualTo(code.getKey());
        }
    }

    private static Map<String, Long> constants(Class<?> type) throws IllegalAccessException {
        Map<String, Long> values = new LinkedHashMap<>();
        for (Field field : type.getDeclaredFields()) {
            int m = field.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && field.getType() == long.class) {
                values.put(field.getName(), field.getLong(null));
            }
        }
        return values;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 60 s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (gcc and libp11-kit-dev are needed "
                    + "for this test):\n" + text);
        }
        return text;
    }
}
