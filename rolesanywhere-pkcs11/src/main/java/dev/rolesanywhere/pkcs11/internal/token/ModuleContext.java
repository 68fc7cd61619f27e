package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.pkcs11.ModuleLocator;
import dev.rolesanywhere.pkcs11.Pkcs11Exception;
import dev.rolesanywhere.pkcs11.Pkcs11ModuleException;
import dev.rolesanywhere.pkcs11.Pkcs11Uri;
import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleHandle;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleInfo;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleRegistry;
import dev.rolesanywhere.pkcs11.internal.ffi.SlotInfo;
import dev.rolesanywhere.pkcs11.internal.ffi.TokenInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user's hold on a PKCS#11 module (a signer, an inventory, a provisioner): the module reference and the tokens
 * opened through it, each with the sessions and login it holds. {@link #close()} undoes exactly what this context
 * did, and nothing another user of the module did.
 *
 * <p>Ownership, in one place:
 * <ul>
 *   <li>{@code C_Initialize}/{@code C_Finalize}: the {@link ModuleRegistry} records whether this process initialised
 *       the module and counts references. By default the module is never finalised (another library in the process
 *       may rely on it); with exclusive module use, releasing {@link #module} finalises the last reference to a module
 *       this process initialised.</li>
 *   <li>{@code C_Login}/{@code C_Logout}: each {@link Token} says whether it relies on the token's login; its
 *       {@code LoginState} records whether this library made that login. By default nobody logs out (a login we made
 *       may be relied on by another library: login state is per application); with exclusive module use, the last
 *       holder of a login this library made logs out.</li>
 *   <li>Sessions: each token's {@link SessionPool} holds every session it opened, and closes only those still of
 *       the slot's current {@code SlotGeneration}.</li>
 * </ul>
 */
public final class ModuleContext implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleContext.class);

    private final Pkcs11Uri uri;
    private final ContextSettings settings;
    /** Our reference on the module; see the class comment for who finalises. */
    private final ModuleHandle module;
    /** Tokens opened through this context and not closed yet, in slot order. */
    private final List<Token> tokens = new ArrayList<>();
    private boolean closed;

    private ModuleContext(Pkcs11Uri uri, ContextSettings settings, ModuleHandle module) {
        this.uri = uri;
        this.settings = settings;
        this.module = module;
    }

    /**
     * Finds the module {@code uri} names (else {@code configuredModule}, else the p11-kit proxy), acquires it, checks
     * its library attributes against the URI and opens every initialised token the URI selects. On failure nothing
     * stays acquired.
     *
     * @param settings how to use the module and tokens; null for the defaults
     * @throws KeySourceException when the module contradicts the URI or no token matches (listing those present)
     */
    public static ModuleContext open(Pkcs11Uri uri, Path configuredModule, ContextSettings settings) {
        ModuleLocator locator = ModuleLocator.builder().configuredModule(configuredModule).build();
        ModuleHandle module = ModuleRegistry.global().acquire(locator.locate(uri).toString());
        try {
            if (namesLibrary(uri) && isP11KitProxy(module.cryptoki().getInfo())) {
                module = moduleBehindProxy(uri, module, locator);
            }
        } catch (RuntimeException | Error e) {
            module.close();
            throw e;
        }
        ModuleContext context = new ModuleContext(uri, settings != null ? settings : ContextSettings.builder().build(),
                module);
        try {
            context.checkLibrary();
            context.openMatchingTokens();
            return context;
        } catch (RuntimeException | Error e) {
            context.close();
            throw e;
        }
    }

    /** The URI this context was opened for. */
    public Pkcs11Uri uri() {
        return uri;
    }

    /** The tokens open now, in slot order. */
    public synchronized List<Token> tokens() {
        return Collections.unmodifiableList(new ArrayList<>(tokens));
    }

    /**
     * The one token the URI selects.
     *
     * @throws KeySourceException when it selects several, listing their URIs
     */
    public synchronized Token singleToken() {
        if (tokens.size() == 1) {
            return tokens.get(0);
        }
        throw new KeySourceException("Several tokens match " + uri + ". Name one in the pkcs11: URI:" + tokenList());
    }

    /** Each open token's URI on its own line, for messages. */
    public synchronized String tokenList() {
        StringBuilder list = new StringBuilder();
        for (Token t : tokens) {
            list.append("\n  ").append(t.uriBuilder(uri).build().toUriString(false));
        }
        return list.toString();
    }

    private static boolean namesLibrary(Pkcs11Uri uri) {
        return uri.libraryManufacturer().isPresent() || uri.libraryDescription().isPresent()
                || uri.libraryVersion().isPresent();
    }

    /** p11-kit's proxy describes itself, not the modules behind it, so library attributes can never match it. */
    private static boolean isP11KitProxy(ModuleInfo info) {
        return "PKCS#11 Kit".equals(info.manufacturerId()) && info.libraryDescription().contains("Proxy");
    }

    private static boolean matchesLibrary(Pkcs11Uri uri, ModuleInfo info) {
        return uri.matchesLibrary(info.manufacturerId(), info.libraryDescription(), info.libraryVersion().major(),
                info.libraryVersion().minor());
    }

    private static String describe(ModuleInfo info) {
        return "'" + info.libraryDescription() + "' by '" + info.manufacturerId() + "', version "
                + info.libraryVersion();
    }

    /**
     * The module p11-kit is configured with whose library information matches the URI's {@code library-*}
     * attributes, loaded directly; the proxy is released first, so no module is held through both.
     *
     * @throws KeySourceException listing every configured module and what it reports, when none matches
     */
    private static ModuleHandle moduleBehindProxy(Pkcs11Uri uri, ModuleHandle proxy, ModuleLocator locator) {
        String proxyPath = proxy.path();
        proxy.close();
        List<String> seen = new ArrayList<>();
        for (Path candidate : locator.p11KitModules()) {
            ModuleHandle module;
            try {
                module = ModuleRegistry.global().acquire(candidate.toString());
            } catch (Pkcs11Exception | Pkcs11ModuleException e) {
                seen.add("\n  " + candidate + " (cannot be loaded: " + e.getMessage() + ")");
                continue;
            }
            try {
                ModuleInfo info = module.cryptoki().getInfo();
                if (matchesLibrary(uri, info)) {
                    LOG.debug("{} names the library of {}, one of the modules behind the p11-kit proxy", uri,
                            candidate);
                    return module;
                }
                seen.add("\n  " + candidate + ": " + describe(info));
            } catch (RuntimeException | Error e) {
                module.close();
                throw e;
            }
            module.close();
        }
        throw new KeySourceException("The library attributes of " + uri + " match none of the modules behind the "
                + "p11-kit proxy " + proxyPath + " (it reports itself, not them), as configured in "
                + locator.p11KitModuleDirectories() + ":" + (seen.isEmpty() ? " none configured" : String.join("",
                seen)) + ". Correct the library attributes, or name the module with module-path");
    }

    /**
     * Refuses a module whose library information contradicts the URI's {@code library-*} attributes.
     *
     * @throws KeySourceException naming the module's actual manufacturer, description and version
     */
    private void checkLibrary() {
        if (!namesLibrary(uri)) {
            return;
        }
        Cryptoki cryptoki = module.cryptoki();
        ModuleInfo info = cryptoki.getInfo();
        if (!matchesLibrary(uri, info)) {
            throw new KeySourceException("The PKCS#11 module " + cryptoki.modulePath() + " (" + describe(info)
                    + ") does not match the library attributes of " + uri + ". Load the intended module or correct "
                    + "the URI");
        }
    }

    private synchronized void openMatchingTokens() {
        Cryptoki cryptoki = module.cryptoki();
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
                tokens.add(Token.open(cryptoki, slotId, settings));
            }
        }
        if (tokens.isEmpty()) {
            throw new KeySourceException("No token in " + cryptoki.modulePath() + " matches " + uri + ". "
                    + (seen.isEmpty() ? "The module reports no initialised token: check that the device is "
                    + "connected (or, for SoftHSM2, that SOFTHSM2_CONF points at the token directory)"
                    : "Tokens present:" + String.join("", seen)));
        }
    }

    /**
     * After a session or device failure: the same physical token as {@code old} (label, manufacturer, model and
     * serial, since the slot id may change on re-insertion), opened afresh; empty when it is not present.
     */
    public synchronized Optional<Token> reopen(Token old) {
        Cryptoki cryptoki = module.cryptoki();
        for (long slotId : cryptoki.getSlotList(true)) {
            TokenInfo info;
            try {
                info = cryptoki.getTokenInfo(slotId);
            } catch (Pkcs11Exception e) {
                continue;
            }
            if (old.sameTokenAs(info)) {
                Token replacement = Token.open(cryptoki, slotId, settings);
                tokens.add(replacement);
                return Optional.of(replacement);
            }
        }
        return Optional.empty();
    }

    /** Closes every open token except {@code kept} (discovery settled on it), logging out where that is ours to do. */
    public synchronized void retainOnly(Token kept) {
        for (Token t : new ArrayList<>(tokens)) {
            if (t != kept) {
                tokens.remove(t);
                t.close(settings.exclusiveModuleUse());
            }
        }
    }

    /**
     * Closes {@code token}'s sessions without logging out: in recovery, the object on the other side of the swap
     * (the replacement, or the failed original) holds the same login.
     */
    public synchronized void abandon(Token token) {
        if (tokens.remove(token)) {
            token.close(false);
        }
    }

    /**
     * Closes every token still open, then releases the module reference. Logs out and finalises only with exclusive
     * module use (see the class comment). Idempotent; never throws.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (Token t : tokens) {
                t.close(settings.exclusiveModuleUse());
            }
            tokens.clear();
        } finally {
            module.release(settings.exclusiveModuleUse());
        }
    }

    @Override
    public String toString() {
        return "ModuleContext[" + module.path() + ", " + uri + "]";
    }
}
