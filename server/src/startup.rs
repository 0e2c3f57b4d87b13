//! Starting the server: check settings, listen, connect, migrate, seed, spawn workers, serve.
//! The order makes a bad setting stop start-up before anything is created.

use crate::config::{ConfigError, Settings};
use crate::{db, demo, router, sessions};
use app::server::mail::sender::MailSender;
use app::server::mail::transport::MailTransport;
use app::server::mail::MailQueue;
use app::server::search::indexer::{stopped, Indexer};
use app::server::search::SearchIndex;
use app::server::{AppState, RuntimeConfig};
use axum::serve::ListenerExt;
use leptos::config::LeptosOptions;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;
use tower_sessions::session_store::ExpiredDeletion;

#[derive(Debug, Clone, Copy, Default)]
pub struct StartOptions {
    /// Load the demo accounts when the database has no accounts yet.
    pub demo_data: bool,
}

/// A server running in this process; tests start and stop several.
pub struct RunningServer {
    pub addr: SocketAddr,
    pub base_url: url::Url,
    pub db: DatabaseConnection,
    pub search: Arc<SearchIndex>,
    pub config: Arc<RuntimeConfig>,
    pub mail: MailQueue,
    shutdown: Option<oneshot::Sender<()>>,
    server: JoinHandle<std::io::Result<()>>,
    /// Held while the server runs: `restore` refuses to swap the database under it.
    _data_dir_lock: std::fs::File,
    /// The search replica, stopped through `stop_replica` so that it finishes the batch it is
    /// applying and releases the index writers before the server is gone.
    replica: Option<JoinHandle<()>>,
    stop_replica: watch::Sender<bool>,
    workers: Vec<JoinHandle<()>>,
}

/// How long stopping waits for the search replica to finish its batch before it drops it.
const REPLICA_STOP_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// How long start-up waits for an index that must be built before it starts serving anyway.
const INITIAL_BUILD_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// This instance's search replica: built from the database first if it cannot follow the change
/// feed (`rebuild` says why), then kept current by the indexer until `stop`. `built` is told
/// when searches can be answered.
async fn search_replica(
    db: DatabaseConnection,
    search: Arc<SearchIndex>,
    data_dir: std::path::PathBuf,
    rebuild: Option<String>,
    built: oneshot::Sender<()>,
    mut stop: watch::Receiver<bool>,
) {
    if let Some(reason) = rebuild {
        tracing::warn!(%reason, "building the search index from the database before serving search");
        loop {
            let attempt = tokio::select! {
                result = search.build(&db, &data_dir) => result,
                _ = stopped(&mut stop) => return,
            };
            let Err(error) = attempt else { break };
            tracing::error!(%error, "building the search index failed; retrying in 5 seconds");
            if pause_or_stop(&mut stop, REPLICA_RETRY * 5).await {
                return;
            }
        }
        tracing::info!("search index built; serving search");
    }
    let _ = built.send(());
    // The writers may be held for a moment yet (a server on this data folder that is still
    // stopping): an indexer that gave up here would leave search stale until the next restart.
    loop {
        match Indexer::new(search.clone(), db.clone()) {
            Ok(indexer) => return indexer.run(stop).await,
            Err(error) => {
                tracing::error!(%error, "the search indexer cannot start yet; retrying in 1 second")
            }
        }
        if pause_or_stop(&mut stop, REPLICA_RETRY).await {
            return;
        }
    }
}

/// How long the search replica waits before trying again.
const REPLICA_RETRY: std::time::Duration = std::time::Duration::from_secs(1);

/// Waits `pause`; true when `stop` came first.
async fn pause_or_stop(stop: &mut watch::Receiver<bool>, pause: std::time::Duration) -> bool {
    tokio::select! {
        _ = stopped(stop) => true,
        _ = tokio::time::sleep(pause) => false,
    }
}

impl RunningServer {
    /// Wakes the indexer (services called directly, outside a server function, do not).
    pub fn notify_search(&self) {
        self.search.notify();
    }

