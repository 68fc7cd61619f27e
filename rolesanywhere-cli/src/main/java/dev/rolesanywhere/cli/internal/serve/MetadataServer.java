package dev.rolesanywhere.cli.internal.serve;

import dev.rolesanywhere.core.ConfigurationException;
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
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * A loopback-only HTTP server for the metadata shapes. Every accepted connection gets the configured IP TTL (the
 * IMDS "hop limit") before a byte is written to it, and the value is read back so a silent failure cannot pass.
 */
public final class MetadataServer implements AutoCloseable {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    static final int WORKERS = 4;
    static final int QUEUE = 64;

    private final ServerSocketChannel listener;
    private final MetadataHandler handler;
    private final int hopLimit;
    private final IntConsumer ttlObserver;
    private final ExecutorService workers;
    private final Thread acceptor;

    private MetadataServer(ServerSocketChannel listener, MetadataHandler handler, int hopLimit, IntConsumer ttlObserver) {
        this.listener = listener;
        this.handler = handler;
        this.hopLimit = hopLimit;
        this.ttlObserver = ttlObserver;
        // Bounded: a flood of connections is refused rather than queued without limit.
        this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "rolesanywhere-serve-worker");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.acceptor = new Thread(this::acceptLoop, "rolesanywhere-serve-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds 127.0.0.1:{@code port} (0 for any free port) and starts serving.
     *
     * @param credentials    what to hand out, or the reason there is nothing (thrown)
     * @param containerToken the ECS bearer token for the container shape, or null for the IMDS shape
     * @param ttlObserver    told the TTL read back from each served connection (for tests and debug output)
     */
    public static MetadataServer start(Supplier<ServedCredentials> credentials, String roleArn, Clock clock, int port,
            int hopLimit, String containerToken, IntConsumer ttlObserver) {
        if (port < 0 || port > 65535) {
            throw new ConfigurationException("--port " + port + " is out of range; use 1..65535 (0 for any free port)");
        }
        ServerSocketChannel listener = null;
        try {
            listener = ServerSocketChannel.open();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            // Accepted sockets inherit it on Linux; it is set again on each one below for other systems.
            IpTtl.set(listener, hopLimit);
            MetadataServer server = new MetadataServer(listener,
                    new MetadataHandler(credentials, roleArn, clock, containerToken), hopLimit, ttlObserver);
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
            try {
                workers.execute(() -> serve(connection));
            } catch (RuntimeException rejected) {
                closeQuietly(connection);
            }
        }
    }

    private void serve(SocketChannel connection) {
        try (SocketChannel c = connection) {
            IpTtl.set(c, hopLimit);
            ttlObserver.accept(IpTtl.get(c));
            c.socket().setSoTimeout((int) READ_TIMEOUT.toMillis());
            InputStream in = c.socket().getInputStream();
            OutputStream out = c.socket().getOutputStream();
            HttpMessages.Response response;
            try {
                response = handler.handle(HttpMessages.read(in));
            } catch (HttpMessages.BadRequestException e) {
                response = new HttpMessages.Response(400, "text/plain; charset=utf-8", "Bad request: " + e.getMessage());
            }
            HttpMessages.write(out, response);
            // Closing with unread input makes the kernel send a reset, which can destroy the response in flight.
            c.socket().shutdownOutput();
            in.skip(Math.min(in.available(), HttpMessages.MAX_HEAD_BYTES));
        } catch (IOException | RuntimeException e) {
            // The client went away or timed out; nothing to tell it.
        }
    }

    /** Stops accepting, lets requests in progress finish (up to the read timeout), then returns. */
    @Override
    public void close() {
        closeQuietly(listener);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(READ_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
            acceptor.join(READ_TIMEOUT.toMillis());
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
