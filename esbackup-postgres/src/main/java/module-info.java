/** esbackup's backup registry on PostgreSQL, through JDBC and a HikariCP pool. */
module io.esbackup.postgres {
    requires transitive io.esbackup.core;
    // The API takes a javax.sql.DataSource.
    requires transitive java.sql;
    requires com.zaxxer.hikari;
    // An automatic module (the driver has no module-info); its data source is what the pool connects through.
    requires org.postgresql.jdbc;

    exports io.esbackup.postgres;
}
