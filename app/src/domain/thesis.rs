//! An investor's thesis as data: the critical areas, stages, tickets, geography, TRL band and
//! focus it invests in. Matching ranks investors and their deal flow by it and explains itself
//! with it ("Finland is in the fund's focus countries"), so a fund is not reduced to its text.

use super::country::{CountryCode, EU27, NATO};
use super::critical_area::CriticalArea;
use super::trl::Trl;
use crate::error::FieldErrors;
use serde::{Deserialize, Serialize};

slug_enum! {
    /// Financing rounds, earliest first.
    Stage, "must be one of: pre_seed, seed, series_a, series_b, growth" {
        PreSeed => ("pre_seed", "Pre-seed"),
        Seed => ("seed", "Seed"),
        SeriesA => ("series_a", "Series A"),
        SeriesB => ("series_b", "Series B"),
        Growth => ("growth", "Growth"),
    }
}

impl Stage {
    /// The rounds a company at this TRL usually raises: research and prototypes are financed
    /// at pre-seed and seed, a demonstrated system at Series A/B, a qualified product later.
    pub fn for_trl(trl: Trl) -> &'static [Stage] {
        match trl.get() {
            1..=3 => &[Stage::PreSeed, Stage::Seed],
            4..=5 => &[Stage::Seed, Stage::SeriesA],
            6..=7 => &[Stage::SeriesA, Stage::SeriesB],
            _ => &[Stage::SeriesB, Stage::Growth],
        }
    }

    /// The rounds one step either side of the usual ones: TRL says little about money (a
    /// defence start-up often reaches TRL 6 on grants and raises its seed round there), so a
    /// fund at a neighbouring round is plausible, only not the best fit.
    pub fn next_to_trl(trl: Trl) -> &'static [Stage] {
        match trl.get() {
            1..=3 => &[Stage::SeriesA],
            4..=5 => &[Stage::PreSeed, Stage::SeriesB],
            6..=7 => &[Stage::Seed, Stage::Growth],
            _ => &[Stage::SeriesA],
        }
    }
}

slug_enum! {
    /// Which markets a fund backs technologies for.
    Focus, "must be one of: defence, dual_use, civil" {
        Defence => ("defence", "Defence"),
        DualUse => ("dual_use", "Dual-use"),
        Civil => ("civil", "Civil"),
    }
}

slug_enum! {
    /// How money reaches a company: a fund-of-funds backs other funds, not companies.
    Invests, "must be one of: directly, through_funds, both" {
        Directly => ("directly", "Directly in companies"),
        ThroughFunds => ("through_funds", "Through other funds only"),
        Both => ("both", "Directly and through other funds"),
    }
}

slug_enum! {
    /// Named groups of countries a thesis can give instead of listing every country.
    Region, "must be one of: europe, eu, nato_europe, nordics, baltics, cee, dach, benelux" {
        Europe => ("europe", "Europe"),
        Eu => ("eu", "European Union"),
        NatoEurope => ("nato_europe", "European NATO members"),
        Nordics => ("nordics", "Nordic countries"),
        Baltics => ("baltics", "Baltic states"),
        Cee => ("cee", "Central and Eastern Europe"),
        Dach => ("dach", "Germany, Austria and Switzerland"),
        Benelux => ("benelux", "Benelux"),
    }
}

/// European countries outside the EU that European funds commonly invest in.
const EUROPE_NON_EU: [&str; 13] = [
    "AL", "BA", "CH", "GB", "IS", "LI", "MD", "ME", "MK", "NO", "RS", "TR", "UA",
];

impl Region {
    pub fn contains(self, c: &CountryCode) -> bool {
        self.contains_code(c.as_str())
    }

