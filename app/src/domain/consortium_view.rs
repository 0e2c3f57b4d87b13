//! What a consortium's members and programme officers see of draft consortia: the wire types
//! the consortium service fills and the pages show. Public technology fields only.

use super::company::EntityType;
use super::consortium::{CallRules, Eligibility, MemberRole, MemberStatus};
use super::country::CountryCode;
use super::critical_area::CriticalArea;
use super::trl::Trl;
use serde::{Deserialize, Serialize};

/// The public fields of the technology a member brings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicTechnology {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub trl: Trl,
    pub areas: Vec<CriticalArea>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    /// The membership's id (answers and withdrawals name it).
    pub id: i64,
    pub organisation: String,
    pub country: CountryCode,
    pub entity_type: EntityType,
    pub is_sme: bool,
    /// Declared control from outside the EU and Norway.
    pub controlled_from: Option<CountryCode>,
    /// The group it declared (entities of one group count once).
    pub group: Option<String>,
    pub role: MemberRole,
    pub status: MemberStatus,
    /// The organisation that opened the draft and invites.
    pub is_lead: bool,
    /// The caller's own organisation.
    pub is_you: bool,
    pub technology: Option<PublicTechnology>,
    /// The invitation's message: shown to the lead and to the invited organisation only.
    pub message: Option<String>,
}

/// A company whose technology fits the topic and which looks for consortium partners, with
/// what it would add.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub organisation_id: i64,
    pub organisation: String,
    pub country: CountryCode,
    pub entity_type: EntityType,
    pub technology: PublicTechnology,
    pub score: f32,
    /// Why, in words: "adds Poland — a third eligible country", "covers space, which the call
    /// asks for", "TRL 6, in the call's window (TRL 4–7)".
    pub reasons: Vec<String>,
    /// Inviting it (once it accepts) closes a gap the check names.
    pub closes_gap: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsortiumView {
    pub id: i64,
    pub topic_id: String,
    pub topic_title: String,
    pub rules: CallRules,
    pub eligibility: Eligibility,
    pub eligible: bool,
    pub members: Vec<MemberView>,
    /// The lead's view only; empty for everyone else.
    pub suggestions: Vec<Suggestion>,
    /// The caller belongs to the lead organisation: it invites and removes.
    pub can_manage: bool,
}

/// One line of "your consortia".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsortiumSummary {
    pub id: i64,
    pub topic_id: String,
    pub topic_title: String,
    pub lead: String,
    pub is_lead: bool,
    pub your_role: MemberRole,
    pub your_status: MemberStatus,
    /// Membership id of the caller's organisation (for answering from the list).
    pub membership_id: i64,
    pub accepted_members: usize,
    pub eligible: bool,
}

/// Officers: consortia forming for one call topic — a signal of demand — without names or
/// confidential content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicDemand {
    pub topic_id: String,
    pub topic_title: String,
    pub deadline: Option<String>,
    pub consortia: usize,
    /// Drafts that pass every rule today.
    pub eligible: usize,
    /// Countries of accepted members over all drafts.
    pub countries: Vec<CountryCode>,
    pub organisations: usize,
}
