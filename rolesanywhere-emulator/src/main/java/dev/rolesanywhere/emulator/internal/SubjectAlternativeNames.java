package dev.rolesanywhere.emulator.internal;

import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/** Turns "IP:1.2.3.4" / "DNS:host" strings into a subjectAlternativeName value. */
final class SubjectAlternativeNames {
    private SubjectAlternativeNames() {
    }

    static GeneralNames of(String... names) {
        GeneralName[] result = new GeneralName[names.length];
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            if (name.startsWith("IP:")) {
                result[i] = new GeneralName(GeneralName.iPAddress, name.substring(3));
            } else if (name.startsWith("DNS:")) {
                result[i] = new GeneralName(GeneralName.dNSName, name.substring(4));
            } else {
                throw new IllegalArgumentException("Subject alternative name must start with IP: or DNS:, got " + name);
            }
        }
        return new GeneralNames(result);
    }
}