    fn contains_code(self, code: &str) -> bool {
        match self {
            Region::Europe => EU27.contains(&code) || EUROPE_NON_EU.contains(&code),
            Region::Eu => EU27.contains(&code),
            Region::NatoEurope => NATO.contains(&code) && !matches!(code, "US" | "CA"),
            Region::Nordics => matches!(code, "DK" | "FI" | "IS" | "NO" | "SE"),
            Region::Baltics => matches!(code, "EE" | "LV" | "LT"),
            Region::Cee => matches!(
                code,
                "BG" | "CZ" | "EE" | "HR" | "HU" | "LT" | "LV" | "PL" | "RO" | "SI" | "SK" | "UA"
            ),
            Region::Dach => matches!(code, "DE" | "AT" | "CH"),
            Region::Benelux => matches!(code, "BE" | "NL" | "LU"),
        }
    }

    /// How many countries the region holds, for how specific a geography is.
    pub fn size(self) -> usize {
        CountryCode::all()
            .filter(|(code, _)| self.contains_code(code))
            .count()
    }
}

/// Largest ticket a thesis can state (EUR 10 billion): beyond any fund in existence.
pub const MAX_TICKET_EUR: u64 = 10_000_000_000;

/// A ticket range in euros; `min_eur <= max_eur <= MAX_TICKET_EUR` always holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawTicket", into = "RawTicket")]
pub struct TicketRange {
    min_eur: u64,
    max_eur: u64,
}

#[derive(Serialize, Deserialize)]
struct RawTicket {
    min_eur: u64,
    max_eur: u64,
}

impl TryFrom<RawTicket> for TicketRange {
    type Error = String;
    fn try_from(raw: RawTicket) -> Result<Self, String> {
        TicketRange::new(raw.min_eur, raw.max_eur)
    }
}

impl From<TicketRange> for RawTicket {
    fn from(t: TicketRange) -> Self {
        RawTicket {
            min_eur: t.min_eur,
            max_eur: t.max_eur,
        }
    }
}

impl TicketRange {
    pub fn new(min_eur: u64, max_eur: u64) -> Result<Self, String> {
        if max_eur > MAX_TICKET_EUR {
            Err(format!("must be at most {MAX_TICKET_EUR} euros"))
        } else if min_eur > max_eur {
            Err("the minimum must not be above the maximum".to_owned())
        } else {
            Ok(Self { min_eur, max_eur })
        }
    }
    pub fn min_eur(self) -> u64 {
        self.min_eur
    }
    pub fn max_eur(self) -> u64 {
        self.max_eur
    }
    pub fn contains(self, eur: u64) -> bool {
        (self.min_eur..=self.max_eur).contains(&eur)
    }
    /// "EUR 0.5m–10m", for cards and checks.
    pub fn describe(self) -> String {
        format!(
            "EUR {}–{}",
            short_eur(self.min_eur),
            short_eur(self.max_eur)
        )
    }
}

/// 500000 → "0.5m", 15000000 → "15m", 250000 → "250k".
pub fn short_eur(eur: u64) -> String {
    let trim = |v: f64| {
        let s = format!("{v:.1}");
        s.trim_end_matches(".0").to_owned()
    };
    if eur >= 1_000_000_000 {
        format!("{}bn", trim(eur as f64 / 1e9))
    } else if eur >= 100_000 {
        format!("{}m", trim(eur as f64 / 1e6))
    } else if eur >= 1_000 {
        format!("{}k", trim(eur as f64 / 1e3))
    } else {
        eur.to_string()
    }
}

/// A thesis that passed every check. Built by [`InvestorThesis::from_raw`] (catalogue files)
/// or [`ThesisForm::parse`] (the organisation page); both refuse what would not make sense.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawThesis", into = "RawThesis")]
pub struct InvestorThesis {
    /// Critical areas the fund invests in; empty for a generalist.
    pub areas: Vec<CriticalArea>,
    /// Rounds it takes part in; empty when not stated.
    pub stages: Vec<Stage>,
    pub ticket: Option<TicketRange>,
    /// Where it may invest: these countries and regions together; both empty means anywhere.
    pub countries: Vec<CountryCode>,
    pub regions: Vec<Region>,
    /// Where most of its investments are made (its home market); a strong ranking signal.
    pub focus_countries: Vec<CountryCode>,
    pub trl_min: Option<Trl>,
    pub trl_max: Option<Trl>,
    pub focus: Vec<Focus>,
    pub invests: Invests,
}

