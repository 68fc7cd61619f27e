package dev.rolesanywhere.cli.internal.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The little HTTP/1.1 the metadata server needs: one request per connection, headers only, bounded sizes. Written by
 * hand because the JDK's HTTP server hides its sockets, and the hop limit must be set on each served connection.
 */
final class HttpMessages {

    static final int MAX_HEAD_BYTES = 16 * 1024;
    static final int MAX_BODY_BYTES = 4 * 1024;

    private HttpMessages() {
    }

    /** A request line and its headers (names lower-cased; a repeated header keeps its first value). */
    static final class Request {
        final String method;
        final String path;
        final Map<String, String> headers;

        Request(String method, String path, Map<String, String> headers) {
            this.method = method;
            this.path = path;
            this.headers = Collections.unmodifiableMap(headers);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        boolean hasHeader(String name) {
            return headers.containsKey(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A response with a text body. */
    static final class Response {
        final int status;
        final String contentType;
        final String body;
        final Map<String, String> headers = new LinkedHashMap<>();

        Response(int status, String contentType, String body) {
            this.status = status;
            this.contentType = contentType;
            this.body = body;
        }

        Response header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    static final class BadRequestException extends IOException {
        private static final long serialVersionUID = 1L;

        BadRequestException(String message) {
            super(message);
        }
    }

    static Request read(InputStream in) throws IOException {
        String requestLine = readLine(in, new int[] {MAX_HEAD_BYTES});
        if (requestLine == null) {
            throw new BadRequestException("empty request");
        }
        // Limit 0 on purpose: trailing spaces after the version are tolerated, as RFC 9112 lets a server do.
        String[] parts = requestLine.split(" ", 0);
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new BadRequestException("malformed request line");
        }
        int[] budget = {MAX_HEAD_BYTES - requestLine.length()};
        Map<String, String> headers = new LinkedHashMap<>();
        while (true) {
            String line = readLine(in, budget);
            if (line == null) {
                throw new BadRequestException("headers not terminated");
            }
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new BadRequestException("malformed header");
            }
            headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        String length = headers.get("content-length");
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length);
            } catch (NumberFormatException e) {
                throw new BadRequestException("bad content-length");
            }
            if (n < 0 || n > MAX_BODY_BYTES) {
                throw new BadRequestException("body too large");
            }
            // The body is never used; it is read so the client sees its request consumed.
            in.readNBytes((int) n);
        }
        return new Request(parts[0], parts[1], headers);
    }

    private static String readLine(InputStream in, int[] budget) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (--budget[0] < 0) {
                throw new BadRequestException("request head too large");
            }
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
    }

    static void write(OutputStream out, Response response) throws IOException {
        byte[] body = response.body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder();
        head.append("HTTP/1.1 ").append(response.status).append(' ').append(reason(response.status)).append("\r\n");
        head.append("Content-Type: ").append(response.contentType).append("\r\n");
        head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("Connection: close\r\n");
        for (Map.Entry<String, String> h : response.headers.entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static String reason(int status) {
        switch (status) {
            case 200:
                return "OK";
            case 400:
                return "Bad Request";
            case 401:
                return "Unauthorized";
            case 403:
                return "Forbidden";
            case 404:
                return "Not Found";
            case 405:
                return "Method Not Allowed";
            case 408:
                return "Request Timeout";
            case 503:
                return "Service Unavailable";
            default:
                return "Error";
        }
    }
}
