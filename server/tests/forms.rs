//! Without JavaScript, a rejected form comes back with everything typed except passwords —
//! one mechanism for every form, checked here for sign-up, sign-in, the company and the long
//! technology form.

mod common;

use common::{signed_in, TestApp};

/// Posts a form as a browser without JavaScript does (asking for HTML, from `page`), and
/// returns where the rejection sends it.
async fn post_plain(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    page: &str,
    form: &[(&str, &str)],
) -> String {
    let response = client
        .post(app.url(&format!("/api/{endpoint}")))
        .header("accept", "text/html")
        .header("referer", app.url(page))
        .form(form)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.contains("__err="), "a rejection: {location}");
    location
}

async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    client
        .get(app.url(path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn rejected_forms_keep_what_was_typed(app: &TestApp) {
    // Sign-up: name, e-mail and role come back; the password does not.
    let browser = app.client();
    post_plain(
        app,
        &browser,
        "auth/sign_up",
        "/signup",
        &[
            ("role", "investor"),
            ("display_name", "Ada Lovelace"),
            ("email", "ada@example.org"),
            ("password", "too short"),
        ],
    )
    .await;
    let html = page(app, &browser, "/signup").await;
    assert!(html.contains("value=\"Ada Lovelace\""), "name kept");
    assert!(html.contains("value=\"ada@example.org\""), "e-mail kept");
    assert!(
        html.contains("value=\"investor\" selected"),
        "role kept: {}",
        &html[html.find("<select").unwrap_or(0)..][..400.min(html.len())]
    );
    assert!(
        !html.contains("too short"),
        "passwords are never shown again"
    );
    // Shown once: the next visit is a fresh form.
    let html = page(app, &browser, "/signup").await;
    assert!(!html.contains("Ada Lovelace"));

    // Sign-in: the e-mail comes back.
    post_plain(
        app,
        &browser,
        "auth/sign_in",
        "/signin",
        &[
            ("email", "someone@example.org"),
            ("password", "wrong password!"),
        ],
    )
    .await;
    let html = page(app, &browser, "/signin").await;
    assert!(html.contains("value=\"someone@example.org\""));
    assert!(!html.contains("wrong password!"));

    // The long technology form: every field, the chosen areas and the TRL.
    let founder = signed_in(app, "founder@example.org", "founder").await;
    post_plain(
        app,
        &founder,
        "company/save",
        "/company",
        &[
            ("form[legal_name]", "Aurora Kettu Oy"),
            ("form[country]", "FI"),
            ("form[city]", "Oulu"),
            ("form[year_founded]", "not a year"),
        ],
    )
    .await;
    let html = page(app, &founder, "/company").await;
    assert!(
        html.contains("value=\"Aurora Kettu Oy\""),
        "company name kept"
    );
    assert!(html.contains("value=\"Oulu\""));
    assert!(
        html.contains("value=\"not a year\""),
        "the wrong value too, to correct it"
    );

    let form = [
        ("form[title]", "Quantum gravimeter for tunnel detection"),
        (
            "form[summary]",
            "Finds voids underground with a cold-atom gravimeter.",
        ),
        ("form[confidential_details]", "Interferometer geometry"),
        ("form[civil_applications]", "Civil engineering surveys"),
        ("form[defence_applications]", "Tunnel detection at borders"),
        ("form[trl]", "4"),
        ("form[trl_evidence]", ""),
        ("form[keywords]", "gravimetry, cold atoms"),
        ("form[export_status]", "unknown"),
        ("form[ip_status]", "patent_pending"),
        ("form[funding_sought_eur]", "1500000"),
        ("form[areas][]", "quantum"),
        ("form[areas][]", "sensing"),
        ("form[seeks][]", "first_customers"),
    ];
    post_plain(
        app,
        &founder,
        "technologies/create",
        "/technologies/new",
        &form,
    )
    .await;
    let html = page(app, &founder, "/technologies/new").await;
    for typed in [
        "Quantum gravimeter for tunnel detection",
        "Finds voids underground with a cold-atom gravimeter.",
        "Interferometer geometry",
        "Tunnel detection at borders",
        "gravimetry, cold atoms",
        "1500000",
    ] {
        assert!(html.contains(typed), "{typed} kept");
    }
    for checked in ["quantum", "sensing"] {
        let at = html
            .find(&format!("value=\"{checked}\""))
            .unwrap_or_else(|| panic!("{checked} box"));
        let tag_end = at + html[at..].find('>').unwrap();
        assert!(
            html[at..tag_end].contains("checked"),
            "{checked} stays checked"
        );
    }
    let at = html.find("value=\"energy\"").expect("energy box");
    let tag_end = at + html[at..].find('>').unwrap();
    assert!(
        !html[at..tag_end].contains("checked"),
        "unchecked stays unchecked"
    );
}
db_test!(
    a_rejected_form_without_javascript_comes_back_with_what_was_typed,
    rejected_forms_keep_what_was_typed
);