/// A company an investor has backed, from its published portfolio. Matching compares a
/// founder's technology with them (`server::search::portfolio`): funds back what resembles what
/// they backed before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortfolioCompany {
    pub name: String,
    pub country: CountryCode,
    /// What the company does, in a founder's plain words.
    pub description: String,
}

/// Most portfolio companies one investor entry may list.
pub const MAX_PORTFOLIO: usize = 200;
pub const MAX_PORTFOLIO_NAME_CHARS: usize = 120;
pub const MAX_PORTFOLIO_DESCRIPTION_CHARS: usize = 400;

/// Most entries a thesis list may hold (there are fewer areas, stages and regions than this;
/// countries are bounded by the ISO list).
pub const MAX_THESIS_COUNTRIES: usize = 60;

impl InvestorThesis {
    /// `None` when the thesis names no geography (it may invest anywhere).
    pub fn invests_in(&self, c: &CountryCode) -> Option<bool> {
        if self.countries.is_empty() && self.regions.is_empty() {
            return None;
        }
        Some(self.countries.contains(c) || self.regions.iter().any(|r| r.contains(c)))
    }

    /// Countries it focuses on: the stated focus, or the whole geography when that is small.
    pub fn focus_size(&self, c: &CountryCode) -> Option<usize> {
        if self.focus_countries.contains(c) {
            return Some(self.focus_countries.len());
        }
        if !self.focus_countries.is_empty() {
            return None;
        }
        if self.invests_in(c) == Some(true) {
            let size = self.countries.len() + self.regions.iter().map(|r| r.size()).sum::<usize>();
            return Some(size.max(1));
        }
        None
    }

    /// "Finland, Sweden" or "Europe" — where it invests, for cards.
    pub fn geography(&self) -> String {
        let mut parts: Vec<String> = self.regions.iter().map(|r| r.label().to_owned()).collect();
        parts.extend(self.countries.iter().map(|c| c.name().to_owned()));
        if parts.is_empty() {
            "anywhere".to_owned()
        } else {
            parts.join(", ")
        }
    }

    pub fn trl_band(&self) -> Option<String> {
        match (self.trl_min, self.trl_max) {
            (Some(a), Some(b)) => Some(format!("TRL {}–{}", a.get(), b.get())),
            (Some(a), None) => Some(format!("TRL {} or more", a.get())),
            (None, Some(b)) => Some(format!("up to TRL {}", b.get())),
            (None, None) => None,
        }
    }

