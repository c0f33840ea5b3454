//! Patients, recorded assessments and response evaluations, the timeline, replay and
//! verification: the store's operations.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use sarcnav_core::response::{Criteria, ResponseOutcome, evaluate_json};
use sarcnav_core::{Context, Date, Knowledge, Outcome, assess_json, parse_case};
use serde::{Serialize, Serializer};
use serde_json::Value;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::audit::{
    self, ASSESSMENT, ASSESSMENT_COLUMNS, AUDIT_COLUMNS, Append, AssessmentRow, AuditEntry,
    AuditReport, GENESIS_HASH, Objects, PATIENT, RESPONSE, RESPONSE_COLUMNS, ResponseRow,
};
use crate::diff::{Change, diff};
use crate::{Backend, ENGINE_VERSION, Store, StoreError, now_rfc3339};

/// A patient: an internal id the store assigns and the external id (e.g. a hospital number)
/// it was added with. No names or other identifying data are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Patient {
    /// Internal id, from 1.
    pub id: i64,
    /// External id, unique.
    pub external_id: String,
    /// When it was added (RFC 3339 UTC).
    pub created_at: String,
    /// Who added it.
    pub created_by: String,
}

impl Patient {
    fn from_row(row: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(Patient {
            id: row.try_get("id")?,
            external_id: row.try_get("external_id")?,
            created_at: row.try_get("created_at")?,
            created_by: row.try_get("created_by")?,
        })
    }
}

/// A patient with the number of records stored for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatientSummary {
    /// The patient.
    #[serde(flatten)]
    pub patient: Patient,
    /// Assessments recorded.
    pub assessments: i64,
    /// Response evaluations recorded.
    pub response_evaluations: i64,
}

/// The two kinds of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A case assessment (contract §1–2), `A<id>`.
    Assessment,
    /// A response evaluation (contract §6), `R<id>`.
    ResponseEvaluation,
}

impl RecordKind {
    /// `assessment` or `response evaluation`.
    pub fn label(self) -> &'static str {
        match self {
            RecordKind::Assessment => "assessment",
            RecordKind::ResponseEvaluation => "response evaluation",
        }
    }
}

/// A stored record: `A3` is assessment 3, `R2` response evaluation 2; a bare number is an
/// assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordRef {
    /// Which table.
    pub kind: RecordKind,
    /// The id in it.
    pub id: i64,
}

impl fmt::Display for RecordRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let letter = match self.kind {
            RecordKind::Assessment => 'A',
            RecordKind::ResponseEvaluation => 'R',
        };
        write!(f, "{letter}{}", self.id)
    }
}

impl FromStr for RecordRef {
    type Err = StoreError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (kind, digits) = match text.as_bytes().first() {
            Some(b'A' | b'a') => (RecordKind::Assessment, &text[1..]),
            Some(b'R' | b'r') => (RecordKind::ResponseEvaluation, &text[1..]),
            _ => (RecordKind::Assessment, text),
        };
        match digits.parse::<i64>() {
            Ok(id) if id > 0 && digits.bytes().all(|b| b.is_ascii_digit()) => {
                Ok(RecordRef { kind, id })
            }
            _ => Err(StoreError::InvalidRecordRef(text.to_owned())),
        }
    }
}

impl Serialize for RecordRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What [`Store::record`] stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recorded {
    /// The new record.
    pub record: RecordRef,
    /// The patient it belongs to.
    pub patient: Patient,
    /// The clinical date: the assessment date used, or a course's last assessment.
    pub date: String,
    /// The knowledge version it was computed with.
    pub knowledge_version: String,
    /// A one-line summary (stage, best response).
    pub summary: String,
    /// The audit row written with it.
    pub audit_seq: i64,
    /// The result as stored.
    pub output: Value,
}

/// One stored record, listed under its patient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordSummary {
    /// The record.
    pub record: RecordRef,
    /// The clinical date (assessment date; a course's last assessment).
    pub date: String,
    /// When it was stored.
    pub recorded_at: String,
    /// Who stored it.
    pub recorded_by: String,
    /// The knowledge version it was computed with.
    pub knowledge_version: String,
    /// A one-line summary.
    pub summary: String,
}

