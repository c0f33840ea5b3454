//! The store's typed errors.

use sarcnav_core::InvalidInput;

/// Everything that can go wrong with a store operation.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL is neither `sqlite:…` nor `postgres://…`.
    #[error(
        "unsupported database URL `{0}`: expected sqlite:PATH or postgres://USER@HOST:PORT/DATABASE"
    )]
    UnsupportedUrl(String),
    /// No data directory could be found for the default database.
    #[error(
        "no data directory: set SARCNAV_DATA_DIR, XDG_DATA_HOME or HOME, or give --database-url"
    )]
    NoDataDir,
    /// The data directory could not be created.
    #[error("creating the data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The database failed (connection, constraint, I/O).
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// Applying the schema migrations failed.
    #[error("database migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// No patient has this internal or external id.
    #[error("no patient `{0}` (give the internal id or the external id)")]
    PatientNotFound(String),
    /// The key is the internal id of one patient and the external id of another.
    #[error(
        "`{key}` is ambiguous: internal id of patient {by_id} and external id of patient {by_external}"
    )]
    AmbiguousPatient {
        /// The key given.
        key: String,
        /// The patient whose internal id it is.
        by_id: i64,
        /// The patient whose external id it is.
        by_external: i64,
    },
    /// A patient with this external id already exists.
    #[error("a patient with external id `{0}` already exists")]
    DuplicatePatient(String),
    /// The external id is empty, too long or holds control characters.
    #[error(
        "invalid external id `{0}`: 1–200 characters, no control characters, no surrounding spaces"
    )]
    InvalidExternalId(String),
    /// The actor is empty, too long or holds control characters.
    #[error("invalid actor `{0}`: 1–200 characters, no control characters")]
    InvalidActor(String),
    /// The record reference is not `A<id>`, `R<id>` or a bare assessment id.
    #[error(
        "invalid record `{0}`: expected A<id> (assessment, or a bare number) or R<id> (response evaluation)"
    )]
    InvalidRecordRef(String),
    /// No stored record has this id.
    #[error("no {kind} with id {id}")]
    RecordNotFound {
        /// `assessment` or `response evaluation`.
        kind: &'static str,
        /// The id.
        id: i64,
    },
    /// The input was invalid: nothing was stored. Holds the error result (contract §2).
    #[error("invalid input ({} error(s)): nothing stored", .0.errors.len())]
    Rejected(InvalidInput),
    /// A stored value could not be read back (the row was altered outside sarcnav).
    #[error("stored {what} is unreadable: {message}")]
    Corrupt {
        /// Which value.
        what: String,
        /// Why.
        message: String,
    },
}

impl StoreError {
    pub(crate) fn corrupt(what: impl Into<String>, message: impl ToString) -> Self {
        StoreError::Corrupt {
            what: what.into(),
            message: message.to_string(),
        }
    }
}
