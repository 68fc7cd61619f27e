package dev.rolesanywhere.cli.internal.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {

    @Test
    void newWorkers_areVirtualThreadsFromJava21_elseABoundedPoolOfOneThreadPerConnection() throws Exception {
        ConnectionLimits limits = new ConnectionLimits(7, Duration.ofSeconds(1));
        ExecutorService workers = limits.newWorkers();
        try {
            Thread worker = workers.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
            if (Runtime.version().feature() >= 21) {
                Method isVirtual = Thread.class.getMethod("isVirtual");
                assertThat((Boolean) isVirtual.invoke(worker)).as("virtual thread").isTrue();
            } else {
                assertThat(workers).isInstanceOf(ThreadPoolExecutor.class);
                assertThat(((ThreadPoolExecutor) workers).getMaximumPoolSize()).isEqualTo(7);
                assertThat(worker.isDaemon()).isTrue();
            }
        } finally {
            workers.shutdownNow();
        }
    }
}
