package io.esbackup.locations;

import io.esbackup.s3.S3Clients;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 clients {@code s3:} locations use. A location that names no endpoint and no addressing style uses an
 * application's own client when one is given ({@link #S3Account(Function, Supplier)}); otherwise a client is made
 * per endpoint and addressing style from the environment as the AWS tools read it ({@link S3Clients}), and
 * {@link #close()} closes those. Credentials never appear in output, errors or logs.
 */
public final class S3Account implements AutoCloseable {
    private final Function<String, String> environment;
    private final Supplier<S3Client> own;
    private final Map<String, S3Client> clients = new HashMap<>();

    /** Clients made from {@code environment} ({@code AWS_ACCESS_KEY_ID}, {@code AWS_REGION}, ...). */
    public S3Account(Function<String, String> environment) {
        this(environment, () -> null);
    }

    /**
     * {@code own}'s client (asked when a location first needs it; {@code null}: there is none) for locations
     * without {@code ?endpoint=} or {@code pathStyle=}, else clients made from {@code environment}. The own client
     * is never closed here: its owner closes it.
     */
    public S3Account(Function<String, String> environment, Supplier<S3Client> own) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.own = Objects.requireNonNull(own, "own");
    }

    /** The client for {@code endpoint} ({@code null}: the environment's, else AWS) and {@code pathStyle}. */
    public synchronized S3Client client(Location location, URI endpoint, Boolean pathStyle) {
        if (endpoint == null && pathStyle == null) {
            S3Client client = own.get();
            if (client != null) {
                return client;
            }
        }
        String key = endpoint + "|" + pathStyle;
        S3Client client = clients.get(key);
        if (client == null) {
            try {
                client = S3Clients.create(environment, endpoint, pathStyle);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(location.option() + ": " + e.getMessage());
            }
            clients.put(key, client);
        }
        return client;
    }

    /** Closes the clients made here (not an application's own). */
    @Override
    public synchronized void close() {
        List<S3Client> made = new ArrayList<>(clients.values());
        clients.clear();
        made.forEach(S3Client::close);
    }
}