/// A patient with every record stored for it, in the order they were recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatientDetail {
    /// The patient.
    pub patient: Patient,
    /// The records, oldest first.
    pub records: Vec<RecordSummary>,
}

/// What a timeline line shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A staging (an assessment).
    Staging,
    /// The baseline of a response course.
    Baseline,
    /// One follow-up of a response course.
    Response,
}

impl EntryKind {
    /// `staging`, `baseline`, `response`.
    pub fn name(self) -> &'static str {
        match self {
            EntryKind::Staging => "staging",
            EntryKind::Baseline => "baseline",
            EntryKind::Response => "response",
        }
    }
}

/// One line of a patient's timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineEntry {
    /// The clinical date, `YYYY-MM-DD`.
    pub date: String,
    /// The record it comes from.
    pub record: RecordRef,
    /// Staging, baseline or response.
    pub kind: EntryKind,
    /// The short result: a stage group, ACTG T/I/S, a KHE setting, a response (CR, PR, …).
    pub result: String,
    /// The rest in words.
    pub detail: String,
    /// The underlying data: the staging object, or the timepoint with the course's best
    /// overall response and confirmation.
    pub data: Value,
}

/// A patient's staging and responses in date order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    /// The patient.
    pub patient: Patient,
    /// The entries, by date (then in the order recorded).
    pub entries: Vec<TimelineEntry>,
}

/// A stored record re-run against the current knowledge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Replay {
    /// The record.
    pub record: RecordRef,
    /// Its patient's internal id.
    pub patient_id: i64,
    /// When it was stored.
    pub recorded_at: String,
    /// The date the rules used (for an assessment; replay uses the same one).
    pub date: String,
    /// The knowledge version it was stored with.
    pub stored_knowledge_version: String,
    /// The knowledge version of this replay.
    pub current_knowledge_version: String,
    /// What changed from the stored result to the replayed one; empty when nothing did.
    pub changes: Vec<Change>,
    /// The stored result.
    pub stored: Value,
    /// The replayed result.
    pub replayed: Value,
}

/// Checks a free-text identifier: 1–200 characters, no control characters.
fn valid_text(text: &str) -> bool {
    !text.is_empty() && text.chars().count() <= 200 && !text.chars().any(char::is_control)
}

fn check_actor(actor: &str) -> Result<(), StoreError> {
    if valid_text(actor) {
        Ok(())
    } else {
        Err(StoreError::InvalidActor(actor.to_owned()))
    }
}

/// The next id of `table` (whose primary key is `id`), under the write lock.
async fn next_id(conn: &mut AnyConnection, table: &'static str) -> Result<i64, StoreError> {
    let sql = match table {
        "patients" => "SELECT COALESCE(MAX(id), 0) + 1 FROM patients",
        "assessments" => "SELECT COALESCE(MAX(id), 0) + 1 FROM assessments",
        _ => "SELECT COALESCE(MAX(id), 0) + 1 FROM response_evaluations",
    };
    Ok(sqlx::query_scalar::<Any, i64>(sql)
        .fetch_one(&mut *conn)
        .await?)
}

/// Finds a patient by internal id or external id.
async fn find_patient(conn: &mut AnyConnection, key: &str) -> Result<Patient, StoreError> {
    let by_id = match key.parse::<i64>() {
        Ok(id) => sqlx::query(
            "SELECT id, external_id, created_at, created_by FROM patients WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| Patient::from_row(&r))
        .transpose()?,
        Err(_) => None,
    };
    let by_external = sqlx::query(
        "SELECT id, external_id, created_at, created_by FROM patients WHERE external_id = $1",
    )
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| Patient::from_row(&r))
    .transpose()?;
    match (by_id, by_external) {
        (Some(a), Some(b)) if a.id != b.id => Err(StoreError::AmbiguousPatient {
            key: key.to_owned(),
            by_id: a.id,
            by_external: b.id,
        }),
        (Some(p), _) | (None, Some(p)) => Ok(p),
        (None, None) => Err(StoreError::PatientNotFound(key.to_owned())),
    }
}