    /// Checks a thesis as written in a catalogue file; each problem names its field.
    pub fn from_raw(raw: &RawThesis) -> Result<Self, Vec<(String, String)>> {
        let mut issues = Vec::new();
        let mut list = |field: &str, values: &[String], max: usize| -> Vec<String> {
            if values.len() > max {
                issues.push((
                    format!("thesis.{field}"),
                    format!("must have at most {max} entries"),
                ));
                return Vec::new();
            }
            values.to_vec()
        };
        let areas_raw = list("areas", &raw.areas, CriticalArea::ALL.len());
        let stages_raw = list("stages", &raw.stages, Stage::ALL.len());
        let countries_raw = list("countries", &raw.countries, MAX_THESIS_COUNTRIES);
        let regions_raw = list("regions", &raw.regions, Region::ALL.len());
        let focus_countries_raw = list(
            "focus_countries",
            &raw.focus_countries,
            MAX_THESIS_COUNTRIES,
        );
        let focus_raw = list("focus", &raw.focus, Focus::ALL.len());
        let mut each =
            |field: &str, values: &[String], parse: &dyn Fn(&str) -> Result<(), String>| {
                for (i, v) in values.iter().enumerate() {
                    if let Err(reason) = parse(v) {
                        issues.push((format!("thesis.{field}[{i}]"), reason));
                    }
                }
            };
        each("areas", &areas_raw, &|v| {
            v.parse::<CriticalArea>().map(|_| ()).map_err(|_| {
                format!(
                    "{v:?} is not a critical area; use one of: {}",
                    CriticalArea::ALL.map(|a| a.slug()).join(", ")
                )
            })
        });
        each("stages", &stages_raw, &|v| v.parse::<Stage>().map(|_| ()));
        each("regions", &regions_raw, &|v| {
            v.parse::<Region>().map(|_| ())
        });
        each("focus", &focus_raw, &|v| v.parse::<Focus>().map(|_| ()));
        each("countries", &countries_raw, &|v| {
            CountryCode::parse(v).map(|_| ()).map_err(|e| e.to_string())
        });
        each("focus_countries", &focus_countries_raw, &|v| {
            CountryCode::parse(v).map(|_| ()).map_err(|e| e.to_string())
        });
        let ticket = match (raw.ticket_min_eur, raw.ticket_max_eur) {
            (None, None) => None,
            (Some(min), Some(max)) => match TicketRange::new(min, max) {
                Ok(t) => Some(t),
                Err(reason) => {
                    issues.push(("thesis.ticket_max_eur".to_owned(), reason));
                    None
                }
            },
            _ => {
                issues.push((
                    "thesis.ticket_max_eur".to_owned(),
                    "give both ticket_min_eur and ticket_max_eur, or neither".to_owned(),
                ));
                None
            }
        };
        let trl = |field: &str, v: Option<u8>, issues: &mut Vec<(String, String)>| {
            v.and_then(|t| match Trl::try_from(t) {
                Ok(t) => Some(t),
                Err(e) => {
                    issues.push((format!("thesis.{field}"), e.to_string()));
                    None
                }
            })
        };
        let trl_min = trl("trl_min", raw.trl_min, &mut issues);
        let trl_max = trl("trl_max", raw.trl_max, &mut issues);
        if let (Some(a), Some(b)) = (trl_min, trl_max) {
            if a > b {
                issues.push((
                    "thesis.trl_max".to_owned(),
                    "must not be below trl_min".to_owned(),
                ));
            }
        }
        let invests = match raw.invests.as_deref() {
            None => Invests::Directly,
            Some(v) => v.parse::<Invests>().unwrap_or_else(|reason| {
                issues.push(("thesis.invests".to_owned(), reason));
                Invests::Directly
            }),
        };
        if !issues.is_empty() {
            return Err(issues);
        }
        Ok(Self {
            areas: dedup(areas_raw.iter().filter_map(|v| v.parse().ok())),
            stages: dedup(stages_raw.iter().filter_map(|v| v.parse().ok())),
            ticket,
            countries: dedup(
                countries_raw
                    .iter()
                    .filter_map(|v| CountryCode::parse(v).ok()),
            ),
            regions: dedup(regions_raw.iter().filter_map(|v| v.parse().ok())),
            focus_countries: dedup(
                focus_countries_raw
                    .iter()
                    .filter_map(|v| CountryCode::parse(v).ok()),
            ),
            trl_min,
            trl_max,
            focus: dedup(focus_raw.iter().filter_map(|v| v.parse().ok())),
            invests,
        })
    }

