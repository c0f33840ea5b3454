//! The audit chain: canonical serialization and hashing of rows, appending, and verification.
//!
//! Every hash is SHA-256, lowercase hex, over the compact JSON of an array of the row's fields
//! in a fixed order, led by a domain tag (`["sarcnav-audit-v1", seq, at, …]`). A JSON array of
//! strings and integers has exactly one compact serialization, so the same row always hashes the
//! same on either backend.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use sqlx::{Any, Row, Transaction};

use crate::StoreError;

/// `prev_hash` of the first audit row.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push(char::from(HEX[usize::from(b >> 4)]));
        hex.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    hex
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The hash of a canonical field array.
fn hash_fields(fields: &Value) -> String {
    sha256_hex(fields.to_string().as_bytes())
}

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// Position in the chain, from 1, without gaps.
    pub seq: i64,
    /// When (RFC 3339 UTC).
    pub at: String,
    /// Who (`--actor`, `$USER`).
    pub actor: String,
    /// What: `patient.add`, `assessment.record`, `response.record`.
    pub action: String,
    /// The table of the object: `patient`, `assessment`, `response_evaluation`.
    pub object_type: String,
    /// The object's id in its table.
    pub object_id: i64,
    /// The hash of the object row as written.
    pub payload_hash: String,
    /// The `hash` of the row before (the genesis hash for the first).
    pub prev_hash: String,
    /// The hash of this row's fields and `prev_hash`.
    pub hash: String,
}

impl AuditEntry {
    /// The hash this row should have: SHA-256 over its canonical fields, `prev_hash` included.
    pub fn compute_hash(&self) -> String {
        hash_fields(&json!([
            "sarcnav-audit-v1",
            self.seq,
            self.at,
            self.actor,
            self.action,
            self.object_type,
            self.object_id,
            self.payload_hash,
            self.prev_hash
        ]))
    }

    pub(crate) fn from_row(row: &sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
        Ok(AuditEntry {
            seq: row.try_get("seq")?,
            at: row.try_get("at")?,
            actor: row.try_get("actor")?,
            action: row.try_get("action")?,
            object_type: row.try_get("object_type")?,
            object_id: row.try_get("object_id")?,
            payload_hash: row.try_get("payload_hash")?,
            prev_hash: row.try_get("prev_hash")?,
            hash: row.try_get("hash")?,
        })
    }
}

pub(crate) const AUDIT_COLUMNS: &str =
    "seq, at, actor, action, object_type, object_id, payload_hash, prev_hash, hash";

/// Object types, as in `audit_log.object_type`.
pub(crate) const PATIENT: &str = "patient";
pub(crate) const ASSESSMENT: &str = "assessment";
pub(crate) const RESPONSE: &str = "response_evaluation";

/// The payload hash of a patient row.
pub(crate) fn patient_hash(
    id: i64,
    external_id: &str,
    created_at: &str,
    created_by: &str,
) -> String {
    hash_fields(&json!([PATIENT, id, external_id, created_at, created_by]))
}

/// The columns of an assessment row, in hashing order.
pub(crate) struct AssessmentRow {
    pub id: i64,
    pub patient_id: i64,
    pub case_id: Option<String>,
    pub assessed_on: String,
    pub input: String,
    pub output: String,
    pub knowledge_version: String,
    pub engine_version: String,
    pub recorded_at: String,
    pub recorded_by: String,
}

pub(crate) const ASSESSMENT_COLUMNS: &str = "id, patient_id, case_id, assessed_on, input, output, knowledge_version, engine_version, recorded_at, recorded_by";

impl AssessmentRow {
    pub fn hash(&self) -> String {
        hash_fields(&json!([
            ASSESSMENT,
            self.id,
            self.patient_id,
            self.case_id,
            self.assessed_on,
            self.input,
            self.output,
            self.knowledge_version,
            self.engine_version,
            self.recorded_at,
            self.recorded_by
        ]))
    }

    pub fn from_row(row: &sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
        Ok(AssessmentRow {
            id: row.try_get("id")?,
            patient_id: row.try_get("patient_id")?,
            case_id: row.try_get("case_id")?,
            assessed_on: row.try_get("assessed_on")?,
            input: row.try_get("input")?,
            output: row.try_get("output")?,
            knowledge_version: row.try_get("knowledge_version")?,
            engine_version: row.try_get("engine_version")?,
            recorded_at: row.try_get("recorded_at")?,
            recorded_by: row.try_get("recorded_by")?,
        })
    }
}

/// The columns of a response evaluation row, in hashing order.
pub(crate) struct ResponseRow {
    pub id: i64,
    pub patient_id: i64,
    pub request_id: Option<String>,
    pub criteria: String,
    pub first_date: String,
    pub last_date: String,
    pub input: String,
    pub output: String,
    pub knowledge_version: String,
    pub engine_version: String,
    pub recorded_at: String,
    pub recorded_by: String,
}

