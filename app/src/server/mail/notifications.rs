//! The text of notification e-mails: stage changes, milestone decisions and reminders, access
//! requests and decisions, deadline reminders and saved-search digests. Each has a plain-text
//! and an HTML part; digests carry an unsubscribe link.

use super::templates::{escape_html, html_page};
use super::RenderedMail;

/// One notification: a greeting, paragraphs, one link to act on, and for digests a list and an
/// unsubscribe link.
struct Notice<'a> {
    kind: &'static str,
    subject: String,
    name: &'a str,
    paragraphs: Vec<String>,
    items: Vec<(String, String)>,
    action: (&'a str, &'a str),
    /// (the page that confirms, the one-click address for mail clients)
    unsubscribe: Option<(&'a str, &'a str)>,
}

impl Notice<'_> {
    fn render(self) -> RenderedMail {
        let mut text = format!("Hello {},\n\n", self.name);
        let mut body = format!("<p>Hello {},</p>\n", escape_html(self.name));
        for p in &self.paragraphs {
            text.push_str(p);
            text.push_str("\n\n");
            body.push_str(&format!("<p>{}</p>\n", escape_html(p)));
        }
        if !self.items.is_empty() {
            body.push_str("<ul>\n");
            for (title, link) in &self.items {
                text.push_str(&format!("- {title}\n  {link}\n"));
                body.push_str(&format!(
                    "<li><a href=\"{}\">{}</a></li>\n",
                    escape_html(link),
                    escape_html(title)
                ));
            }
            text.push('\n');
            body.push_str("</ul>\n");
        }
        let (label, link) = self.action;
        text.push_str(&format!("{label}: {link}\n\n— Lab2Field\n"));
        body.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>",
            escape_html(link),
            escape_html(label)
        ));
        if let Some((unsubscribe, _)) = self.unsubscribe {
            text.push_str(&format!(
                "\nYou receive this digest because you saved this search. To stop it: {unsubscribe}\n"
            ));
            body.push_str(&format!(
                "\n<p style=\"color: #5b6675; font-size: 0.9em;\">You receive this digest because you saved this search. \
                 <a href=\"{}\">Unsubscribe</a></p>",
                escape_html(unsubscribe)
            ));
        }
        RenderedMail {
            kind: self.kind,
            unsubscribe: self.unsubscribe.map(|(_, one_click)| one_click.to_owned()),
            html: html_page(&self.subject, &body),
            subject: self.subject,
            text,
        }
    }
}

/// To the founders: their enrolment moved to another stage.
pub fn stage_changed(
    name: &str,
    technology: &str,
    programme: &str,
    from: &str,
    to: &str,
    reason: &str,
    link: &str,
) -> RenderedMail {
    let mut paragraphs = vec![format!(
        "\"{technology}\" has moved from {from} to {to} in {programme}."
    )];
    if !reason.trim().is_empty() {
        paragraphs.push(format!("The programme officer wrote: {}", reason.trim()));
    }
    Notice {
        kind: "stage_changed",
        subject: format!("{technology}: now {to} in {programme}"),
        name,
        paragraphs,
        items: Vec::new(),
        action: ("See the enrolment", link),
        unsubscribe: None,
    }
    .render()
}

/// To the founders: a programme officer enrolled their technology in a programme.
pub fn enrolled(name: &str, technology: &str, programme: &str, link: &str) -> RenderedMail {
    Notice {
        kind: "enrolled",
        subject: format!("{technology}: enrolled in {programme}"),
        name,
        paragraphs: vec![
            format!("A programme officer has enrolled \"{technology}\" in {programme}. It starts at the applied stage; you will hear of every move."),
            "On the enrolment page you can follow its stage and milestones, or withdraw it.".to_owned(),
        ],
        items: Vec::new(),
        action: ("See the enrolment", link),
        unsubscribe: None,
    }
    .render()
}

