package dev.rolesanywhere.soak.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Our public API names only the AWS SDK's public types: an {@code @SdkProtectedApi} or {@code @SdkInternalApi} type in
 * a public signature (a supertype, a parameter, a return type) ties our users to what the SDK may change in any
 * release. Checks every public type outside {@code …internal} packages of the library modules and the command line.
 */
class SdkApiExposureTest {
    private static final Path ROOT = Paths.get(System.getProperty("rolesanywhere.project.root", "..")).toAbsolutePath()
            .normalize();
    private static final List<String> MODULES = List.of("rolesanywhere-core", "rolesanywhere-pkcs11",
            "rolesanywhere-sdk-provider", "rolesanywhere-emulator", "rolesanywhere-cli");
    private static final Set<String> NOT_FOR_US = Set.of("Lsoftware/amazon/awssdk/annotations/SdkProtectedApi;",
            "Lsoftware/amazon/awssdk/annotations/SdkInternalApi;");

    @Test
    void publicSignatures_nameNoProtectedOrInternalSdkType() throws Exception {
        Map<String, String> offences = new TreeMap<>();
        int checked = 0;
        for (String module : MODULES) {
            Path classes = ROOT.resolve(module).resolve("target/classes");
            for (String name : publicApiClassNames(classes)) {
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                if (!Modifier.isPublic(type.getModifiers())) {
                    continue;
                }
                checked++;
                for (Class<?> used : typesIn(type)) {
                    if (used.getName().startsWith("software.amazon.awssdk.") && !forOtherLibraries(used)) {
                        offences.put(used.getName(), name);
                    }
                }
            }
        }
        assertThat(checked).as("public types checked").isGreaterThan(50);
        assertThat(offences).as("SDK type -> our public type naming it; use a public SDK type or our own").isEmpty();
    }

    @Test
    void theCheck_recognisesAProtectedSdkType() throws IOException {
        assertThat(forOtherLibraries(software.amazon.awssdk.utils.SystemSetting.class)).isFalse();
        assertThat(forOtherLibraries(software.amazon.awssdk.http.SdkHttpClient.class)).isTrue();
    }

    private static List<String> publicApiClassNames(Path classes) throws IOException {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.map(classes::relativize).map(Path::toString)
                    .filter(p -> p.endsWith(".class") && !p.contains("$") && !p.endsWith("package-info.class"))
                    .filter(p -> !p.contains("/internal/"))
                    .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
                    .collect(Collectors.toList());
        }
    }

    /** Every class named by {@code type}'s supertypes and its public and protected members' signatures. */
    private static Set<Class<?>> typesIn(Class<?> type) {
        Set<Class<?>> found = new HashSet<>();
        add(type.getGenericSuperclass(), found);
        for (Type t : type.getGenericInterfaces()) {
            add(t, found);
        }
        for (Method m : type.getDeclaredMethods()) {
            if (visible(m.getModifiers()) && !m.isSynthetic()) {
                add(m.getGenericReturnType(), found);
                for (Type t : m.getGenericParameterTypes()) {
                    add(t, found);
                }
                for (Type t : m.getGenericExceptionTypes()) {
                    add(t, found);
                }
            }
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (visible(c.getModifiers())) {
                for (Type t : c.getGenericParameterTypes()) {
                    add(t, found);
                }
            }
        }
        for (Field f : type.getDeclaredFields()) {
            if (visible(f.getModifiers())) {
                add(f.getGenericType(), found);
            }
        }
        for (Class<?> nested : type.getDeclaredClasses()) {
            if (Modifier.isPublic(nested.getModifiers())) {
                found.addAll(typesIn(nested));
            }
        }
        return found;
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void add(Type type, Set<Class<?>> into) {
        if (type instanceof Class) {
            Class<?> c = (Class<?>) type;
            while (c.isArray()) {
                c = c.getComponentType();
            }
            into.add(c);
        } else if (type instanceof ParameterizedType) {
            add(((ParameterizedType) type).getRawType(), into);
            for (Type argument : ((ParameterizedType) type).getActualTypeArguments()) {
                add(argument, into);
            }
        } else if (type instanceof WildcardType) {
            for (Type bound : ((WildcardType) type).getUpperBounds()) {
                add(bound, into);
            }
            for (Type bound : ((WildcardType) type).getLowerBounds()) {
                add(bound, into);
            }
        } else if (type instanceof GenericArrayType) {
            add(((GenericArrayType) type).getGenericComponentType(), into);
        }
    }

    /**
     * Whether the SDK offers {@code type} (and the types enclosing it) to other libraries: not annotated protected or
     * internal. The annotations have class retention, so the class files are read.
     */
    private static boolean forOtherLibraries(Class<?> type) throws IOException {
        boolean[] restricted = new boolean[1];
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            try (InputStream in = c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
                new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                        restricted[0] |= NOT_FOR_US.contains(descriptor);
                        return null;
                    }
                }, ClassReader.SKIP_CODE);
            }
        }
        return !restricted[0];
    }
}
