//! The search change feed's background work on each instance: waking this instance's indexer
//! as soon as another instance commits a change (PostgreSQL `LISTEN`), and pruning entries
//! older than the retention window (any instance may; several at once are harmless).

use app::server::search::{feed, prune_feed, SearchIndex};
use sea_orm::sqlx::postgres::{PgListener, PgPool};
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use std::time::Duration;

/// How often old entries are pruned.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// Wakes the indexer on every notification of the feed's channel, reconnecting after a lost
/// connection (and waking the indexer then, for whatever was committed meanwhile). The
/// indexer's polling stays the fallback.
pub async fn listen(pool: PgPool, search: Arc<SearchIndex>) {
    loop {
        match PgListener::connect_with(&pool).await {
            Ok(mut listener) => match listener.listen(feed::CHANNEL).await {
                Ok(()) => {
                    search.notify();
                    loop {
                        match listener.recv().await {
                            Ok(_) => search.notify(),
                            Err(error) => {
                                tracing::warn!(%error, "search feed notifications lost; reconnecting");
                                break;
                            }
                        }
                    }
                }
                Err(error) => tracing::warn!(%error, "cannot listen for search feed notifications"),
            },
            Err(error) => {
                tracing::warn!(%error, "cannot connect to listen for search feed notifications")
            }
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// Prunes the feed now and then.
pub async fn prune(db: DatabaseConnection, retention: Duration) {
    loop {
        match prune_feed(&db, retention).await {
            Ok(0) => {}
            Ok(pruned) => tracing::info!(pruned, "old search feed entries pruned"),
            Err(error) => tracing::warn!(%error, "search feed could not be pruned"),
        }
        tokio::time::sleep(PRUNE_EVERY).await;
    }
}
