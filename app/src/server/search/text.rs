//! Turning free text into search terms (stemmed, stop words dropped, synonyms added), building
//! weighted term queries from them, the synonym groups ("concepts") a text mentions, and
//! highlighted snippets.

use super::schema;
use crate::api::search::Segment;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TokenStream;
use tantivy::Term;

/// Words too common to say anything about a technology or a call.
const STOP_WORDS: &[&str] = &[
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "been",
    "but",
    "by",
    "can",
    "for",
    "from",
    "has",
    "have",
    "in",
    "into",
    "is",
    "it",
    "its",
    "of",
    "on",
    "or",
    "our",
    "so",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "these",
    "they",
    "this",
    "to",
    "up",
    "us",
    "use",
    "used",
    "using",
    "was",
    "we",
    "which",
    "while",
    "will",
    "with",
    "without",
    "you",
    "your",
    "new",
    "based",
    "anti",
    "system",
    "systems",
    "technology",
    "technologies",
    "solution",
    "solutions",
    // Function words: a fund investing "indirectly through other VC funds" or holding "EUR 279m
    // under management" shares no meaning with a founder's "through the canopy" or "under ice".
    "about",
    "after",
    "against",
    "along",
    "among",
    "around",
    "before",
    "behind",
    "below",
    "between",
    "beyond",
    "both",
    "could",
    "do",
    "does",
    "down",
    "during",
    "each",
    "every",
    "he",
    "her",
    "here",
    "his",
    "how",
    "if",
    "just",
    "most",
    "my",
    "near",
    "no",
    "not",
    "off",
    "only",
    "out",
    "own",
    "per",
    "same",
    "she",
    "should",
    "some",
    "then",
    "there",
    "through",
    "too",
    "under",
    "until",
    "upon",
    "very",
    "were",
    "what",
    "when",
    "where",
    "who",
    "whose",
    "why",
    "would",
];

/// Groups of words that mean the same thing to defence-innovation people. A text containing one
/// member also searches for the others.
const SYNONYMS: &[&[&str]] = &[
    &[
        "drone",
        "drones",
        "uav",
        "uavs",
        "uas",
        "unmanned aerial",
        "rpas",
        "quadcopter",
        "multicopter",
    ],
    &[
        "counter-drone",
        "counter-uas",
        "c-uas",
        "anti-drone",
        "drone defence",
        "drone detection",
    ],
    &["ugv", "unmanned ground vehicle", "ground robot"],
    &[
        "usv",
        "unmanned surface vessel",
        "uuv",
        "auv",
        "unmanned underwater",
        "autonomous underwater",
    ],
    &[
        "ai",
        "artificial intelligence",
        "machine learning",
        "deep learning",
        "neural network",
    ],
    &[
        "gnss",
        "gps",
        "satellite navigation",
        "pnt",
        "positioning navigation and timing",
    ],
    &[
        "electronic warfare",
        "ew",
        "jamming",
        "jammer",
        "electromagnetic spectrum",
    ],
    &["c2", "command and control", "c4isr"],
    &[
        "isr",
        "surveillance",
        "reconnaissance",
        "intelligence surveillance",
    ],
    &[
        "satellite",
        "satellites",
        "spacecraft",
        "cubesat",
        "smallsat",
        "space",
    ],
    &["battery", "batteries", "energy storage", "power storage"],
    &["cyber", "cybersecurity", "cyber security", "cyber defence"],
    &["armour", "armor", "ballistic protection"],
    &["hypersonic", "hypersonics", "hypersonic glide"],
    &[
        "quantum sensing",
        "quantum sensor",
        "magnetometer",
        "atomic clock",
        "quantum",
    ],
    &["submarine", "anti-submarine", "underwater", "subsea"],
    &["laser", "directed energy", "high-energy laser"],
];

fn analyze(text: &str) -> Vec<String> {
    let mut analyzer = schema::analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// The synonym groups `text` mentions (any member, as whole words; hyphens count as spaces).
fn mentioned_groups(text: &str) -> impl Iterator<Item = &'static [&'static str]> {
    let lower = format!(
        " {} ",
        text.to_lowercase()
            .replace(['-', '/', ',', '.', ';', ':', '(', ')'], " ")
    );
    SYNONYMS.iter().copied().filter(move |group| {
        group
            .iter()
            .any(|w| lower.contains(&format!(" {} ", w.replace('-', " "))))
    })
}