    /// The catalogue file's shape of this thesis.
    pub fn to_raw(&self) -> RawThesis {
        let slugs = |v: Vec<&str>| v.into_iter().map(str::to_owned).collect();
        RawThesis {
            areas: slugs(self.areas.iter().map(|a| a.slug()).collect()),
            stages: slugs(self.stages.iter().map(|s| s.slug()).collect()),
            ticket_min_eur: self.ticket.map(|t| t.min_eur()),
            ticket_max_eur: self.ticket.map(|t| t.max_eur()),
            countries: slugs(self.countries.iter().map(|c| c.as_str()).collect()),
            regions: slugs(self.regions.iter().map(|r| r.slug()).collect()),
            focus_countries: slugs(self.focus_countries.iter().map(|c| c.as_str()).collect()),
            trl_min: self.trl_min.map(|t| t.get()),
            trl_max: self.trl_max.map(|t| t.get()),
            focus: slugs(self.focus.iter().map(|f| f.slug()).collect()),
            invests: Some(self.invests.slug().to_owned()),
        }
    }
}

/// Stored and sent in the catalogue file's shape, so a stored thesis is re-checked when read.
impl TryFrom<RawThesis> for InvestorThesis {
    type Error = String;
    fn try_from(raw: RawThesis) -> Result<Self, String> {
        InvestorThesis::from_raw(&raw).map_err(|issues| {
            issues
                .into_iter()
                .map(|(field, reason)| format!("{field}: {reason}"))
                .collect::<Vec<_>>()
                .join("; ")
        })
    }
}

impl From<InvestorThesis> for RawThesis {
    fn from(t: InvestorThesis) -> Self {
        t.to_raw()
    }
}

fn dedup<T: PartialEq>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut out = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// A thesis as a catalogue file writes it (`"thesis": {…}` on an investor entry): slugs and
/// ISO codes, checked by [`InvestorThesis::from_raw`]. Unknown keys are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawThesis {
    #[serde(default)]
    pub areas: Vec<String>,
    #[serde(default)]
    pub stages: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_min_eur: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_max_eur: Option<u64>,
    #[serde(default)]
    pub countries: Vec<String>,
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default)]
    pub focus_countries: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trl_min: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trl_max: Option<u8>,
    #[serde(default)]
    pub focus: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invests: Option<String>,
}

/// The thesis part of the investor organisation form: lists as checkboxes, codes as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThesisForm {
    #[serde(default)]
    pub areas: Vec<String>,
    #[serde(default)]
    pub stages: Vec<String>,
    #[serde(default)]
    pub ticket_min_eur: String,
    #[serde(default)]
    pub ticket_max_eur: String,
    /// ISO codes separated by commas or spaces.
    #[serde(default)]
    pub countries: String,
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default)]
    pub focus_countries: String,
    #[serde(default)]
    pub trl_min: String,
    #[serde(default)]
    pub trl_max: String,
    #[serde(default)]
    pub focus: Vec<String>,
    #[serde(default)]
    pub invests: String,
    /// The thesis in the organisation's own words (the organisation page only; the catalogue
    /// format has the entry's description instead).
    #[serde(default)]
    pub text: String,
}

impl ThesisForm {
    pub fn from_thesis(t: &InvestorThesis) -> Self {
        let raw = t.to_raw();
        Self {
            areas: raw.areas,
            stages: raw.stages,
            ticket_min_eur: raw
                .ticket_min_eur
                .map(|v| v.to_string())
                .unwrap_or_default(),
            ticket_max_eur: raw
                .ticket_max_eur
                .map(|v| v.to_string())
                .unwrap_or_default(),
            countries: raw.countries.join(", "),
            regions: raw.regions,
            focus_countries: raw.focus_countries.join(", "),
            trl_min: raw.trl_min.map(|v| v.to_string()).unwrap_or_default(),
            trl_max: raw.trl_max.map(|v| v.to_string()).unwrap_or_default(),
            focus: raw.focus,
            invests: raw.invests.unwrap_or_default(),
            text: String::new(),
        }
    }

