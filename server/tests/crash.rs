//! Crashes lose nothing: the real server binary takes concurrent writes, is killed with
//! SIGKILL mid-flight, and after a restart every acknowledged write is there and searchable,
//! and the index agrees with the database.

mod common;

use common::{backends, Backend, ServerProcess};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_sigkill_and_stay_searchable() {
    for backend in backends() {
        let folder = tempfile::tempdir().unwrap();
        let pg = match backend {
            Backend::Postgres => Some(common::create_pg_database().await),
            Backend::Sqlite => None,
        };
        let mut server =
            ServerProcess::start(folder.path(), pg.as_ref().map(|(url, _)| url.as_str())).await;
        let founder = server.demo_client("founder@demo.lab2field.eu").await;

        // Four writers create and submit technologies as fast as the server acknowledges.
        let acknowledged: Arc<Mutex<Vec<(i64, String)>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let writers: Vec<_> = (0..4)
            .map(|w| {
                let (client, base, acknowledged, stop) = (
                    founder.clone(),
                    server.base.clone(),
                    acknowledged.clone(),
                    stop.clone(),
                );
                tokio::spawn(async move {
                    let mut n = 0;
                    while !stop.load(Ordering::Relaxed) {
                        n += 1;
                        let token = format!("w{w}crash{n}");
                        let form = common::technology_fields(&format!("Resilient sensor {token}"));
                        let Ok(created) = client
                            .post(format!("{base}/api/technologies/create"))
                            .header("accept", "application/json")
                            .form(&form)
                            .send()
                            .await
                        else {
                            break;
                        };
                        if created.status() != 200 {
                            break;
                        }
                        let Ok(id) = created.json::<i64>().await else {
                            break;
                        };
                        let submitted = client
                            .post(format!("{base}/api/technologies/status"))
                            .header("accept", "application/json")
                            .form(&[("id", id.to_string()), ("change", "submit".to_owned())])
                            .send()
                            .await;
                        // Only what the server confirmed counts as written.
                        if submitted.is_ok_and(|r| r.status() == 200) {
                            acknowledged.lock().unwrap().push((id, token));
                        }
                    }
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(2500)).await;
        server.kill();
        stop.store(true, Ordering::Relaxed);
        for w in writers {
            let _ = w.await;
        }
        let acknowledged = acknowledged.lock().unwrap().clone();
        assert!(
            acknowledged.len() >= 5,
            "{backend:?}: too few writes ({})",
            acknowledged.len()
        );

        server.restart().await;
        let founder = server.demo_client("founder@demo.lab2field.eu").await;
        let officer = server.demo_client("officer@demo.lab2field.eu").await;
        for (id, _) in &acknowledged {
            let response = founder
                .post(server.url("/api/technologies/get"))
                .header("accept", "application/json")
                .form(&[("id", id.to_string())])
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{backend:?}: technology {id} lost");
            let view: serde_json::Value = response.json().await.unwrap();
            assert_eq!(view["status"], "submitted", "{backend:?}: {id}");
        }
        // Every acknowledged technology is found by its own word, and the index holds exactly
        // what the database holds (given the indexer a moment to catch up).
        let search = |text: String| {
            let officer = officer.clone();
            let url = server.url("/api/search/technologies");
            async move {
                officer
                    .post(url)
                    .header("accept", "application/json")
                    .form(&[("query[text]", text.as_str()), ("query[per_page]", "100")])
                    .send()
                    .await
                    .unwrap()
                    .json::<serde_json::Value>()
                    .await
                    .unwrap()
            }
        };
        let deadline = Instant::now() + Duration::from_secs(15);
        for (id, token) in &acknowledged {
            loop {
                let page = search(token.clone()).await;
                let found = page["hits"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|h| h["technology"]["id"] == *id);
                if found {
                    break;
                }
                assert!(
                    Instant::now() < deadline,
                    "{backend:?}: {token} not searchable"
                );
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
        let submitted: Vec<serde_json::Value> = officer
            .post(server.url("/api/technologies/submitted"))
            .header("accept", "application/json")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        loop {
            let everything = search(String::new()).await;
            if everything["total"].as_u64() == Some(submitted.len() as u64) {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{backend:?}: index has {} technologies, the database {}",
                everything["total"],
                submitted.len()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        drop(server);
        if let Some((_, name)) = pg {
            common::drop_pg_database(&name).await;
        }
    }
}
