//! Which of a query's terms carry weight: not one of this domain's generic words, and not in
//! most documents of the index. Explanations ("matched: …") list only these, and a candidate
//! that shares none of them with the query is not a match at all — "matched: defence, small"
//! explains nothing.

use super::text::terms_without_synonyms;
use std::collections::BTreeSet;
use std::sync::LazyLock;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// Words that describe nearly every call, challenge, fund and technology on this platform, so
/// sharing one says nothing about fit. (Stop words are dropped before this already.)
const GENERIC_WORDS: &[&str] = &[
    "defence",
    "defense",
    "military",
    "security",
    "small",
    "large",
    "advanced",
    "directly",
    "early",
    "late",
    "stage",
    "european",
    "europe",
    "eu",
    "support",
    "develop",
    "development",
    "innovative",
    "innovation",
    "capability",
    "capabilities",
    "high",
    "low",
    "future",
    "project",
    "research",
    "application",
    "operational",
    "operation",
    "dual",
    "civil",
    "company",
    "companies",
    "startup",
    "tech",
    "start",
    "fund",
    "funding",
    "invest",
    "investment",
    "investor",
    "backing",
    "provide",
    "enable",
    "improve",
    "also",
    "more",
    "other",
    "all",
    "any",
    "well",
    "including",
    "may",
    "need",
    "key",
    "area",
    "areas",
    "domain",
    "field",
    "market",
    "markets",
    "growth",
    "seed",
    "series",
    // Everyday verbs and adverbs: "take-off" and "takes over" share only "take"; "faster",
    // "next" and "first" describe a pitch, not a technology.
    "take",
    "make",
    "use",
    "using",
    "help",
    "build",
    "bring",
    "over",
    "next",
    "first",
    "new",
    "fast",
    "faster",
    "based",
    "across",
    "within",
    "way",
    "work",
    "one",
    "venture",
    "ventures",
    "capital",
];

/// A term found in more than this share of the index's documents is as good as generic.
const MAX_DOCUMENT_SHARE: f64 = 0.5;

static GENERIC_TERMS: LazyLock<BTreeSet<String>> = LazyLock::new(|| {
    GENERIC_WORDS
        .iter()
        .flat_map(|w| terms_without_synonyms(w))
        .collect()
});

/// Whether `term` (an analysed term) is one of the generic words.
pub fn is_generic(term: &str) -> bool {
    GENERIC_TERMS.contains(term)
}

/// The terms of `terms` that carry weight in `searcher`'s index, in their order: not generic,
/// and in at most half of the documents (counted in whichever of `fields` holds it most).
pub fn significant_terms(searcher: &Searcher, fields: &[Field], terms: &[String]) -> Vec<String> {
    let documents = searcher.num_docs().max(1) as f64;
    terms
        .iter()
        .filter(|t| !is_generic(t))
        .filter(|t| {
            let most = fields
                .iter()
                .map(|f| {
                    searcher
                        .doc_freq(&Term::from_field_text(*f, t))
                        .unwrap_or(0)
                })
                .max()
                .unwrap_or(0);
            most as f64 / documents <= MAX_DOCUMENT_SHARE
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_words_are_recognised_after_stemming() {
        for word in [
            "defence", "Small", "advanced", "directly", "early", "backing", "takes", "over",
            "faster", "tech", "ventures",
        ] {
            let term = &terms_without_synonyms(word)[0];
            assert!(is_generic(term), "{word} ({term})");
        }
        for word in ["radar", "drone", "hypersonic", "batteries"] {
            let term = &terms_without_synonyms(word)[0];
            assert!(!is_generic(term), "{word} ({term})");
        }
    }
}