    /// `Ok(None)` when nothing was filled in; the errors name the form's own fields.
    pub fn parse(&self) -> Result<Option<InvestorThesis>, FieldErrors> {
        let mut e = FieldErrors::new();
        let amount = |field: &str, raw: &str, e: &mut FieldErrors| -> Option<u64> {
            let cleaned: String = raw
                .chars()
                .filter(|c| !matches!(c, ' ' | '_' | ','))
                .collect();
            if cleaned.is_empty() {
                return None;
            }
            match cleaned.parse::<u64>() {
                Ok(v) if v <= MAX_TICKET_EUR => Some(v),
                _ => {
                    e.add(
                        field,
                        format!("enter a whole number of euros from 0 to {MAX_TICKET_EUR}"),
                    );
                    None
                }
            }
        };
        let codes = |raw: &str| -> Vec<String> {
            raw.split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let trl = |field: &str, raw: &str, e: &mut FieldErrors| -> Option<u8> {
            let raw = raw.trim();
            if raw.is_empty() {
                return None;
            }
            e.check(field, Trl::parse(raw)).map(|t| t.get())
        };
        let ticket_min_eur = amount("ticket_min_eur", &self.ticket_min_eur, &mut e);
        let ticket_max_eur = amount("ticket_max_eur", &self.ticket_max_eur, &mut e);
        let raw = RawThesis {
            areas: self.areas.clone(),
            stages: self.stages.clone(),
            ticket_min_eur,
            ticket_max_eur,
            countries: codes(&self.countries),
            regions: self.regions.clone(),
            focus_countries: codes(&self.focus_countries),
            trl_min: trl("trl_min", &self.trl_min, &mut e),
            trl_max: trl("trl_max", &self.trl_max, &mut e),
            focus: self.focus.clone(),
            invests: Some(self.invests.trim().to_owned()).filter(|s| !s.is_empty()),
        };
        let blank = raw.areas.is_empty()
            && raw.stages.is_empty()
            && raw.ticket_min_eur.is_none()
            && raw.ticket_max_eur.is_none()
            && raw.countries.is_empty()
            && raw.regions.is_empty()
            && raw.focus_countries.is_empty()
            && raw.trl_min.is_none()
            && raw.trl_max.is_none()
            && raw.focus.is_empty();
        if blank && e.is_empty() {
            return Ok(None);
        }
        // Every wrong field at once: the parts that read as text are checked as a thesis too.
        match InvestorThesis::from_raw(&raw) {
            Ok(thesis) if e.is_empty() => Ok(Some(thesis)),
            Ok(_) => Err(e),
            Err(issues) => {
                for (field, reason) in issues {
                    // "thesis.countries[2]" → the form's "countries" field.
                    let name = field
                        .trim_start_matches("thesis.")
                        .split('[')
                        .next()
                        .unwrap_or_default()
                        .to_owned();
                    // A ticket bound that was not a number is already named; its pair is not
                    // missing.
                    let already = e.get(&name).is_some()
                        || (name == "ticket_max_eur" && e.get("ticket_min_eur").is_some());
                    if !already {
                        e.add(&name, reason);
                    }
                }
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawThesis {
        RawThesis {
            areas: vec!["space".into(), "sensing".into()],
            stages: vec!["seed".into(), "series_a".into()],
            ticket_min_eur: Some(500_000),
            ticket_max_eur: Some(10_000_000),
            countries: vec!["FR".into()],
            regions: vec![],
            focus_countries: vec![],
            trl_min: Some(4),
            trl_max: Some(8),
            focus: vec!["defence".into(), "dual_use".into()],
            invests: Some("directly".into()),
        }
    }

    #[test]
    fn a_valid_thesis_round_trips_through_the_file_shape() {
        let t = InvestorThesis::from_raw(&raw()).unwrap();
        assert_eq!(t.areas, vec![CriticalArea::Space, CriticalArea::Sensing]);
        assert_eq!(t.ticket.unwrap().describe(), "EUR 0.5m–10m");
        assert_eq!(InvestorThesis::from_raw(&t.to_raw()).unwrap(), t);
        let fr = CountryCode::parse("FR").unwrap();
        let de = CountryCode::parse("DE").unwrap();
        assert_eq!(t.invests_in(&fr), Some(true));
        assert_eq!(t.invests_in(&de), Some(false));
        assert_eq!(t.focus_size(&fr), Some(1));
        assert_eq!(t.focus_size(&de), None);
    }

    #[test]
    fn every_wrong_field_is_named_and_nothing_is_accepted() {
        let mut r = raw();
        r.areas.push("cyber".into());
        r.stages.push("ipo".into());
        r.countries.push("XX".into());
        r.ticket_min_eur = Some(20_000_000);
        r.trl_min = Some(9);
        r.trl_max = Some(12);
        r.invests = Some("sometimes".into());
        let issues = InvestorThesis::from_raw(&r).unwrap_err();
        let fields: Vec<&str> = issues.iter().map(|(f, _)| f.as_str()).collect();
        for expected in [
            "thesis.areas[2]",
            "thesis.stages[2]",
            "thesis.countries[1]",
            "thesis.ticket_max_eur",
            "thesis.trl_max",
            "thesis.invests",
        ] {
            assert!(
                fields.contains(&expected),
                "{expected} missing from {fields:?}"
            );
        }
    }

    #[test]
    fn regions_count_as_geography_and_a_broad_one_is_not_a_focus() {
        let t = InvestorThesis {
            regions: vec![Region::Nordics],
            focus_countries: vec![CountryCode::parse("DK").unwrap()],
            ..InvestorThesis::from_raw(&RawThesis::default()).unwrap()
        };
        let fi = CountryCode::parse("FI").unwrap();
        let dk = CountryCode::parse("DK").unwrap();
        let pl = CountryCode::parse("PL").unwrap();
        assert_eq!(t.invests_in(&fi), Some(true));
        assert_eq!(t.invests_in(&pl), Some(false));
        assert_eq!(t.focus_size(&dk), Some(1));
        assert_eq!(
            t.focus_size(&fi),
            None,
            "in the geography but not the focus"
        );
        assert_eq!(Region::Nordics.size(), 5);
        assert!(Region::Europe.contains(&CountryCode::parse("UA").unwrap()));
        assert!(!Region::NatoEurope.contains(&CountryCode::parse("US").unwrap()));
    }

    #[test]
    fn stages_follow_maturity() {
        assert_eq!(
            Stage::for_trl(Trl::try_from(2).unwrap()),
            &[Stage::PreSeed, Stage::Seed]
        );
        assert_eq!(
            Stage::for_trl(Trl::try_from(6).unwrap()),
            &[Stage::SeriesA, Stage::SeriesB]
        );
        assert_eq!(
            Stage::for_trl(Trl::try_from(9).unwrap()),
            &[Stage::SeriesB, Stage::Growth]
        );
    }

    #[test]
    fn the_form_reports_its_own_fields_and_an_empty_form_is_no_thesis() {
        assert_eq!(ThesisForm::default().parse(), Ok(None));
        let form = ThesisForm {
            ticket_min_eur: "lots".into(),
            countries: "FI, Narnia".into(),
            trl_min: "11".into(),
            ..Default::default()
        };
        let errors = form.parse().unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"ticket_min_eur"), "{fields:?}");
        assert!(fields.contains(&"trl_min"), "{fields:?}");
        let form = ThesisForm {
            countries: "FI, Narnia".into(),
            ..Default::default()
        };
        let errors = form.parse().unwrap_err();
        assert_eq!(errors.0[0].field, "countries");
        let ok = ThesisForm {
            areas: vec!["space".into()],
            countries: "fi se".into(),
            ticket_min_eur: "250 000".into(),
            ticket_max_eur: "2,000,000".into(),
            invests: "directly".into(),
            ..Default::default()
        };
        let t = ok.parse().unwrap().unwrap();
        assert_eq!(t.countries.len(), 2);
        assert_eq!(
            t.ticket,
            Some(TicketRange::new(250_000, 2_000_000).unwrap())
        );
        assert_eq!(ThesisForm::from_thesis(&t).parse().unwrap().unwrap(), t);
    }
}
