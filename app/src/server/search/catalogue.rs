//! Free-text search over the opportunity catalogue; the caller applies the other filters to
//! the records, which the index stores whole.

use super::schema::facet;
use super::text::{snippet, terms, typed_text_query};
use super::{Generation, SearchError};
use crate::api::search::Segment;
use crate::domain::opportunity::{OpportunityKind, OpportunityRecord};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

/// Every entry matching `text` (and `kind`), best first, with a highlighted description.
pub fn search(
    generation: &Generation,
    text: &str,
    kind: Option<OpportunityKind>,
) -> Result<Vec<(OpportunityRecord, f32, Vec<Segment>)>, SearchError> {
    let f = generation.opp_fields;
    let searcher = generation.opp_reader.searcher();
    let query_terms = terms(text);
    let Some(text_query) = typed_text_query(
        text,
        &[(f.title, 2.0), (f.tags, 2.0), (f.description, 1.0)],
        None,
    ) else {
        return Ok(Vec::new());
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query)];
    if let Some(kind) = kind {
        clauses.push((
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_facet(f.facets, &facet("kind", kind.slug())),
                IndexRecordOption::Basic,
            )),
        ));
    }
    let limit = (searcher.num_docs() as usize).max(1);
    let top = searcher.search(
        &BooleanQuery::new(clauses),
        &TopDocs::with_limit(limit).order_by_score(),
    )?;
    let mut out = Vec::with_capacity(top.len());
    for (score, address) in top {
        let doc: TantivyDocument = searcher.doc(address)?;
        let json = doc
            .get_first(f.record)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let record: OpportunityRecord =
            serde_json::from_str(json).map_err(|e| SearchError::Data(e.to_string()))?;
        let marked = snippet(&record.description, &query_terms, f.description, 220);
        out.push((record, score, marked));
    }
    Ok(out)
}
