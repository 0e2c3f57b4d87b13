//! Accounts and sessions, through HTTP against a real server and database.

mod common;

use app::error::AppError;
use app::server::entities::users;
use common::{sign_in, text_part, verification_link, Backend, TestApp};
use sea_orm::{EntityTrait, PaginatorTrait};

const PASSWORD: &str = "correct horse battery";

async fn user_count(app: &TestApp) -> u64 {
    users::Entity::find()
        .count(app.db())
        .await
        .expect("count users")
}

async fn error_of(response: reqwest::Response) -> AppError {
    let body = response.text().await.expect("body");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("not an AppError ({e}): {body}"))
}

async fn sign_up(
    app: &TestApp,
    client: &reqwest::Client,
    email: &str,
    password: &str,
    role: &str,
) -> reqwest::Response {
    app.call(
        client,
        "auth/sign_up",
        &[
            ("email", email),
            ("display_name", "Ada Founder"),
            ("password", password),
            ("role", role),
        ],
    )
    .await
}

async fn sign_up_rejects_a_malformed_email_and_creates_nothing(app: &TestApp) {
    let response = sign_up(app, &app.client(), "ada.example.org", PASSWORD, "founder").await;
    assert_eq!(response.status(), 422);
    let error = error_of(response).await;
    let fields = error.field_errors().expect("field errors");
    assert!(
        fields
            .get("email")
            .is_some_and(|m| m.contains("e-mail address like")),
        "{fields:?}"
    );
    assert_eq!(user_count(app).await, 0);
}
db_test!(
    sign_up_rejects_a_malformed_email,
    sign_up_rejects_a_malformed_email_and_creates_nothing
);

async fn sign_up_rejects_a_password_under_twelve_characters_and_creates_nothing(app: &TestApp) {
    let response = sign_up(
        app,
        &app.client(),
        "ada@example.org",
        "elevenchars",
        "founder",
    )
    .await;
    assert_eq!(response.status(), 422);
    let error = error_of(response).await;
    assert_eq!(
        error.field_errors().and_then(|f| f.get("password")),
        Some("must be at least 12 characters")
    );
    assert_eq!(user_count(app).await, 0);
}
db_test!(
    sign_up_rejects_a_short_password,
    sign_up_rejects_a_password_under_twelve_characters_and_creates_nothing
);

async fn sign_up_with_a_registered_email_reads_as_success_and_tells_the_owner(app: &TestApp) {
    let first = sign_up(app, &app.client(), "ada@example.org", PASSWORD, "founder").await;
    assert_eq!(first.status(), 200);
    let first_location = first.headers().get("location").cloned();
    // Whatever its case, the address is taken — but the page must not say so to a stranger.
    let again = sign_up(app, &app.client(), " ADA@example.org", PASSWORD, "investor").await;
    assert_eq!(again.status(), 200, "same status as a new account");
    assert_eq!(again.headers().get("location").cloned(), first_location);
    assert_eq!(user_count(app).await, 1);
    // The owner hears of it instead.
    app.wait_for_mail_to("ada@example.org", "already has one")
        .await;
}
db_test!(
    sign_up_does_not_reveal_registered_addresses,
    sign_up_with_a_registered_email_reads_as_success_and_tells_the_owner
);

async fn sign_up_cannot_appoint_oneself_officer(app: &TestApp) {
    let response = sign_up(app, &app.client(), "ada@example.org", PASSWORD, "officer").await;
    assert_eq!(response.status(), 422);
    let error = error_of(response).await;
    assert_eq!(
        error.field_errors().and_then(|f| f.get("role")),
        Some("must be one of: founder, investor")
    );
    assert_eq!(user_count(app).await, 0);
}
db_test!(
    sign_up_rejects_the_officer_role,
    sign_up_cannot_appoint_oneself_officer
);

async fn sign_up_reports_every_bad_field_at_once(app: &TestApp) {
    let response = app
        .call(
            &app.client(),
            "auth/sign_up",
            &[
                ("email", ""),
                ("display_name", " "),
                ("password", "x"),
                ("role", "founder"),
            ],
        )
        .await;
    let error = error_of(response).await;
    let fields = error.field_errors().expect("field errors");
    for field in ["email", "display_name", "password"] {
        assert!(
            fields.get(field).is_some(),
            "no message for {field}: {fields:?}"
        );
    }
}
db_test!(
    sign_up_reports_every_bad_field,
    sign_up_reports_every_bad_field_at_once
);

