package io.esbackup.postgres;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * A registry location {@code postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?schema=S&table=T]}, parsed by hand:
 * {@link java.net.URI}'s messages quote the whole input, password and all. User and password may be
 * percent-encoded (a password with {@code @} or {@code /} must be). Without a password in the URL, the
 * {@code PGPASSWORD} environment variable gives it, as it does for psql. No message and no {@link #toString()}
 * shows the password.
 */
final class PostgresUrl {
    static final String SCHEME = "postgresql://";
    static final int DEFAULT_PORT = 5432;
    private static final String FORM = "; expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?schema=S&table=T]";

    final String user;
    final String password;
    final String host;
    final int port;
    final String database;
    final String schema;
    final String table;

    private PostgresUrl(String user, String password, String host, int port, String database, String schema,
                        String table) {
        this.user = user;
        this.password = password;
        this.host = host;
        this.port = port;
        this.database = database;
        this.schema = schema;
        this.table = table;
    }

    /**
     * Parses {@code url}; {@code environment} gives {@code PGPASSWORD} when the URL has no password.
     *
     * @throws IllegalArgumentException naming the part that is wrong, never quoting the password
     */
    static PostgresUrl parse(String url, UnaryOperator<String> environment) {
        if (url == null) {
            throw new IllegalArgumentException("url must not be null" + FORM);
        }
        if (!url.startsWith(SCHEME)) {
            throw new IllegalArgumentException("url must start with " + SCHEME + FORM);
        }
        String rest = url.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("url names no database" + FORM);
        }
        String authority = rest.substring(0, slash);
        String path = rest.substring(slash + 1);
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("url names no user (USER@ before the host)" + FORM);
        }
        String userInfo = authority.substring(0, at);
        int colon = userInfo.indexOf(':');
        String user = decode("user", colon < 0 ? userInfo : userInfo.substring(0, colon));
        String password = colon < 0 ? null : decode("password", userInfo.substring(colon + 1));
        if (user.isEmpty()) {
            throw new IllegalArgumentException("url names no user (USER@ before the host)" + FORM);
        }
        if (password == null || password.isEmpty()) {
            password = environment.apply("PGPASSWORD");
        }
        String hostPort = authority.substring(at + 1);
        String host;
        String portText = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("url's IPv6 host lacks its closing ']'" + FORM);
            }
            host = hostPort.substring(0, close + 1);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new IllegalArgumentException("url's host '" + hostPort + "' is not HOST[:PORT]" + FORM);
                }
                portText = after.substring(1);
            }
        } else {
            int portColon = hostPort.lastIndexOf(':');
            host = portColon < 0 ? hostPort : hostPort.substring(0, portColon);
            portText = portColon < 0 ? null : hostPort.substring(portColon + 1);
        }
        if (host.isEmpty() || host.matches(".*[\\s/?#@].*")) {
            throw new IllegalArgumentException("url names no valid host, was '" + host + "'" + FORM);
        }
        int port = portText == null ? DEFAULT_PORT : port(portText);
        int question = path.indexOf('?');
        String database = decode("database", question < 0 ? path : path.substring(0, question));
        if (database.isEmpty() || database.contains("/")) {
            throw new IllegalArgumentException("url names no database (one path segment after the host)" + FORM);
        }
        String schema = null;
        String table = PostgresBackupRegistry.DEFAULT_TABLE;
        if (question >= 0) {
            for (String pair : path.substring(question + 1).split("&", -1)) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : decode(name, pair.substring(eq + 1));
                switch (name) {
                    case "schema" -> schema = value;
                    case "table" -> table = value;
                    default -> throw new IllegalArgumentException("url parameter '" + name
                            + "' is not known; the parameters are schema and table" + FORM);
                }
            }
        }
        return new PostgresUrl(user, password, host, port, database, schema, table);
    }

    /** The JDBC URL of the database, without user or password. */
    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** The location without its password, as it may be shown. */
    @Override
    public String toString() {
        return SCHEME + user + "@" + host + ":" + port + "/" + database;
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("url's port must be a number from 1 to 65535, was '" + text + "'" + FORM);
    }

    /** Percent-decoding of one part; '+' stays '+', as in a URL's authority. */
    private static String decode(String part, String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int plain = 0;
        for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', plain)) {
            bytes.writeBytes(text.substring(plain, i).getBytes(StandardCharsets.UTF_8));
            int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int lo = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (hi < 0 || lo < 0) {
                // Never quote the part: it may be the password.
                throw new IllegalArgumentException("url's " + part + " has a '%' not followed by two hex digits"
                        + FORM);
            }
            bytes.write(hi * 16 + lo);
            plain = i + 3;
        }
        bytes.writeBytes(text.substring(plain).getBytes(StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
