//! The `PostgreSQL` push store's schema: the numbered migrations and how they run (in one
//! transaction, one node at a time under an advisory lock, refusing a newer database).

use postgres::Client;

use super::super::{now_ms, StoreError};

/// The schema version this binary writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// This store's rows in `centri_schema`.
const COMPONENT: &str = "push";

/// Migration `i` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: devices, their topics, user topics.
    r#"CREATE TABLE centri_push_devices (
        id TEXT COLLATE "C" PRIMARY KEY,
        provider TEXT COLLATE "C" NOT NULL,
        token TEXT COLLATE "C" NOT NULL,
        token_sha256 BYTEA NOT NULL,
        platform TEXT COLLATE "C" NOT NULL,
        user_id TEXT COLLATE "C" NOT NULL,
        timezone TEXT COLLATE "C" NOT NULL,
        locale TEXT COLLATE "C" NOT NULL,
        meta TEXT NOT NULL,
        webpush_keys TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
    );
    CREATE UNIQUE INDEX centri_push_devices_provider_token
        ON centri_push_devices (provider, token_sha256);
    CREATE INDEX centri_push_devices_user ON centri_push_devices (user_id, id);
    CREATE INDEX centri_push_devices_provider ON centri_push_devices (provider, id);
    CREATE INDEX centri_push_devices_platform ON centri_push_devices (platform, id);
    CREATE TABLE centri_push_device_topics (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        device_id TEXT COLLATE "C" NOT NULL
            REFERENCES centri_push_devices (id) ON DELETE CASCADE,
        topic TEXT COLLATE "C" NOT NULL
    );
    CREATE UNIQUE INDEX centri_push_device_topics_device_topic
        ON centri_push_device_topics (device_id, topic);
    CREATE INDEX centri_push_device_topics_topic
        ON centri_push_device_topics (topic, device_id);
    CREATE TABLE centri_push_user_topics (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id TEXT COLLATE "C" NOT NULL,
        topic TEXT COLLATE "C" NOT NULL
    );
    CREATE UNIQUE INDEX centri_push_user_topics_user_topic
        ON centri_push_user_topics (user_id, topic);
    CREATE INDEX centri_push_user_topics_topic ON centri_push_user_topics (topic);"#,
];

/// The advisory lock (the 64-bit key space) that serializes migrations across nodes.
pub const MIGRATION_LOCK: i64 = 0x6365_6e74_7269_0001; // "centri" 0x0001
/// Runs the migrations this database lacks, under [`MIGRATION_LOCK`], in one transaction.
pub(super) fn migrate(c: &mut Client, name: &str) -> Result<(), StoreError> {
    let open_err = |e: postgres::Error| StoreError::Open {
        path: name.to_string(),
        reason: e.to_string(),
    };
    let mut tx = c.transaction().map_err(open_err)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .map_err(open_err)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS centri_schema (
            component TEXT NOT NULL,
            version INTEGER NOT NULL,
            applied_at BIGINT NOT NULL,
            PRIMARY KEY (component, version)
        )",
    )
    .map_err(open_err)?;
    let found: i64 = tx
        .query_one(
            "SELECT coalesce(max(version), 0)::bigint FROM centri_schema WHERE component = $1",
            &[&COMPONENT],
        )
        .and_then(|r| r.try_get(0))
        .map_err(open_err)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: name.to_string(),
            found,
            supported: SCHEMA_VERSION,
            remedy: "point database.postgresql.dsn at another database",
        });
    }
    for (i, m) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.batch_execute(m).map_err(open_err)?;
        tx.execute(
            "INSERT INTO centri_schema (component, version, applied_at) VALUES ($1, $2, $3)",
            &[&COMPONENT, &(i as i32 + 1), &now_ms()],
        )
        .map_err(open_err)?;
        if found > 0 {
            tracing::info!(server = name, version = i + 1, "push store migrated");
        }
    }
    tx.commit().map_err(open_err)
}