    /// Stops accepting requests, finishes those under way, and stops the workers.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.server).await;
        self.stop_search_replica().await;
        for worker in &self.workers {
            worker.abort();
        }
        // Wait until each worker is really gone: `abort` only asks.
        for worker in self.workers.drain(..) {
            let _ = worker.await;
        }
        self.db.clone().close().await.ok();
    }

    /// Asks the search replica to stop and waits until it has (its writers released).
    async fn stop_search_replica(&mut self) {
        let _ = self.stop_replica.send(true);
        if let Some(mut replica) = self.replica.take() {
            if tokio::time::timeout(REPLICA_STOP_WAIT, &mut replica)
                .await
                .is_err()
            {
                tracing::warn!("the search replica did not stop in time; dropping it");
                replica.abort();
                let _ = replica.await;
            }
        }
    }

    /// Serves until the process is asked to stop (Ctrl-C or SIGTERM).
    pub async fn serve_until_signal(mut self) -> std::io::Result<()> {
        let shutdown = self.shutdown.take();
        tokio::select! {
            result = &mut self.server => {
                return result.unwrap_or_else(|e| Err(std::io::Error::other(e)));
            }
            _ = shutdown_signal() => {
                tracing::info!("shutting down");
            }
        }
        if let Some(tx) = shutdown {
            let _ = tx.send(());
        }
        let _ = (&mut self.server).await;
        self.stop_search_replica().await;
        for worker in &self.workers {
            worker.abort();
        }
        Ok(())
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("database migration failed: {0}")]
    Migration(sea_orm::DbErr),
    #[error("loading demo data failed: {0}")]
    Demo(String),
    #[error("{0}")]
    Search(String),
}

/// Prepares the data folder, connects and migrates. Shared by `serve` and the other commands.
pub async fn open_database(settings: &Settings) -> Result<DatabaseConnection, StartError> {
    settings.prepare_data_dir()?;
    let conn = db::connect(settings).await?;
    db::migrate(&conn).await.map_err(StartError::Migration)?;
    Ok(conn)
}

pub async fn start(
    mut settings: Settings,
    options: StartOptions,
) -> Result<RunningServer, StartError> {
    let listener = TcpListener::bind(settings.bind).await.map_err(|e| {
        ConfigError::new(
            "LAB2FIELD_BIND",
            format!("cannot listen on {}: {e}", settings.bind),
        )
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| ConfigError::new("LAB2FIELD_BIND", e.to_string()))?;
    if settings.base_url_from_bind {
        // Port 0 (tests) becomes a real port only now; e-mail links must carry it.
        settings.base_url =
            url::Url::parse(&format!("http://{addr}")).expect("socket addresses form URLs");
    }
    let transport = match &settings.smtp_url {
        Some(url) => MailTransport::smtp(url)
            .map_err(|e| ConfigError::new("LAB2FIELD_SMTP_URL", e.to_string()))?,
        None => MailTransport::folder(&settings.outbox_dir()).map_err(|e| {
            ConfigError::new(
                "LAB2FIELD_DATA_DIR",
                format!("cannot create the mail outbox folder: {e}"),
            )
        })?,
    };

    let bundle = crate::assets::bundle_dir(&settings.site_root);
    if !settings
        .site_root
        .join(format!("{bundle}/lab2field.wasm"))
        .is_file()
    {
        tracing::warn!(
            site_root = %settings.site_root.display(),
            bundle = %bundle,
            "the site folder holds no browser bundle (<bundle>/lab2field.wasm): pages will not \
             hydrate; build it with scripts/build-site.sh or point LEPTOS_SITE_ROOT at it"
        );
    }
    settings.prepare_data_dir()?;
    let data_dir_lock = crate::backup::data_dir_lock(&settings.data_dir).map_err(|e| {
        ConfigError::new(
            "LAB2FIELD_DATA_DIR",
            format!("cannot open its lock file: {e}"),
        )
    })?;
    if data_dir_lock.try_lock().is_err() {
        return Err(ConfigError::new(
            "LAB2FIELD_DATA_DIR",
            format!(
                "{} is in use by another Lab2Field process (each instance needs its own data folder)",
                settings.data_dir.display()
            ),
        )
        .into());
    }
    let conn = open_database(&settings).await?;
    if options.demo_data {
        demo::load_if_empty(&conn)
            .await
            .map_err(|e| StartError::Demo(e.to_string()))?;
    }

    let (search, rebuild) = SearchIndex::open(&conn, &settings.data_dir)
        .await
        .map_err(|e| StartError::Search(e.to_string()))?;

    let read = db::connect_reader(&settings, &conn).await?;
    let mail = MailQueue::default();
    let state = AppState {
        db: conn.clone(),
        read,
        config: Arc::new(RuntimeConfig {
            base_url: settings.base_url.clone(),
            data_dir: settings.data_dir.clone(),
            trusted_proxies: settings.trusted_proxies.clone(),
        }),
        mail: mail.clone(),
        search: search.clone(),
        leptos_options: leptos_options(&settings, addr, &bundle),
        page_chunks: Arc::new(app::server::page_chunks::PageChunks::load(
            &settings.site_root,
            &bundle,
        )),
    };

    let (built, ready) = oneshot::channel();
    let (stop_replica, replica_stop) = watch::channel(false);
    let replica = tokio::spawn(search_replica(
        conn.clone(),
        search.clone(),
        settings.data_dir.clone(),
        rebuild,
        built,
        replica_stop,
    ));
    // A small index builds in moments: wait for it, so the first requests find it. A large one
    // goes on building while the instance serves everything else (searches answer 503 with
    // Retry-After, `/readyz` says not ready).
    let _ = tokio::time::timeout(INITIAL_BUILD_WAIT, ready).await;

    let store = sessions::DbSessionStore::new(&conn, &state.read);
    let mut workers = Vec::new();
    workers.push(tokio::spawn({
        let store = store.clone();
        async move {
            let _ = store
                .continuously_delete_expired(tokio::time::Duration::from_secs(3600))
                .await;
        }
    }));
    if conn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        workers.push(tokio::spawn(crate::search_feed::listen(
            conn.get_postgres_connection_pool().clone(),
            search.clone(),
        )));
    }
    workers.push(tokio::spawn(crate::search_feed::prune(
        conn.clone(),
        settings.search_feed_retention,
    )));
    workers.push(tokio::spawn(notifier(
        conn.clone(),
        search.clone(),
        state.config.clone(),
        mail.clone(),
    )));
    workers.push(tokio::spawn(
        MailSender {
            db: conn.clone(),
            transport,
            from: settings.mail_from.clone(),
            queue: mail.clone(),
        }
        .run(),
    ));

    let config = state.config.clone();
    let app = router::build(state, sessions::layer(store, &settings));
    let (tx, rx) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        // Without TCP_NODELAY a small keep-alive response waits out the client's delayed ACK
        // (about 40 ms) before its last segment leaves.
        let listener = listener.tap_io(|tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::warn!(%error, "cannot set TCP_NODELAY on a connection");
            }
        });
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = rx.await;
        })
        .await
    });
    tracing::info!(
        http.addr = %addr,
        base_url = %settings.base_url,
        database = %settings.redacted_database_url(),
        data_dir = %settings.data_dir.display(),
        "Lab2Field is listening"
    );
    Ok(RunningServer {
        addr,
        base_url: settings.base_url,
        db: conn,
        search,
        config,
        mail,
        shutdown: Some(tx),
        server,
        replica: Some(replica),
        stop_replica,
        workers,
        _data_dir_lock: data_dir_lock,
    })
}