pub(crate) const RESPONSE_COLUMNS: &str = "id, patient_id, request_id, criteria, first_date, last_date, input, output, knowledge_version, engine_version, recorded_at, recorded_by";

impl ResponseRow {
    pub fn hash(&self) -> String {
        hash_fields(&json!([
            RESPONSE,
            self.id,
            self.patient_id,
            self.request_id,
            self.criteria,
            self.first_date,
            self.last_date,
            self.input,
            self.output,
            self.knowledge_version,
            self.engine_version,
            self.recorded_at,
            self.recorded_by
        ]))
    }

    pub fn from_row(row: &sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
        Ok(ResponseRow {
            id: row.try_get("id")?,
            patient_id: row.try_get("patient_id")?,
            request_id: row.try_get("request_id")?,
            criteria: row.try_get("criteria")?,
            first_date: row.try_get("first_date")?,
            last_date: row.try_get("last_date")?,
            input: row.try_get("input")?,
            output: row.try_get("output")?,
            knowledge_version: row.try_get("knowledge_version")?,
            engine_version: row.try_get("engine_version")?,
            recorded_at: row.try_get("recorded_at")?,
            recorded_by: row.try_get("recorded_by")?,
        })
    }
}

/// Takes the store's write lock inside `tx`: the first statement of every write transaction.
/// An UPDATE of the one `audit_head` row takes a row lock on PostgreSQL and the database write
/// lock on SQLite, so concurrent writers queue here and ids and audit rows stay sequential.
pub(crate) async fn lock(tx: &mut Transaction<'static, Any>, at: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE audit_head SET locked_at = $1 WHERE id = 1")
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// What one write appends to the audit log.
pub(crate) struct Append<'a> {
    pub at: &'a str,
    pub actor: &'a str,
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: i64,
    pub payload_hash: String,
}

/// Appends one audit row after the current head and moves the head, inside `tx` (which must
/// hold the lock from [`lock`]).
pub(crate) async fn append(
    tx: &mut Transaction<'static, Any>,
    what: Append<'_>,
) -> Result<AuditEntry, StoreError> {
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(&mut **tx)
        .await?;
    let prev_seq: i64 = head.try_get("seq")?;
    let prev_hash: String = head.try_get("hash")?;
    let mut entry = AuditEntry {
        seq: prev_seq + 1,
        at: what.at.to_owned(),
        actor: what.actor.to_owned(),
        action: what.action.to_owned(),
        object_type: what.object_type.to_owned(),
        object_id: what.object_id,
        payload_hash: what.payload_hash,
        prev_hash,
        hash: String::new(),
    };
    entry.hash = entry.compute_hash();
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, action, object_type, object_id, payload_hash, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(entry.seq)
    .bind(&entry.at)
    .bind(&entry.actor)
    .bind(&entry.action)
    .bind(&entry.object_type)
    .bind(entry.object_id)
    .bind(&entry.payload_hash)
    .bind(&entry.prev_hash)
    .bind(&entry.hash)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
        .bind(entry.seq)
        .bind(&entry.hash)
        .execute(&mut **tx)
        .await?;
    Ok(entry)
}

/// One problem found by [`verify`](crate::Store::verify_audit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditProblem {
    /// The audit row concerned, when there is one (`None` for an object without an audit row).
    pub seq: Option<i64>,
    /// The object concerned, `patient 3`, `assessment 7`, when there is one.
    pub object: Option<String>,
    /// What is wrong, in words.
    pub message: String,
}

impl std::fmt::Display for AuditProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.seq, &self.object) {
            (Some(seq), _) => write!(f, "audit row {seq}: {}", self.message),
            (None, Some(object)) => write!(f, "{object}: {}", self.message),
            (None, None) => f.write_str(&self.message),
        }
    }
}

/// The result of verifying the audit chain and the objects it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    /// Audit rows read.
    pub rows: usize,
    /// Object rows read, by type (`patient`, `assessment`, `response_evaluation`).
    pub objects: BTreeMap<String, usize>,
    /// Every problem found, the first broken row first.
    pub problems: Vec<AuditProblem>,
}

