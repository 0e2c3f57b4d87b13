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
    // "An investment platform", "a drone platform", "a software platform": the thing itself is
    // named by the other words.
    "platform",
    "platforms",
];

/// How a fund describes itself: "first close above EUR 150m" and "anchor LPs" say nothing about
/// what it backs. ("Launched" and "round" are not here: launchers and artillery rounds.)
const FUND_RAISING_WORDS: &[&str] = &[
    "close",
    "closed",
    "above",
    "anchor",
    "pension",
    "lp",
    "lps",
    "eur",
    "gbp",
    "bn",
    "million",
    "raise",
    "raised",
    "equity",
    "financing",
    "money",
    "commitment",
    "committed",
    "contribution",
    "lifetime",
    "founded",
    "created",
    "holdings",
    "portfolio",
    "backer",
    "backers",
    "ministry",
    "ministries",
    "government",
    "owned",
    "partners",
    "generalist",
    "focused",
    "oriented",
    "strong",
    "important",
    "latest",
    "final",
    "second",
    "third",
    "four",
    "year",
    "years",
    "since",
    "together",
    "like",
    "helps",
    "received",
    "described",
    "participating",
    "interest",
    "channels",
    "indirectly",
    "via",
    "behalf",
];

/// Places: where a fund invests is read from its thesis and shown as the country check, so
/// "Finnish" in a fund's text and "a Finnish airport" in a founder's are not a fit. Written out
/// rather than taken from the ISO country list, whose names include everyday words ("Jersey",
/// "Chad", "Guinea"); "Polish" is left out, its stem is the one of "polishing" a surface.
const PLACE_WORDS: &[&str] = &[
    "austria",
    "austrian",
    "belgium",
    "belgian",
    "bulgaria",
    "bulgarian",
    "croatia",
    "croatian",
    "cyprus",
    "cypriot",
    "czech",
    "czechia",
    "denmark",
    "danish",
    "estonia",
    "estonian",
    "finland",
    "finnish",
    "france",
    "french",
    "germany",
    "german",
    "greece",
    "greek",
    "hungary",
    "hungarian",
    "ireland",
    "irish",
    "italy",
    "italian",
    "latvia",
    "latvian",
    "lithuania",
    "lithuanian",
    "luxembourg",
    "malta",
    "maltese",
    "netherlands",
    "dutch",
    "poland",
    "portugal",
    "portuguese",
    "romania",
    "romanian",
    "slovakia",
    "slovak",
    "slovenia",
    "slovenian",
    "spain",
    "spanish",
    "sweden",
    "swedish",
    "norway",
    "norwegian",
    "iceland",
    "icelandic",
    "switzerland",
    "swiss",
    "britain",
    "british",
    "uk",
    "england",
    "english",
    "scotland",
    "scottish",
    "ukraine",
    "ukrainian",
    "turkey",
    "turkish",
    "america",
    "american",
    "canada",
    "canadian",
    "nordic",
    "nordics",
    "baltic",
    "baltics",
];

/// A term found in more than this share of the index's documents is as good as generic.
const MAX_DOCUMENT_SHARE: f64 = 0.5;
/// Below this many documents a share says nothing: on a new platform with three counter-drone
/// technologies, "drone" is in all of them and is still the word that matters.
const MIN_DOCUMENTS_FOR_SHARE: u64 = 20;

static GENERIC_TERMS: LazyLock<BTreeSet<String>> = LazyLock::new(|| {
    GENERIC_WORDS
        .iter()
        .chain(FUND_RAISING_WORDS)
        .chain(PLACE_WORDS)
        .flat_map(|w| terms_without_synonyms(w))
        .collect()
});

/// Whether `term` (an analysed term) is one of the generic words.
pub fn is_generic(term: &str) -> bool {
    GENERIC_TERMS.contains(term)
}

/// The terms of `terms` that carry weight in `searcher`'s index, in their order: not generic,
/// and, once the index holds enough documents to tell, in at most half of them (counted in
/// whichever of `fields` holds it most).
pub fn significant_terms(searcher: &Searcher, fields: &[Field], terms: &[String]) -> Vec<String> {
    let wanted = terms.iter().filter(|t| !is_generic(t)).cloned();
    let documents = searcher.num_docs();
    if documents < MIN_DOCUMENTS_FOR_SHARE {
        return wanted.collect();
    }
    let documents = documents as f64;
    wanted
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
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_words_are_recognised_after_stemming() {
        for word in [
            "defence", "Small", "advanced", "directly", "early", "backing", "takes", "over",
            "faster", "tech", "ventures", "Finnish", "France", "British", "Nordic", "closed",
            "above", "LPs", "platform",
        ] {
            let term = &terms_without_synonyms(word)[0];
            assert!(is_generic(term), "{word} ({term})");
        }
        // "Polish" is left out of the places: its stem is the one of "polishing" a surface.
        for word in ["radar", "drone", "hypersonic", "batteries", "polishing"] {
            let term = &terms_without_synonyms(word)[0];
            assert!(!is_generic(term), "{word} ({term})");
        }
    }
}