/// To a programme's officers: the company took an enrolled technology back to draft or into its
/// archive, so its page is closed to them until it is submitted again.
pub fn technology_withdrawn(
    name: &str,
    technology: &str,
    company: &str,
    programme: &str,
    stage: &str,
    archived: bool,
    link: &str,
) -> RenderedMail {
    let (did, subject) = if archived {
        ("archived", format!("{technology}: archived by the company"))
    } else {
        (
            "withdrawn to draft",
            format!("{technology}: withdrawn by the company"),
        )
    };
    Notice {
        kind: "technology_withdrawn",
        subject,
        name,
        paragraphs: vec![
            format!("{company} has {did} \"{technology}\", which is enrolled in {programme} at the {stage} stage."),
            "Its details are hidden from officers and investors until the company submits it again; the enrolment and its history stay as they are.".to_owned(),
        ],
        items: Vec::new(),
        action: ("See the enrolment", link),
        unsubscribe: None,
    }
    .render()
}

/// To a programme's officers: the company withdrew its enrolment from the programme.
pub fn enrolment_withdrawn(
    name: &str,
    technology: &str,
    programme: &str,
    from: &str,
    reason: &str,
    link: &str,
) -> RenderedMail {
    let mut paragraphs = vec![format!(
        "The company has withdrawn \"{technology}\" from {programme}; it was at the {from} stage."
    )];
    if !reason.trim().is_empty() {
        paragraphs.push(format!("The company wrote: {}", reason.trim()));
    }
    Notice {
        kind: "enrolment_withdrawn",
        subject: format!("{technology}: withdrawn from {programme}"),
        name,
        paragraphs,
        items: Vec::new(),
        action: ("See the enrolment", link),
        unsubscribe: None,
    }
    .render()
}

/// To the founders: an officer verified a milestone or sent it back.
pub fn milestone_decided(
    name: &str,
    technology: &str,
    milestone: &str,
    verified: bool,
    reason: &str,
    link: &str,
) -> RenderedMail {
    let (subject, mut paragraphs) = if verified {
        (
            format!("Milestone verified: {milestone}"),
            vec![format!(
                "The milestone \"{milestone}\" of \"{technology}\" has been verified."
            )],
        )
    } else {
        (
            format!("Milestone sent back: {milestone}"),
            vec![format!(
                "The evidence for \"{milestone}\" of \"{technology}\" was sent back. Please submit it again."
            )],
        )
    };
    if !reason.trim().is_empty() {
        paragraphs.push(format!("The programme officer wrote: {}", reason.trim()));
    }
    Notice {
        kind: "milestone_decided",
        subject,
        name,
        paragraphs,
        items: Vec::new(),
        action: ("See the milestones", link),
        unsubscribe: None,
    }
    .render()
}

/// To the founders: a milestone is due within seven days.
pub fn milestone_due(
    name: &str,
    technology: &str,
    milestone: &str,
    due_on: &str,
    link: &str,
) -> RenderedMail {
    Notice {
        kind: "milestone_due",
        subject: format!("Milestone due on {due_on}: {milestone}"),
        name,
        paragraphs: vec![format!(
            "The milestone \"{milestone}\" of \"{technology}\" is due on {due_on}. Submit your evidence \
             before then so a programme officer can verify it."
        )],
        items: Vec::new(),
        action: ("Submit evidence", link),
        unsubscribe: None,
    }
    .render()
}

/// To the founders: an investor asks to see confidential details.
pub fn access_requested(
    name: &str,
    technology: &str,
    investor: &str,
    message: &str,
    notice: Option<&str>,
    link: &str,
) -> RenderedMail {
    let mut paragraphs = vec![format!(
        "{investor} asks to see the confidential details of \"{technology}\". Nothing is shared until you grant access, and you can revoke it later."
    )];
    if !message.trim().is_empty() {
        paragraphs.push(format!("Their message: {}", message.trim()));
    }
    if let Some(notice) = notice {
        paragraphs.push(format!("Foreign-investment notice: {notice}"));
    }
    Notice {
        kind: "access_requested",
        subject: format!("{investor} requests access to \"{technology}\""),
        name,
        paragraphs,
        items: Vec::new(),
        action: ("Grant or deny", link),
        unsubscribe: None,
    }
    .render()
}

/// To the investor's members: the founder granted or denied their request.
pub fn access_decided(name: &str, technology: &str, granted: bool, link: &str) -> RenderedMail {
    let (subject, paragraph) = if granted {
        (
            format!("Access granted: \"{technology}\""),
            format!("The company has granted your organisation access to the confidential details of \"{technology}\"."),
        )
    } else {
        (
            format!("Access denied: \"{technology}\""),
            format!("The company has decided not to share the confidential details of \"{technology}\" with your organisation."),
        )
    };
    Notice {
        kind: "access_decided",
        subject,
        name,
        paragraphs: vec![paragraph],
        items: Vec::new(),
        action: ("See the technology", link),
        unsubscribe: None,
    }
    .render()
}

