//! E-mails about the account itself: a password-reset link, a sign-in lockout, a sign-up with
//! an address that already has an account, a changed password and a disabled account.

use super::templates::{escape_html, html_page};
use super::RenderedMail;

fn mail(kind: &'static str, subject: &str, paragraphs: &[String]) -> RenderedMail {
    let text = format!("{}\n\n— Lab2Field\n", paragraphs.join("\n\n"));
    let body = paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>", escape_html(p).replace('\n', "<br>")))
        .collect::<Vec<_>>()
        .join("\n");
    RenderedMail {
        kind,
        unsubscribe: None,
        html: html_page(subject, &body),
        subject: subject.to_owned(),
        text,
    }
}

/// The link that sets a new password; valid one hour, once.
pub fn password_reset(display_name: &str, link: &str) -> RenderedMail {
    mail(
        "password_reset",
        "Reset your Lab2Field password",
        &[
            format!("Hello {display_name},"),
            "someone — probably you — asked to reset the password of your Lab2Field account. \
             Open this link to choose a new one:"
                .to_owned(),
            link.to_owned(),
            "The link works once, for one hour. Setting a new password signs your account out \
             everywhere. If you did not ask for this, ignore this message: your password stays \
             as it is."
                .to_owned(),
        ],
    )
}

/// Sent when wrong passwords locked sign-in to the account for a while.
pub fn sign_in_locked(display_name: &str, minutes: i64, reset_link: &str) -> RenderedMail {
    mail(
        "sign_in_locked",
        "Sign-in to your Lab2Field account is paused",
        &[
            format!("Hello {display_name},"),
            format!(
                "after several wrong passwords, signing in to your Lab2Field account is paused \
                 for {minutes} minutes — also with the right password."
            ),
            format!(
                "If that was you, wait and try again. If it was not, someone may be guessing your \
                 password: choose a new one here: {reset_link}"
            ),
        ],
    )
}

/// Sent instead of an error when someone signs up with an address that has an account, so the
/// sign-up page does not tell strangers which addresses are registered.
pub fn already_registered(
    display_name: &str,
    sign_in_link: &str,
    reset_link: &str,
) -> RenderedMail {
    mail(
        "already_registered",
        "You already have a Lab2Field account",
        &[
            format!("Hello {display_name},"),
            "someone — probably you — tried to create a Lab2Field account with this e-mail \
             address, which already has one. No new account was created."
                .to_owned(),
            format!("Sign in here: {sign_in_link}"),
            format!("Forgot your password? Choose a new one here: {reset_link}"),
            "If it was not you, you can ignore this message.".to_owned(),
        ],
    )
}

/// Confirms a password change or reset, which ended every other session.
pub fn password_changed(display_name: &str, reset_link: &str) -> RenderedMail {
    mail(
        "password_changed",
        "Your Lab2Field password was changed",
        &[
            format!("Hello {display_name},"),
            "the password of your Lab2Field account was just changed, and every other session \
             of the account was signed out."
                .to_owned(),
            format!("If you did not do this, choose a new password at once: {reset_link}"),
        ],
    )
}

/// Tells the owner an administrator disabled or re-enabled the account.
pub fn account_disabled(display_name: &str, disabled: bool) -> RenderedMail {
    let (subject, what) = if disabled {
        (
            "Your Lab2Field account was disabled",
            "an administrator disabled your Lab2Field account: you have been signed out and \
             cannot sign in until it is enabled again.",
        )
    } else {
        (
            "Your Lab2Field account was enabled again",
            "an administrator enabled your Lab2Field account again: you can sign in.",
        )
    };
    mail(
        if disabled {
            "account_disabled"
        } else {
            "account_enabled"
        },
        subject,
        &[format!("Hello {display_name},"), what.to_owned()],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reset_mail_carries_the_link_and_escapes_names_in_html() {
        let m = password_reset("Ada <b>", "https://x.example/reset-password?token=abc");
        assert!(m
            .text
            .contains("https://x.example/reset-password?token=abc"));
        assert!(m.html.contains("Ada &lt;b&gt;"));
        assert!(m.text.contains("one hour"));
    }
}
