//! The two Tantivy indexes (technologies, opportunities): their fields, the English analyzer,
//! and how a database record becomes a document. Change `SCHEMA_VERSION` with any change here:
//! an index of another version is rebuilt at start-up.

use crate::domain::opportunity::OpportunityRecord;
use crate::server::entities::organisations;
use crate::server::technologies::StoredTechnology;
use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing,
    TextOptions, STORED, STRING,
};
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};
use tantivy::{Index, TantivyDocument};

pub const SCHEMA_VERSION: u32 = 4;
/// Lower-cased, English-stemmed words: "drones" and "drone" match.
pub const ANALYZER: &str = "en_stem";

pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::English))
        .build()
}

pub fn register_analyzer(index: &Index) {
    index.tokenizers().register(ANALYZER, analyzer());
}

fn text(stored: bool) -> TextOptions {
    let options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    if stored {
        options.set_stored()
    } else {
        options
    }
}

fn number() -> NumericOptions {
    NumericOptions::default()
        .set_indexed()
        .set_stored()
        .set_fast()
}

#[derive(Debug, Clone, Copy)]
pub struct TechFields {
    pub id: Field,
    pub title: Field,
    pub summary: Field,
    pub applications: Field,
    pub keywords: Field,
    pub areas_text: Field,
    /// Confidential details: searchable by programme staff only, never stored in the index.
    pub confidential: Field,
    /// The synonym groups the public text fields mention (`text::concepts`), one term per
    /// field that mentions the group: a search for "drone" finds "UAV" with one term.
    /// Confidential details never add a concept, so no one finds a technology through them here.
    pub concepts: Field,
    pub facets: Field,
    pub trl: Field,
    pub updated: Field,
    pub company: Field,
    /// The company's country, stored for eligibility checks in matching.
    pub country: Field,
    /// The facet values for counting (`facet_bits`): one bit per value of the closed lists.
    pub facet_bits: Field,
    /// The company's country for counting (`facet_bits::country_index`).
    pub country_ix: Field,
}

pub fn tech_schema() -> (Schema, TechFields) {
    let mut b = Schema::builder();
    let fields = TechFields {
        id: b.add_i64_field("id", number()),
        title: b.add_text_field("title", text(true)),
        summary: b.add_text_field("summary", text(true)),
        applications: b.add_text_field("applications", text(true)),
        keywords: b.add_text_field("keywords", text(true)),
        areas_text: b.add_text_field("areas_text", text(false)),
        confidential: b.add_text_field("confidential", text(false)),
        concepts: b.add_text_field(
            "concepts",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("raw")
                    .set_index_option(IndexRecordOption::WithFreqs),
            ),
        ),
        facets: b.add_facet_field("facets", FacetOptions::default()),
        trl: b.add_u64_field("trl", number()),
        updated: b.add_i64_field("updated", number()),
        company: b.add_text_field("company", STRING | STORED),
        country: b.add_text_field("country", STRING | STORED),
        facet_bits: b.add_u64_field(
            super::facet_bits::BITS_FIELD,
            NumericOptions::default().set_fast(),
        ),
        country_ix: b.add_u64_field(
            super::facet_bits::COUNTRY_FIELD,
            NumericOptions::default().set_fast(),
        ),
    };
    (b.build(), fields)
}

#[derive(Debug, Clone, Copy)]
pub struct OppFields {
    pub id: Field,
    pub title: Field,
    pub description: Field,
    pub tags: Field,
    pub facets: Field,
    /// The whole validated record as JSON, so matching needs no database round trip.
    pub record: Field,
}

pub fn opp_schema() -> (Schema, OppFields) {
    let mut b = Schema::builder();
    let fields = OppFields {
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", text(true)),
        description: b.add_text_field("description", text(true)),
        tags: b.add_text_field("tags", text(true)),
        facets: b.add_facet_field("facets", FacetOptions::default()),
        record: b.add_text_field("record", STORED),
    };
    (b.build(), fields)
}

