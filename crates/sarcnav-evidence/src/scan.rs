//! Small scanners shared by the parsers: PMIDs, level-of-evidence labels, citation numbers and
//! dates, found in text and link addresses.

use sarcnav_core::Date;

/// Markers after which a PMID follows, in text or in a link address (lowercased).
const PMID_MARKERS: &[&str] = &[
    "list_uids=",
    "pubmed.ncbi.nlm.nih.gov/",
    "/pubmed/",
    "pubmed/?term=",
    "pmid:",
    "pmid ",
    "pmid=",
    "pubmed id:",
    "pubmed id ",
];

/// Every PMID in a text or link address: digits after `PMID:`, `PMID `, `list_uids=`,
/// `pubmed.ncbi.nlm.nih.gov/` or `/pubmed/`, in order.
pub(crate) fn pmids_in(text: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let mut found: Vec<(usize, String)> = Vec::new();
    for marker in PMID_MARKERS {
        let mut from = 0;
        while let Some(pos) = lower[from..].find(marker) {
            let start = from + pos + marker.len();
            let digits_start = start + lower[start..].bytes().take_while(|b| *b == b' ').count();
            let digits: String = lower[digits_start..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .map(char::from)
                .collect();
            let ends_clean = lower[digits_start + digits.len()..]
                .bytes()
                .next()
                .is_none_or(|b| !b.is_ascii_alphanumeric());
            if (1..=9).contains(&digits.len()) && ends_clean && !digits.starts_with('0') {
                found.push((from + pos, digits));
            }
            from = start;
        }
    }
    found.sort_by_key(|(pos, _)| *pos);
    found.into_iter().map(|(_, pmid)| pmid).collect()
}

/// Level-of-evidence labels in a text: the code after "Level of evidence" (optionally followed
/// by `:`), e.g. `C3` in "[Level of evidence C3]" or `1iiA` in "[Level of evidence: 1iiA]".
pub(crate) fn evidence_levels_in(text: &str) -> Vec<String> {
    const MARKER: &str = "level of evidence";
    let lower = text.to_ascii_lowercase();
    let mut levels = Vec::new();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(MARKER) {
        let after = from + pos + MARKER.len();
        let rest = text[after..].trim_start_matches([':', ' ']);
        let code: String = rest
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let looks_like_code = (1..=6).contains(&code.len())
            && code
                .chars()
                .any(|c| c.is_ascii_digit() || c.is_ascii_uppercase());
        if looks_like_code && !code.eq_ignore_ascii_case("designation") {
            levels.push(code);
        }
        from = after;
    }
    levels
}

/// Numbers cited in plain bracket form in a text: `[3]`, `[1,4]`, `[2-5]`, `[2–5, 8]`.
pub(crate) fn bracket_citations_in(text: &str) -> Vec<u32> {
    let mut numbers = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find(']') else { break };
        let inner = &rest[..close];
        let allowed = |c: char| c.is_ascii_digit() || matches!(c, ',' | '-' | '–' | ' ');
        if !inner.is_empty()
            && inner.chars().all(allowed)
            && inner.chars().any(|c| c.is_ascii_digit())
        {
            for part in inner.split(',') {
                let bounds: Vec<u32> = part
                    .split(['-', '–'])
                    .filter_map(|n| n.trim().parse().ok())
                    .collect();
                match bounds.as_slice() {
                    [one] => numbers.push(*one),
                    [from, to] if from <= to && to - from <= 200 => numbers.extend(*from..=*to),
                    _ => {}
                }
            }
        }
    }
    numbers
}

/// A date written `YYYY-MM-DD`, `MM/DD/YYYY`, `YYYY/MM/DD` or `YYYY Mon DD` (month and day
/// optional: `2017 Aug` is 2017-08-01).
pub(crate) fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim().trim_end_matches('.');
    if let Ok(date) = Date::parse(text) {
        return Some(date);
    }
    let slash: Vec<&str> = text.split('/').collect();
    if let [a, b, c] = slash.as_slice() {
        let num = |s: &str| s.trim().parse::<u32>().ok();
        let (a, b, c) = (num(a)?, num(b)?, num(c)?);
        let (y, m, d) = if a > 31 { (a, b, c) } else { (c, a, b) };
        return Date::new(
            i32::try_from(y).ok()?,
            u8::try_from(m).ok()?,
            u8::try_from(d).ok()?,
        );
    }
    let mut words = text.split_whitespace();
    let year: i32 = words.next()?.parse().ok()?;
    if !(1000..=9999).contains(&year) {
        return None;
    }
    let month = match words.next() {
        Some(word) => month_number(word)?,
        None => 1,
    };
    let day = match words.next() {
        Some(word) => word
            .trim_end_matches(|c: char| !c.is_ascii_digit())
            .parse()
            .unwrap_or(1),
        None => 1,
    };
    Date::new(year, month, day)
}

/// The month number of an English month name or abbreviation (`Aug`, `August`, `Aug-Sep`).
fn month_number(word: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = word.to_ascii_lowercase();
    let prefix = lower.get(..3)?;
    MONTHS
        .iter()
        .position(|m| *m == prefix)
        .and_then(|i| u8::try_from(i + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_pmids_in_every_form() {
        let text = "Cancer 77 (4): 675-82. [[PUBMED Abstract]](http://www.ncbi.nlm.nih.gov/entrez/query.fcgi?cmd=Retrieve&db=PubMed&list_uids=8616759&dopt=Abstract) \
                    PMID: 27659028; see https://pubmed.ncbi.nlm.nih.gov/12345678/ and PMID 999 \
                    and https://www.ncbi.nlm.nih.gov/pubmed/22595799.";
        assert_eq!(
            pmids_in(text),
            ["8616759", "27659028", "12345678", "999", "22595799"]
        );
        assert!(pmids_in("PMID: none, pmid:0123, PMIDs 12").is_empty());
    }

    #[test]
    fn finds_evidence_levels() {
        assert_eq!(
            evidence_levels_in(
                "x.[Level of evidence C3] y [Level of evidence: 1iiA] and level of evidence A1"
            ),
            ["C3", "1iiA", "A1"]
        );
        assert!(evidence_levels_in("a level-of-evidence designation").is_empty());
        assert!(evidence_levels_in("Level of evidence designation").is_empty());
    }

    #[test]
    fn reads_citation_numbers() {
        assert_eq!(
            bracket_citations_in("a [3] b [1,4] c [2-5] d [95% CI] e [7–8, 10]"),
            [3, 1, 4, 2, 3, 4, 5, 7, 8, 10]
        );
    }

    #[test]
    fn parses_dates() {
        let d = |s: &str| parse_date(s).map(|d| d.to_string());
        assert_eq!(d("2024-04-10").as_deref(), Some("2024-04-10"));
        assert_eq!(d("04/10/2024").as_deref(), Some("2024-04-10"));
        assert_eq!(d("2017 Aug 15").as_deref(), Some("2017-08-15"));
        assert_eq!(d("2017 Aug").as_deref(), Some("2017-08-01"));
        assert_eq!(d("2017 Aug-Sep").as_deref(), Some("2017-08-01"));
        assert_eq!(d("someday"), None);
    }
}