/// How often due notifications (digests, reminders) are looked for.
const NOTIFY_EVERY: std::time::Duration = std::time::Duration::from_secs(600);

/// Queues due digests and reminders now and then; the mail sender sends them.
async fn notifier(
    db: DatabaseConnection,
    search: Arc<SearchIndex>,
    config: Arc<RuntimeConfig>,
    mail: MailQueue,
) {
    loop {
        // Expired throttling counters and reset tokens are removed on the same beat.
        if let Err(err) = app::server::throttle::prune(&db).await {
            tracing::warn!(error = %err, "throttling counters could not be pruned");
        }
        if let Err(err) = app::server::account_security::prune_reset_tokens(&db).await {
            tracing::warn!(error = %err, "reset tokens could not be pruned");
        }
        match app::server::notifications::run_due(&db, &search, &config, chrono::Utc::now()).await {
            Ok(summary) if summary.total() > 0 => {
                tracing::info!(
                    digests = summary.digests,
                    deadline_reminders = summary.deadline_reminders,
                    milestone_reminders = summary.milestone_reminders,
                    "notifications queued"
                );
                mail.wake();
            }
            Ok(_) => {}
            Err(err) => tracing::error!(error = %err, "notifications could not be prepared"),
        }
        tokio::time::sleep(NOTIFY_EVERY).await;
    }
}

/// `bundle`: the bundle's folder under the site root (`assets::bundle_dir`), read once at start.
/// Leptos names the script, the wasm, the stylesheet and the page's split chunks inside it.
fn leptos_options(settings: &Settings, addr: SocketAddr, bundle: &str) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("lab2field")
        .site_root(settings.site_root.display().to_string())
        .site_pkg_dir(bundle)
        .site_addr(addr)
        .build()
}