impl AuditReport {
    /// True when the chain is intact and every object matches its audit row.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The object rows as read, keyed by (type, id), each with its recomputed hash.
pub(crate) type Objects = BTreeMap<(&'static str, i64), String>;

/// Checks the chain `entries` (in seq order) against the head and the recomputed object hashes.
pub(crate) fn check(
    entries: &[AuditEntry],
    head: (i64, &str),
    objects: &Objects,
) -> Vec<AuditProblem> {
    let mut problems = Vec::new();
    let mut expected_seq = 1;
    let mut expected_prev = GENESIS_HASH.to_owned();
    let mut covered = BTreeSet::new();
    for entry in entries {
        let at = |message: String| AuditProblem {
            seq: Some(entry.seq),
            object: Some(format!("{} {}", entry.object_type, entry.object_id)),
            message,
        };
        if entry.seq != expected_seq {
            problems.push(at(format!(
                "expected audit row {expected_seq} here: {} deleted",
                rows(expected_seq, entry.seq - 1)
            )));
        } else if entry.prev_hash != expected_prev {
            problems.push(at(format!(
                "prev_hash does not match the hash of audit row {}: the chain is broken here (a row before it was changed, deleted or replaced)",
                entry.seq - 1
            )));
        }
        if entry.compute_hash() != entry.hash {
            problems.push(at(format!(
                "the row was changed after it was written: its fields no longer hash to its hash ({} {} by {} at {})",
                entry.action, entry.object_type, entry.actor, entry.at
            )));
        }
        let key = (object_key(&entry.object_type), entry.object_id);
        match key.0.and_then(|t| objects.get(&(t, key.1))) {
            None => problems.push(at(format!(
                "{} {} recorded here no longer exists: the row was deleted",
                entry.object_type, entry.object_id
            ))),
            Some(hash) if *hash != entry.payload_hash => problems.push(at(format!(
                "{} {} was changed after it was recorded: the row no longer matches the hash in the audit log",
                entry.object_type, entry.object_id
            ))),
            Some(_) => {}
        }
        if let Some(t) = key.0
            && !covered.insert((t, key.1))
        {
            problems.push(at(format!(
                "a second audit row for {} {}: each object is written once",
                entry.object_type, entry.object_id
            )));
        }
        expected_seq = entry.seq + 1;
        expected_prev = entry.hash.clone();
    }
    let (head_seq, head_hash) = head;
    let last_seq = entries.last().map_or(0, |e| e.seq);
    if head_seq != last_seq || head_hash != expected_prev {
        let message = if head_seq > last_seq {
            format!(
                "the log ends at row {last_seq} but its head says {head_seq}: {} deleted",
                rows(last_seq + 1, head_seq)
            )
        } else {
            format!(
                "the log's head (row {head_seq}) does not match its last row ({last_seq}): rows were added, changed or deleted outside sarcnav"
            )
        };
        problems.push(AuditProblem {
            seq: Some(last_seq.max(head_seq)),
            object: None,
            message,
        });
    }
    for (kind, id) in objects.keys() {
        if !covered.contains(&(*kind, *id)) {
            problems.push(AuditProblem {
                seq: None,
                object: Some(format!("{kind} {id}")),
                message: "has no audit row: it was written outside sarcnav".to_owned(),
            });
        }
    }
    problems
}

/// "row 4 was" or "rows 4–6 were".
fn rows(first: i64, last: i64) -> String {
    if first >= last {
        format!("row {first} was")
    } else {
        format!("rows {first}–{last} were")
    }
}

/// The static name of an object type, if it is one the store writes.
fn object_key(object_type: &str) -> Option<&'static str> {
    [PATIENT, ASSESSMENT, RESPONSE]
        .into_iter()
        .find(|t| *t == object_type)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_hex_of_empty_input() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    fn entry(seq: i64, prev: &str, payload: &str) -> AuditEntry {
        let mut e = AuditEntry {
            seq,
            at: "2026-01-01T00:00:00.000000Z".into(),
            actor: "t".into(),
            action: "patient.add".into(),
            object_type: PATIENT.into(),
            object_id: seq,
            payload_hash: payload.into(),
            prev_hash: prev.into(),
            hash: String::new(),
        };
        e.hash = e.compute_hash();
        e
    }

    #[test]
    fn an_intact_chain_has_no_problems_and_each_change_is_named() {
        let a = entry(1, GENESIS_HASH, "p1");
        let b = entry(2, &a.hash, "p2");
        let objects: Objects = [
            ((PATIENT, 1), "p1".to_owned()),
            ((PATIENT, 2), "p2".to_owned()),
        ]
        .into_iter()
        .collect();
        let chain = vec![a.clone(), b.clone()];
        assert!(check(&chain, (2, &b.hash), &objects).is_empty());

        let mut changed = chain.clone();
        changed[0].actor = "mallory".into();
        let problems = check(&changed, (2, &b.hash), &objects);
        assert_eq!(problems[0].seq, Some(1));

        let truncated = vec![a.clone()];
        let problems = check(&truncated, (2, &b.hash), &objects);
        assert_eq!(problems[0].seq, Some(2));
    }
}
