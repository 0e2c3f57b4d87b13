//! The text of every e-mail Lab2Field sends, as plain text and HTML.

use super::RenderedMail;

/// Escapes text for inclusion in HTML element content or a quoted attribute.
pub fn escape_html(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn html_page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\n\
         <body style=\"font-family: system-ui, sans-serif; line-height: 1.5; color: #1b2430; max-width: 36rem;\">\n\
         {body}\n<p style=\"color: #5b6675;\">— Lab2Field</p>\n</body></html>\n",
        title = escape_html(title),
    )
}

/// Sent at sign-up and on request: the link that confirms the address.
pub fn verification(display_name: &str, link: &str) -> RenderedMail {
    let subject = "Confirm your e-mail address for Lab2Field".to_owned();
    let text = format!(
        "Hello {display_name},\n\
         \n\
         welcome to Lab2Field. Please confirm your e-mail address by opening this link:\n\
         \n\
         {link}\n\
         \n\
         The link is valid for 48 hours. Until you confirm, you can sign in and prepare your\n\
         profile, but you cannot submit anything to programme officers or investors.\n\
         \n\
         If you did not create this account, you can ignore this message.\n\
         \n\
         — Lab2Field\n"
    );
    let body = format!(
        "<p>Hello {name},</p>\n\
         <p>welcome to Lab2Field. Please confirm your e-mail address:</p>\n\
         <p><a href=\"{href}\">Confirm my e-mail address</a></p>\n\
         <p>Or paste this link into your browser: {href}</p>\n\
         <p>The link is valid for 48 hours. Until you confirm, you can sign in and prepare your profile, \
         but you cannot submit anything to programme officers or investors.</p>\n\
         <p>If you did not create this account, you can ignore this message.</p>",
        name = escape_html(display_name),
        href = escape_html(link),
    );
    RenderedMail {
        kind: "verification",
        unsubscribe: None,
        html: html_page(&subject, &body),
        subject,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_escaped_in_html_but_not_in_text() {
        let mail = verification("Ada <b>", "https://example.org/verify-email?token=abc");
        assert!(mail.html.contains("Ada &lt;b&gt;"));
        assert!(mail.text.contains("Hello Ada <b>,"));
        assert!(mail
            .text
            .contains("https://example.org/verify-email?token=abc"));
    }
}