/// To the investors of an organisation: the company withdrew the access it had granted.
pub fn access_revoked(name: &str, technology: &str, link: &str) -> RenderedMail {
    Notice {
        kind: "access_revoked",
        subject: format!("Access revoked: \"{technology}\""),
        name,
        paragraphs: vec![format!(
            "The company has revoked your organisation's access to the confidential details of \"{technology}\". Its public description stays visible; you may ask again."
        )],
        items: Vec::new(),
        action: ("See the technology", link),
        unsubscribe: None,
    }
    .render()
}

/// To a founder: a bookmarked opportunity closes in two weeks or less.
pub fn deadline_reminder(
    name: &str,
    opportunity: &str,
    deadline: &str,
    link: &str,
) -> RenderedMail {
    Notice {
        kind: "deadline_reminder",
        subject: format!("Deadline on {deadline}: {opportunity}"),
        name,
        paragraphs: vec![format!(
            "\"{opportunity}\", which you bookmarked, closes on {deadline}."
        )],
        items: Vec::new(),
        action: ("See the opportunity", link),
        unsubscribe: None,
    }
    .render()
}

/// To an officer or investor: new technologies that match a saved search.
pub fn digest(
    name: &str,
    search: &str,
    items: Vec<(String, String)>,
    link: &str,
    unsubscribe: &str,
    one_click: &str,
) -> RenderedMail {
    let count = items.len();
    Notice {
        kind: "digest",
        subject: format!(
            "{count} new {} for \"{search}\"",
            if count == 1 {
                "technology"
            } else {
                "technologies"
            }
        ),
        name,
        paragraphs: vec![format!(
            "Since the last digest, {count} newly submitted {} your saved search \"{search}\":",
            if count == 1 {
                "technology matches"
            } else {
                "technologies match"
            }
        )],
        items,
        action: ("Open the search", link),
        unsubscribe: Some((unsubscribe, one_click)),
    }
    .render()
}

/// To the invited organisation's founders: a consortium lead invites them.
pub fn consortium_invited(
    name: &str,
    lead: &str,
    topic: &str,
    role: &str,
    message: &str,
    link: &str,
) -> RenderedMail {
    let mut paragraphs = vec![format!(
        "{lead} invites your organisation to join its consortium for the EDF call topic \"{topic}\" as {role}. The other members will see your organisation, its country and the public fields of your technology; nothing confidential is shared."
    )];
    if !message.trim().is_empty() {
        paragraphs.push(format!("Their message: {}", message.trim()));
    }
    Notice {
        kind: "consortium_invited",
        subject: format!("{lead} invites you to a consortium for \"{topic}\""),
        name,
        paragraphs,
        items: Vec::new(),
        action: ("Accept or decline", link),
        unsubscribe: None,
    }
    .render()
}

/// To the lead's founders: an invited organisation accepted or declined.
pub fn consortium_answered(
    name: &str,
    partner: &str,
    topic: &str,
    accepted: bool,
    link: &str,
) -> RenderedMail {
    let (subject, paragraph) = if accepted {
        (
            format!("{partner} joined your consortium for \"{topic}\""),
            format!("{partner} accepted your invitation: it now counts in the eligibility check of your consortium for \"{topic}\"."),
        )
    } else {
        (
            format!("{partner} declined your invitation for \"{topic}\""),
            format!("{partner} declined your invitation to the consortium for \"{topic}\". The consortium page suggests other partners."),
        )
    };
    Notice {
        kind: "consortium_answered",
        subject,
        name,
        paragraphs: vec![paragraph],
        items: Vec::new(),
        action: ("See the consortium", link),
        unsubscribe: None,
    }
    .render()
}

