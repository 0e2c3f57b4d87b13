//! Search index kept in sync with the database; scouting search, facets and snippets; matching.

mod common;

use app::api::search::ScoutPage;
use app::domain::account::Role;
use app::domain::company::CompanyForm;
use app::domain::technology::{TechStatus, TechnologyForm};
use app::server::accounts::{create_verified, NewAccount};
use app::server::technologies::{self, Author};
use common::{signed_in, staff_client, TestApp};
use std::time::{Duration, Instant};

/// A founder account with a company in `country`; returns the company id and the founder's id.
async fn company(
    app: &TestApp,
    email: &str,
    name: &str,
    country: &str,
    headcount: &str,
) -> (i64, i64) {
    let account = NewAccount::parse(
        email,
        "Founder",
        common::PASSWORD,
        "founder",
        &[Role::Founder],
    )
    .unwrap();
    let user = create_verified(app.db(), account).await.unwrap();
    let profile = CompanyForm {
        legal_name: name.into(),
        country: country.into(),
        city: "Capital".into(),
        year_founded: "2020".into(),
        headcount: headcount.into(),
        turnover_eur: "1000000".into(),
        balance_sheet_eur: "1000000".into(),
        ..Default::default()
    }
    .parse(2026)
    .unwrap();
    let org = app::server::organisations::save_company(app.db(), user.id, &profile)
        .await
        .unwrap();
    (org.id, user.id)
}

fn tech(
    title: &str,
    summary: &str,
    confidential: &str,
    trl: u8,
    areas: &[&str],
    export: &str,
    seeks: &[&str],
) -> app::domain::technology::TechnologyDraft {
    TechnologyForm {
        title: title.into(),
        summary: summary.into(),
        confidential_details: confidential.into(),
        trl: trl.to_string(),
        trl_evidence: "Evidence from trials in 2026".into(),
        areas: areas.iter().map(|s| s.to_string()).collect(),
        export_status: export.into(),
        export_code: if export == "listed" {
            "5A002".into()
        } else {
            String::new()
        },
        export_list_version: if export == "listed" {
            "2024".into()
        } else {
            String::new()
        },
        ip_status: "patented".into(),
        seeks: seeks.iter().map(|s| s.to_string()).collect(),
        funding_sought_eur: if seeks.contains(&"funding") {
            "2000000".into()
        } else {
            String::new()
        },
        ..Default::default()
    }
    .parse()
    .unwrap()
}

/// A technology created by `founder` and submitted to officers and investors.
async fn submitted(
    app: &TestApp,
    founder: &app::server::auth::CurrentUser,
    draft: &app::domain::technology::TechnologyDraft,
) -> app::server::technologies::StoredTechnology {
    let created = technologies::create(app.db(), founder, draft)
        .await
        .unwrap();
    technologies::set_status(
        app.db(),
        &app.server.as_ref().unwrap().config,
        founder,
        created.id,
        TechStatus::Submitted,
        false,
    )
    .await
    .unwrap();
    created
}

/// The technologies that fit catalogue entry `id`, as `client` sees them.
async fn fitting(
    app: &TestApp,
    client: &reqwest::Client,
    id: &str,
) -> Vec<app::api::matching::TechnologyFit> {
    common::json(
        app.call(client, "matching/opportunity", &[("id", id)])
            .await,
    )
    .await
}

fn author() -> Author {
    Author {
        user_id: None,
        name: "Test".into(),
    }
}

async fn search(app: &TestApp, client: &reqwest::Client, params: &[(&str, &str)]) -> ScoutPage {
    let form: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| match k.strip_suffix("[]") {
            Some(list) => (format!("query[{list}][]"), v.to_string()),
            None => (format!("query[{k}]"), v.to_string()),
        })
        .collect();
    let response = client
        .post(app.url("/api/search/technologies"))
        .header("accept", "application/json")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    response.json().await.unwrap()
}