/// Parses a stored JSON text.
fn stored_json(what: impl Into<String>, text: &str) -> Result<Value, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::corrupt(what, e))
}

impl Store {
    /// Adds a patient with `external_id` (unique; 1–200 characters, no control characters, no
    /// surrounding spaces), with its audit row, in one transaction.
    pub async fn add_patient(&self, external_id: &str, actor: &str) -> Result<Patient, StoreError> {
        if !valid_text(external_id) || external_id.trim() != external_id {
            return Err(StoreError::InvalidExternalId(external_id.to_owned()));
        }
        check_actor(actor)?;
        let at = now_rfc3339();
        let mut tx = self.pool.begin().await?;
        audit::lock(&mut tx, &at).await?;
        let exists = sqlx::query("SELECT id FROM patients WHERE external_id = $1")
            .bind(external_id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_some() {
            return Err(StoreError::DuplicatePatient(external_id.to_owned()));
        }
        let patient = Patient {
            id: next_id(&mut tx, "patients").await?,
            external_id: external_id.to_owned(),
            created_at: at.clone(),
            created_by: actor.to_owned(),
        };
        sqlx::query(
            "INSERT INTO patients (id, external_id, created_at, created_by) VALUES ($1, $2, $3, $4)",
        )
        .bind(patient.id)
        .bind(&patient.external_id)
        .bind(&patient.created_at)
        .bind(&patient.created_by)
        .execute(&mut *tx)
        .await?;
        let payload_hash = audit::patient_hash(
            patient.id,
            &patient.external_id,
            &patient.created_at,
            &patient.created_by,
        );
        audit::append(
            &mut tx,
            Append {
                at: &at,
                actor,
                action: "patient.add",
                object_type: PATIENT,
                object_id: patient.id,
                payload_hash,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(patient)
    }

    /// Every patient, by internal id, with record counts.
    pub async fn patients(&self) -> Result<Vec<PatientSummary>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.id, p.external_id, p.created_at, p.created_by, \
               (SELECT COUNT(*) FROM assessments a WHERE a.patient_id = p.id) AS n_assessments, \
               (SELECT COUNT(*) FROM response_evaluations r WHERE r.patient_id = p.id) AS n_responses \
             FROM patients p ORDER BY p.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PatientSummary {
                    patient: Patient::from_row(r)?,
                    assessments: r.try_get("n_assessments")?,
                    response_evaluations: r.try_get("n_responses")?,
                })
            })
            .collect()
    }

    /// The patient with internal id or external id `key`.
    pub async fn patient(&self, key: &str) -> Result<Patient, StoreError> {
        let mut conn = self.pool.acquire().await?;
        find_patient(&mut conn, key).await
    }

    /// The patient `key` with every record stored for it.
    pub async fn patient_detail(&self, key: &str) -> Result<PatientDetail, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let patient = find_patient(&mut conn, key).await?;
        let mut records = Vec::new();
        for row in assessments_of(&mut conn, patient.id).await? {
            let output = stored_json(format!("output of A{}", row.id), &row.output)?;
            records.push(RecordSummary {
                record: RecordRef {
                    kind: RecordKind::Assessment,
                    id: row.id,
                },
                date: row.assessed_on,
                recorded_at: row.recorded_at,
                recorded_by: row.recorded_by,
                knowledge_version: row.knowledge_version,
                summary: staging_line(&output),
            });
        }
        for row in responses_of(&mut conn, patient.id).await? {
            let output = stored_json(format!("output of R{}", row.id), &row.output)?;
            records.push(RecordSummary {
                record: RecordRef {
                    kind: RecordKind::ResponseEvaluation,
                    id: row.id,
                },
                date: row.last_date,
                recorded_at: row.recorded_at,
                recorded_by: row.recorded_by,
                knowledge_version: row.knowledge_version,
                summary: course_summary(&row.criteria, &output),
            });
        }
        records.sort_by(|a, b| (&a.recorded_at, a.record).cmp(&(&b.recorded_at, b.record)));
        Ok(PatientDetail { patient, records })
    }

    /// Records `input` for the patient `patient_key`: a response request (contract §6, a JSON
    /// object with `criteria`) is evaluated, anything else is assessed as a case (§1) with
    /// `ctx`. A valid result is stored with its input, the knowledge version and an audit row,
    /// in one transaction; an invalid one is [`StoreError::Rejected`] and nothing is stored.
    pub async fn record(
        &self,
        patient_key: &str,
        input: &str,
        ctx: &Context<'_>,
        actor: &str,
    ) -> Result<Recorded, StoreError> {
        check_actor(actor)?;
        let is_response = matches!(
            serde_json::from_str::<Value>(input),
            Ok(Value::Object(ref map)) if map.contains_key("criteria")
        );
        if is_response {
            self.record_response(patient_key, input, ctx.knowledge, actor)
                .await
        } else {
            self.record_case(patient_key, input, ctx, actor).await
        }
    }

    async fn record_case(
        &self,
        patient_key: &str,
        input: &str,
        ctx: &Context<'_>,
        actor: &str,
    ) -> Result<Recorded, StoreError> {
        let outcome = assess_json(input, ctx);
        let case_id = match &outcome {
            Outcome::Invalid(invalid) => return Err(StoreError::Rejected(invalid.clone())),
            Outcome::Assessed(a) => a.id.clone(),
        };
        let output_text = serde_json::to_string(&outcome)
            .map_err(|e| StoreError::corrupt("assessment output", e))?;
        let output = stored_json("assessment output", &output_text)?;
        let assessed_on = parse_case(input)
            .ok()
            .and_then(|case| case.assessment_date)
            .unwrap_or(ctx.today)
            .to_string();
        let at = now_rfc3339();
        let mut tx = self.pool.begin().await?;
        audit::lock(&mut tx, &at).await?;
        let patient = find_patient(&mut tx, patient_key).await?;
        let row = AssessmentRow {
            id: next_id(&mut tx, "assessments").await?,
            patient_id: patient.id,
            case_id,
            assessed_on,
            input: input.to_owned(),
            output: output_text,
            knowledge_version: ctx.knowledge.version.clone(),
            engine_version: ENGINE_VERSION.to_owned(),
            recorded_at: at.clone(),
            recorded_by: actor.to_owned(),
        };
        sqlx::query(
            "INSERT INTO assessments (id, patient_id, case_id, assessed_on, input, output, \
             knowledge_version, engine_version, recorded_at, recorded_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(row.id)
        .bind(row.patient_id)
        .bind(row.case_id.clone())
        .bind(&row.assessed_on)
        .bind(&row.input)
        .bind(&row.output)
        .bind(&row.knowledge_version)
        .bind(&row.engine_version)
        .bind(&row.recorded_at)
        .bind(&row.recorded_by)
        .execute(&mut *tx)
        .await?;
        let entry = audit::append(
            &mut tx,
            Append {
                at: &at,
                actor,
                action: "assessment.record",
                object_type: ASSESSMENT,
                object_id: row.id,
                payload_hash: row.hash(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(Recorded {
            record: RecordRef {
                kind: RecordKind::Assessment,
                id: row.id,
            },
            patient,
            date: row.assessed_on,
            knowledge_version: row.knowledge_version,
            summary: staging_line(&output),
            audit_seq: entry.seq,
            output,
        })
    }

    async fn record_response(
        &self,
        patient_key: &str,
        input: &str,
        knowledge: &Knowledge,
        actor: &str,
    ) -> Result<Recorded, StoreError> {
        let outcome = evaluate_json(input);
        let (request_id, criteria, last_date) = match &outcome {
            ResponseOutcome::Invalid(invalid) => {
                return Err(StoreError::Rejected(invalid.clone()));
            }
            ResponseOutcome::Evaluated(e) => (
                e.id.clone(),
                e.criteria.name().to_owned(),
                e.timepoints.last().map(|t| t.date.to_string()),
            ),
        };
        let output_text = serde_json::to_string(&outcome)
            .map_err(|e| StoreError::corrupt("response output", e))?;
        let output = stored_json("response output", &output_text)?;
        // A valid request has a dated baseline and at least one follow-up.
        let first_date = stored_json("response input", input)?
            .pointer("/assessments/0/date")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let (Some(first_date), Some(last_date)) = (first_date, last_date) else {
            return Err(StoreError::corrupt(
                "response evaluation",
                "a valid course without a baseline or follow-up date",
            ));
        };
        let at = now_rfc3339();
        let mut tx = self.pool.begin().await?;
        audit::lock(&mut tx, &at).await?;
        let patient = find_patient(&mut tx, patient_key).await?;
        let row = ResponseRow {
            id: next_id(&mut tx, "response_evaluations").await?,
            patient_id: patient.id,
            request_id,
            criteria,
            first_date,
            last_date,
            input: input.to_owned(),
            output: output_text,
            knowledge_version: knowledge.version.clone(),
            engine_version: ENGINE_VERSION.to_owned(),
            recorded_at: at.clone(),
            recorded_by: actor.to_owned(),
        };
        sqlx::query(
            "INSERT INTO response_evaluations (id, patient_id, request_id, criteria, first_date, \
             last_date, input, output, knowledge_version, engine_version, recorded_at, recorded_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(row.id)
        .bind(row.patient_id)
        .bind(row.request_id.clone())
        .bind(&row.criteria)
        .bind(&row.first_date)
        .bind(&row.last_date)
        .bind(&row.input)
        .bind(&row.output)
        .bind(&row.knowledge_version)
        .bind(&row.engine_version)
        .bind(&row.recorded_at)
        .bind(&row.recorded_by)
        .execute(&mut *tx)
        .await?;
        let entry = audit::append(
            &mut tx,
            Append {
                at: &at,
                actor,
                action: "response.record",
                object_type: RESPONSE,
                object_id: row.id,
                payload_hash: row.hash(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(Recorded {
            record: RecordRef {
                kind: RecordKind::ResponseEvaluation,
                id: row.id,
            },
            patient,
            date: row.last_date,
            knowledge_version: row.knowledge_version,
            summary: course_summary(&row.criteria, &output),
            audit_seq: entry.seq,
            output,
        })
    }

    /// The staging and responses of patient `key` in date order.
    pub async fn timeline(&self, key: &str) -> Result<Timeline, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let patient = find_patient(&mut conn, key).await?;
        // (date, recorded_at, record, position within the record) orders the entries.
        let mut keyed: Vec<((String, String, RecordRef, usize), TimelineEntry)> = Vec::new();
        for row in assessments_of(&mut conn, patient.id).await? {
            let record = RecordRef {
                kind: RecordKind::Assessment,
                id: row.id,
            };
            let output = stored_json(format!("output of {record}"), &row.output)?;
            let (result, detail) = staging_summary(&output);
            let entry = TimelineEntry {
                date: row.assessed_on.clone(),
                record,
                kind: EntryKind::Staging,
                result,
                detail,
                data: serde_json::json!({
                    "disease": output.get("disease"),
                    "subtype": output.get("subtype"),
                    "staging": output.get("staging"),
                    "knowledge_version": row.knowledge_version,
                }),
            };
            keyed.push(((row.assessed_on, row.recorded_at, record, 0), entry));
        }
        for row in responses_of(&mut conn, patient.id).await? {
            let record = RecordRef {
                kind: RecordKind::ResponseEvaluation,
                id: row.id,
            };
            let output = stored_json(format!("output of {record}"), &row.output)?;
            for (position, entry) in course_entries(record, &row, &output)
                .into_iter()
                .enumerate()
            {
                keyed.push((
                    (
                        entry.date.clone(),
                        row.recorded_at.clone(),
                        record,
                        position,
                    ),
                    entry,
                ));
            }
        }
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Timeline {
            patient,
            entries: keyed.into_iter().map(|(_, e)| e).collect(),
        })
    }

    /// Re-runs a stored record's input and compares the result with the stored one: an
    /// assessment against `knowledge` at the date it was assessed, a response evaluation with
    /// the current rules. Read-only.
    pub async fn replay(
        &self,
        record: RecordRef,
        knowledge: &Knowledge,
    ) -> Result<Replay, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let not_found = StoreError::RecordNotFound {
            kind: record.kind.label(),
            id: record.id,
        };
        let (patient_id, recorded_at, date, stored_version, output, replayed) = match record.kind {
            RecordKind::Assessment => {
                let sql = format!("SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE id = $1");
                let row = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(record.id)
                    .fetch_optional(&mut *conn)
                    .await?
                    .ok_or(not_found)?;
                let row = AssessmentRow::from_row(&row)?;
                let today = Date::parse(&row.assessed_on)
                    .map_err(|e| StoreError::corrupt(format!("assessment date of {record}"), e))?;
                let ctx = Context { knowledge, today };
                let replayed = serde_json::to_value(assess_json(&row.input, &ctx))
                    .map_err(|e| StoreError::corrupt("replayed output", e))?;
                (
                    row.patient_id,
                    row.recorded_at,
                    row.assessed_on,
                    row.knowledge_version,
                    row.output,
                    replayed,
                )
            }
            RecordKind::ResponseEvaluation => {
                let sql =
                    format!("SELECT {RESPONSE_COLUMNS} FROM response_evaluations WHERE id = $1");
                let row = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(record.id)
                    .fetch_optional(&mut *conn)
                    .await?
                    .ok_or(not_found)?;
                let row = ResponseRow::from_row(&row)?;
                let replayed = serde_json::to_value(evaluate_json(&row.input))
                    .map_err(|e| StoreError::corrupt("replayed output", e))?;
                (
                    row.patient_id,
                    row.recorded_at,
                    row.last_date,
                    row.knowledge_version,
                    row.output,
                    replayed,
                )
            }
        };
        let stored = stored_json(format!("output of {record}"), &output)?;
        Ok(Replay {
            record,
            patient_id,
            recorded_at,
            date,
            stored_knowledge_version: stored_version,
            current_knowledge_version: knowledge.version.clone(),
            changes: diff(&stored, &replayed),
            stored,
            replayed,
        })
    }

    /// The audit log, oldest first.
    pub async fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let sql = format!("SELECT {AUDIT_COLUMNS} FROM audit_log ORDER BY seq");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(AuditEntry::from_row)
            .collect::<Result<_, _>>()?)
    }

    /// Verifies the audit chain and re-hashes every object row against it, in one consistent
    /// snapshot (see the crate docs for what is checked).
    pub async fn verify_audit(&self) -> Result<AuditReport, StoreError> {
        let mut tx: Transaction<'static, Any> = self.pool.begin().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                .execute(&mut *tx)
                .await?;
        }
        let sql = format!("SELECT {AUDIT_COLUMNS} FROM audit_log ORDER BY seq");
        let entries: Vec<AuditEntry> = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(AuditEntry::from_row)
            .collect::<Result<_, _>>()?;
        let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_optional(&mut *tx)
            .await?;
        let (head_seq, head_hash) = match head {
            Some(row) => (
                row.try_get::<i64, _>("seq")?,
                row.try_get::<String, _>("hash")?,
            ),
            None => (-1, GENESIS_HASH.to_owned()),
        };
        let mut objects = Objects::new();
        let mut counts = BTreeMap::new();
        let patients = sqlx::query("SELECT id, external_id, created_at, created_by FROM patients")
            .fetch_all(&mut *tx)
            .await?;
        counts.insert(PATIENT.to_owned(), patients.len());
        for row in &patients {
            let p = Patient::from_row(row)?;
            let hash = audit::patient_hash(p.id, &p.external_id, &p.created_at, &p.created_by);
            objects.insert((PATIENT, p.id), hash);
        }
        let sql = format!("SELECT {ASSESSMENT_COLUMNS} FROM assessments");
        let assessments = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&mut *tx)
            .await?;
        counts.insert(ASSESSMENT.to_owned(), assessments.len());
        for row in &assessments {
            let a = AssessmentRow::from_row(row)?;
            objects.insert((ASSESSMENT, a.id), a.hash());
        }
        let sql = format!("SELECT {RESPONSE_COLUMNS} FROM response_evaluations");
        let responses = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&mut *tx)
            .await?;
        counts.insert(RESPONSE.to_owned(), responses.len());
        for row in &responses {
            let r = ResponseRow::from_row(row)?;
            objects.insert((RESPONSE, r.id), r.hash());
        }
        tx.rollback().await?;
        Ok(AuditReport {
            rows: entries.len(),
            objects: counts,
            problems: audit::check(&entries, (head_seq, &head_hash), &objects),
        })
    }
}

