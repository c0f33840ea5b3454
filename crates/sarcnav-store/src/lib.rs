//! # sarcnav-store
//!
//! The record store of sarcnav: patients, the assessments and response evaluations recorded
//! for them (input, output, knowledge version, time), and an append-only audit log chained by
//! hashes. SQLite by default (one file, WAL journal), PostgreSQL with a `postgres://` URL; the
//! API is async (tokio) and the same on both.
//!
//! ## One schema, two backends: `sqlx::Any` and portable SQL
//!
//! The store holds one [`sqlx::AnyPool`]; the driver is picked at run time from the URL. Every
//! statement, and the single migration set in `migrations/` (embedded in the binary, applied on
//! open by sqlx's migrator), is written in the SQL that SQLite and PostgreSQL share: `BIGINT`
//! and `TEXT` columns only, `$1`-style parameters (SQLite accepts them too), no `SERIAL` or
//! `AUTOINCREMENT` (the store assigns ids itself, under the write lock), no JSON or timestamp
//! column types (JSON is kept as the exact text that was hashed; times are RFC 3339 UTC text,
//! which sorts as it reads). That keeps one code path to test and needs no database at build
//! time (query functions, not the compile-time macros). The only backend-specific statements
//! are `PRAGMA journal_mode = WAL` when a SQLite file is opened and
//! `SET TRANSACTION ISOLATION LEVEL REPEATABLE READ` for the snapshot `audit verify` reads on
//! PostgreSQL.
//!
//! ## Schema
//!
//! | table | columns |
//! |---|---|
//! | `patients` | `id` (internal), `external_id` (unique), `created_at`, `created_by` |
//! | `assessments` | `id`, `patient_id`, `case_id` (the input's `id`), `assessed_on` (the date the rules used), `input`, `output`, `knowledge_version`, `engine_version`, `recorded_at`, `recorded_by` |
//! | `response_evaluations` | `id`, `patient_id`, `request_id`, `criteria`, `first_date` (baseline), `last_date`, `input`, `output`, `knowledge_version`, `engine_version`, `recorded_at`, `recorded_by` |
//! | `audit_log` | `seq`, `at`, `actor`, `action`, `object_type`, `object_id`, `payload_hash`, `prev_hash`, `hash` |
//! | `audit_head` | one row: `seq` and `hash` of the last audit row, and `locked_at` |
//!
//! Records are referred to as `A<id>` (assessment) and `R<id>` (response evaluation), see
//! [`RecordRef`].
//!
//! ## The audit chain
//!
//! Every write — [`Store::add_patient`], [`Store::record`] — is one transaction that (1) takes
//! the write lock by updating the `audit_head` row, (2) inserts the object row, (3) appends an
//! audit row and (4) moves the head. A failure anywhere rolls back all of it.
//!
//! An audit row's `payload_hash` is the SHA-256 of the object row's canonical serialization
//! (the compact JSON array of its columns in a fixed order, led by the object type), and its
//! `hash` is the SHA-256 of `["sarcnav-audit-v1", seq, at, actor, action, object_type,
//! object_id, payload_hash, prev_hash]`, where `prev_hash` is the previous row's `hash` (64
//! zeros for the first). [`Store::verify_audit`] walks the log in `seq` order and checks, for
//! each row, that `seq` has no gap, that `prev_hash` links to the row before, that the row
//! still hashes to its `hash`, and that the object it recorded still exists and still hashes to
//! its `payload_hash`; then that the head matches the last row (rows deleted from the end) and
//! that no object row lacks an audit row (rows inserted behind sarcnav's back). So a changed
//! object row, a changed audit row and a deleted row of either kind are all detected. The chain
//! detects tampering, it does not prevent it: someone who can rewrite the whole database can
//! rewrite the whole chain; restrict `UPDATE`/`DELETE` with database permissions, and keep a
//! copy of the head hash elsewhere if that matters.

mod audit;
mod clock;
mod diff;
mod error;
mod records;

use std::path::PathBuf;

use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{Row, SqlSafeStr};

pub use audit::{AuditEntry, AuditProblem, AuditReport, GENESIS_HASH, sha256_hex};
pub use clock::{format_rfc3339, now_rfc3339};
pub use diff::{Change, ChangeKind, diff};
pub use error::StoreError;
pub use records::{
    EntryKind, Patient, PatientDetail, PatientSummary, RecordKind, RecordRef, RecordSummary,
    Recorded, Replay, Timeline, TimelineEntry,
};

