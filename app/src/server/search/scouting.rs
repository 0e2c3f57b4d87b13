//! Scouting search over technologies: free text, facets with counts, sorting and paging.
//! Only submitted technologies are found; investors' queries never touch confidential text and
//! never see the export-control facet.

use super::facet_bits::{FacetBitsCollector, FacetCounts};
use super::schema::{facet, TechFields};
use super::text::{snippet, terms, typed_text_query};
use super::{Generation, SearchError};
use crate::api::search::{FacetGroup, FacetValue, Segment, TechQuery, TechSort};
use crate::domain::country::CountryCode;
use crate::domain::critical_area::CriticalArea;
use crate::domain::technology::Seek;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, EmptyQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Order, TantivyDocument, Term};

/// One result before the caller adds the public fields it shows.
#[derive(Debug, Clone)]
pub struct ScoutHit {
    pub id: i64,
    pub score: Option<f32>,
    pub snippet: Vec<Segment>,
}

pub struct ScoutResults {
    pub total: usize,
    pub hits: Vec<ScoutHit>,
    pub facets: Vec<FacetGroup>,
}

/// What the caller may search: programme staff also search confidential details (never shown
/// in snippets) and filter by export control.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Staff,
    Investor,
}

fn text_fields(f: &TechFields, scope: Scope) -> Vec<(tantivy::schema::Field, f32)> {
    let mut fields = vec![
        (f.title, 3.0),
        (f.keywords, 2.0),
        (f.areas_text, 1.5),
        (f.summary, 1.0),
        (f.applications, 1.0),
    ];
    if scope == Scope::Staff {
        fields.push((f.confidential, 0.5));
    }
    fields
}

/// A synonym group the text mentions counts as much as a synonym in the title did when each
/// member was searched in each field (`SYNONYM_WEIGHT` × the title's 3.0).
const CONCEPT_BOOST: f32 = super::text::SYNONYM_WEIGHT * 3.0;

fn any_of(field: tantivy::schema::Field, dimension: &str, values: &[String]) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        values
            .iter()
            .map(|v| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_facet(field, &facet(dimension, v)),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, q)
            })
            .collect(),
    ))
}