/// The text with the members of every synonym group it mentions added.
pub fn expand_synonyms(text: &str) -> String {
    let mut extra = Vec::new();
    for group in mentioned_groups(text) {
        extra.extend(group.iter().map(|w| w.replace('-', " ")));
    }
    if extra.is_empty() {
        text.to_owned()
    } else {
        format!("{text} {}", extra.join(" "))
    }
}

/// Distinct stemmed terms of `text` (after synonym expansion), stop words removed.
pub fn terms(text: &str) -> Vec<String> {
    terms_without_synonyms(&expand_synonyms(text))
}

/// The stop words as the analyzer leaves them (stemmed once, not on every query).
static STOP_TERMS: LazyLock<BTreeSet<String>> =
    LazyLock::new(|| STOP_WORDS.iter().flat_map(|w| analyze(w)).collect());

/// Like [`terms`], without adding synonyms.
pub fn terms_without_synonyms(text: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    analyze(text)
        .into_iter()
        .filter(|t| t.len() > 1 && !STOP_TERMS.contains(t))
        .filter(|t| seen.insert(t.clone()))
        .collect()
}

/// How much a synonym the user did not type counts, relative to the words they typed: enough
/// to find "UAV" for "drone", not so much that one concept outweighs the rest of the text.
pub const SYNONYM_WEIGHT: f32 = 0.3;

/// A text as a matching query: its own words at 1.0, and the synonyms they bring in at
/// [`SYNONYM_WEIGHT`] — a one-word synonym as a term, a multi-word one only as the whole phrase
/// (its words one by one mean something else: "deep learning" must not match every fund that
/// calls itself "deep tech").
#[derive(Debug, Clone, Default)]
pub struct WeightedText {
    pub terms: Vec<(String, f32)>,
    /// Multi-word synonyms, each as its analysed words with their positions.
    pub phrases: Vec<Vec<(usize, String)>>,
}

impl WeightedText {
    /// `text` as a query, with its synonyms when `synonyms`.
    pub fn of(text: &str, synonyms: bool) -> Self {
        let own = terms_without_synonyms(text);
        let mut weighted = Self {
            terms: own.iter().map(|t| (t.clone(), 1.0)).collect(),
            phrases: Vec::new(),
        };
        if !synonyms {
            return weighted;
        }
        for phrase in synonym_phrases(text) {
            match phrase.as_slice() {
                [(_, word)] => {
                    if word.len() > 1
                        && !STOP_TERMS.contains(word)
                        && !weighted.terms.iter().any(|(t, _)| t == word)
                    {
                        weighted.terms.push((word.clone(), SYNONYM_WEIGHT));
                    }
                }
                _ => weighted.phrases.push(phrase),
            }
        }
        weighted
    }

    /// The single terms, in order: what explains a match and what portfolios compare.
    pub fn term_names(&self) -> Vec<String> {
        self.terms.iter().map(|(t, _)| t.clone()).collect()
    }

    /// One `Should` clause per kept term (`Some(term)`) or phrase (`None`) and field, boosted
    /// by the field's weight times the term's.
    fn clauses(
        &self,
        fields: &[(Field, f32)],
        keep: impl Fn(Option<&str>) -> bool,
    ) -> Vec<(Occur, Box<dyn Query>)> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, boost) in fields {
            for (term, weight) in &self.terms {
                if *boost * *weight <= 0.0 || !keep(Some(term)) {
                    continue;
                }
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(term_query(*field, term), *boost * *weight)),
                ));
            }
            if *boost <= 0.0 || !keep(None) {
                continue;
            }
            for phrase in &self.phrases {
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        phrase_query(*field, phrase),
                        *boost * SYNONYM_WEIGHT,
                    )),
                ));
            }
        }
        clauses
    }
}

