package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.pkcs11.Pkcs11Exception;
import dev.rolesanywhere.pkcs11.Pkcs11Uri;
import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import dev.rolesanywhere.pkcs11.internal.ffi.SlotInfo;
import dev.rolesanywhere.pkcs11.internal.ffi.TokenInfo;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The tokens of a module that a URI's slot and token attributes select. */
public final class TokenSelector {
    private static final Logger LOG = LoggerFactory.getLogger(TokenSelector.class);

    private TokenSelector() {
    }

    /**
     * Every initialised token the URI matches, opened (no sessions yet); the caller closes them.
     *
     * @throws KeySourceException when none matches, listing the tokens present
     */
    public static List<Token> matching(Cryptoki cryptoki, Pkcs11Uri uri, Integer maxSessions) {
        List<Token> tokens = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (long slotId : cryptoki.getSlotList(true)) {
            SlotInfo slot;
            TokenInfo info;
            try {
                slot = cryptoki.getSlotInfo(slotId);
                info = cryptoki.getTokenInfo(slotId);
            } catch (Pkcs11Exception e) {
                // A reader whose card was pulled between the two calls: not a candidate.
                LOG.debug("Skipping slot {}: {}", slotId, e.toString());
                continue;
            }
            if (!info.initialized()) {
                continue;
            }
            seen.add("\n  " + Pkcs11Uri.builder().token(info.label()).manufacturer(info.manufacturerId())
                    .model(info.model()).serial(info.serialNumber()).build().toUriString(false)
                    + " (slot " + slotId + ")");
            if (uri.matchesSlot(slot.description(), slot.manufacturerId(), slotId)
                    && uri.matchesToken(info.label(), info.manufacturerId(), info.model(), info.serialNumber())) {
                tokens.add(Token.open(cryptoki, slotId, maxSessions));
            }
        }
        if (tokens.isEmpty()) {
            throw new KeySourceException("No token in " + cryptoki.modulePath() + " matches " + uri + ". "
                    + (seen.isEmpty() ? "The module reports no initialised token: check that the device is "
                    + "connected (or, for SoftHSM2, that SOFTHSM2_CONF points at the token directory)"
                    : "Tokens present:" + String.join("", seen)));
        }
        return tokens;
    }

    /**
     * Exactly one matching token.
     *
     * @throws KeySourceException when none or several match; several are listed with their URIs
     */
    public static Token single(Cryptoki cryptoki, Pkcs11Uri uri, Integer maxSessions) {
        List<Token> tokens = matching(cryptoki, uri, maxSessions);
        if (tokens.size() == 1) {
            return tokens.get(0);
        }
        StringBuilder list = new StringBuilder();
        for (Token t : tokens) {
            list.append("\n  ").append(t.uriBuilder(uri).build().toUriString(false));
            t.close();
        }
        throw new KeySourceException("Several tokens match " + uri + ". Name one in the pkcs11: URI:" + list);
    }
}