/// Runs a scouting query.
pub fn search(
    generation: &Generation,
    q: &TechQuery,
    scope: Scope,
) -> Result<ScoutResults, SearchError> {
    let f = generation.tech_fields;
    let searcher = generation.tech_reader.searcher();
    let query_terms = terms(&q.text);
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(
        Occur::Must,
        any_of(f.facets, "status", &["submitted".to_owned()]),
    )];
    // No text lists everything; text lists only what contains a word (or phrase) it meant, so
    // text of stop words alone ("the", "and") finds nothing rather than everything.
    let text = match typed_text_query(
        &q.text,
        &text_fields(&f, scope),
        Some((f.concepts, CONCEPT_BOOST)),
    ) {
        Some(text) => text,
        None if q.text.trim().is_empty() => Box::new(AllQuery),
        None => Box::new(EmptyQuery),
    };
    clauses.push((Occur::Must, text));
    let (lo, hi) = (
        q.trl_min.unwrap_or(1).clamp(1, 9),
        q.trl_max.unwrap_or(9).clamp(1, 9),
    );
    if (lo, hi) != (1, 9) {
        let levels: Vec<String> = (lo.min(hi)..=hi.max(lo)).map(|t| t.to_string()).collect();
        clauses.push((Occur::Must, any_of(f.facets, "trl", &levels)));
    }
    let mut filter = |dimension: &str, values: &[String]| {
        if !values.is_empty() {
            clauses.push((Occur::Must, any_of(f.facets, dimension, values)));
        }
    };
    filter("area", &q.areas);
    filter("country", &q.countries);
    filter("seeks", &q.seeks);
    if scope == Scope::Staff {
        filter("export", &q.export);
        filter("stage", &q.stages);
    }
    let query = BooleanQuery::new(clauses);

    let facets = FacetBitsCollector;
    // Bounded again here (the server function checked them and answered 422): Tantivy reserves
    // memory for offset + limit, so an unchecked page would take the process down.
    let limit = q.per_page.clamp(1, crate::domain::limits::MAX_PER_PAGE) as usize;
    let offset = (q.page.clamp(1, crate::domain::limits::MAX_SEARCH_PAGE) as usize - 1) * limit;
    let top = TopDocs::with_limit(limit).and_offset(offset);
    // The three sorts differ only in the collector that orders the page.
    let (addresses, total, counts) = match q.sort {
        TechSort::Relevance => collect(&searcher, &query, top.order_by_score(), facets, Some)?,
        TechSort::Trl => collect(
            &searcher,
            &query,
            top.order_by_fast_field::<u64>("trl", Order::Desc),
            facets,
            |_| None,
        )?,
        TechSort::Updated => collect(
            &searcher,
            &query,
            top.order_by_fast_field::<i64>("updated", Order::Desc),
            facets,
            |_| None,
        )?,
    };

    let mut hits = Vec::with_capacity(addresses.len());
    for (score, address) in addresses {
        let doc: TantivyDocument = searcher.doc(address)?;
        let id = doc
            .get_first(f.id)
            .and_then(|v| v.as_i64())
            .ok_or_else(|| SearchError::Data("document without id".into()))?;
        // Snippets come only from public, stored fields.
        let summary = doc
            .get_first(f.summary)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        hits.push(ScoutHit {
            id,
            score,
            snippet: snippet(summary, &query_terms, f.summary, 220),
        });
    }

    let selected = |dimension: &str, value: &str| -> bool {
        let list = match dimension {
            "area" => &q.areas,
            "country" => &q.countries,
            "seeks" => &q.seeks,
            "export" => &q.export,
            "stage" => &q.stages,
            _ => return false,
        };
        list.iter().any(|v| v == value)
    };
    let mut groups = Vec::new();
    for (dimension, title) in [
        ("area", "Critical area"),
        ("trl", "TRL"),
        ("country", "Country"),
        ("seeks", "Looking for"),
        ("export", "Export control"),
        ("stage", "Incubation stage"),
    ] {
        if matches!(dimension, "export" | "stage") && scope != Scope::Staff {
            continue;
        }
        // Staff-only dimensions are never shown to investors.
        let mut values: Vec<FacetValue> = counts
            .get(dimension)
            .into_iter()
            .map(|(value, count)| FacetValue {
                label: facet_label(dimension, value),
                selected: selected(dimension, value),
                value: value.to_owned(),
                count,
            })
            .collect();
        match dimension {
            "trl" => values.sort_by_key(|v| v.value.parse::<u8>().unwrap_or(0)),
            // Board order, "not enrolled" first.
            "stage" => values.sort_by_key(|v| {
                crate::domain::incubation::Stage::ALL
                    .iter()
                    .position(|s| s.slug() == v.value)
                    .map_or(0, |p| p + 1)
            }),
            _ => values.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label))),
        }
        groups.push(FacetGroup {
            dimension: dimension.to_owned(),
            title: title.to_owned(),
            values,
        });
    }
    Ok(ScoutResults {
        total,
        hits,
        facets: groups,
    })
}

/// A page of (score, address) pairs, the number of matches and the facet counts.
type Collected = (Vec<(Option<f32>, DocAddress)>, usize, FacetCounts);

/// One pass over the matches: the page (ordered by `order`), the total and the facet counts.
/// `score` keeps the sort key when it is a relevance score.
fn collect<K, C>(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    order: C,
    facets: FacetBitsCollector,
    score: impl Fn(K) -> Option<f32>,
) -> Result<Collected, SearchError>
where
    C: tantivy::collector::Collector<Fruit = Vec<(K, DocAddress)>>,
{
    let (docs, total, counts) = searcher.search(query, &(order, Count, facets))?;
    Ok((
        docs.into_iter().map(|(k, a)| (score(k), a)).collect(),
        total,
        counts,
    ))
}

fn facet_label(dimension: &str, value: &str) -> String {
    match dimension {
        "area" => value
            .parse::<CriticalArea>()
            .map(|a| a.label().to_owned())
            .unwrap_or_else(|_| value.to_owned()),
        "country" => CountryCode::parse(value)
            .map(|c| c.name().to_owned())
            .unwrap_or_else(|_| value.to_owned()),
        "seeks" => value
            .parse::<Seek>()
            .map(|s| s.label().to_owned())
            .unwrap_or_else(|_| value.to_owned()),
        "trl" => format!("TRL {value}"),
        "stage" if value == super::schema::NOT_ENROLLED => "Not enrolled".to_owned(),
        "stage" => value
            .parse::<crate::domain::incubation::Stage>()
            .map(|s| s.label().to_owned())
            .unwrap_or_else(|_| value.to_owned()),
        "export" => match value {
            "listed" => "Listed in Annex I".to_owned(),
            "not_listed" => "Not listed".to_owned(),
            _ => "Unknown".to_owned(),
        },
        _ => value.to_owned(),
    }
}
