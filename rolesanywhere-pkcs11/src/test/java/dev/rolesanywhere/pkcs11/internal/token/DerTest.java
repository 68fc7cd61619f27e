package dev.rolesanywhere.pkcs11.internal.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.HashAlgorithm;
import dev.rolesanywhere.testing.ProcessRunner;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written DER against what OpenSSL writes ({@code openssl asn1parse -genstr/-genconf}, {@code openssl dgst
 * -sign}, {@code openssl ec}), and the refusals of everything that is not strict DER.
 */
class DerTest {
    private static final Pattern ASN1PARSE_INTEGER = Pattern.compile("prim: INTEGER\\s+:([0-9A-F]+)");

    @TempDir
    Path dir;

    /** {@code openssl args... -noout -out FILE}: the DER OpenSSL wrote. */
    private byte[] openssl(String... args) throws IOException {
        Path out = dir.resolve("out.der");
        List<String> command = new ArrayList<>(Arrays.asList("openssl"));
        command.addAll(Arrays.asList(args));
        command.addAll(Arrays.asList("-noout", "-out", out.toString()));
        ProcessRunner.command(command).run().check();
        return Files.readAllBytes(out);
    }

    private byte[] genstr(String value) throws IOException {
        return openssl("asn1parse", "-genstr", value);
    }

