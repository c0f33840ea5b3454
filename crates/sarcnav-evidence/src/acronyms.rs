//! Abbreviations learnt from the library's own text, so that a query for `KHE` also finds
//! passages that only say "kaposiform hemangioendothelioma", and the other way round.
//!
//! Two patterns define an abbreviation: `long form (ABBR)`, where the letters of ABBR appear
//! in order in the long form and its first letter starts the long form's first word
//! (Schwartz & Hearst, 2003), and glossary entries `ABBR = long form;` as in PDQ table notes.

use std::collections::BTreeMap;

/// Abbreviation → its long forms, learnt from text.
#[derive(Debug, Default, Clone)]
pub(crate) struct Acronyms {
    long_forms: BTreeMap<String, Vec<String>>,
}

/// At most this many long forms are kept for one abbreviation.
const MAX_LONG_FORMS: usize = 3;

impl Acronyms {
    /// Learns every abbreviation defined in `text`.
    pub(crate) fn learn(&mut self, text: &str) {
        let mut from = 0;
        while let Some(open) = text[from..].find('(') {
            let open = from + open;
            from = open + 1;
            let Some(close) = text[open + 1..].find(')') else {
                break;
            };
            let short = &text[open + 1..open + 1 + close];
            if !is_abbreviation(short) {
                continue;
            }
            if let Some(long) = long_form_before(short, &text[..open]) {
                self.add(short, &long);
            }
        }
        for clause in text.split([';', '\n']) {
            if let Some((short, long)) = clause.split_once(" = ") {
                let short = short.trim();
                let long = long.trim().trim_end_matches('.');
                let words = long.split_whitespace().count();
                if is_abbreviation(short) && (1..=8).contains(&words) && initials_fit(short, long) {
                    self.add(short, long);
                }
            }
        }
    }

    fn add(&mut self, short: &str, long: &str) {
        let long = long.split_whitespace().collect::<Vec<_>>().join(" ");
        let forms = self
            .long_forms
            .entry(short.to_ascii_uppercase())
            .or_default();
        if forms.len() < MAX_LONG_FORMS && !forms.iter().any(|f| f.eq_ignore_ascii_case(&long)) {
            forms.push(long);
        }
    }

    /// The query with the long form of every abbreviation it uses, and the abbreviation of
    /// every long form it spells out, added as phrases.
    pub(crate) fn expand(&self, query: &str) -> String {
        let mut expanded = query.to_owned();
        let lower_query = normalize(query);
        for word in query.split(|c: char| !c.is_alphanumeric()) {
            if let Some(forms) = self.long_forms.get(&word.to_ascii_uppercase()) {
                for form in forms {
                    // The long form stands for one word of the query: weighted 1/n for n
                    // words, it does not outweigh the words the user typed.
                    let phrase = phrase_text(form);
                    let words = phrase.split_whitespace().count().max(1);
                    expanded.push_str(&format!(" \"{phrase}\"^{:.2}", 1.0 / words as f32));
                }
            }
        }
        for (short, forms) in &self.long_forms {
            if forms
                .iter()
                .any(|f| lower_query.contains(&normalize(f)) && f.contains(' '))
                && !query
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w.eq_ignore_ascii_case(short))
            {
                expanded.push(' ');
                expanded.push_str(short);
            }
        }
        expanded
    }

    /// Number of abbreviations known.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.long_forms.len()
    }

    /// The long forms of an abbreviation.
    #[cfg(test)]
    pub(crate) fn get(&self, short: &str) -> &[String] {
        self.long_forms
            .get(&short.to_ascii_uppercase())
            .map_or(&[], Vec::as_slice)
    }
}