/// A query for documents holding at least one of `required` (terms of `text`, those that carry
/// weight) in one of the weighted fields, scored by BM25 over every term and synonym phrase of
/// `text`: the required terms find the documents, the other terms and the phrases only add to
/// their score, so each term's postings are read once. `None` when no required term is
/// searched in any field, so nothing can match.
pub fn required_term_query(
    text: &WeightedText,
    required: &[String],
    fields: &[(Field, f32)],
) -> Option<Box<dyn Query>> {
    let is_required = |term: &str| required.iter().any(|r| r == term);
    let leading = text.clauses(fields, |term| term.is_some_and(is_required));
    if leading.is_empty() {
        return None;
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Must, Box::new(BooleanQuery::new(leading)))];
    clauses.extend(text.clauses(fields, |term| !term.is_some_and(is_required)));
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// A term in one field, scored by BM25 (with its frequency).
fn term_query(field: Field, term: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, term),
        IndexRecordOption::WithFreqs,
    ))
}

/// Analysed words at their positions ("unmanned aerial"), matching only as the whole phrase.
fn phrase_query(field: Field, words: &[(usize, String)]) -> Box<dyn Query> {
    Box::new(PhraseQuery::new_with_offset(
        words
            .iter()
            .map(|(at, w)| (*at, Term::from_field_text(field, w)))
            .collect(),
    ))
}

/// The synonyms `text` brings in, each as its analysed words with their positions: one word, or
/// a phrase ("unmanned aerial") that only counts as a whole.
fn synonym_phrases(text: &str) -> Vec<Vec<(usize, String)>> {
    let mut phrases: Vec<Vec<(usize, String)>> = Vec::new();
    for group in mentioned_groups(text) {
        for member in group.iter() {
            let spaced = member.replace('-', " ");
            let mut analyzer = schema::analyzer();
            let mut stream = analyzer.token_stream(&spaced);
            let mut words = Vec::new();
            while stream.advance() {
                let token = stream.token();
                words.push((token.position, token.text.clone()));
            }
            if !words.is_empty() && !phrases.contains(&words) {
                phrases.push(words);
            }
        }
    }
    phrases
}

/// A synonym group's member: the group's position in [`SYNONYMS`] and the member's analysed words.
type Member = (usize, Vec<String>);

/// Every synonym group's members as analysed words, indexed by their first word: "unmanned
/// aerial" is `unman` → `[(0, [unman, aerial])]`.
static MEMBERS_BY_FIRST_WORD: LazyLock<HashMap<String, Vec<Member>>> = LazyLock::new(|| {
    let mut by_first: HashMap<String, Vec<Member>> = HashMap::new();
    for (group, members) in SYNONYMS.iter().enumerate() {
        for member in members.iter() {
            let words = analyze(&member.replace('-', " "));
            if let Some(first) = words.first() {
                by_first
                    .entry(first.clone())
                    .or_default()
                    .push((group, words));
            }
        }
    }
    by_first
});

/// The synonym groups `text` mentions: a member's analysed words in a row ("Unmanned aerial
/// systems" mentions the drone group, "machine vision" mentions no group). The same rule reads
/// a document when it is indexed and what a person typed, so the two always agree.
pub fn concepts(text: &str) -> BTreeSet<usize> {
    let words = analyze(text);
    let mut found = BTreeSet::new();
    for (at, word) in words.iter().enumerate() {
        for (group, member) in MEMBERS_BY_FIRST_WORD.get(word).into_iter().flatten() {
            if words[at..].starts_with(member) {
                found.insert(*group);
            }
        }
    }
    found
}

/// The index term that stands for a synonym group in the `concepts` field.
pub fn concept_term(group: usize) -> String {
    format!("g{group}")
}

