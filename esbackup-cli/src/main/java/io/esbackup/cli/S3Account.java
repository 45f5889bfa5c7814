package io.esbackup.cli;

import io.esbackup.s3.S3Clients;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 clients {@code s3:} locations use, one per endpoint and addressing style, made from the environment
 * as the AWS tools read it ({@link S3Clients}). Credentials never appear in output, errors or logs.
 */
final class S3Account {
    private final Function<String, String> environment;
    private final Map<String, S3Client> clients = new HashMap<>();

    S3Account(Function<String, String> environment) {
        this.environment = environment;
    }

    /** The client for {@code endpoint} ({@code null}: the environment's, else AWS) and {@code pathStyle}. */
    synchronized S3Client client(Location location, URI endpoint, Boolean pathStyle) {
        String key = endpoint + "|" + pathStyle;
        S3Client client = clients.get(key);
        if (client == null) {
            try {
                client = S3Clients.create(environment, endpoint, pathStyle);
            } catch (IllegalArgumentException e) {
                throw new UsageException(location.option() + ": " + e.getMessage());
            }
            clients.put(key, client);
        }
        return client;
    }
}