async fn assessments_of(
    conn: &mut AnyConnection,
    patient_id: i64,
) -> Result<Vec<AssessmentRow>, StoreError> {
    let sql =
        format!("SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE patient_id = $1 ORDER BY id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(patient_id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows
        .iter()
        .map(AssessmentRow::from_row)
        .collect::<Result<_, _>>()?)
}

async fn responses_of(
    conn: &mut AnyConnection,
    patient_id: i64,
) -> Result<Vec<ResponseRow>, StoreError> {
    let sql = format!(
        "SELECT {RESPONSE_COLUMNS} FROM response_evaluations WHERE patient_id = $1 ORDER BY id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(patient_id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows
        .iter()
        .map(ResponseRow::from_row)
        .collect::<Result<_, _>>()?)
}

/// A JSON value as plain text: strings unquoted, null as `-`.
fn plain(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "-".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn disease_label(output: &Value) -> String {
    let disease = match output.get("disease").and_then(Value::as_str) {
        Some("soft_tissue_sarcoma") => "soft tissue sarcoma".to_owned(),
        Some("kaposi_sarcoma") => "Kaposi sarcoma".to_owned(),
        Some("kaposiform_hemangioendothelioma") => "kaposiform hemangioendothelioma".to_owned(),
        other => plain(other.map(|s| Value::String(s.to_owned())).as_ref()),
    };
    match output.get("subtype").and_then(Value::as_str) {
        Some(subtype) => format!("{disease} ({subtype})"),
        None => disease,
    }
}

/// A stored assessment's staging in one line: "detail → result".
fn staging_line(output: &Value) -> String {
    match staging_summary(output) {
        (result, detail) if result == "-" => detail,
        (result, detail) => format!("{detail} → {result}"),
    }
}

/// (result, detail) of a stored assessment's staging.
fn staging_summary(output: &Value) -> (String, String) {
    let disease = disease_label(output);
    let Some(staging) = output.get("staging").filter(|s| !s.is_null()) else {
        return ("-".to_owned(), format!("{disease}, not staged"));
    };
    let field = |k: &str| plain(staging.get(k));
    let flag = |k: &str| staging.get(k).and_then(Value::as_bool).unwrap_or(false);
    match staging.get("system").and_then(Value::as_str) {
        Some("AJCC8") => {
            let recurrent = if flag("recurrent") { ", recurrent" } else { "" };
            let tnm = if staging.get("t").is_some_and(Value::is_null) {
                "no TNM stage".to_owned()
            } else {
                format!(
                    "{} {} {} grade {}",
                    field("t"),
                    field("n"),
                    field("m"),
                    field("grade")
                )
            };
            (
                field("stage_group"),
                format!(
                    "{disease}, AJCC 8 {}: {tnm}{recurrent}",
                    field("site_group")
                ),
            )
        }
        Some("ACTG") => (
            format!("{} {} {}", field("t"), field("i"), field("s")),
            format!("{disease}, ACTG"),
        ),
        Some("KHE") => {
            let setting = if flag("complicated") {
                "complicated"
            } else {
                "uncomplicated"
            };
            let kmp = if flag("kasabach_merritt") {
                "Kasabach-Merritt phenomenon"
            } else {
                "no Kasabach-Merritt phenomenon"
            };
            let severe = if flag("severe") { ", severe" } else { "" };
            (setting.to_owned(), format!("{disease}, {kmp}{severe}"))
        }
        other => (
            "-".to_owned(),
            format!(
                "{disease}, {}",
                plain(other.map(|s| Value::String(s.to_owned())).as_ref())
            ),
        ),
    }
}

fn criteria_label(name: &str) -> String {
    serde_json::from_value::<Criteria>(Value::String(name.to_owned()))
        .map(|c| c.label().to_owned())
        .unwrap_or_else(|_| name.to_owned())
}

/// "RECIST 1.1: best PR (confirmed), 3 follow-ups".
fn course_summary(criteria: &str, output: &Value) -> String {
    let follow_ups = output
        .get("timepoints")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    format!(
        "{}: best {}{}, {follow_ups} follow-up{}",
        criteria_label(criteria),
        plain(output.get("best_overall_response")),
        if output.get("confirmed").and_then(Value::as_bool) == Some(true) {
            " (confirmed)"
        } else {
            " (not confirmed)"
        },
        if follow_ups == 1 { "" } else { "s" }
    )
}

/// The timeline entries of one course: its baseline, then one per timepoint.
fn course_entries(record: RecordRef, row: &ResponseRow, output: &Value) -> Vec<TimelineEntry> {
    let label = criteria_label(&row.criteria);
    let best = plain(output.get("best_overall_response"));
    let confirmed = output.get("confirmed").and_then(Value::as_bool) == Some(true);
    let mut entries = vec![TimelineEntry {
        date: row.first_date.clone(),
        record,
        kind: EntryKind::Baseline,
        result: "-".to_owned(),
        detail: format!("{label}: baseline"),
        data: serde_json::json!({"criteria": row.criteria, "request_id": row.request_id}),
    }];
    let timepoints = output
        .get("timepoints")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let last = timepoints.len().saturating_sub(1);
    for (i, tp) in timepoints.into_iter().enumerate() {
        let measure = match (tp.get("sum_mm"), tp.get("spd_mm2")) {
            (Some(sum), _) if !sum.is_null() => format!("sum {sum} mm"),
            (Some(_), _) => "sum not complete".to_owned(),
            (_, Some(spd)) => format!("SPD {spd} mm²"),
            _ => String::new(),
        };
        let pct = |k: &str| match tp.get(k).and_then(Value::as_f64) {
            Some(p) => format!("{}{}%", if p > 0.0 { "+" } else { "" }, plain(tp.get(k))),
            None => "-".to_owned(),
        };
        let mut detail = format!(
            "{label}: {measure}, {} from baseline, {} from nadir",
            pct("change_from_baseline_pct"),
            pct("change_from_nadir_pct")
        );
        if i == last {
            detail.push_str(&format!(
                "; best overall {best}{}",
                if confirmed { " (confirmed)" } else { "" }
            ));
        }
        entries.push(TimelineEntry {
            date: plain(tp.get("date")),
            record,
            kind: EntryKind::Response,
            result: plain(tp.get("response")),
            detail,
            data: serde_json::json!({
                "criteria": row.criteria,
                "timepoint": tp,
                "best_overall_response": output.get("best_overall_response"),
                "confirmed": confirmed,
            }),
        });
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_refs_parse_and_print() {
        let a: RecordRef = "A3".parse().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(a.to_string(), "A3");
        let bare: RecordRef = "3".parse().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(bare, a);
        let r: RecordRef = "r12".parse().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.to_string(), "R12");
        for bad in ["", "A", "X1", "A-1", "A0", "A+1", "R1.5"] {
            assert!(bad.parse::<RecordRef>().is_err(), "{bad}");
        }
    }

    #[test]
    fn staging_summaries_read_the_stored_output() {
        let out = serde_json::json!({"disease": "soft_tissue_sarcoma", "subtype": null,
            "staging": {"system": "AJCC8", "site_group": "trunk_extremity", "t": "T2", "n": "N0",
            "m": "M0", "grade": "G3", "stage_group": "IIIA", "recurrent": false}});
        assert_eq!(
            staging_summary(&out),
            (
                "IIIA".to_owned(),
                "soft tissue sarcoma, AJCC 8 trunk_extremity: T2 N0 M0 grade G3".to_owned()
            )
        );
    }
}
