package dev.rolesanywhere.spring.internal;

import dev.rolesanywhere.provider.CredentialsRefresh;
import dev.rolesanywhere.provider.CredentialsRefreshListener;
import java.util.function.Consumer;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The application's {@link CredentialsRefreshListener} beans (the starter's meters among them), as the one listener
 * the provider is built with: they are looked up at each refresh, so a provider built before the context (in the
 * bootstrap context, for {@code spring.config.import}) reaches them once it is attached.
 */
public final class ApplicationRefreshListeners implements CredentialsRefreshListener {
    private volatile ListableBeanFactory beans;

    /** Not attached yet: events are dropped until {@link #attach(ListableBeanFactory)}. */
    public ApplicationRefreshListeners() {
    }

    public ApplicationRefreshListeners(ListableBeanFactory beans) {
        this.beans = beans;
    }

    /** Delivers events to the listener beans of {@code beanFactory} from now on. */
    public void attach(ListableBeanFactory beanFactory) {
        this.beans = beanFactory;
    }

    private void each(Consumer<CredentialsRefreshListener> call) {
        ListableBeanFactory current = beans;
        if (current != null) {
            current.getBeanProvider(CredentialsRefreshListener.class).orderedStream().forEach(call);
        }
    }

    @Override
    public void refreshStarted() {
        each(CredentialsRefreshListener::refreshStarted);
    }

    @Override
    public void refreshSucceeded(CredentialsRefresh refresh) {
        each(listener -> listener.refreshSucceeded(refresh));
    }

    @Override
    public void refreshFailed(CredentialsRefresh refresh) {
        each(listener -> listener.refreshFailed(refresh));
    }

    @Override
    public String toString() {
        return "ApplicationRefreshListeners";
    }
}