async fn verification_email_is_sent_and_its_link_verifies_the_account(app: &TestApp) {
    let client = app.client();
    assert_eq!(
        sign_up(app, &client, "ada@example.org", PASSWORD, "founder")
            .await
            .status(),
        200
    );
    let mails = app.wait_for_mails(1).await;
    assert_eq!(mails.len(), 1, "one verification e-mail in the outbox");
    let mail = &mails[0];
    assert!(mail.contains("To: ada@example.org"));
    assert!(mail.contains("Subject: Confirm your e-mail address for Lab2Field"));
    assert!(mail.contains("Content-Type: text/html"), "an HTML part too");

    let link = verification_link(mail);
    let token = link.split("token=").nth(1).expect("token").to_owned();
    assert!(
        link.starts_with(&app.base),
        "the link points at this server: {link}"
    );
    let text = text_part(mail)
        .replace(&token, "[token]")
        .replace(&app.base, "[base-url]");
    insta::assert_snapshot!("verification_email_text", text);

    // Unverified accounts can sign in, and see that they are unverified.
    assert_eq!(
        sign_in(app, &client, "ada@example.org", PASSWORD)
            .await
            .status(),
        200
    );
    let me: app::api::auth::AccountInfo = app
        .call(&client, "auth/account", &[])
        .await
        .json()
        .await
        .unwrap();
    assert!(!me.verified);

    let bad = app
        .call(&client, "auth/verify_email", &[("token", &"0".repeat(64))])
        .await;
    assert_eq!(bad.status(), 422);
    let ok = app
        .call(&client, "auth/verify_email", &[("token", &token)])
        .await;
    assert_eq!(ok.status(), 200);
    let me: app::api::auth::AccountInfo = app
        .call(&client, "auth/account", &[])
        .await
        .json()
        .await
        .unwrap();
    assert!(me.verified);
}
db_test!(
    verification_email_text_and_link,
    verification_email_is_sent_and_its_link_verifies_the_account
);

async fn wrong_password_and_unknown_email_get_the_same_answer(app: &TestApp) {
    assert_eq!(
        sign_up(app, &app.client(), "ada@example.org", PASSWORD, "founder")
            .await
            .status(),
        200
    );
    let wrong_password = sign_in(app, &app.client(), "ada@example.org", "not the password").await;
    assert_eq!(wrong_password.status(), 401);
    let wrong_password = wrong_password.text().await.unwrap();
    let unknown = sign_in(app, &app.client(), "nobody@example.org", "not the password").await;
    assert_eq!(unknown.status(), 401);
    assert_eq!(unknown.text().await.unwrap(), wrong_password);
    assert_eq!(
        serde_json::from_str::<AppError>(&wrong_password).unwrap(),
        AppError::BadCredentials
    );

    let client = app.client();
    assert_eq!(
        sign_in(app, &client, "ada@example.org", "not the password")
            .await
            .status(),
        401
    );
    assert_eq!(
        app.call(&client, "auth/account", &[]).await.status(),
        401,
        "a failed sign-in signs nobody in"
    );
}
db_test!(
    sign_in_with_a_wrong_password_is_refused,
    wrong_password_and_unknown_email_get_the_same_answer
);

async fn the_session_cookie_is_httponly_lax_and_renewed_at_sign_in(app: &TestApp) {
    sign_up(app, &app.client(), "ada@example.org", PASSWORD, "founder").await;
    let client = app.client();
    let first = sign_in(app, &client, "ada@example.org", PASSWORD).await;
    let cookie = first
        .headers()
        .get("set-cookie")
        .expect("a session cookie")
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("lab2field_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain http base URL: no Secure flag ({cookie})"
    );

    let second = sign_in(app, &client, "ada@example.org", PASSWORD).await;
    let renewed = second
        .headers()
        .get("set-cookie")
        .expect("a new cookie")
        .to_str()
        .unwrap()
        .to_owned();
    let id = |c: &str| c.split(';').next().unwrap().to_owned();
    assert_ne!(
        id(&cookie),
        id(&renewed),
        "signing in issues a new session id"
    );
}
db_test!(
    session_cookie_flags_and_renewal,
    the_session_cookie_is_httponly_lax_and_renewed_at_sign_in
);

async fn sign_out_ends_the_session(app: &TestApp) {
    sign_up(app, &app.client(), "ada@example.org", PASSWORD, "founder").await;
    let client = app.client();
    sign_in(app, &client, "ada@example.org", PASSWORD).await;
    assert_eq!(app.call(&client, "auth/account", &[]).await.status(), 200);
    assert_eq!(app.call(&client, "auth/sign_out", &[]).await.status(), 200);
    assert_eq!(app.call(&client, "auth/account", &[]).await.status(), 401);
}
db_test!(sign_out_signs_out, sign_out_ends_the_session);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_is_still_valid_after_the_server_restarts() {
    for backend in common::backends() {
        let mut app = TestApp::spawn(backend).await;
        sign_up(&app, &app.client(), "ada@example.org", PASSWORD, "founder").await;
        let client = app.client();
        assert_eq!(
            sign_in(&app, &client, "ada@example.org", PASSWORD)
                .await
                .status(),
            200
        );
        app.restart().await;
        let response = app.call(&client, "auth/account", &[]).await;
        assert_eq!(
            response.status(),
            200,
            "{backend:?}: still signed in after a restart"
        );
        let me: app::api::auth::AccountInfo = response.json().await.unwrap();
        assert_eq!(me.email, "ada@example.org");
        app.finish().await;
    }
}