/// Polls until `check` holds (the indexer runs in the background); fails after five seconds.
async fn eventually<F, Fut>(what: &str, mut check: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    loop {
        if check().await {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "timed out waiting until {what}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn titles(app: &TestApp, client: &reqwest::Client, text: &str) -> Vec<String> {
    search(app, client, &[("text", text)])
        .await
        .hits
        .into_iter()
        .map(|h| h.technology.title)
        .collect()
}

async fn an_edit_is_found_by_its_new_words_only(app: &TestApp) {
    let officer = staff_client(app, "o@agency.example.org", "Officer", "officer").await;
    let (_, founder_id) = company(app, "f@example.org", "Aurora Oy", "FI", "10").await;
    let founder = app::server::auth::CurrentUser {
        id: founder_id,
        email: "f@example.org".into(),
        display_name: "Founder".into(),
        role: Role::Founder,
        verified: true,
    };
    let created = submitted(
        app,
        &founder,
        &tech(
            "Hyperspectral camera",
            "Sees camouflaged vehicles through foliage with hyperspectral imaging.",
            "",
            5,
            &["sensing"],
            "not_listed",
            &[],
        ),
    )
    .await;
    eventually("the new technology is found", || async {
        titles(app, &officer, "hyperspectral").await.len() == 1
    })
    .await;

    let edited = tech(
        "Acoustic gunshot locator",
        "Locates gunfire by its sound with a microphone array on vehicles.",
        "",
        6,
        &["sensing"],
        "not_listed",
        &[],
    );
    technologies::update(app.db(), &founder, created.id, &edited)
        .await
        .unwrap();
    app.server.as_ref().unwrap().notify_search();
    let latency = eventually("the edit is searchable", || async {
        titles(app, &officer, "gunshot").await == ["Acoustic gunshot locator"]
    })
    .await;
    eprintln!("edit searchable after {latency:?}");
    assert!(
        titles(app, &officer, "hyperspectral").await.is_empty(),
        "old words no longer find it"
    );
}
db_test!(
    an_edited_technology_is_found_by_new_words_and_not_old_ones,
    an_edit_is_found_by_its_new_words_only
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_index_matches_the_database_after_a_restart_and_after_a_crash_before_indexing() {
    for backend in common::backends() {
        let mut app = TestApp::spawn(backend).await;
        let (org, _) = company(&app, "f@example.org", "Aurora Oy", "FI", "10").await;
        technologies::insert(
            app.db(),
            org,
            &tech(
                "Quantum gravimeter",
                "Maps underground tunnels with a quantum gravimeter.",
                "",
                4,
                &["quantum"],
                "not_listed",
                &[],
            ),
            TechStatus::Submitted,
            &author(),
        )
        .await
        .unwrap();
        let officer = staff_client(&app, "o@agency.example.org", "Officer", "officer").await;
        app.server.as_ref().unwrap().notify_search();
        eventually("indexed", || async {
            titles(&app, &officer, "gravimeter").await.len() == 1
        })
        .await;

        // A clean restart opens the same index.
        app.restart().await;
        assert_eq!(
            titles(&app, &officer, "gravimeter").await.len(),
            1,
            "{backend:?}: found after restart"
        );

        // A crash between the database commit and indexing: the change is committed (with its
        // outbox row) while no server runs, as if the process died before the indexer saw it.
        app.stop().await;
        let db = sea_orm::Database::connect(&app.settings.database_url)
            .await
            .unwrap();
        technologies::insert(
            &db,
            org,
            &tech(
                "Graphene armour coating",
                "A graphene coating that hardens vehicle armour.",
                "",
                5,
                &["materials"],
                "not_listed",
                &[],
            ),
            TechStatus::Submitted,
            &author(),
        )
        .await
        .unwrap();
        db.close().await.unwrap();
        app.start().await;
        eventually("the outbox is drained after the restart", || async {
            titles(&app, &officer, "graphene").await.len() == 1
        })
        .await;

        // A corrupt index is rebuilt from the database at start-up.
        app.stop().await;
        let root = app::server::search::SearchIndex::root_for(app.data_dir.path());
        let current = std::fs::read_to_string(root.join("CURRENT")).unwrap();
        std::fs::write(
            root.join(current.trim())
                .join("technologies")
                .join("meta.json"),
            b"garbage",
        )
        .unwrap();
        app.start().await;
        assert_eq!(
            titles(&app, &officer, "graphene gravimeter").await.len(),
            2,
            "{backend:?}: rebuilt from the database"
        );
        app.finish().await;
    }
}

async fn investors_search_and_snippets_never_touch_confidential_text(app: &TestApp) {
    let (org, _) = company(app, "f@example.org", "Aurora Oy", "FI", "10").await;
    technologies::insert(
        app.db(),
        org,
        &tech(
            "Passive radar for drones",
            "Detects drones with passive radar using broadcast signals.",
            "Uses the zebrafish waveform trick on drones",
            6,
            &["sensing"],
            "listed",
            &[],
        ),
        TechStatus::Submitted,
        &author(),
    )
    .await
    .unwrap();
    let investor = signed_in(app, "i@example.org", "investor").await;
    let officer = staff_client(app, "o@agency.example.org", "Officer", "officer").await;
    app.server.as_ref().unwrap().notify_search();
    eventually("indexed", || async {
        titles(app, &officer, "radar").await.len() == 1
    })
    .await;

    assert_eq!(
        titles(app, &officer, "zebrafish").await.len(),
        1,
        "staff search confidential details"
    );
    assert!(
        titles(app, &investor, "zebrafish").await.is_empty(),
        "investors cannot find by confidential words"
    );
    let page = search(app, &investor, &[("text", "drones radar zebrafish")]).await;
    let body = serde_json::to_string(&page).unwrap();
    assert!(
        !body.contains("zebrafish"),
        "no confidential text in investor results: {body}"
    );
    assert!(
        page.facets.iter().all(|g| g.dimension != "export"),
        "no export-control facet for investors"
    );
    let staff_page = search(app, &officer, &[("text", "zebrafish")]).await;
    let body = serde_json::to_string(&staff_page.hits).unwrap();
    assert!(
        !body.contains("zebrafish"),
        "snippets come from public fields only, even for staff"
    );
    assert!(
        staff_page.hits[0].snippet.iter().all(|s| !s.mark),
        "the word is only in the confidential details, so the public snippet marks nothing"
    );
    let radar = search(app, &investor, &[("text", "radar")]).await;
    let marked: Vec<&str> = radar.hits[0]
        .snippet
        .iter()
        .filter(|s| s.mark)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(
        marked,
        ["radar"],
        "the matched word is marked in the public summary"
    );
}
db_test!(
    snippets_for_investors_never_contain_confidential_text,
    investors_search_and_snippets_never_touch_confidential_text
);

async fn facets_count_a_fixed_data_set(app: &TestApp) {
    let (fi, _) = company(app, "a@example.org", "Aurora Oy", "FI", "10").await;
    let (es, _) = company(app, "b@example.org", "Iberia SL", "ES", "300").await;
    let rows = [
        (
            fi,
            "Drone detection radar",
            6,
            vec!["sensing"],
            "listed",
            vec!["funding"],
        ),
        (
            fi,
            "Drone swarm autopilot",
            5,
            vec!["robotics", "artificial_intelligence"],
            "unknown",
            vec!["partners"],
        ),
        (
            es,
            "Radar absorbing paint",
            7,
            vec!["materials"],
            "not_listed",
            vec!["funding", "first_customers"],
        ),
        (
            es,
            "Battlefield battery pack",
            4,
            vec!["energy"],
            "not_listed",
            vec![],
        ),
    ];
    for (org, title, trl, areas, export, seeks) in rows {
        technologies::insert(
            app.db(),
            org,
            &tech(
                title,
                &format!("{title}: a longer public description."),
                "",
                trl,
                &areas,
                export,
                &seeks,
            ),
            TechStatus::Submitted,
            &author(),
        )
        .await
        .unwrap();
    }
    technologies::insert(
        app.db(),
        fi,
        &tech(
            "Secret draft",
            "A draft nobody else sees in search.",
            "",
            3,
            &["quantum"],
            "unknown",
            &[],
        ),
        TechStatus::Draft,
        &author(),
    )
    .await
    .unwrap();
    let officer = staff_client(app, "o@agency.example.org", "Officer", "officer").await;
    app.server.as_ref().unwrap().notify_search();
    eventually("indexed", || async {
        search(app, &officer, &[]).await.total == 4
    })
    .await;

    let all = search(app, &officer, &[]).await;
    let facets: Vec<(String, Vec<(String, u64)>)> = all
        .facets
        .iter()
        .map(|g| {
            (
                g.dimension.clone(),
                g.values
                    .iter()
                    .map(|v| (v.value.clone(), v.count))
                    .collect(),
            )
        })
        .collect();
    insta::assert_json_snapshot!("facet_counts_all", facets);

    // Two facets at once: TRL 5–7 in Finland.
    let page = search(
        app,
        &officer,
        &[("trl_min", "5"), ("trl_max", "7"), ("countries[]", "FI")],
    )
    .await;
    let mut found: Vec<String> = page
        .hits
        .iter()
        .map(|h| h.technology.title.clone())
        .collect();
    found.sort();
    assert_eq!(found, ["Drone detection radar", "Drone swarm autopilot"]);

    let radar = search(app, &officer, &[("text", "radar"), ("sort", "trl")]).await;
    let order: Vec<String> = radar
        .hits
        .iter()
        .map(|h| h.technology.title.clone())
        .collect();
    assert_eq!(
        order,
        ["Radar absorbing paint", "Drone detection radar"],
        "sorted by TRL, highest first"
    );
}
db_test!(
    facet_counts_on_a_small_fixed_data_set,
    facets_count_a_fixed_data_set
);

async fn founders_cannot_scout(app: &TestApp) {
    let founder = signed_in(app, "f@example.org", "founder").await;
    let response = founder
        .post(app.url("/api/search/technologies"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let anonymous = app
        .client()
        .get(app.url("/api/v1/match?text=radar"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let bad = founder
        .get(app.url("/api/v1/match?text=radar&trl=12"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
}
db_test!(
    scouting_and_the_match_api_check_the_caller,
    founders_cannot_scout
);

/// The match API's answer to `url`, once the indexer has caught up with the catalogue.
async fn matched_once_indexed(
    app: &TestApp,
    client: &reqwest::Client,
    url: &str,
) -> Vec<serde_json::Value> {
    let results = || async {
        let response = client.get(app.url(url)).send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.json::<Vec<serde_json::Value>>().await.unwrap()
    };
    eventually("the catalogue is indexed", || async {
        !results().await.is_empty()
    })
    .await;
    results().await
}

/// The match API ranks investors by their thesis for the country, TRL and areas given, and
/// refuses areas and amounts it does not know, naming the parameter.
async fn the_match_api_ranks_investors_by_thesis(app: &TestApp) {
    server::catalogue_import::import_text(app.db(), server::demo::CATALOGUE_JSON)
        .await
        .unwrap();
    app.server.as_ref().unwrap().notify_search();
    let founder = signed_in(app, "thesis@example.org", "founder").await;
    let url = "/api/v1/match?text=small%20radar%20satellites&kind=investor&country=FI&trl=6\
               &areas=space,sensing&funding_sought_eur=3000000&limit=20";
    let results = matched_once_indexed(app, &founder, url).await;
    let check = |m: &serde_json::Value, name: &str| -> Option<serde_json::Value> {
        m["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .cloned()
    };
    // The Finnish state investor, a space investor for this Finnish space company, is listed
    // with its reasons; funds that cannot invest in Finland are not among the results.
    let tesi = results
        .iter()
        .find(|m| m["id"] == "INV-FI-TESI")
        .expect("the Finnish fund is listed");
    let country = check(tesi, "Country").unwrap();
    assert_eq!(country["passed"], true);
    assert!(country["detail"]
        .as_str()
        .unwrap()
        .contains("Finland is in the fund's countries: its home market"));
    assert_eq!(check(tesi, "Areas").unwrap()["passed"], true);
    assert!(check(tesi, "Stage").is_some());
    let nif = results
        .iter()
        .find(|m| m["id"] == "INV-NIF")
        .expect("the NATO Innovation Fund invests in Finland and in space");
    let ticket = check(nif, "Ticket").unwrap();
    assert_eq!(ticket["passed"], true, "{ticket}");
    assert!(
        results.iter().all(|m| m["id"] != "INV-FR-DEFINVEST"),
        "a fund investing in France only cannot invest in a Finnish company"
    );
    // A fund invests all year: no "rolling — no deadline" on its card.
    assert!(
        results.iter().all(|m| check(m, "Deadline").is_none()),
        "{results:?}"
    );
    // A fund listed for its thesis alone says so instead of an empty "matched".
    let thesis_only = results
        .iter()
        .find(|m| m["matched_terms"].as_array().unwrap().is_empty())
        .expect("a fund shares no word with the text and is listed for its thesis");
    assert_eq!(
        thesis_only["reasons"][0],
        "matched: no shared word (listed for its thesis and portfolio)"
    );
    for (query, field) in [
        ("areas=space,cyber", "areas"),
        ("funding_sought_eur=99999999999999", "funding_sought_eur"),
    ] {
        let bad = founder
            .get(app.url(&format!("/api/v1/match?text=radar&{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status(), 422, "{query}");
        assert!(bad.text().await.unwrap().contains(field), "{query}");
    }
}
db_test!(
    the_match_api_ranks_investors_by_their_thesis,
    the_match_api_ranks_investors_by_thesis
);

/// A forthcoming call is matched and ranked like an open one, and says when it opens.
async fn forthcoming_calls_are_matched(app: &TestApp) {
    let topic = |id: &str, status: Option<&str>, opens: Option<&str>, deadline: &str| {
        let mut entry = serde_json::json!({
            "id": id, "kind": "edf_call", "title": "Hypersonic glide vehicle interception",
            "description": "Sensors and interceptors against hypersonic glide vehicles.",
            "tags": ["hypersonic", "interceptor"], "budget_eur": null, "deadline": deadline,
            "trl_min": 4, "trl_max": 7, "eligible_countries": ["FI", "DE"],
            "source_url": "https://example.org/topic", "thematic_category": "Air and missile defence"
        });
        if let Some(status) = status {
            entry["status"] = status.into();
        }
        if let Some(opens) = opens {
            entry["opens"] = opens.into();
        }
        entry
    };
    let other = |id: &str, title: &str| {
        serde_json::json!({
            "id": id, "kind": "edf_call", "title": title, "description": title,
            "tags": [], "budget_eur": null, "deadline": "2024-11-05", "trl_min": null,
            "trl_max": null, "eligible_countries": ["FI"], "source_url": "https://example.org/o"
        })
    };
    // Words count as significant when at most half of the catalogue holds them, so the two
    // hypersonic topics share the catalogue with three others.
    let catalogue = serde_json::json!([
        topic("EDF-2024-HYPER", None, None, "2024-11-05"),
        topic(
            "EDF-2099-HYPER",
            Some("forthcoming"),
            Some("2099-01-15"),
            "2099-06-30"
        ),
        other("EDF-2024-BATT", "Arctic batteries"),
        other("EDF-2024-SHIP", "Naval mine countermeasures"),
        other("EDF-2024-MED", "Battlefield medical evacuation"),
    ]);
    server::catalogue_import::import_text(app.db(), &catalogue.to_string())
        .await
        .unwrap();
    app.server.as_ref().unwrap().notify_search();
    let founder = signed_in(app, "forthcoming@example.org", "founder").await;
    let url = "/api/v1/match?text=hypersonic%20interceptor&kind=edf_call&country=FI";
    let results = matched_once_indexed(app, &founder, url).await;
    assert_eq!(
        results.len(),
        1,
        "only the forthcoming one is open: {results:?}"
    );
    assert_eq!(results[0]["id"], "EDF-2099-HYPER");
    assert_eq!(results[0]["eligible"], true);
    let deadline = results[0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Deadline")
        .unwrap();
    assert!(
        deadline["detail"]
            .as_str()
            .unwrap()
            .contains("forthcoming — expected to open on 2099-01-15"),
        "{deadline}"
    );
}
db_test!(
    a_forthcoming_call_is_matched_and_says_when_it_opens,
    forthcoming_calls_are_matched
);

async fn catalogue_text_search_with_filters(app: &TestApp) {
    server::catalogue_import::import_text(app.db(), server::demo::CATALOGUE_JSON)
        .await
        .unwrap();
    app.server.as_ref().unwrap().notify_search();
    let anonymous = app.client();
    let list = |params: Vec<(&'static str, &'static str)>| {
        let client = anonymous.clone();
        async move {
            let response = app.call(&client, "catalogue/list", &params).await;
            assert_eq!(response.status(), 200);
            response
                .json::<app::api::catalogue::CatalogueList>()
                .await
                .unwrap()
        }
    };
    eventually("the catalogue is indexed", || async {
        !list(vec![("q", "counter drone")]).await.entries.is_empty()
    })
    .await;

    let found = list(vec![
        ("q", "counter drone radar"),
        ("trl", "6"),
        ("country", "FI"),
        ("kind", "edf_call"),
    ])
    .await;
    assert_eq!(found.entries[0].record.id, "EDF-2023-DA-AIRDEF-CUAS");
    assert!(
        found.entries[0].snippet.iter().any(|s| s.mark),
        "the description is highlighted"
    );
    assert!(found
        .entries
        .iter()
        .all(|e| e.record.kind == app::domain::opportunity::OpportunityKind::EdfCall));
    let trl1 = list(vec![
        ("q", "counter drone radar"),
        ("trl", "1"),
        ("kind", "edf_call"),
    ])
    .await;
    assert!(
        trl1.entries
            .iter()
            .all(|e| e.record.trl_min.is_none_or(|m| m.get() <= 1)),
        "only windows that include TRL 1"
    );
    let gb = list(vec![
        ("q", "venture fund"),
        ("country", "GB"),
        ("kind", "investor"),
    ])
    .await;
    assert!(!gb.entries.is_empty());
    assert!(gb.entries.iter().all(|e| e
        .record
        .eligible_countries
        .iter()
        .any(|c| c.as_str() == "GB")));
    let bad = app
        .call(&anonymous, "catalogue/list", &[("trl", "12")])
        .await;
    assert_eq!(bad.status(), 422);
}
db_test!(
    catalogue_search_combines_words_with_kind_trl_and_country,
    catalogue_text_search_with_filters
);

async fn opportunities_and_theses_find_fitting_technologies(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    app.server.as_ref().unwrap().notify_search();
    let officer = common::demo_client(app, "officer@demo.lab2field.eu").await;
    let fits_for = |id: &'static str| fitting(app, &officer, id);
    eventually("demo data is indexed", || async {
        !fits_for("EDF-2023-DA-AIRDEF-CUAS").await.is_empty()
    })
    .await;
    // A fund's deal flow also ranks by what it backed: a space fund's flow names the backed
    // company a technology resembles.
    let space_fund = fits_for("INV-EXPANSION").await;
    assert!(
        space_fund
            .iter()
            .any(|f| f.checks.iter().any(|c| c.name == "Portfolio"
                && c.passed == Some(true)
                && c.detail.contains("which the fund backed"))),
        "{space_fund:#?}"
    );
    // A fund's text says how it raised its money ("first close above EUR 150m in late 2025,
    // … anchor LPs"): none of that explains a technology in its flow ("close by").
    let keen = fits_for("INV-KEEN-DEF").await;
    assert!(!keen.is_empty());
    for fit in &keen {
        for word in &fit.matched_terms {
            assert!(
                !["close", "above", "anchor", "pension", "dutch"].contains(&word.as_str()),
                "{} explained by {word:?}: {:?}",
                fit.technology.title,
                fit.matched_terms
            );
        }
    }
    // The counter-drone technologies lead (Aurora's and the demo's consortium partners').
    let fits = fits_for("EDF-2023-DA-AIRDEF-CUAS").await;
    let aurora = fits
        .iter()
        .take(4)
        .find(|f| f.technology.title == "Passive RF detection network for small drones")
        .unwrap_or_else(|| panic!("Aurora's technology in the first four: {fits:#?}"));
    assert!(
        aurora.eligible,
        "a Finnish company may apply to an EDF topic"
    );
    for fit in fits.iter().take(1) {
        assert!(
            fit.matched_terms.iter().any(|t| t.contains("drone")),
            "{}: {:?}",
            fit.technology.title,
            fit.matched_terms
        );
    }

    let investor = common::demo_client(app, "investor@demo.lab2field.eu").await;
    let flow: app::api::matching::ThesisDealFlow = app
        .call(&investor, "matching/deal_flow", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        flow.thesis.as_ref().map(|t| t.0.as_str()),
        Some("INV-KEEN-DEF")
    );
    assert!(!flow.fits.is_empty());
    // Ranked by the structured thesis (Keen: European NATO members, home market the
    // Netherlands, four critical areas), each fit explained by it; a company the fund cannot
    // invest in is not eligible and comes after every eligible one.
    for fit in &flow.fits {
        let country = fit
            .checks
            .iter()
            .find(|c| c.name == "Country")
            .unwrap_or_else(|| panic!("a country check on {:?}", fit.technology.title));
        assert_eq!(fit.eligible, country.passed != Some(false), "{fit:?}");
        assert!(fit.checks.iter().any(|c| c.name == "Areas"), "{fit:?}");
        // The thesis judges the TRL (stage, TRL band): no bare "TRL fit" beside it.
        assert!(fit.trl_fit.is_none(), "{fit:?}");
        assert!(fit.checks.iter().any(|c| c.name == "Stage"), "{fit:?}");
        if fit.technology.country == "NL" {
            assert!(country.detail.contains("home market"), "{country:?}");
        }
    }
    assert!(flow.fits.windows(2).all(|w| w[0].eligible >= w[1].eligible));
    assert!(
        flow.fits.iter().any(|f| f
            .checks
            .iter()
            .any(|c| c.name == "Areas" && c.passed == Some(true))),
        "some technologies are in the fund's areas"
    );
    let body = serde_json::to_string(&flow).unwrap();
    assert!(
        !body.contains("proprietary 8-element"),
        "public fields only"
    );

    let founder = common::demo_client(app, "founder@demo.lab2field.eu").await;
    let tech_id = aurora.technology.id.to_string();
    let own: app::api::matching::MatchesByKind = app
        .call(&founder, "matching/technology", &[("id", &tech_id)])
        .await
        .json()
        .await
        .unwrap();
    let best_edf = own
        .edf
        .matches
        .iter()
        .chain(own.edf.near_misses.iter())
        .chain(own.edf.recurring.iter())
        .next()
        .expect("EDF results");
    assert!(best_edf.checks.iter().any(|c| c.name == "Deadline"));
    // Every call of the demo catalogue has closed; those whose series comes back are their
    // own group, with the month the next deadline is expected, so the page is never empty.
    assert!(!own.edf.recurring.is_empty(), "{:?}", own.edf);
    assert!(!own.diana.recurring.is_empty(), "{:?}", own.diana);
    for m in own.edf.recurring.iter().chain(&own.diana.recurring) {
        let recurs = m
            .checks
            .iter()
            .find(|c| c.name == "Next call")
            .expect("a recurs check");
        assert_eq!(recurs.passed, Some(true));
        assert!(recurs.detail.contains("expected around"), "{recurs:?}");
        assert!(m
            .checks
            .iter()
            .any(|c| c.name == "Deadline" && c.passed == Some(false)));
        assert!(own
            .edf
            .near_misses
            .iter()
            .chain(&own.diana.near_misses)
            .all(|n| n.id != m.id));
    }
    assert_eq!(
        app.call(&investor, "matching/technology", &[("id", &tech_id)])
            .await
            .status(),
        404,
        "matches are for the company and staff"
    );
    assert_eq!(
        app.call(
            &founder,
            "matching/opportunity",
            &[("id", "EDF-2023-DA-AIRDEF-CUAS")]
        )
        .await
        .status(),
        403
    );
    assert_eq!(
        app.call(&founder, "matching/deal_flow", &[]).await.status(),
        403
    );
}
db_test!(
    opportunities_and_investor_theses_rank_technologies,
    opportunities_and_theses_find_fitting_technologies
);

/// Every result of a text query contains a word, or a whole synonym phrase, of what was typed:
/// "battery" finds "energy storage" but "laser" does not find every "energy"; a query of stop
/// words alone finds nothing rather than everything.
async fn text_results_contain_a_word_that_was_meant(app: &TestApp) {
    let (org, _) = company(app, "words@example.org", "Lumen Defence BV", "NL", "20").await;
    let officer = staff_client(app, "scout@example.org", "Scout", "officer").await;
    for (title, summary, areas) in [
        (
            "Compact high-energy laser effector",
            "A high-energy laser that defeats small drones at short range.",
            vec!["energy"],
        ),
        (
            "Containerised energy storage for forward bases",
            "Energy storage in a shipping container that keeps a camp running silently at night.",
            vec!["energy"],
        ),
        (
            "Machine vision for weld inspection",
            "Cameras and classical vision that check welds on armoured hulls.",
            vec!["materials"],
        ),
    ] {
        technologies::insert(
            app.db(),
            org,
            &tech(title, summary, "", 6, &areas, "not_listed", &[]),
            TechStatus::Submitted,
            &author(),
        )
        .await
        .unwrap();
    }
    eventually("all three are indexed", || async {
        search(app, &officer, &[]).await.total == 3
    })
    .await;
    assert_eq!(
        titles(app, &officer, "laser").await,
        ["Compact high-energy laser effector"],
        "\"directed energy\" is a phrase, not every \"energy\""
    );
    assert_eq!(
        titles(app, &officer, "battery").await,
        ["Containerised energy storage for forward bases"],
        "\"energy storage\" counts as a whole"
    );
    assert!(
        titles(app, &officer, "deep learning").await.is_empty(),
        "\"machine learning\" must not find every \"machine\""
    );
    assert!(titles(app, &officer, "the and of").await.is_empty());
    assert_eq!(
        titles(app, &officer, "   ").await.len(),
        3,
        "no text: everything"
    );
}
db_test!(
    a_text_query_lists_only_results_containing_a_word_it_meant,
    text_results_contain_a_word_that_was_meant
);

/// Explanations name only words that carry weight: "matched" never lists this domain's generic
/// words (defence, small, advanced, …), and a text sharing only such words with the catalogue
/// matches nothing.
async fn matches_are_explained_by_significant_words(app: &TestApp) {
    server::catalogue_import::import_text(app.db(), server::demo::CATALOGUE_JSON)
        .await
        .unwrap();
    app.server.as_ref().unwrap().notify_search();
    let founder = signed_in(app, "f@example.org", "founder").await;
    let matches = |text: &'static str| {
        let founder = founder.clone();
        async move {
            let response = founder
                .get(app.url("/api/v1/match"))
                .query(&[("text", text), ("include_closed", "true"), ("limit", "10")])
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            response.json::<Vec<serde_json::Value>>().await.unwrap()
        }
    };
    eventually("the catalogue is indexed", || async {
        !matches("counter-drone radar").await.is_empty()
    })
    .await;
    let generic = [
        "defence", "small", "advanced", "directly", "early", "backing",
    ];
    let found = matches("Small advanced counter-drone radar for defence, directly and early").await;
    assert!(!found.is_empty());
    for m in &found {
        let words: Vec<String> = m["matched_terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap().to_lowercase())
            .collect();
        assert!(!words.is_empty(), "{} matched without a word", m["id"]);
        for word in &words {
            assert!(
                !generic.contains(&word.as_str()),
                "{} explained by {word:?}: {words:?}",
                m["id"]
            );
        }
    }
    assert!(
        matches("Small advanced defence backing, directly and early")
            .await
            .is_empty(),
        "generic words alone are no match"
    );
    // The investors for `text` include `fund`, and none is explained by a word of `incidental`.
    let investors_not_explained_by =
        |text: &'static str, fund: &'static str, incidental: &'static [&'static str]| {
            let founder = founder.clone();
            async move {
                let found: Vec<serde_json::Value> = common::json(
                    founder
                        .get(app.url("/api/v1/match"))
                        .query(&[("text", text), ("kind", "investor"), ("limit", "20")])
                        .send()
                        .await
                        .unwrap(),
                )
                .await;
                assert!(
                    found.iter().any(|m| m["id"] == fund),
                    "{fund} is found for {text:?}: {found:?}"
                );
                for m in &found {
                    let words = m["matched_terms"].to_string().to_lowercase();
                    for word in incidental {
                        assert!(!words.contains(word), "{} explained by {words}", m["id"]);
                    }
                }
            }
        };
    // Where a fund invests is its country check, not a shared word: "a Finnish airport" does
    // not explain Tesi ("Finnish state-owned investor"), and places alone match nothing.
    investors_not_explained_by(
        "Counter-drone radar tested at a Finnish airport",
        "INV-EXPEDITIONS",
        &["finnish"],
    )
    .await;
    assert!(
        matches("Finnish, Swedish and Norwegian, from Finland to France")
            .await
            .is_empty(),
        "places alone are no match"
    );
    // Plain function words and how a fund describes its vehicle explain nothing either: NIF
    // invests "indirectly through other VC funds", OTB has "EUR 279m under management", Plural
    // is "an investment platform", and NSSIF was "patterned on In-Q-Tel", no longer "on an
    // In-Q-Tel-like model" — none of that fits a chip start-up's words.
    investors_not_explained_by(
        "AI chip platform for language model inference under 10 W, made through our own fab \
         partner",
        "INV-UK-NSSIF",
        &["through", "under", "platform", "model"],
    )
    .await;
}
db_test!(
    matches_name_only_significant_words,
    matches_are_explained_by_significant_words
);

/// An investor organisation writes its own thesis on its page; the deal flow is ranked by it
/// instead of the catalogue entry's. Wrong fields are named and change nothing; only the
/// organisation's own investors can change it.
async fn an_organisations_own_thesis_ranks_its_deal_flow(app: &TestApp) {
    server::demo::load_if_empty(app.db()).await.unwrap();
    app.server.as_ref().unwrap().notify_search();
    let investor = common::demo_client(app, "investor@demo.lab2field.eu").await;
    let flow = |client: reqwest::Client| async move {
        let response = app.call(&client, "matching/deal_flow", &[]).await;
        assert_eq!(response.status(), 200);
        response
            .json::<app::api::matching::ThesisDealFlow>()
            .await
            .unwrap()
    };
    eventually("demo data is indexed", || async {
        !flow(investor.clone()).await.fits.is_empty()
    })
    .await;
    let page: app::api::investor::InvestorOrgPage = app
        .call(&investor, "investor/organisation", &[])
        .await
        .json()
        .await
        .unwrap();
    let current = page.current.expect("Keen's organisation");
    assert!(
        current.thesis_from_catalogue.is_some(),
        "the form starts from the catalogue entry's thesis"
    );
    assert!(!current.thesis.areas.is_empty());

    let org = |thesis: &[(&'static str, &'static str)]| {
        let mut fields = vec![
            ("form[name]", "Keen Venture Partners"),
            ("form[country]", "NL"),
            ("form[website]", ""),
            ("form[catalogue_investor_id]", "INV-KEEN-DEF"),
            ("form[controlling_country]", ""),
        ];
        fields.extend_from_slice(thesis);
        fields
    };
    let wrong = app
        .call(
            &investor,
            "investor/organisation/save",
            &org(&[
                ("thesis[text]", "Finnish space"),
                ("thesis[areas][]", "space"),
                ("thesis[areas][]", "quantum-ish"),
                ("thesis[ticket_min_eur]", "5000000"),
                ("thesis[ticket_max_eur]", "100"),
                ("thesis[countries]", "FI, XX"),
                ("thesis[trl_min]", "12"),
            ]),
        )
        .await;
    assert_eq!(wrong.status(), 422);
    let body = wrong.text().await.unwrap();
    for field in ["areas", "ticket_max_eur", "countries", "trl_min"] {
        assert!(
            body.contains(&format!("\"{field}\"")),
            "{field} not named in {body}"
        );
    }
    let unchanged = flow(investor.clone()).await;
    assert!(!unchanged.own_thesis, "a refused thesis changes nothing");
    assert_eq!(
        unchanged.thesis.as_ref().map(|t| t.0.as_str()),
        Some("INV-KEEN-DEF")
    );

    let saved = app
        .call(
            &investor,
            "investor/organisation/save",
            &org(&[
                (
                    "thesis[text]",
                    "We back Finnish space start-ups: satellites, launch and ground segment.",
                ),
                ("thesis[areas][]", "space"),
                ("thesis[stages][]", "seed"),
                ("thesis[stages][]", "series_a"),
                ("thesis[countries]", "FI"),
                ("thesis[focus_countries]", "FI"),
                ("thesis[ticket_min_eur]", "500 000"),
                ("thesis[ticket_max_eur]", "5,000,000"),
                ("thesis[invests]", "directly"),
            ]),
        )
        .await;
    assert!(
        saved.status().is_success(),
        "{}",
        saved.text().await.unwrap()
    );
    let own = flow(investor.clone()).await;
    assert!(own.own_thesis);
    assert_eq!(own.thesis, None);
    assert!(!own.fits.is_empty());
    assert_eq!(own.fits[0].technology.country, "FI", "{:?}", own.fits[0]);
    for fit in &own.fits {
        assert_eq!(fit.eligible, fit.technology.country == "FI", "{fit:?}");
    }
    assert!(
        own.fits.iter().any(|f| f.technology.country == "FI"
            && f.checks
                .iter()
                .any(|c| c.name == "Areas" && c.passed == Some(true))),
        "a Finnish space technology passes the areas check: {:?}",
        own.fits
    );
    let page: app::api::investor::InvestorOrgPage = app
        .call(&investor, "investor/organisation", &[])
        .await
        .json()
        .await
        .unwrap();
    let current = page.current.unwrap();
    assert_eq!(current.thesis_from_catalogue, None);
    assert_eq!(current.thesis.areas, vec!["space"]);
    assert_eq!(current.thesis.ticket_max_eur, "5000000");
    assert!(current.thesis.text.starts_with("We back Finnish space"));

    // Another investor's organisation is its own: saving it leaves Keen's thesis alone, and a
    // founder cannot save an investor organisation at all.
    let other = signed_in(app, "other-investor@example.org", "investor").await;
    let other_saved = app
        .call(
            &other,
            "investor/organisation/save",
            &[
                ("form[name]", "Other Capital"),
                ("form[country]", "PL"),
                ("thesis[areas][]", "connectivity"),
                ("thesis[countries]", "PL"),
            ],
        )
        .await;
    assert!(
        other_saved.status().is_success(),
        "{}",
        other_saved.text().await.unwrap()
    );
    assert!(flow(investor.clone()).await.own_thesis);
    let founder = common::demo_client(app, "founder@demo.lab2field.eu").await;
    let refused = app
        .call(
            &founder,
            "investor/organisation/save",
            &org(&[("thesis[areas][]", "space")]),
        )
        .await;
    assert_eq!(refused.status(), 403);

    // Saving the organisation without a thesis section (an API client) keeps the thesis;
    // clearing every thesis field goes back to the catalogue entry's thesis.
    let kept = app
        .call(&investor, "investor/organisation/save", &org(&[]))
        .await;
    assert!(kept.status().is_success());
    assert!(
        flow(investor.clone()).await.own_thesis,
        "no thesis section keeps the thesis"
    );
    // Its words alone (no structured part) still rank the flow, and the page says so.
    let words_only = app
        .call(
            &investor,
            "investor/organisation/save",
            &org(&[("thesis[text]", "We back Finnish space start-ups")]),
        )
        .await;
    assert!(words_only.status().is_success());
    let by_words = flow(investor.clone()).await;
    assert!(by_words.own_thesis, "its own words rank the flow");
    assert_eq!(by_words.thesis, None, "no catalogue entry named");
    let cleared = app
        .call(
            &investor,
            "investor/organisation/save",
            &org(&[("thesis[text]", ""), ("thesis[countries]", "")]),
        )
        .await;
    assert!(cleared.status().is_success());
    let back = flow(investor).await;
    assert!(!back.own_thesis);
    assert_eq!(
        back.thesis.as_ref().map(|t| t.0.as_str()),
        Some("INV-KEEN-DEF")
    );
}
db_test!(
    an_investor_organisation_writes_its_thesis_and_the_deal_flow_follows_it,
    an_organisations_own_thesis_ranks_its_deal_flow
);

/// Technologies that fit equally are listed in a fixed order (the older first), however the
/// index happens to hold them: an edit re-indexes a technology behind the others, and two
/// instances of the site (or one before and after a rebuild) must not disagree on the order.
async fn equal_fits_keep_one_order_whatever_the_index_holds(app: &TestApp) {
    server::catalogue_import::import_text(app.db(), server::demo::CATALOGUE_JSON)
        .await
        .unwrap();
    let officer = staff_client(app, "o@agency.example.org", "Officer", "officer").await;
    // TRL 6 and 7 are both inside the topic's window (5–8): the fit is the same.
    let draft = |trl: u8| {
        tech(
            "Counter-drone radar",
            "Detects and classifies small drones around airports and bases with a radar.",
            "",
            trl,
            &["sensing"],
            "not_listed",
            &[],
        )
    };
    let mut ids = Vec::new();
    for (email, name, country) in [
        ("a@example.org", "Aurora Oy", "FI"),
        ("b@example.org", "Boreal AB", "SE"),
        ("c@example.org", "Cumulus BV", "NL"),
    ] {
        let (_, user_id) = company(app, email, name, country, "10").await;
        let founder = app::server::auth::CurrentUser {
            id: user_id,
            email: email.into(),
            display_name: "Founder".into(),
            role: Role::Founder,
            verified: true,
        };
        let created = submitted(app, &founder, &draft(6)).await;
        ids.push((created.id, founder));
    }
    let fits = || async {
        fitting(app, &officer, "EDF-2023-DA-AIRDEF-CUAS")
            .await
            .into_iter()
            .map(|f| (f.technology.id, f.technology.trl.get(), f.score))
            .collect::<Vec<_>>()
    };
    app.server.as_ref().unwrap().notify_search();
    // Three technologies are the whole index: "drone" is in all of them and still matters.
    eventually("the three are indexed", || async {
        fits().await.len() == 3
    })
    .await;
    // The first two move to TRL 7: the index now holds them after the third.
    for (id, founder) in ids.iter().take(2) {
        technologies::update(app.db(), founder, *id, &draft(7))
            .await
            .unwrap();
    }
    app.server.as_ref().unwrap().notify_search();
    eventually("the edits are indexed", || async {
        fits().await.iter().filter(|(_, trl, _)| *trl == 7).count() == 2
    })
    .await;
    let listed = fits().await;
    assert!(
        listed.iter().all(|(_, _, s)| *s == listed[0].2),
        "equal fits: {listed:?}"
    );
    assert_eq!(
        listed.iter().map(|(id, _, _)| *id).collect::<Vec<_>>(),
        ids.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        "the older first: {listed:?}"
    );
}
db_test!(
    equal_fits_are_listed_in_one_order,
    equal_fits_keep_one_order_whatever_the_index_holds
);