/// The query for what a person typed in a search box: each of their own words (stop words
/// dropped), and the synonyms those bring in at [`SYNONYM_WEIGHT`] — a multi-word synonym only
/// as the whole phrase, never its words one by one ("machine learning" must not find every
/// "machine"). So every result contains a word or a phrase the person meant. `None` when the
/// text holds no searchable word at all.
///
/// With `concepts` (an index whose documents carry the groups they mention, see [`concepts`]),
/// each synonym group the text mentions is one term in that field at the given boost instead of
/// every member in every field: the same documents, a fraction of the work.
pub fn typed_text_query(
    text: &str,
    fields: &[(Field, f32)],
    concepts: Option<(Field, f32)>,
) -> Option<Box<dyn Query>> {
    let own = terms_without_synonyms(text);
    if own.is_empty() {
        return None;
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut add = |q: Box<dyn Query>, boost: f32| {
        clauses.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
    };
    let synonyms = match concepts {
        Some((field, boost)) => {
            for group in self::concepts(text) {
                add(term_query(field, &concept_term(group)), boost);
            }
            Vec::new()
        }
        None => synonym_phrases(text),
    };
    for (field, boost) in fields {
        for term in &own {
            add(term_query(*field, term), *boost);
        }
        for phrase in &synonyms {
            let weight = *boost * SYNONYM_WEIGHT;
            match phrase.as_slice() {
                [(_, word)] if own.contains(word) => {}
                [(_, word)] => add(term_query(*field, word), weight),
                words => add(phrase_query(*field, words), weight),
            }
        }
    }
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// A fragment of `text` around the query terms, with the matches marked.
pub fn snippet(text: &str, terms: &[String], field: Field, max_chars: usize) -> Vec<Segment> {
    let weights: BTreeMap<String, f32> = terms.iter().map(|t| (t.clone(), 1.0)).collect();
    let generator = SnippetGenerator::new(weights, schema::analyzer(), field, max_chars);
    let snippet = generator.snippet(text);
    if snippet.is_empty() {
        let plain: String = text.chars().take(max_chars).collect();
        let ellipsis = if plain.len() < text.len() { "…" } else { "" };
        return vec![Segment {
            text: format!("{plain}{ellipsis}"),
            mark: false,
        }];
    }
    let fragment = snippet.fragment();
    let mut segments = Vec::new();
    let mut at = 0;
    for range in snippet.highlighted() {
        if range.start > at {
            segments.push(Segment {
                text: fragment[at..range.start].to_owned(),
                mark: false,
            });
        }
        segments.push(Segment {
            text: fragment[range.clone()].to_owned(),
            mark: true,
        });
        at = range.end;
    }
    if at < fragment.len() {
        segments.push(Segment {
            text: fragment[at..].to_owned(),
            mark: false,
        });
    }
    segments
}

/// The words of `text` (as written, lower-cased) whose stems are among `terms`: one word per
/// stem, the first one written, so "drones … drone" explains a match once, as "drones".
pub fn matched_words(text: &str, terms: &[String]) -> Vec<String> {
    let mut wanted: BTreeSet<&str> = terms.iter().map(String::as_str).collect();
    let mut analyzer = schema::analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut found = Vec::new();
    while stream.advance() {
        let token = stream.token();
        if wanted.remove(token.text.as_str()) {
            found.push(text[token.offset_from..token.offset_to].to_lowercase());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_and_stems_widen_the_query() {
        let t = terms("Counter-drone radar for airports");
        assert!(t.contains(&"uav".to_owned()), "{t:?}");
        assert!(t.contains(&"radar".to_owned()));
        assert!(t.contains(&"airport".to_owned()), "stemmed: {t:?}");
        assert!(!t.contains(&"for".to_owned()));
    }

    #[test]
    fn a_multi_word_synonym_is_a_phrase_never_its_words_one_by_one() {
        // "Machine learning" brings in the AI group, whose members include "deep learning"
        // and "neural network": those count as phrases, not as "deep" or "network" alone.
        let q = WeightedText::of("Machine-learning fraud prevention for payments", true);
        let words = q.term_names();
        assert!(words.contains(&"ai".to_owned()), "{words:?}");
        assert!(!words.contains(&"deep".to_owned()), "{words:?}");
        assert!(!words.contains(&"network".to_owned()), "{words:?}");
        assert!(
            q.phrases
                .iter()
                .any(|p| p.iter().map(|(_, w)| w.as_str()).eq(["deep", "learn"])),
            "{:?}",
            q.phrases
        );
        let ai = q.terms.iter().find(|(t, _)| t == "ai").unwrap();
        assert_eq!(ai.1, SYNONYM_WEIGHT);
        let own = q.terms.iter().find(|(t, _)| t == "fraud").unwrap();
        assert_eq!(own.1, 1.0);
        let plain = WeightedText::of("Machine-learning fraud prevention for payments", false);
        assert!(plain.phrases.is_empty());
        assert!(!plain.term_names().contains(&"ai".to_owned()));
    }

    #[test]
    fn a_required_word_finds_the_documents_and_every_word_scores_them() {
        use tantivy::collector::TopDocs;
        use tantivy::schema::{Schema, TextFieldIndexing, TextOptions};
        use tantivy::{doc, Index};
        let mut builder = Schema::builder();
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(schema::ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let body = builder.add_text_field(
            "body",
            TextOptions::default()
                .set_indexing_options(indexing)
                .set_stored(),
        );
        let index = Index::create_in_ram(builder.build());
        schema::register_analyzer(&index);
        let mut writer = index.writer(15_000_000).unwrap();
        for text in [
            "radar for drones and ports",
            "ports and harbours",
            "radar with deep learning",
            "deep tech fund",
        ] {
            writer.add_document(doc!(body => text)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let text = WeightedText::of("Radar for ports, using machine learning", true);
        let fields = [(body, 1.0)];
        let hits = |required: &[&str]| {
            let required: Vec<String> = required.iter().map(|r| r.to_string()).collect();
            let query = required_term_query(&text, &required, &fields).unwrap();
            let mut found: Vec<(f32, String)> = searcher
                .search(&query, &TopDocs::with_limit(10).order_by_score())
                .unwrap()
                .into_iter()
                .map(|(score, address)| {
                    let d: tantivy::TantivyDocument = searcher.doc(address).unwrap();
                    let t = d
                        .get_first(body)
                        .and_then(|v| tantivy::schema::Value::as_str(&v))
                        .unwrap_or_default()
                        .to_owned();
                    (score, t)
                })
                .collect();
            found.sort_by(|a, b| a.1.cmp(&b.1));
            found
        };
        // "radar" required: the documents without it are not found, whatever other words they
        // share ("ports and harbours"; "deep tech fund" shares only a word of the synonym
        // phrase "deep learning", which counts only whole).
        let radar = hits(&["radar"]);
        let texts: Vec<&str> = radar.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            texts,
            ["radar for drones and ports", "radar with deep learning"]
        );
        // With "port" required too, the harbour document comes in, and the scores of the
        // others are unchanged: requiring a word changes what is found, not how it scores.
        let both = hits(&["radar", "port"]);
        assert_eq!(both.len(), 3);
        for (score, t) in &radar {
            let same = both.iter().find(|(_, u)| u == t).unwrap();
            assert!((same.0 - score).abs() < 1e-4, "{t}: {} vs {score}", same.0);
        }
        assert!(required_term_query(&text, &["sonar".to_owned()], &fields).is_none());
        assert!(required_term_query(&text, &["radar".to_owned()], &[(body, 0.0)]).is_none());
    }

    #[test]
    fn concepts_are_whole_members_after_stemming() {
        let drone = SYNONYMS.iter().position(|g| g.contains(&"uav")).unwrap();
        let ai = SYNONYMS.iter().position(|g| g.contains(&"ai")).unwrap();
        let battery = SYNONYMS
            .iter()
            .position(|g| g.contains(&"battery"))
            .unwrap();
        assert_eq!(
            concepts("Unmanned aerial systems for border patrol"),
            BTreeSet::from([drone])
        );
        assert_eq!(concepts("Swarms of Drones"), BTreeSet::from([drone]));
        assert_eq!(
            concepts("machine vision, deep-learning classifiers"),
            BTreeSet::from([ai])
        );
        assert!(concepts("machine vision for welds").is_empty());
        assert!(concepts("aerial photography of unmanned stations").is_empty());
        assert_eq!(
            concepts("energy storage and learning machines"),
            BTreeSet::from([battery])
        );
        assert_eq!(concept_term(drone), format!("g{drone}"));
    }

    #[test]
    fn matched_words_are_shown_as_written() {
        let words = matched_words("Detects small Drones by radar", &terms("drone radar"));
        assert_eq!(words, ["drones", "radar"]);
    }

    #[test]
    fn a_stem_is_explained_by_one_word_however_often_it_is_written() {
        let words = matched_words(
            "Drones hunt drones; each drone, like the radars, carries a radar",
            &terms("drone radar"),
        );
        assert_eq!(words, ["drones", "radars"]);
    }
}
