package io.esbackup.postgres;

import io.esbackup.backup.BackupQuery;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code WHERE} clause of a {@link BackupQuery}, with exactly {@link BackupQuery#matches}'s meaning and its
 * values bound as parameters: object name and id and location by equality (a location is not a prefix of the
 * ones under it), {@code createdAfter} inclusive and {@code createdBefore} exclusive to the nanosecond (by
 * {@code (created_at, created_nanos)} row comparison), tags by jsonb containment. Expiry and
 * {@code maxResults} are left to the caller, as the SPI says.
 */
final class QueryFilter {
    private final StringBuilder where = new StringBuilder();
    private final List<Binder> values = new ArrayList<>();
    /** How many parameters each binder binds: the '?'s of its condition. */
    private final List<Integer> counts = new ArrayList<>();

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement, int index) throws SQLException;
    }

    QueryFilter(BackupQuery query) {
        if (query.objectName() != null) {
            condition("object_name = ?", (s, i) -> s.setString(i, query.objectName()));
        }
        if (query.objectId() != null) {
            condition("object_id = ?", (s, i) -> s.setString(i, query.objectId()));
        }
        if (query.location() != null) {
            condition("location = ?", (s, i) -> s.setString(i, query.location()));
        }
        if (query.createdAfter() != null) {
            range(">=", query.createdAfter());
        }
        if (query.createdBefore() != null) {
            range("<", query.createdBefore());
        }
        if (!query.tags().isEmpty()) {
            if (!Columns.storable(query.tags())) {
                // A stored entry cannot hold U+0000 (record refuses it), so it cannot match such a tag.
                condition("false", null);
            } else {
                String json = Columns.tagsJson(query.tags());
                condition("tags @> ?::jsonb", (s, i) -> s.setString(i, json));
            }
        }
    }

    private void range(String operator, Instant bound) {
        if (bound.isBefore(Columns.MIN_TIME)) {
            // Every recorded createdAt is in range, so after such a bound and not before it.
            condition(operator.equals(">=") ? "true" : "false", null);
        } else if (bound.isAfter(Columns.MAX_TIME)) {
            condition(operator.equals(">=") ? "false" : "true", null);
        } else {
            condition("(created_at, created_nanos) " + operator + " (?, ?)", (s, i) -> {
                s.setObject(i, Columns.micros(bound));
                s.setShort(i + 1, Columns.nanos(bound));
            });
        }
    }

    private void condition(String sql, Binder binder) {
        where.append(where.length() == 0 ? " WHERE " : " AND ").append(sql);
        if (binder != null) {
            values.add(binder);
            counts.add((int) sql.chars().filter(c -> c == '?').count());
        }
    }

    /** {@code " WHERE ..."}, or the empty string for a query that matches every entry. */
    String sql() {
        return where.toString();
    }

    /** Binds the values from parameter 1 on. */
    void bind(PreparedStatement statement) throws SQLException {
        int index = 1;
        for (int i = 0; i < values.size(); i++) {
            values.get(i).bind(statement, index);
            index += counts.get(i);
        }
    }
}