async fn a_founder_calling_officer_functions_is_refused(app: &TestApp) {
    sign_up(app, &app.client(), "ada@example.org", PASSWORD, "founder").await;
    let founder = app.client();
    sign_in(app, &founder, "ada@example.org", PASSWORD).await;
    let response = app.call(&founder, "officer/overview", &[]).await;
    assert_eq!(response.status(), 403);
    assert_eq!(error_of(response).await, AppError::Forbidden);

    let response = app
        .call(
            &founder,
            "admin/create_staff",
            &[
                ("email", "mole@example.org"),
                ("display_name", "Mole"),
                ("password", PASSWORD),
                ("role", "officer"),
            ],
        )
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(user_count(app).await, 1, "no account was created");

    let anonymous = app.call(&app.client(), "officer/overview", &[]).await;
    assert_eq!(anonymous.status(), 401);
}
db_test!(
    founder_calling_an_officer_only_function_is_refused,
    a_founder_calling_officer_functions_is_refused
);

async fn an_admin_appoints_an_officer_who_can_then_use_officer_functions(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let admin = app.client();
    assert_eq!(
        sign_in(
            app,
            &admin,
            "admin@demo.lab2field.eu",
            server::demo::DEMO_PASSWORD
        )
        .await
        .status(),
        200
    );
    let created = app
        .call(
            &admin,
            "admin/create_staff",
            &[
                ("email", "new.officer@example.org"),
                ("display_name", "New Officer"),
                ("password", PASSWORD),
                ("role", "officer"),
            ],
        )
        .await;
    assert_eq!(created.status(), 200);
    let officer = app.client();
    assert_eq!(
        sign_in(app, &officer, "new.officer@example.org", PASSWORD)
            .await
            .status(),
        200
    );
    let overview: app::api::officer::Overview = app
        .call(&officer, "officer/overview", &[])
        .await
        .json()
        .await
        .unwrap();
    // The demo founder and the three founders looking for consortium partners.
    assert_eq!(
        overview.founders,
        1 + server::demo::PARTNER_ACCOUNTS.len() as u64
    );
    assert_eq!(overview.investors, 1);
}
db_test!(
    admin_creates_an_officer,
    an_admin_appoints_an_officer_who_can_then_use_officer_functions
);

async fn pages_redirect_signed_out_visitors_and_refuse_wrong_roles(app: &TestApp) {
    let anonymous = app.client();
    let response = anonymous
        .get(app.url("/account"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/signin?next=/account");

    sign_up(app, &app.client(), "ada@example.org", PASSWORD, "founder").await;
    let founder = app.client();
    sign_in(app, &founder, "ada@example.org", PASSWORD).await;
    let response = founder
        .get(app.url("/admin/accounts"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(response.text().await.unwrap().contains("Access denied"));

    let response = founder.get(app.url("/account")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("ada@example.org"));
    assert!(
        html.contains("Please confirm your e-mail address"),
        "the unverified banner is shown"
    );

    let response = anonymous
        .get(app.url("/no/such/page"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert!(response.text().await.unwrap().contains("Page not found"));
}
db_test!(
    pages_check_roles_on_the_server,
    pages_redirect_signed_out_visitors_and_refuse_wrong_roles
);

async fn a_form_posted_without_javascript_comes_back_with_its_error(app: &TestApp) {
    let referer = app.url("/signup");
    let response = app
        .client()
        .post(app.url("/api/auth/sign_up"))
        .header("accept", "text/html")
        .header("referer", &referer)
        .form(&[
            ("email", "nope"),
            ("display_name", "Ada"),
            ("password", PASSWORD),
            ("role", "founder"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&referer) && location.contains("__err="),
        "{location}"
    );

    // The page the browser is sent back to shows the message beside the field.
    let page = app
        .client()
        .get(&location)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("enter an e-mail address like name@example.org"),
        "field message rendered"
    );
    assert_eq!(user_count(app).await, 0);
}
db_test!(
    forms_report_errors_without_javascript,
    a_form_posted_without_javascript_comes_back_with_its_error
);

#[test]
fn backends_always_include_sqlite() {
    assert!(common::backends().contains(&Backend::Sqlite));
}
