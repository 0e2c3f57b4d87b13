//! Every state change applies only from the state the person saw: two decisions made at once
//! on the same thing leave exactly one in force, the other answered 409.

mod common;

use app::api::access::AccessRequestView;
use app::domain::access::AccessStatus;
use common::{demo_client, json, refused, signed_in, technology_id, TestApp};

const RF_TITLE: &str = "Passive RF detection network for small drones";

fn statuses(a: u16, b: u16) -> Vec<u16> {
    let mut both = vec![a, b];
    both.sort();
    both
}

async fn concurrent_access_decisions(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let founder = demo_client(app, "founder@demo.lab2field.eu").await;
    let investor = signed_in(app, "nordic@example.org", "investor").await;
    json::<()>(
        app.call(
            &investor,
            "investor/organisation/save",
            &[
                ("form[name]", "Nordic Deep Tech"),
                ("form[country]", "SE"),
                ("form[website]", ""),
                ("form[catalogue_investor_id]", ""),
                ("form[controlling_country]", ""),
            ],
        )
        .await,
    )
    .await;
    let tech = technology_id(app, RF_TITLE).await.to_string();
    json::<()>(
        app.call(&investor, "access/request", &[("technology_id", &tech)])
            .await,
    )
    .await;
    let requests: Vec<AccessRequestView> = json(
        app.call(&founder, "access/requests", &[("technology_id", &tech)])
            .await,
    )
    .await;
    let id = requests[0].id.to_string();
    // Two tabs: one grants, one denies, at the same moment.
    let grant_form = [("id", id.as_str()), ("decision", "grant")];
    let deny_form = [("id", id.as_str()), ("decision", "deny")];
    let (grant, deny) = tokio::join!(
        app.call(&founder, "access/decide", &grant_form),
        app.call(&founder, "access/decide", &deny_form),
    );
    let (g, d) = (grant.status().as_u16(), deny.status().as_u16());
    assert_eq!(statuses(g, d), [200, 409], "exactly one decision holds");
    let requests: Vec<AccessRequestView> = json(
        app.call(&founder, "access/requests", &[("technology_id", &tech)])
            .await,
    )
    .await;
    let expected = if g == 200 {
        AccessStatus::Granted
    } else {
        AccessStatus::Denied
    };
    assert_eq!(requests[0].status, expected);
    if expected == AccessStatus::Granted {
        // Revoked, then a stale grant from an old page: the revoke stands.
        json::<()>(
            app.call(
                &founder,
                "access/decide",
                &[("id", &id), ("decision", "revoke")],
            )
            .await,
        )
        .await;
        refused(
            app.call(
                &founder,
                "access/decide",
                &[("id", &id), ("decision", "grant")],
            )
            .await,
            409,
        )
        .await;
        let requests: Vec<AccessRequestView> = json(
            app.call(&founder, "access/requests", &[("technology_id", &tech)])
                .await,
        )
        .await;
        assert_eq!(requests[0].status, AccessStatus::Revoked);
    }
}
db_test!(
    a_stale_access_decision_cannot_overwrite_a_newer_one,
    concurrent_access_decisions
);

async fn concurrent_milestone_decisions(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    let officer = demo_client(app, "officer@demo.lab2field.eu").await;
    let second_officer =
        common::staff_client(app, "piotr@agency.example.org", "Piotr", "officer").await;
    let founder = demo_client(app, "founder@demo.lab2field.eu").await;
    let tech = technology_id(app, RF_TITLE).await.to_string();
    let programme: i64 = json(
        app.call(
            &officer,
            "programmes/create",
            &[
                ("form[name]", "Race test programme"),
                ("form[description]", "Two officers, one milestone."),
            ],
        )
        .await,
    )
    .await;
    let enrolment: i64 = json(
        app.call(
            &officer,
            "enrolments/enrol",
            &[
                ("programme_id", &programme.to_string()),
                ("technology_id", &tech),
            ],
        )
        .await,
    )
    .await;
    let milestone: i64 = json(
        app.call(
            &officer,
            "milestones/add",
            &[
                ("enrolment_id", enrolment.to_string().as_str()),
                ("form[title]", "Range trial"),
                ("form[due_on]", "2027-03-31"),
                ("form[tranche_eur]", "100000"),
            ],
        )
        .await,
    )
    .await;
    let m = milestone.to_string();
    json::<()>(
        app.call(
            &founder,
            "milestones/evidence",
            &[
                ("id", &m),
                ("evidence", "Trial report signed by the test centre."),
            ],
        )
        .await,
    )
    .await;
    // Two officers decide at once: one verifies, one sends it back.
    let verify_form = [("id", m.as_str()), ("decision", "verify")];
    let return_form = [
        ("id", m.as_str()),
        ("decision", "return"),
        ("reason", "The report is unsigned."),
    ];
    let (verify, send_back) = tokio::join!(
        app.call(&officer, "milestones/decide", &verify_form),
        app.call(&second_officer, "milestones/decide", &return_form),
    );
    let (v, r) = (verify.status().as_u16(), send_back.status().as_u16());
    assert_eq!(statuses(v, r), [200, 409], "exactly one decision holds");
    if v == 200 {
        // Released once, even when both officers press the button at once.
        let release_form = [("id", m.as_str())];
        let (a, b) = tokio::join!(
            app.call(&officer, "milestones/release", &release_form),
            app.call(&second_officer, "milestones/release", &release_form),
        );
        assert_eq!(
            statuses(a.status().as_u16(), b.status().as_u16()),
            [200, 409]
        );
        use app::server::entities::tranche_releases;
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        let releases = tranche_releases::Entity::find()
            .filter(tranche_releases::Column::MilestoneId.eq(m.parse::<i64>().unwrap()))
            .count(app.db())
            .await
            .unwrap();
        assert_eq!(releases, 1);
    }
}
db_test!(
    a_milestone_is_decided_and_its_tranche_released_once,
    concurrent_milestone_decisions
);
