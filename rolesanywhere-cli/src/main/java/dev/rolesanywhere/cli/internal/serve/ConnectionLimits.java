package dev.rolesanywhere.cli.internal.serve;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * How many connections the server holds at once, how long each has to send its request head, and the threads that
 * serve them: a virtual thread per connection where the runtime has them (Java 21 and later), else a pool with one
 * platform thread per allowed connection. At the limit the server closes the oldest connection that is still sending
 * its head, so slow or idle clients give way to new ones instead of locking them out.
 */
final class ConnectionLimits {

    static final ConnectionLimits DEFAULT = new ConnectionLimits(128, Duration.ofSeconds(3));

    final int connections;
    final Duration headDeadline;

    ConnectionLimits(int connections, Duration headDeadline) {
        this.connections = connections;
        this.headDeadline = headDeadline;
    }

    /** The threads that serve connections, one each. */
    ExecutorService newWorkers() {
        try {
            // Looked up by reflection: the command line is built for Java 17 and runs on newer runtimes too.
            Method virtual = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) virtual.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(connections, connections, 30, TimeUnit.SECONDS,
                    // Room for the connections accepted while evicted ones still hand their threads back.
                    new LinkedBlockingQueue<>(connections), r -> {
                        Thread t = new Thread(r, "rolesanywhere-serve-worker");
                        t.setDaemon(true);
                        return t;
                    }, new ThreadPoolExecutor.AbortPolicy());
            pool.allowCoreThreadTimeOut(true);
            return pool;
        }
    }
}
