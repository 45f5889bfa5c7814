package io.esbackup.cli;

import io.esbackup.backup.Shard;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --shard K/N}: {@link Shard#parse}, whose message says what is allowed. */
final class ShardConverter implements ITypeConverter<Shard> {
    static final String DESCRIPTION = "Only the aggregates of shard K of N (0 <= K < N <= 65536), by object id; "
            + "N runs given K = 0..N-1 cover every aggregate once (docs/SCALE.md).";

    @Override
    public Shard convert(String value) {
        try {
            return Shard.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
