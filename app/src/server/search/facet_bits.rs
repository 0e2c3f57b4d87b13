//! Facet counts for scouting from two single-valued fast fields per technology, instead of
//! Tantivy's `FacetCollector`: that one reads every matching document's facet ordinals from a
//! multi-valued column and was a third of a search's time (perf profile, docs/benchmarks.md).
//!
//! - `facet_bits`: one bit per value of the small closed lists (critical area, what the company
//!   seeks, TRL, export control, incubation stage), so a document's values are one read;
//! - `country_ix`: the company's country as its position in the country list.
//!
//! The facet terms stay in the index for filtering; only the counting reads these fields.

use super::schema::NOT_ENROLLED;
use crate::domain::country::CountryCode;
use crate::domain::critical_area::CriticalArea;
use crate::domain::incubation::Stage;
use crate::domain::technology::Seek;
use std::sync::{Arc, OnceLock};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, ColumnIndex, ColumnValues};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

pub const BITS_FIELD: &str = "facet_bits";
pub const COUNTRY_FIELD: &str = "country_ix";
/// `country_ix` of a country outside the list (not counted).
const NO_COUNTRY: u64 = u64::MAX;
const EXPORT: [&str; 3] = ["not_listed", "listed", "unknown"];
const TRL: [&str; 9] = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];

/// The dimensions counted from `facet_bits`, each with its values in bit order.
fn dimensions() -> &'static [(&'static str, Vec<&'static str>)] {
    static DIMENSIONS: OnceLock<Vec<(&'static str, Vec<&'static str>)>> = OnceLock::new();
    DIMENSIONS.get_or_init(|| {
        let dims = vec![
            ("area", CriticalArea::ALL.iter().map(|a| a.slug()).collect()),
            ("seeks", Seek::ALL.iter().map(|s| s.slug()).collect()),
            ("trl", TRL.to_vec()),
            ("export", EXPORT.to_vec()),
            (
                "stage",
                std::iter::once(NOT_ENROLLED)
                    .chain(Stage::ALL.iter().map(|s| s.slug()))
                    .collect(),
            ),
        ];
        let bits: usize = dims
            .iter()
            .map(|(_, values): &(_, Vec<_>)| values.len())
            .sum();
        assert!(bits <= 64, "facet values do not fit in one u64: {bits}");
        dims
    })
}

fn countries() -> &'static [&'static str] {
    static CODES: OnceLock<Vec<&'static str>> = OnceLock::new();
    CODES.get_or_init(|| CountryCode::all().map(|(code, _)| code).collect())
}

/// The bits of a document's `(dimension, value)` pairs; values outside the lists are skipped.
pub fn encode<'a>(values: impl IntoIterator<Item = (&'a str, &'a str)>) -> u64 {
    let mut bits = 0u64;
    for (dimension, value) in values {
        let mut offset = 0;
        for (name, list) in dimensions() {
            if *name == dimension {
                if let Some(at) = list.iter().position(|v| *v == value) {
                    bits |= 1 << (offset + at);
                }
                break;
            }
            offset += list.len();
        }
    }
    bits
}

/// The critical areas of one technology document, read from its `facet_bits` (areas are the
/// first dimension, in `CriticalArea::ALL` order).
pub fn areas_of(
    searcher: &tantivy::Searcher,
    address: tantivy::DocAddress,
) -> tantivy::Result<Vec<CriticalArea>> {
    let segment = searcher.segment_reader(address.segment_ord);
    let column = segment.fast_fields().u64(BITS_FIELD)?;
    let bits = column.first(address.doc_id).unwrap_or(0);
    Ok(CriticalArea::ALL
        .iter()
        .enumerate()
        .filter(|(at, _)| bits & (1 << at) != 0)
        .map(|(_, area)| *area)
        .collect())
}

/// `country_ix` of a country code.
pub fn country_index(code: &str) -> u64 {
    countries()
        .iter()
        .position(|c| *c == code)
        .map_or(NO_COUNTRY, |at| at as u64)
}

/// How many matching documents carry each value.
#[derive(Debug, Clone)]
pub struct FacetCounts {
    bits: Vec<u64>,
    countries: Vec<u64>,
}

