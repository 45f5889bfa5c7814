package io.esbackup.s3;

import java.net.URI;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 clients configured as the AWS tools configure them, from an environment given as a function (the process's
 * for the command line, a map in tests): credentials from {@code AWS_ACCESS_KEY_ID} and
 * {@code AWS_SECRET_ACCESS_KEY} (and {@code AWS_SESSION_TOKEN}) when set, else the SDK's default chain (profiles,
 * web identity, instance roles); the region from {@code AWS_REGION} or {@code AWS_DEFAULT_REGION}, else the SDK's
 * chain, else, with an endpoint of one's own (MinIO, moto, R2), {@code us-east-1}; the endpoint from the call,
 * else {@code AWS_ENDPOINT_URL_S3}, else {@code AWS_ENDPOINT_URL}. Path-style addressing whenever the endpoint is
 * one's own, unless told otherwise.
 */
public final class S3Clients {
    private S3Clients() {}

    /**
     * A client for {@code endpoint} ({@code null}: from the environment, else AWS's), path-style as
     * {@code pathStyle} says ({@code null}: whenever an endpoint is set).
     *
     * @throws IllegalArgumentException if no region can be found for AWS itself
     */
    public static S3Client create(Function<String, String> environment, URI endpoint, Boolean pathStyle) {
        if (environment == null) {
            throw new IllegalArgumentException("environment must not be null");
        }
        URI target = endpoint != null ? endpoint : endpointFrom(environment);
        var builder = S3Client.builder().credentialsProvider(credentials(environment))
                .region(region(environment, target != null));
        if (target != null) {
            builder.endpointOverride(target);
        }
        builder.forcePathStyle(pathStyle != null ? pathStyle : target != null);
        return builder.build();
    }

    private static URI endpointFrom(Function<String, String> environment) {
        for (String name : new String[] {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"}) {
            String value = environment.apply(name);
            if (value != null && !value.isBlank()) {
                URI uri;
                try {
                    uri = URI.create(value.trim());
                } catch (IllegalArgumentException e) {
                    uri = null;
                }
                // Not echoed: a URL may carry user info, and a key with it.
                if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException(name + " must be a URL such as http://127.0.0.1:9000");
                }
                if (uri.getRawUserInfo() != null) {
                    throw new IllegalArgumentException(name + " takes no credentials; give them as AWS_ACCESS_KEY_ID "
                            + "and AWS_SECRET_ACCESS_KEY");
                }
                return uri;
            }
        }
        return null;
    }

    private static AwsCredentialsProvider credentials(Function<String, String> environment) {
        String id = environment.apply("AWS_ACCESS_KEY_ID");
        String secret = environment.apply("AWS_SECRET_ACCESS_KEY");
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        String token = environment.apply("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(token == null || token.isBlank()
                ? AwsBasicCredentials.create(id, secret) : AwsSessionCredentials.create(id, secret, token));
    }

    private static Region region(Function<String, String> environment, boolean ownEndpoint) {
        for (String name : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String value = environment.apply(name);
            if (value != null && !value.isBlank()) {
                return Region.of(value.trim());
            }
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            if (ownEndpoint) {
                return Region.US_EAST_1;
            }
            throw new IllegalArgumentException("no AWS region: set AWS_REGION (or a region in the AWS profile)", e);
        }
    }
}
