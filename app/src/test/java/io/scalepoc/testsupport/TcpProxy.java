package io.scalepoc.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback in front of a server (DynamoDB Local), which a test can cut (every open
 * connection is closed and new ones are refused, as in a network partition) and restore on the same
 * port. One thread per direction per connection; enough for a test.
 */
public final class TcpProxy implements AutoCloseable {

    private final int port;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    private TcpProxy(int port, InetSocketAddress target) {
        this.port = port;
        this.target = target;
    }

    /** A proxy on a free port to the host and port of {@code endpoint} (an http URL). */
    public static TcpProxy to(String endpoint) throws IOException {
        URI uri = URI.create(endpoint);
        TcpProxy proxy = new TcpProxy(TestDynamoDb.freePort(), new InetSocketAddress(uri.getHost(), uri.getPort()));
        proxy.restore();
        return proxy;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts accepting connections again (after {@link #cut()}). */
    public synchronized void restore() throws IOException {
        if (server != null) {
            return;
        }
        ServerSocket listening = new ServerSocket();
        listening.setReuseAddress(true);
        listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = listening;
        Thread acceptor = new Thread(() -> accept(listening), "tcp-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Closes every connection and refuses new ones until {@link #restore()}. */
    public synchronized void cut() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        for (Socket socket : Set.copyOf(sockets)) {
            socket.close();
        }
        sockets.clear();
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                sockets.add(client);
                sockets.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                // closed by cut(), or the target refused: the client sees a closed connection
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int read;
                        while ((read = in.read(buffer)) >= 0) {
                            out.write(buffer, 0, read);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // connection closed
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "tcp-proxy-pipe-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    private void closeQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