impl FacetCounts {
    fn empty() -> Self {
        Self {
            bits: vec![0; 64],
            countries: vec![0; countries().len()],
        }
    }

    /// `(value, count)` for every value of `dimension` that some match carries.
    pub fn get(&self, dimension: &str) -> Vec<(&'static str, u64)> {
        if dimension == "country" {
            return countries()
                .iter()
                .zip(&self.countries)
                .filter(|(_, n)| **n > 0)
                .map(|(c, n)| (*c, *n))
                .collect();
        }
        let mut offset = 0;
        for (name, list) in dimensions() {
            if *name == dimension {
                return list
                    .iter()
                    .zip(&self.bits[offset..offset + list.len()])
                    .filter(|(_, n)| **n > 0)
                    .map(|(v, n)| (*v, *n))
                    .collect();
            }
            offset += list.len();
        }
        Vec::new()
    }
}

/// Counts every dimension over the matches.
pub struct FacetBitsCollector;

pub struct FacetBitsSegment {
    bits: Arc<dyn ColumnValues<u64>>,
    country: Arc<dyn ColumnValues<u64>>,
    counts: FacetCounts,
}

impl Collector for FacetBitsCollector {
    type Fruit = FacetCounts;
    type Child = FacetBitsSegment;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let fast = reader.fast_fields();
        Ok(FacetBitsSegment {
            bits: values(fast.u64(BITS_FIELD)?, 0),
            country: values(fast.u64(COUNTRY_FIELD)?, NO_COUNTRY),
            counts: FacetCounts::empty(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        let mut total = FacetCounts::empty();
        for fruit in fruits {
            for (t, n) in total.bits.iter_mut().zip(fruit.bits) {
                *t += n;
            }
            for (t, n) in total.countries.iter_mut().zip(fruit.countries) {
                *t += n;
            }
        }
        Ok(total)
    }
}

/// A document's value by its id. Every technology has both fields, so the column is full and
/// a document's value is its row: read directly, without the column index's lookup (which cost
/// as much as the read itself).
fn values(column: Column<u64>, default: u64) -> Arc<dyn ColumnValues<u64>> {
    match column.index {
        ColumnIndex::Full => column.values,
        _ => column.first_or_default_col(default),
    }
}

impl SegmentCollector for FacetBitsSegment {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let mut bits = self.bits.get_val(doc);
        while bits != 0 {
            self.counts.bits[bits.trailing_zeros() as usize] += 1;
            bits &= bits - 1;
        }
        if let Some(n) = self
            .counts
            .countries
            .get_mut(self.country.get_val(doc) as usize)
        {
            *n += 1;
        }
    }

    fn harvest(self) -> FacetCounts {
        self.counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_has_its_own_bit_and_unknown_values_none() {
        let one = encode([("area", "space"), ("trl", "6")]);
        assert_eq!(one.count_ones(), 2);
        let all: Vec<u64> = dimensions()
            .iter()
            .flat_map(|(d, values)| values.iter().map(move |v| encode([(*d, *v)])))
            .collect();
        assert!(all.iter().all(|b| b.count_ones() == 1));
        let mut seen = 0u64;
        for b in &all {
            assert_eq!(seen & b, 0, "two values share a bit");
            seen |= b;
        }
        assert_eq!(encode([("area", "nonsense"), ("colour", "red")]), 0);
        assert_eq!(country_index("ZZ"), NO_COUNTRY);
        assert_ne!(country_index("FI"), country_index("SE"));
    }

    #[test]
    fn counts_read_back_by_dimension() {
        let mut counts = FacetCounts::empty();
        for doc in [
            encode([("area", "space"), ("trl", "6")]),
            encode([("area", "space"), ("stage", NOT_ENROLLED)]),
        ] {
            let mut bits = doc;
            while bits != 0 {
                counts.bits[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
        }
        counts.countries[country_index("FI") as usize] += 3;
        assert_eq!(counts.get("area"), vec![("space", 2)]);
        assert_eq!(counts.get("trl"), vec![("6", 1)]);
        assert_eq!(counts.get("stage"), vec![(NOT_ENROLLED, 1)]);
        assert_eq!(counts.get("country"), vec![("FI", 3)]);
        assert!(counts.get("export").is_empty());
    }
}
