package dev.rolesanywhere.cli.internal.serve;

import dev.rolesanywhere.core.ConfigurationException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * A loopback-only HTTP server for the metadata shapes. Every accepted connection gets the configured IP TTL (the
 * IMDS "hop limit") before a byte is written to it, and the value is read back so a silent failure cannot pass.
 *
 * <p>Any local process can connect, so no client can hold the server: each connection has a few seconds for its whole
 * request head (read through a buffer, not byte by byte), every connection has its own thread, and at the connection
 * limit the oldest connection still sending its head is closed to make room (see {@link ConnectionLimits}).
 */
public final class MetadataServer implements AutoCloseable {

    private final ServerSocketChannel listener;
    private final MetadataHandler handler;
    private final int hopLimit;
    private final IntConsumer ttlObserver;
    private final ConnectionLimits limits;
    private final ExecutorService workers;
    private final Thread acceptor;
    private final AtomicInteger open = new AtomicInteger();
    // Connections whose request head is not complete yet, oldest first: the ones that give way at the limit.
    private final Deque<SocketChannel> readingHead = new ConcurrentLinkedDeque<>();

    private MetadataServer(ServerSocketChannel listener, MetadataHandler handler, int hopLimit, IntConsumer ttlObserver,
            ConnectionLimits limits) {
        this.listener = listener;
        this.handler = handler;
        this.hopLimit = hopLimit;
        this.ttlObserver = ttlObserver;
        this.limits = limits;
        this.workers = limits.newWorkers();
        this.acceptor = new Thread(this::acceptLoop, "rolesanywhere-serve-accept");
        this.acceptor.setDaemon(true);
    }

    /** As {@link #start(Supplier, String, Clock, int, int, String, IntConsumer, Consumer)}, logging to stderr. */
    public static MetadataServer start(Supplier<ServedCredentials> credentials, String roleArn, Clock clock, int port,
            int hopLimit, String containerToken, IntConsumer ttlObserver) {
        return start(credentials, roleArn, clock, port, hopLimit, containerToken, ttlObserver, System.err::println);
    }

    /**
     * Binds 127.0.0.1:{@code port} (0 for any free port) and starts serving.
     *
     * @param credentials    what to hand out, or the reason there is nothing (thrown)
     * @param containerToken the ECS bearer token for the container shape, or null for the IMDS shape
     * @param ttlObserver    told the TTL read back from each served connection (for tests and debug output)
     * @param errorLog       told, once per failed refresh, why clients get 503
     */
    public static MetadataServer start(Supplier<ServedCredentials> credentials, String roleArn, Clock clock, int port,
            int hopLimit, String containerToken, IntConsumer ttlObserver, Consumer<String> errorLog) {
        return start(credentials, roleArn, clock, port, hopLimit, containerToken, ttlObserver, errorLog,
                ConnectionLimits.DEFAULT);
    }

    static MetadataServer start(Supplier<ServedCredentials> credentials, String roleArn, Clock clock, int port,
            int hopLimit, String containerToken, IntConsumer ttlObserver, Consumer<String> errorLog,
            ConnectionLimits limits) {
        if (port < 0 || port > 65535) {
            throw new ConfigurationException("--port " + port + " is out of range; use 1..65535 (0 for any free port)");
        }
        ServerSocketChannel listener = null;
        try {
            listener = ServerSocketChannel.open();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            // Accepted sockets inherit it on Linux; it is set again on each one below for other systems.
            IpTtl.set(listener, hopLimit);
            int bound = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            MetadataServer server = new MetadataServer(listener,
                    new MetadataHandler(credentials, roleArn, clock, containerToken, bound, errorLog), hopLimit,
                    ttlObserver, limits);
            server.acceptor.start();
            return server;
        } catch (BindException e) {
            closeQuietly(listener);
            throw new ConfigurationException("Cannot listen on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "); stop whatever uses that port or pass another --port", e);
        } catch (IOException e) {
            closeQuietly(listener);
            throw new ConfigurationException("Cannot start the server on 127.0.0.1:" + port + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(listener);
            throw e;
        }
    }

    public int port() {
        try {
            return ((InetSocketAddress) listener.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("server closed", e);
        }
    }

    private void acceptLoop() {
        while (listener.isOpen()) {
            SocketChannel connection;
            try {
                connection = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                continue;
            }
            if (open.incrementAndGet() > limits.connections) {
                // A new client is never turned away for slow ones: the oldest connection still sending its head goes.
                closeQuietly(readingHead.pollFirst());
            }
            readingHead.addLast(connection);
            try {
                workers.execute(() -> serve(connection));
            } catch (RuntimeException rejected) {
                readingHead.remove(connection);
                open.decrementAndGet();
                closeQuietly(connection);
            }
        }
    }

    private void serve(SocketChannel connection) {
        try (SocketChannel c = connection) {
            IpTtl.set(c, hopLimit);
            ttlObserver.accept(IpTtl.get(c));
            InputStream in = new BufferedInputStream(new HeadDeadline(c.socket(), limits.headDeadline), 1024);
            OutputStream out = c.socket().getOutputStream();
            HttpMessages.Response response;
            try {
                HttpMessages.Request request = HttpMessages.read(in);
                readingHead.remove(c);
                response = handler.handle(request);
            } catch (HttpMessages.BadRequestException e) {
                response = new HttpMessages.Response(400, "text/plain; charset=utf-8", "Bad request: " + e.getMessage());
            } catch (HeadDeadline.ExpiredException e) {
                response = new HttpMessages.Response(408, "text/plain; charset=utf-8", "Request timeout: "
                        + e.getMessage());
            }
            readingHead.remove(c);
            HttpMessages.write(out, response);
            // Closing with unread input makes the kernel send a reset, which can destroy the response in flight.
            c.socket().shutdownOutput();
            in.skip(Math.min(in.available(), HttpMessages.MAX_HEAD_BYTES));
        } catch (IOException | RuntimeException e) {
            // The client went away, timed out or was closed to make room; nothing to tell it.
        } finally {
            readingHead.remove(connection);
            open.decrementAndGet();
        }
    }

    /** Stops accepting, closes connections still sending their heads, lets requests being answered finish. */
    @Override
    public void close() {
        closeQuietly(listener);
        for (SocketChannel waiting = readingHead.pollFirst(); waiting != null; waiting = readingHead.pollFirst()) {
            closeQuietly(waiting);
        }
        workers.shutdown();
        long wait = limits.headDeadline.toMillis() + 1000;
        try {
            if (!workers.awaitTermination(wait, TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
            acceptor.join(wait);
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Already failing or shutting down.
            }
        }
    }
}