pub fn facet(dimension: &str, value: &str) -> Facet {
    Facet::from_path([dimension, value])
}

/// The facet value of technologies in no programme (officers look for new candidates).
pub const NOT_ENROLLED: &str = "not_enrolled";

/// `stages`: where the technology stands in each programme it is enrolled in (staff facet).
pub fn tech_doc(
    f: &TechFields,
    tech: &StoredTechnology,
    org: &organisations::Model,
    stages: &[crate::domain::incubation::Stage],
) -> TantivyDocument {
    let d = &tech.draft;
    let mut doc = TantivyDocument::default();
    doc.add_i64(f.id, tech.id);
    let applications = format!("{}\n{}", d.civil_applications, d.defence_applications);
    let keywords = d.keywords.join(", ");
    let areas = d
        .areas
        .iter()
        .map(|a| a.label())
        .collect::<Vec<_>>()
        .join(", ");
    for (field, text) in [
        (f.title, d.title.as_str()),
        (f.summary, &d.summary),
        (f.applications, &applications),
        (f.keywords, &keywords),
        (f.areas_text, &areas),
    ] {
        doc.add_text(field, text);
        for group in super::text::concepts(text) {
            doc.add_text(f.concepts, super::text::concept_term(group));
        }
    }
    doc.add_text(f.confidential, &d.confidential_details);
    doc.add_u64(f.trl, d.trl.get() as u64);
    doc.add_i64(f.updated, tech.updated_at.timestamp());
    doc.add_text(f.company, &org.legal_name);
    doc.add_text(f.country, &org.country);
    for area in &d.areas {
        doc.add_facet(f.facets, facet("area", area.slug()));
    }
    for seek in &d.seeks {
        doc.add_facet(f.facets, facet("seeks", seek.slug()));
    }
    doc.add_facet(f.facets, facet("country", &org.country));
    doc.add_facet(f.facets, facet("trl", &d.trl.get().to_string()));
    doc.add_facet(f.facets, facet("export", d.export_control.status_slug()));
    doc.add_facet(f.facets, facet("status", tech.status.slug()));
    if stages.is_empty() {
        doc.add_facet(f.facets, facet("stage", NOT_ENROLLED));
    }
    for stage in stages {
        doc.add_facet(f.facets, facet("stage", stage.slug()));
    }
    // The same values again, for counting (`facet_bits`).
    let trl = d.trl.get().to_string();
    let counted = d
        .areas
        .iter()
        .map(|a| ("area", a.slug()))
        .chain(d.seeks.iter().map(|s| ("seeks", s.slug())))
        .chain([("trl", trl.as_str())])
        .chain([("export", d.export_control.status_slug())])
        .chain(stages.iter().map(|s| ("stage", s.slug())))
        .chain(stages.is_empty().then_some(("stage", NOT_ENROLLED)));
    doc.add_u64(f.facet_bits, super::facet_bits::encode(counted));
    doc.add_u64(f.country_ix, super::facet_bits::country_index(&org.country));
    doc
}

/// The catalogue entry stored whole in an opportunity document (`opp_doc`).
pub fn stored_record(
    doc: &TantivyDocument,
    record: Field,
) -> Result<OpportunityRecord, super::SearchError> {
    use tantivy::schema::Value;
    let json = doc
        .get_first(record)
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    serde_json::from_str(json).map_err(|e| super::SearchError::Data(e.to_string()))
}

pub fn opp_doc(f: &OppFields, r: &OpportunityRecord) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, &r.id);
    doc.add_text(f.title, &r.title);
    doc.add_text(f.description, &r.description);
    doc.add_text(f.tags, r.tags.join(", "));
    doc.add_facet(f.facets, facet("kind", r.kind.slug()));
    for country in &r.eligible_countries {
        doc.add_facet(f.facets, facet("country", country.as_str()));
    }
    doc.add_text(
        f.record,
        serde_json::to_string(r).expect("records serialise"),
    );
    doc
}