/// Words separated by single spaces, lowercase, punctuation dropped.
fn normalize(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A long form as a query phrase: quotes and query syntax removed.
fn phrase_text(long: &str) -> String {
    long.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `KHE`, `STS`, `PEComa`, `T-DM1`: 2–8 characters, starting with a capital letter, at least
/// two capitals, letters, digits and `-` only.
fn is_abbreviation(text: &str) -> bool {
    let len = text.chars().count();
    (2..=8).contains(&len)
        && text.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && text.chars().filter(char::is_ascii_uppercase).count() >= 2
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Whether the letters of `short` appear in order in `long`, the first one starting a word.
fn initials_fit(short: &str, long: &str) -> bool {
    long_form_start(short, long) == Some(0)
}

/// The long form of `short` at the end of `before` (the text up to the parenthesis).
fn long_form_before(short: &str, before: &str) -> Option<String> {
    let sentence_start = before
        .rfind(['.', ';', '(', ')', ':', '[', ']', '\n'])
        .map_or(0, |i| i + 1);
    let letters = short.chars().filter(char::is_ascii_alphabetic).count();
    let max_words = (letters + 5).min(letters * 2);
    let candidate = before[sentence_start..].trim_end();
    let words: Vec<(usize, &str)> = candidate
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - candidate.as_ptr() as usize, w))
        .collect();
    let first_word = words.len().saturating_sub(max_words);
    let window = &candidate[words.get(first_word)?.0..];
    let start = long_form_start(short, window)?;
    let long = window[start..].trim();
    let long_words = long.split_whitespace().count();
    (long.len() > short.len() && long_words >= 2.min(letters) && long_words <= max_words)
        .then(|| long.to_owned())
}

/// Schwartz–Hearst: match the characters of `short` from the end of `long` backwards; the
/// first character must begin a word. Returns the byte offset where the long form starts.
fn long_form_start(short: &str, long: &str) -> Option<usize> {
    let short: Vec<char> = short
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let long_chars: Vec<(usize, char)> = long
        .char_indices()
        .map(|(i, c)| (i, c.to_lowercase().next().unwrap_or(c)))
        .collect();
    let mut l = long_chars.len();
    for (s_index, wanted) in short.iter().enumerate().rev() {
        loop {
            if l == 0 {
                return None;
            }
            l -= 1;
            let (_, c) = long_chars[l];
            let at_word_start = l == 0 || !long_chars[l - 1].1.is_alphanumeric();
            if c == *wanted && (s_index > 0 || at_word_start) {
                break;
            }
        }
    }
    long_chars.get(l).map(|(start, _)| *start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_parenthesized_abbreviations() {
        let mut a = Acronyms::default();
        a.learn(
            "Kaposiform hemangioendothelioma (KHE) is an aggressive disease. Thirty-seven (71%) \
             patients exhibited Kasabach-Merritt phenomenon (KMP) and were younger. \
             Soft tissue sarcoma (STS) is rare. [95% confidence interval (CI), 14.39-41.61]",
        );
        assert_eq!(a.get("KHE"), ["Kaposiform hemangioendothelioma"]);
        assert_eq!(a.get("kmp"), ["Kasabach-Merritt phenomenon"]);
        assert_eq!(a.get("STS"), ["Soft tissue sarcoma"]);
        assert_eq!(a.get("CI"), ["confidence interval"]);
    }

    #[test]
    fn learns_glossary_entries() {
        let mut a = Acronyms::default();
        a.learn("ALK = anaplastic lymphoma kinase; mTOR = mammalian target of rapamycin; TKI = tyrosine kinase inhibitor.");
        assert_eq!(a.get("ALK"), ["anaplastic lymphoma kinase"]);
        assert_eq!(a.get("TKI"), ["tyrosine kinase inhibitor"]);
        assert_eq!(a.len(), 2);
    }

    #[test]
    fn expands_queries_both_ways() {
        let mut a = Acronyms::default();
        a.learn("Kaposiform hemangioendothelioma (KHE) is rare.");
        assert_eq!(
            a.expand("sirolimus for khe?"),
            "sirolimus for khe? \"Kaposiform hemangioendothelioma\"^0.50"
        );
        assert_eq!(
            a.expand("kaposiform hemangioendothelioma sirolimus"),
            "kaposiform hemangioendothelioma sirolimus KHE"
        );
    }
}
