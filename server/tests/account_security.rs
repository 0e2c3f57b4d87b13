//! Sign-in under attack and the controls an account owner and an admin have: throttling with
//! lockouts shared by every instance, the bounded password hasher, password change and reset,
//! signing out everywhere, disabling accounts, session lifetimes and renewed session ids.

mod common;

use app::error::AppError;
use common::{refused, sign_in, signed_in, staff_client, TestApp, PASSWORD};
use std::time::{Duration, Instant};

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("lab2field_session="))
        .map(|c| c.split(';').next().unwrap().to_owned())
}

async fn wrong_passwords_lock_the_account_for_everyone(app: &TestApp) {
    signed_in(app, "ada@example.org", "founder").await;
    let attacker = app.client();
    for _ in 0..app::server::throttle::SIGN_IN_ACCOUNT.max_failures {
        refused(
            sign_in(app, &attacker, "ada@example.org", "wrong password!").await,
            401,
        )
        .await;
    }
    // Locked: 429 with Retry-After, and the right password is refused too.
    let response = sign_in(app, &attacker, "ada@example.org", PASSWORD).await;
    assert_eq!(response.status(), 429);
    let retry: u64 = response
        .headers()
        .get("retry-after")
        .expect("Retry-After")
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 15 * 60, "{retry}");
    let error: AppError = response.json().await.unwrap();
    assert!(matches!(error, AppError::TooManyAttempts(_)));
    // The owner is told once.
    app.wait_for_mail_to("ada@example.org", "paused").await;
    let locks = common::read_outbox(app)
        .iter()
        .filter(|m| m.contains("is paused"))
        .count();
    assert_eq!(locks, 1);
    // The lock lives in the database: another instance on the same database refuses too.
    // (Its own data folder and search index, the same database.)
    let folder = tempfile::tempdir().unwrap();
    let mut other = app.settings.clone();
    other.bind = "127.0.0.1:0".parse().unwrap();
    other.data_dir = folder.path().to_owned();
    let second = server::startup::start(other, Default::default())
        .await
        .unwrap();
    let response = app
        .client()
        .post(format!("http://{}/api/auth/sign_in", second.addr))
        .header("accept", "application/json")
        .form(&[("email", "ada@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    second.stop().await;
    // Other accounts are not affected.
    signed_in(app, "bob@example.org", "investor").await;
}
db_test!(
    sign_in_is_throttled_per_account_across_instances,
    wrong_passwords_lock_the_account_for_everyone
);

async fn one_address_trying_many_accounts_is_throttled(app: &TestApp) {
    let client = app.client();
    let limit = app::server::throttle::SIGN_IN_ADDRESS.max_failures;
    for i in 0..limit {
        let email = format!("nobody{i}@example.org");
        refused(
            sign_in(app, &client, &email, "guess guess guess").await,
            401,
        )
        .await;
    }
    let response = sign_in(app, &client, "nobody-else@example.org", "guess guess guess").await;
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
    // Sign-ups refused again and again from one address are throttled as well.
    for _ in 0..app::server::throttle::SIGN_UP_ADDRESS.max_failures {
        let response = app
            .call(
                &client,
                "auth/sign_up",
                &[
                    ("email", "bad"),
                    ("display_name", "X"),
                    ("password", "short"),
                    ("role", "founder"),
                ],
            )
            .await;
        assert_eq!(response.status(), 422);
    }
    let response = app
        .call(
            &client,
            "auth/sign_up",
            &[
                ("email", "fine@example.org"),
                ("display_name", "Fine"),
                ("password", PASSWORD),
                ("role", "founder"),
            ],
        )
        .await;
    assert_eq!(response.status(), 429);
}
db_test!(
    sign_in_and_sign_up_are_throttled_per_client_address,
    one_address_trying_many_accounts_is_throttled
);

async fn a_burst_of_sign_ins_does_not_starve_the_server(app: &TestApp) {
    // 100 wrong sign-ins at once: hashing runs behind a bound, so the health check keeps
    // answering while they are worked off.
    let burst: Vec<_> = (0..100)
        .map(|i| {
            let client = app.client();
            let url = app.url("/api/auth/sign_in");
            tokio::spawn(async move {
                client
                    .post(url)
                    .header("accept", "application/json")
                    .form(&[
                        ("email", format!("burst{i}@example.org")),
                        ("password", "wrong password!".into()),
                    ])
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
            })
        })
        .collect();
    let probe = app.client();
    let mut slowest = Duration::ZERO;
    for _ in 0..20 {
        let started = Instant::now();
        let response = probe.get(app.url("/healthz")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        slowest = slowest.max(started.elapsed());
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    for task in burst {
        let status = task.await.unwrap().unwrap();
        assert!(matches!(status, 401 | 429), "{status}");
    }
    // A generous bound for a loaded test machine: what matters is that the check is answered
    // while the burst runs, not queued behind it (docs/security.md has the measured figures).
    assert!(
        slowest < Duration::from_secs(2),
        "health check took {slowest:?}"
    );
}
db_test!(
    password_hashing_is_bounded_under_a_burst,
    a_burst_of_sign_ins_does_not_starve_the_server
);

async fn changing_the_password_signs_out_the_other_sessions(app: &TestApp) {
    let laptop = signed_in(app, "ada@example.org", "founder").await;
    let phone = app.client();
    assert_eq!(
        sign_in(app, &phone, "ada@example.org", PASSWORD)
            .await
            .status(),
        200
    );
    // The current password is required.
    let error = refused(
        app.call(
            &laptop,
            "auth/change_password",
            &[
                ("current_password", "not my password"),
                ("new_password", "a new long password"),
            ],
        )
        .await,
        422,
    )
    .await;
    assert!(error
        .field_errors()
        .unwrap()
        .get("current_password")
        .is_some());
    let response = app
        .call(
            &laptop,
            "auth/change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a new long password"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        session_cookie(&response).is_some(),
        "a new session id for this browser"
    );
    assert_eq!(app.call(&laptop, "auth/account", &[]).await.status(), 200);
    assert_eq!(app.call(&phone, "auth/account", &[]).await.status(), 401);
    refused(
        sign_in(app, &app.client(), "ada@example.org", PASSWORD).await,
        401,
    )
    .await;
    assert_eq!(
        sign_in(app, &app.client(), "ada@example.org", "a new long password")
            .await
            .status(),
        200
    );
    app.wait_for_mail_to(
        "ada@example.org",
        "password of your Lab2Field account was just changed",
    )
    .await;
}
db_test!(
    password_change_ends_other_sessions,
    changing_the_password_signs_out_the_other_sessions
);

async fn a_reset_link_works_once_within_the_hour(app: &TestApp) {
    let old_session = signed_in(app, "ada@example.org", "founder").await;
    let anyone = app.client();
    // Known and unknown addresses get the same answer.
    let known = app
        .call(
            &anyone,
            "auth/request_password_reset",
            &[("email", "ada@example.org")],
        )
        .await;
    let unknown = app
        .call(
            &anyone,
            "auth/request_password_reset",
            &[("email", "nobody@example.org")],
        )
        .await;
    assert_eq!(known.status(), unknown.status());
    assert_eq!(
        known.headers().get("location"),
        unknown.headers().get("location")
    );
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());
    let mail = app
        .wait_for_mail_to("ada@example.org", "reset the password")
        .await;
    let text = common::text_part(&mail);
    let link = text
        .lines()
        .map(str::trim)
        .find(|l| l.contains("/reset-password?token="))
        .expect("a reset link")
        .to_owned();
    let token = link.split("token=").nth(1).unwrap().to_owned();
    // Only the hash is stored.
    use app::server::entities::password_resets;
    use sea_orm::EntityTrait;
    let stored = password_resets::Entity::find().all(app.db()).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0].token_hash, token);
    // Nor is the text of the sent e-mail kept readable.
    use app::server::entities::mail_outbox;
    let mut sent_with_token = 0;
    for _ in 0..50 {
        sent_with_token = mail_outbox::Entity::find()
            .all(app.db())
            .await
            .unwrap()
            .iter()
            .filter(|m| m.body_text.contains(&token) || m.body_html.contains(&token))
            .count();
        if sent_with_token == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(sent_with_token, 0, "the sent e-mail's token is not kept");

    let response = app
        .call(
            &anyone,
            "auth/reset_password",
            &[("token", &token), ("password", "a brand new password")],
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        app.call(&old_session, "auth/account", &[]).await.status(),
        401,
        "sessions end"
    );
    assert_eq!(
        sign_in(
            app,
            &app.client(),
            "ada@example.org",
            "a brand new password"
        )
        .await
        .status(),
        200
    );
    // Single use.
    refused(
        app.call(
            &anyone,
            "auth/reset_password",
            &[("token", &token), ("password", "yet another password")],
        )
        .await,
        422,
    )
    .await;
    // An expired link does nothing.
    app.call(
        &anyone,
        "auth/request_password_reset",
        &[("email", "ada@example.org")],
    )
    .await;
    let mail = loop {
        let mails: Vec<String> = common::read_outbox(app)
            .into_iter()
            .filter(|m| m.contains("Reset your Lab2Field password"))
            .collect();
        if mails.len() == 2 {
            let newest = mails
                .into_iter()
                .find(|m| !common::text_part(m).contains(&token))
                .unwrap();
            break newest;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let second = common::text_part(&mail)
        .lines()
        .find_map(|l| l.trim().split("token=").nth(1).map(str::to_owned))
        .unwrap();
    use sea_orm::{sea_query::Expr, ColumnTrait, QueryFilter};
    password_resets::Entity::update_many()
        .col_expr(
            password_resets::Column::ExpiresAt,
            Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)),
        )
        .filter(password_resets::Column::UsedAt.is_null())
        .exec(app.db())
        .await
        .unwrap();
    refused(
        app.call(
            &anyone,
            "auth/reset_password",
            &[("token", &second), ("password", "yet another password")],
        )
        .await,
        422,
    )
    .await;
}
db_test!(
    password_reset_by_email_is_single_use_and_expires,
    a_reset_link_works_once_within_the_hour
);

async fn signing_out_everywhere_ends_every_session(app: &TestApp) {
    let one = signed_in(app, "ada@example.org", "founder").await;
    let two = app.client();
    sign_in(app, &two, "ada@example.org", PASSWORD).await;
    assert_eq!(
        app.call(&two, "auth/sign_out_everywhere", &[])
            .await
            .status(),
        200
    );
    assert_eq!(app.call(&one, "auth/account", &[]).await.status(), 401);
    assert_eq!(app.call(&two, "auth/account", &[]).await.status(), 401);
    // Signing in again works.
    assert_eq!(
        sign_in(app, &one, "ada@example.org", PASSWORD)
            .await
            .status(),
        200
    );
}
db_test!(
    sign_out_everywhere_ends_all_sessions,
    signing_out_everywhere_ends_every_session
);

/// Each instance reuses a session record it loaded for up to a second (`sessions::Recent`).
/// Signing out everywhere still ends the session on every instance at once (the account is read
/// on every request); a plain sign-out ends it at once on the instance it was made on and on the
/// others within the second — a copied cookie is refused everywhere after that.
async fn sessions_ended_on_one_instance_end_on_the_others(app: &TestApp) {
    let folder = tempfile::tempdir().unwrap();
    let mut other = app.settings.clone();
    other.bind = "127.0.0.1:0".parse().unwrap();
    other.data_dir = folder.path().to_owned();
    let second = server::startup::start(other, Default::default())
        .await
        .unwrap();
    let plain = reqwest::Client::new();
    let account = |base: String, cookie: String| {
        let plain = plain.clone();
        async move {
            plain
                .post(format!("{base}/api/auth/account"))
                .header("accept", "application/json")
                .header("cookie", cookie)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    let on_b = format!("http://{}", second.addr);
    let cookie_of = |response: &reqwest::Response| -> String {
        let header = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("lab2field_session="))
            .expect("a session cookie");
        header.split(';').next().unwrap().to_owned()
    };

    signed_in(app, "ada@example.org", "founder").await;
    let one = app.client();
    let cookie = cookie_of(&sign_in(app, &one, "ada@example.org", PASSWORD).await);
    // Loaded on B, so B holds a copy.
    assert_eq!(account(on_b.clone(), cookie.clone()).await, 200);
    assert_eq!(account(app.url(""), cookie.clone()).await, 200);
    // Signed out everywhere on A: refused on B at once, copy or not.
    let two = app.client();
    sign_in(app, &two, "ada@example.org", PASSWORD).await;
    assert_eq!(
        app.call(&two, "auth/sign_out_everywhere", &[])
            .await
            .status(),
        200
    );
    assert_eq!(account(on_b.clone(), cookie.clone()).await, 401);
    assert_eq!(account(app.url(""), cookie).await, 401);

    // A plain sign-out on A: refused on A at once and on B within the second.
    let three = app.client();
    let cookie = cookie_of(&sign_in(app, &three, "ada@example.org", PASSWORD).await);
    assert_eq!(account(on_b.clone(), cookie.clone()).await, 200);
    assert_eq!(app.call(&three, "auth/sign_out", &[]).await.status(), 200);
    assert_eq!(account(app.url(""), cookie.clone()).await, 401);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(account(on_b.clone(), cookie.clone()).await, 401);
    second.stop().await;
}
db_test!(
    a_session_ended_on_one_instance_ends_on_every_instance,
    sessions_ended_on_one_instance_end_on_the_others
);

async fn admins_disable_accounts_and_their_sessions_end(app: &TestApp) {
    let admin = staff_client(app, "root@agency.example.org", "Root", "admin").await;
    let founder = signed_in(app, "ada@example.org", "founder").await;
    let me: app::api::auth::AccountInfo = app
        .call(&founder, "auth/account", &[])
        .await
        .json()
        .await
        .unwrap();
    let id = me.id.to_string();
    // Only admins may.
    refused(
        app.call(
            &founder,
            "admin/set_disabled",
            &[("id", &id), ("disabled", "true")],
        )
        .await,
        403,
    )
    .await;
    assert_eq!(
        app.call(
            &admin,
            "admin/set_disabled",
            &[("id", &id), ("disabled", "true")]
        )
        .await
        .status(),
        200
    );
    assert_eq!(app.call(&founder, "auth/account", &[]).await.status(), 401);
    assert_eq!(
        sign_in(app, &app.client(), "ada@example.org", PASSWORD)
            .await
            .status(),
        403
    );
    let rows: Vec<app::api::admin::AccountRow> = app
        .call(&admin, "admin/accounts", &[])
        .await
        .json()
        .await
        .unwrap();
    assert!(rows
        .iter()
        .any(|r| r.email == "ada@example.org" && r.disabled));
    // Enabled again, the account signs in.
    app.call(
        &admin,
        "admin/set_disabled",
        &[("id", &id), ("disabled", "false")],
    )
    .await;
    assert_eq!(
        sign_in(app, &app.client(), "ada@example.org", PASSWORD)
            .await
            .status(),
        200
    );
    // An admin cannot lock themselves out.
    let admin_me: app::api::auth::AccountInfo = app
        .call(&admin, "auth/account", &[])
        .await
        .json()
        .await
        .unwrap();
    refused(
        app.call(
            &admin,
            "admin/set_disabled",
            &[("id", &admin_me.id.to_string()), ("disabled", "true")],
        )
        .await,
        409,
    )
    .await;
}
db_test!(
    disabled_accounts_cannot_sign_in_and_lose_their_sessions,
    admins_disable_accounts_and_their_sessions_end
);

async fn long_names_are_audited(app: &TestApp) {
    // The longest valid name and address: audited actions must not fail on PostgreSQL.
    let name = "N".repeat(app::domain::account::DisplayName::MAX_CHARS);
    let email = format!("{}@example.org", "a".repeat(64));
    let client = app.client();
    let response = app
        .call(
            &client,
            "auth/sign_up",
            &[
                ("email", &email),
                ("display_name", &name),
                ("password", PASSWORD),
                ("role", "founder"),
            ],
        )
        .await;
    assert_eq!(response.status(), 200);
    common::mark_verified(app, &email).await;
    assert_eq!(sign_in(app, &client, &email, PASSWORD).await.status(), 200);
    assert_eq!(
        app.call(&client, "auth/sign_out_everywhere", &[])
            .await
            .status(),
        200
    );
    use app::server::entities::audit_log;
    use sea_orm::EntityTrait;
    let entries = audit_log::Entity::find().all(app.db()).await.unwrap();
    assert!(entries
        .iter()
        .any(|e| e.actor_name.contains(&name) && e.actor_name.contains(&email)));
}
db_test!(
    audit_entries_hold_any_valid_name_and_address,
    long_names_are_audited
);

async fn staff_sessions_end_after_twelve_hours(app: &TestApp) {
    use app::domain::account::{session_lifetime, Role};
    assert_eq!(session_lifetime(Role::Officer), chrono::Duration::hours(12));
    assert_eq!(session_lifetime(Role::Admin), chrono::Duration::hours(12));
    assert_eq!(session_lifetime(Role::Founder), chrono::Duration::days(7));
    // A session signed in 13 hours ago (its record aged in the store) is signed out.
    let officer = staff_client(app, "ana@agency.example.org", "Ana", "officer").await;
    assert_eq!(app.call(&officer, "auth/account", &[]).await.status(), 200);
    common::age_sessions(app, chrono::Duration::hours(13)).await;
    assert_eq!(app.call(&officer, "auth/account", &[]).await.status(), 401);
    // A founder's session of the same age still works (7 days), one of 8 days does not.
    let founder = signed_in(app, "ada@example.org", "founder").await;
    common::age_sessions(app, chrono::Duration::hours(13)).await;
    assert_eq!(app.call(&founder, "auth/account", &[]).await.status(), 200);
    common::age_sessions(app, chrono::Duration::days(8)).await;
    assert_eq!(app.call(&founder, "auth/account", &[]).await.status(), 401);
}
db_test!(
    sessions_have_an_absolute_lifetime_by_role,
    staff_sessions_end_after_twelve_hours
);

/// Behind the site's own reverse proxies (`--trusted-proxies`), sign-in is throttled per client
/// as the proxy names it in `X-Forwarded-For`, so one client's failures do not lock out everyone
/// behind the proxy; a client cannot pick its address by sending the header itself. Without
/// trusted proxies the header is ignored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_trusted_proxies_clients_are_throttled_by_their_own_address() {
    let limit = app::server::throttle::SIGN_IN_ADDRESS.max_failures;
    async fn attempt(app: &TestApp, forwarded_for: &str, n: i32) -> u16 {
        reqwest::Client::new()
            .post(app.url("/api/auth/sign_in"))
            .header("accept", "application/json")
            .header("x-forwarded-for", forwarded_for)
            .form(&[
                ("email", format!("nobody{n}@example.org")),
                ("password", "guess guess guess".to_owned()),
            ])
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }
    for backend in common::backends() {
        let app = TestApp::spawn_with(backend, &["--trusted-proxies", "127.0.0.1"]).await;
        for n in 0..limit {
            assert_eq!(attempt(&app, "203.0.113.5", n).await, 401);
        }
        assert_eq!(attempt(&app, "203.0.113.5", 900).await, 429, "{backend:?}");
        // Another client behind the same proxy is not locked out.
        assert_eq!(attempt(&app, "203.0.113.9", 901).await, 401, "{backend:?}");
        // The proxy appends the real address; what the client wrote before it does not count.
        assert_eq!(
            attempt(&app, "198.51.100.1, 203.0.113.5", 902).await,
            429,
            "{backend:?}"
        );
        app.finish().await;
    }
    // No trusted proxies: every request counts against the connection's own address.
    let app = TestApp::spawn(common::Backend::Sqlite).await;
    for n in 0..limit {
        assert_eq!(attempt(&app, &format!("203.0.113.{n}"), n).await, 401);
    }
    assert_eq!(attempt(&app, "192.0.2.77", 903).await, 429);
    app.finish().await;
}
