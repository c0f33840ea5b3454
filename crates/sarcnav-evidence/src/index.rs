//! The tantivy side: one index document per section, BM25 over title, headings and text.
//!
//! Fields and their query boosts: the section's own heading (×3), the document title (×2),
//! the heading path (×1.5), keywords (×2), the text (×1) and, for reference lists only, the
//! reference text (×0.2, so that a paper's title finds its list without crowding out the
//! passages that cite it). Only the document id and anchor are stored: the text of a hit comes
//! from the [`Document`] it belongs to.

use std::path::Path;

use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::query::{Bm25StatisticsProvider, BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::document::Document;

/// Name of the analyzer: letters and digits, lowercased, ASCII-folded, English stop words
/// removed, English stemming.
const ANALYZER: &str = "sarcnav_en";

/// Words that carry no meaning in a query ("what is the treatment of …").
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "how", "i",
    "if", "in", "into", "is", "it", "its", "of", "on", "or", "should", "such", "that", "the",
    "their", "then", "there", "these", "they", "this", "to", "was", "we", "what", "when", "which",
    "who", "will", "with", "you",
];

/// Writer memory budget (tantivy's minimum is 15 MB).
const WRITER_MEMORY: usize = 32_000_000;

/// The schema's fields.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub document: Field,
    pub anchor: Field,
    pub heading: Field,
    pub title: Field,
    pub path: Field,
    pub keywords: Field,
    pub body: Field,
    pub references: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        document: builder.add_text_field("document", STRING | STORED),
        anchor: builder.add_text_field("anchor", STORED),
        heading: builder.add_text_field("heading", text.clone()),
        title: builder.add_text_field("title", text.clone()),
        path: builder.add_text_field("path", text.clone()),
        keywords: builder.add_text_field("keywords", text.clone()),
        body: builder.add_text_field("body", text.clone()),
        references: builder.add_text_field("references", text),
    };
    (builder.build(), fields)
}

fn register_analyzer(index: &Index) {
    let analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::remove(
            STOP_WORDS.iter().map(|w| (*w).to_owned()),
        ))
        .filter(Stemmer::new(Language::English))
        .build();
    index.tokenizers().register(ANALYZER, analyzer);
}

/// A searchable index of sections, in memory or in a directory.
pub(crate) struct SectionIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

/// One scored match before it is turned into a hit.
pub(crate) struct Scored {
    pub score: f32,
    pub document: String,
    pub anchor: String,
}

impl SectionIndex {
    /// Builds an in-memory index of these documents.
    pub(crate) fn in_memory<'a>(
        documents: impl IntoIterator<Item = &'a Document>,
    ) -> tantivy::Result<SectionIndex> {
        let (schema, fields) = schema();
        let index = Index::create_in_ram(schema);
        register_analyzer(&index);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        for document in documents {
            add_document(&writer, fields, document)?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        Self::with_reader(index, fields)
    }

    /// Opens the index in `dir`, creating an empty one when there is none.
    pub(crate) fn open_or_create(dir: &Path) -> tantivy::Result<SectionIndex> {
        let (schema, fields) = schema();
        let directory = MmapDirectory::open(dir)?;
        let index = Index::open_or_create(directory, schema)?;
        register_analyzer(&index);
        Self::with_reader(index, fields)
    }

    fn with_reader(index: Index, fields: Fields) -> tantivy::Result<SectionIndex> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SectionIndex {
            index,
            reader,
            fields,
        })
    }

    /// Replaces these documents (by id) in the index, in one commit: either all of them are
    /// visible afterwards or none.
    pub(crate) fn replace(&self, documents: &[Document]) -> tantivy::Result<()> {
        let mut writer: IndexWriter = self.index.writer_with_num_threads(1, WRITER_MEMORY)?;
        for document in documents {
            writer.delete_term(Term::from_field_text(self.fields.document, &document.id));
            add_document(&writer, self.fields, document)?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        self.reader.reload()
    }

    pub(crate) fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// The query parser over the searchable fields, with their boosts.
    pub(crate) fn query_parser(&self) -> QueryParser {
        let f = self.fields;
        let mut parser = QueryParser::for_index(
            &self.index,
            vec![f.heading, f.title, f.path, f.keywords, f.body, f.references],
        );
        parser.set_field_boost(f.heading, 3.0);
        parser.set_field_boost(f.title, 2.0);
        parser.set_field_boost(f.path, 1.5);
        parser.set_field_boost(f.keywords, 2.0);
        parser.set_field_boost(f.body, 1.0);
        parser.set_field_boost(f.references, 0.2);
        parser
    }

    /// `query` without the sections of these documents.
    pub(crate) fn excluding(&self, query: Box<dyn Query>, ids: &[String]) -> Box<dyn Query> {
        if ids.is_empty() {
            return query;
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
        for id in ids {
            clauses.push((
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.document, id),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// The best `limit` sections for `query`, scored with `stats` (the statistics of every
    /// index searched together, so that scores from different indexes compare).
    pub(crate) fn top(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        limit: usize,
        stats: &dyn Bm25StatisticsProvider,
    ) -> tantivy::Result<Vec<Scored>> {
        let top = searcher.search_with_statistics_provider(
            query,
            &TopDocs::with_limit(limit).order_by_score(),
            stats,
        )?;
        let mut scored = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            scored.push(Scored {
                score,
                document: text(self.fields.document),
                anchor: text(self.fields.anchor),
            });
        }
        Ok(scored)
    }

    /// A snippet generator for the text field.
    pub(crate) fn snippets(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
    ) -> tantivy::Result<SnippetGenerator> {
        let mut generator = SnippetGenerator::create(searcher, query, self.fields.body)?;
        generator.set_max_num_chars(SNIPPET_CHARS);
        Ok(generator)
    }
}

/// Longest snippet, in characters.
pub(crate) const SNIPPET_CHARS: usize = 220;

fn add_document(writer: &IndexWriter, f: Fields, document: &Document) -> tantivy::Result<()> {
    let keywords = document.keywords.join("; ");
    for section in &document.sections {
        let mut doc = TantivyDocument::default();
        doc.add_text(f.document, &document.id);
        doc.add_text(f.anchor, &section.anchor);
        doc.add_text(f.heading, section.heading());
        doc.add_text(f.title, &document.title);
        doc.add_text(f.path, section.path_string());
        if !keywords.is_empty() {
            doc.add_text(f.keywords, &keywords);
        }
        if section.is_references() {
            doc.add_text(f.references, &section.text);
        } else {
            doc.add_text(f.body, &section.text);
        }
        writer.add_document(doc)?;
    }
    Ok(())
}

/// BM25 statistics of several searchers taken together, as if they were one index.
pub(crate) struct CombinedStatistics<'a>(pub Vec<&'a Searcher>);

impl Bm25StatisticsProvider for CombinedStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.0.iter().try_fold(0, |sum, s| {
            Ok(sum + Bm25StatisticsProvider::total_num_tokens(*s, field)?)
        })
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.0.iter().try_fold(0, |sum, s| {
            Ok(sum + Bm25StatisticsProvider::total_num_docs(*s)?)
        })
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.0.iter().try_fold(0, |sum, s| {
            Ok(sum + Bm25StatisticsProvider::doc_freq(*s, term)?)
        })
    }
}