/// To the other side: an invitation was taken back, a member removed, or a member left.
pub fn consortium_withdrawn(name: &str, what: &str, topic: &str, link: &str) -> RenderedMail {
    Notice {
        kind: "consortium_withdrawn",
        subject: format!("Consortium for \"{topic}\": {what}"),
        name,
        paragraphs: vec![format!(
            "{what} (consortium for the EDF call topic \"{topic}\")."
        )],
        items: Vec::new(),
        action: ("Your consortia", link),
        unsubscribe: None,
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(mail: &RenderedMail) -> String {
        format!(
            "Subject: {}\n\n--- text ---\n{}\n--- html ---\n{}",
            mail.subject, mail.text, mail.html
        )
    }

    #[test]
    fn stage_change_mail() {
        insta::assert_snapshot!(snapshot(&stage_changed(
            "Aino",
            "Passive RF detection",
            "EU Defence Innovation Incubator 2026",
            "Screening",
            "Selected",
            "Strong dual-use case.",
            "https://lab2field.example/enrolments/1"
        )));
    }

    #[test]
    fn rejection_mail_carries_the_reason() {
        let mail = stage_changed(
            "Aino",
            "X",
            "P",
            "Screening",
            "Rejected",
            "TRL too low <for now>",
            "https://l/e/1",
        );
        assert!(mail.text.contains("TRL too low <for now>"));
        assert!(mail.html.contains("TRL too low &lt;for now&gt;"));
    }

    #[test]
    fn milestone_mails() {
        insta::assert_snapshot!(snapshot(&milestone_decided(
            "Aino",
            "Passive RF detection",
            "Field trial",
            false,
            "The report is missing the test centre's signature.",
            "https://lab2field.example/enrolments/1"
        )));
        insta::assert_snapshot!(snapshot(&milestone_due(
            "Aino",
            "Passive RF detection",
            "Field trial",
            "2026-12-01",
            "https://lab2field.example/enrolments/1"
        )));
    }

    #[test]
    fn consortium_mails() {
        insta::assert_snapshot!(snapshot(&consortium_invited(
            "Piotr",
            "Aurora Sensing Oy",
            "Counter unmanned aerial systems",
            "beneficiary",
            "Your passive radar would complete our RF sensing.",
            "https://lab2field.example/consortia/1"
        )));
        insta::assert_snapshot!(snapshot(&consortium_answered(
            "Sofia",
            "Wisła Radar sp. z o.o.",
            "Counter unmanned aerial systems",
            true,
            "https://lab2field.example/consortia/1"
        )));
        let hostile = consortium_invited(
            "P",
            "A <b>Lead</b>",
            "T",
            "beneficiary",
            "<script>alert(1)</script>",
            "https://l/c/1",
        );
        assert!(hostile
            .html
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!hostile.html.contains("<script>"));
        assert!(!hostile.html.contains("<b>Lead</b>"));
    }

    #[test]
    fn access_mails() {
        insta::assert_snapshot!(snapshot(&access_requested(
            "Aino",
            "Passive RF detection",
            "Keen Venture Partners",
            "We invest in sensing.",
            Some("This investor is based in Switzerland, outside the EU, the EEA and NATO."),
            "https://lab2field.example/technologies/1"
        )));
        insta::assert_snapshot!(snapshot(&access_decided(
            "Iris",
            "Passive RF detection",
            true,
            "https://lab2field.example/technologies/1"
        )));
    }

    #[test]
    fn reminder_and_digest_mails() {
        insta::assert_snapshot!(snapshot(&deadline_reminder(
            "Aino",
            "Counter-UAS sensing",
            "2026-12-05",
            "https://lab2field.example/opportunities/EDF-2026-DA-C4ISR-CUAS"
        )));
        let digest = digest(
            "Olli",
            "counter-drone radar",
            vec![(
                "Passive RF detection".into(),
                "https://lab2field.example/technologies/1".into(),
            )],
            "https://lab2field.example/search?q=counter-drone+radar",
            "https://lab2field.example/unsubscribe?token=abc",
            "https://lab2field.example/unsubscribe/one-click?token=abc",
        );
        assert_eq!(
            digest.unsubscribe.as_deref(),
            Some("https://lab2field.example/unsubscribe/one-click?token=abc")
        );
        assert!(digest
            .text
            .contains("https://lab2field.example/unsubscribe?token=abc"));
        assert!(digest.html.contains("Unsubscribe"));
        insta::assert_snapshot!(snapshot(&digest));
    }
}
