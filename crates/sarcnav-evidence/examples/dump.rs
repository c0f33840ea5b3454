fn main() {
    let lib = sarcnav_evidence::Library::builtin().unwrap();
    let want = std::env::args().nth(1);
    for d in lib.documents() {
        if want.as_deref().is_some_and(|w| w != d.id) { continue; }
        println!("== {} | {} | {:?} | {:?} | {:?} | {:?} | {:?} | kw={:?}", d.id, d.title, d.url, d.last_reviewed.map(|x| x.to_string()), d.review_frequency, d.journal, d.doi, d.keywords);
        for s in &d.sections {
            println!("  {} [{}] chars={} pmids={} lev={:?}", s.anchor, s.path_string(), s.text.len(), s.pmids.len(), s.evidence_levels);
        }
    }
}
