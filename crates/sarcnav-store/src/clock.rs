//! Timestamps as RFC 3339 UTC text (`2026-05-20T09:41:07.123456Z`): portable between the two
//! backends, sortable as text, hashed exactly as stored.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sarcnav_core::Date;

/// The current time as RFC 3339 UTC text with microseconds.
pub fn now_rfc3339() -> String {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO);
    format_rfc3339(since)
}

/// A time since the Unix epoch as RFC 3339 UTC text with microseconds.
pub fn format_rfc3339(since_epoch: Duration) -> String {
    let secs = since_epoch.as_secs();
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    format!(
        "{}T{:02}:{:02}:{:02}.{:06}Z",
        Date::from_days_since_epoch(days),
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        since_epoch.subsec_micros()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_with_microseconds() {
        let t = Duration::new(1_779_270_067, 123_456_789);
        assert_eq!(format_rfc3339(t), "2026-05-20T09:41:07.123456Z");
        assert_eq!(
            format_rfc3339(Duration::ZERO),
            "1970-01-01T00:00:00.000000Z"
        );
    }
}