    private static String run(String... command) {
        return ProcessRunner.command(command).run().check().stdout();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "127", "128", "255", "256", "-1", "-128", "-129", "65535",
        "115792089210356248762697446949407573529996955224135760342422259061068512044369",
        "-115792089210356248762697446949407573529996955224135760342422259061068512044369"})
    void integer_isWhatOpensslWrites(String value) throws IOException {
        BigInteger n = new BigInteger(value);
        String hex = n.signum() < 0 ? "-0x" + n.negate().toString(16) : "0x" + n.toString(16);

        assertThat(Der.integer(n)).isEqualTo(genstr("INTEGER:" + hex));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.840.10045.3.1.7", "1.3.132.0.34", "1.3.132.0.35", "1.2.840.10045.2.1",
        "2.16.840.1.101.3.4.2.1", "1.2.840.113549.1.1.11", "2.999.1", "0.0", "1.39.4294967296"})
    void objectIdentifier_isWhatOpensslWrites(String dotted) throws IOException {
        assertThat(Der.objectIdentifier(dotted)).isEqualTo(genstr("OID:" + dotted));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.1", "1.40", "0.40.1", "1", "1.2.-3", "1..2", "1.2.x", ""})
    void objectIdentifier_ofSomethingElse_isRefused(String notAnOid) {
        assertThatThrownBy(() -> Der.objectIdentifier(notAnOid)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not an object identifier");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 127, 128, 255, 256, 1000, 70000})
    void octetString_shortAndLongLengths_areWhatOpensslWrites(int length) throws IOException {
        byte[] content = new byte[length];
        for (int i = 0; i < length; i++) {
            content[i] = (byte) (i * 7 + 3);
        }
        byte[] encoded = Der.encode(Der.OCTET_STRING, content);
        // OpenSSL reads no empty hex string; the empty text string is the same value.
        String value = length == 0 ? "OCTETSTRING:" : "FORMAT:HEX,OCTETSTRING:" + Hex.of(content);
        if (length < 10000) {
            assertThat(encoded).isEqualTo(genstr(value));
        } else {
            // Too long for a command line: compare the header asn1parse reads back.
            Path file = dir.resolve("long.der");
            Files.write(file, encoded);
            assertThat(run("openssl", "asn1parse", "-inform", "DER", "-in", file.toString()))
                    .startsWith("    0:d=0  hl=5 l=" + length + " prim: OCTET STRING");
        }
        assertThat(Der.octetStringContent(encoded)).isEqualTo(content);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA256", "SHA384", "SHA512"})
    void digestInfo_isWhatOpensslWrites(String name) throws Exception {
        HashAlgorithm hash = HashAlgorithm.valueOf(name);
        byte[] digest = MessageDigest.getInstance(hash.jcaName()).digest("digest me".getBytes(StandardCharsets.UTF_8));
        Path conf = dir.resolve("digestinfo.cnf");
        Files.write(conf, ("asn1 = SEQUENCE:digestInfo\n[digestInfo]\nalgorithm = SEQUENCE:algorithm\n"
                + "digest = FORMAT:HEX,OCTETSTRING:" + Hex.of(digest) + "\n[algorithm]\nid = OID:"
                + name.toLowerCase(Locale.ROOT) + "\nparameters = NULL\n").getBytes(StandardCharsets.UTF_8));

        assertThat(RsaDigestInfo.of(hash, digest)).isEqualTo(openssl("asn1parse", "-genconf", conf.toString()));
    }

    @Test
    void ecdsaSignaturesOpensslMade_areRebuiltExactlyFromTheirRawHalves() throws IOException {
        Path key = dir.resolve("ec.key");
        Path data = dir.resolve("data");
        Path signature = dir.resolve("signature.der");
        run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString());
        boolean sawPaddedInteger = false;
        for (int i = 0; i < 24; i++) {
            Files.write(data, ("message " + i).getBytes(StandardCharsets.UTF_8));
            run("openssl", "dgst", "-sha256", "-sign", key.toString(), "-out", signature.toString(), data.toString());
            byte[] der = Files.readAllBytes(signature);
            Matcher halves = ASN1PARSE_INTEGER.matcher(run("openssl", "asn1parse", "-inform", "DER", "-in",
                    signature.toString()));
            byte[] raw = new byte[64];
            for (int half = 0; half < 2; half++) {
                assertThat(halves.find()).isTrue();
                BigInteger value = new BigInteger(halves.group(1), 16);
                sawPaddedInteger |= value.bitLength() % 8 == 0;
                byte[] unsigned = value.toByteArray();
                int skip = unsigned[0] == 0 ? 1 : 0;
                System.arraycopy(unsigned, skip, raw, 32 * (half + 1) - (unsigned.length - skip),
                        unsigned.length - skip);
            }

            assertThat(EcdsaSignatureEncoding.toDer(raw, 32)).as("signature %d", i).isEqualTo(der);
            assertThat(EcdsaSignatureEncoding.toDer(der, 32)).isEqualTo(der);
        }
        // Half the integers have their top bit set and need a 0x00 byte first: 48 of them cover that case.
        assertThat(sawPaddedInteger).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"prime256v1", "secp384r1", "secp521r1"})
    void anOpensslKeysCurveAndPoint_asATokenReportsThem_matchItsSubjectPublicKeyInfo(String curve) throws Exception {
        Path key = dir.resolve(curve + ".key");
        Path publicKey = dir.resolve(curve + ".pub.der");
        run("openssl", "ecparam", "-name", curve, "-genkey", "-noout", "-out", key.toString());
        run("openssl", "ec", "-in", key.toString(), "-pubout", "-outform", "DER", "-out", publicKey.toString());
        String text = run("openssl", "ec", "-pubin", "-inform", "DER", "-in", publicKey.toString(), "-text",
                "-noout");
        byte[] point = bytes(text.substring(text.indexOf("pub:") + 4, text.indexOf("ASN1 OID")));
        // CKA_EC_PARAMS is the curve's OID, as ecparam writes it; CKA_EC_POINT the point in an OCTET STRING.
        byte[] ecParams = openssl("ecparam", "-name", curve, "-outform", "DER");
        byte[] ecPoint = Der.encode(Der.OCTET_STRING, point);
        PublicKey certificateKey = KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(Files.readAllBytes(publicKey)));

        assertThat(PublicKeyMatch.ec(ecParams, ecPoint, certificateKey)).isEqualTo(PublicKeyMatch.Result.MATCH);
        assertThat(PublicKeyMatch.ec(ecParams, point, certificateKey)).isEqualTo(PublicKeyMatch.Result.MATCH);
        point[point.length - 1] ^= 1;
        assertThat(PublicKeyMatch.ec(ecParams, point, certificateKey)).isEqualTo(PublicKeyMatch.Result.MISMATCH);
    }

    @Test
    void read_refusesLengthsThatAreNotDer() {
        // indefinite (BER only)
        assertRefused(bytes("30 80 02 01 01 00 00"), "not definite and shortest");
        // long form for a length below 128
        assertRefused(bytes("04 81 01 00"), "not in its shortest form");
        // long form with a leading zero byte
        byte[] padded = new byte[4 + 200];
        padded[0] = 0x04;
        padded[1] = (byte) 0x82;
        padded[3] = (byte) 200;
        assertRefused(padded, "not definite and shortest");
        // more length bytes than an int holds, or than the input has
        assertRefused(bytes("04 85 01 00 00 00 00"), "not definite and shortest");
        assertRefused(bytes("04 82 01"), "not definite and shortest");
        // content longer than the input
        assertRefused(bytes("04 05 01 02"), "runs past");
        assertRefused(bytes("04 84 7f ff ff ff"), "runs past");
        assertRefused(bytes("04"), "truncated");
        assertRefused(new byte[0], "truncated");
    }

    @Test
    void read_refusesMultiByteTags_andAChildRunningPastItsParent() {
        assertRefused(bytes("1f 81 00 00"), "multi-byte DER tag");
        byte[] sequence = bytes("30 03 04 05 01 02 03 04 05");
        Der.Element outer = Der.read(sequence, 0, sequence.length);
        assertThat(outer.end).isEqualTo(5);
        assertThatThrownBy(() -> Der.read(sequence, outer.contentStart, outer.end))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runs past its container");
    }

    @Test
    void octetStringContent_ofAnythingButExactlyOneOctetString_isNull() {
        assertThat(Der.octetStringContent(bytes("04 02 aa bb"))).isEqualTo(bytes("aa bb"));
        assertThat(Der.octetStringContent(bytes("04 02 aa bb 00"))).isNull();
        assertThat(Der.octetStringContent(bytes("04 03 aa bb"))).isNull();
        assertThat(Der.octetStringContent(bytes("03 02 00 bb"))).isNull();
        assertThat(Der.octetStringContent(new byte[0])).isNull();
    }

    private static void assertRefused(byte[] der, String message) {
        assertThatThrownBy(() -> Der.read(der, 0, der.length)).as(Hex.of(der))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    /** Hex digits, ignoring spaces, colons and line breaks (as {@code openssl -text} prints them). */
    private static byte[] bytes(String hex) {
        String digits = hex.replaceAll("[\\s:]", "");
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