/// The file name of the default SQLite database in the data directory.
pub const DEFAULT_DB_FILE: &str = "sarcnav.db";

/// The version written with every record (`engine_version`).
pub const ENGINE_VERSION: &str = concat!("sarcnav ", env!("CARGO_PKG_VERSION"));

/// The schema migrations, embedded: the same SQL for both backends.
const MIGRATIONS: &[(i64, &str, &str)] =
    &[(1, "initial", include_str!("../migrations/0001_initial.sql"))];

/// The database behind a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    /// A SQLite file (WAL journal).
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl Backend {
    /// The backend a database URL names.
    pub fn from_url(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(url.to_owned()))
        }
    }

    /// `sqlite` or `postgres`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// The data directory for the default database: `$SARCNAV_DATA_DIR`, else
/// `$XDG_DATA_HOME/sarcnav`, else `~/.local/share/sarcnav`.
pub fn data_dir() -> Result<PathBuf, StoreError> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = var("SARCNAV_DATA_DIR") {
        return Ok(PathBuf::from(dir));
    }
    if let Some(xdg) = var("XDG_DATA_HOME").map(PathBuf::from)
        && xdg.is_absolute()
    {
        return Ok(xdg.join("sarcnav"));
    }
    var("HOME")
        .map(|home| PathBuf::from(home).join(".local/share/sarcnav"))
        .ok_or(StoreError::NoDataDir)
}

/// The URL of the default database, `sqlite:<data dir>/sarcnav.db`, creating the data directory.
pub fn default_database_url() -> Result<String, StoreError> {
    let dir = data_dir()?;
    std::fs::create_dir_all(&dir).map_err(|source| StoreError::DataDir {
        path: dir.display().to_string(),
        source,
    })?;
    Ok(sqlite_url(&dir.join(DEFAULT_DB_FILE)))
}

/// A `sqlite:` URL for a file path, percent-encoding what a URL would misread.
pub fn sqlite_url(path: &std::path::Path) -> String {
    let mut url = String::from("sqlite:");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/._-~".contains(&b) {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// A connection pool to an opened, migrated store.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl Store {
    /// Opens the store at `url` (`sqlite:PATH` — the file is created when missing — or
    /// `postgres://…`), switches a SQLite file to WAL and applies pending migrations.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        let backend = Backend::from_url(url)?;
        sqlx::any::install_default_drivers();
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") && !url.contains(":memory:") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_owned(),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(4)
            .connect(&url)
            .await?;
        if backend == Backend::Sqlite && !url.contains(":memory:") {
            // Persistent in the file: every later connection uses WAL too.
            let mode = sqlx::query("PRAGMA journal_mode = WAL")
                .fetch_one(&pool)
                .await?;
            let mode: String = mode.try_get(0)?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(StoreError::corrupt(
                    "journal mode",
                    format!("SQLite refused WAL (journal_mode is {mode})"),
                ));
            }
        }
        migrator().run(&pool).await?;
        Ok(Store { pool, backend })
    }

    /// Opens the default store, `sarcnav.db` in the [`data_dir`].
    pub async fn open_default() -> Result<Store, StoreError> {
        Store::open(&default_database_url()?).await
    }

    /// The backend behind this store.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The connection pool, for maintenance and tests (tampering with rows directly).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Closes every connection (checkpointing a SQLite WAL).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The embedded migrations.
fn migrator() -> Migrator {
    Migrator::with_migrations(
        MIGRATIONS
            .iter()
            .map(|(version, description, sql)| {
                Migration::new(
                    *version,
                    (*description).into(),
                    MigrationType::Simple,
                    sql.into_sql_str(),
                    false,
                )
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_escape_what_a_url_would_misread() {
        assert_eq!(
            sqlite_url(std::path::Path::new("/tmp/a b/x?.db")),
            "sqlite:/tmp/a%20b/x%3F.db"
        );
    }

    #[test]
    fn backends_come_from_the_url_scheme() {
        assert_eq!(Backend::from_url("sqlite:x.db").ok(), Some(Backend::Sqlite));
        assert_eq!(
            Backend::from_url("postgres://u@h/db").ok(),
            Some(Backend::Postgres)
        );
        assert!(Backend::from_url("mysql://u@h/db").is_err());
    }
}
