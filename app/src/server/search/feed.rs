//! The search change feed in the database (`search_outbox`): an append-only list of what
//! changed, written in the same transaction as the change. Every instance's indexer follows it
//! from the position its own index has applied; entries are pruned by age, and the newest
//! pruned position is kept (`search_feed_horizon`) so an instance that was away too long knows
//! it must rebuild. On PostgreSQL a commit that wrote entries also sends a notification
//! (`CHANNEL`), so the other instances' indexers wake at once instead of at their next poll.
//!
//! Ordering (see `domain::change_feed::FeedPosition`): PostgreSQL hands out ids at insert, not
//! at commit, so entries are read in (writing transaction, id) order and only from transactions
//! older than every running one — such a prefix never gains an entry behind a position already
//! passed. SQLite has one writer at a time, so ids come in commit order.

use crate::domain::change_feed::{FeedPosition, FeedState};
use crate::server::entities::search_outbox;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement, TransactionTrait,
};

/// The PostgreSQL notification channel a commit with feed entries notifies.
pub const CHANNEL: &str = "lab2field_search";

/// PostgreSQL: `bound` is the oldest transaction that may still add entries before what this
/// statement sees — the oldest one running when the statement's snapshot was taken, leaving
/// out those running in another database of the cluster (they never write this feed; the
/// snapshot's plain `xmin` would let any long transaction anywhere hold the feed back). A
/// transaction that has ended since, or whose database cannot be seen, counts as possibly
/// ours. Entries of transactions before `bound` are settled: none can appear among them later.
const SETTLED_BOUND: &str = "snapshot AS (SELECT pg_current_snapshot() AS s), \
     elsewhere AS (SELECT backend_xid FROM pg_stat_activity \
                   WHERE backend_xid IS NOT NULL AND datname IS DISTINCT FROM current_database()), \
     bound AS (SELECT coalesce( \
       (SELECT min(x) FROM snapshot, pg_snapshot_xip(snapshot.s) AS x \
         WHERE NOT EXISTS (SELECT 1 FROM elsewhere e WHERE e.backend_xid = x::xid)), \
       (SELECT pg_snapshot_xmax(s) FROM snapshot)) AS b)";

/// One change: which record to re-read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    pub position: FeedPosition,
    /// `technology`, `organisation` (all its technologies) or `opportunity`.
    pub entity: String,
    pub entity_id: String,
}

/// The entries after `cursor`, in feed order, at most `limit`; and whether newer entries exist
/// that cannot be taken yet (their transaction is not older than every running one: an earlier
/// transaction may still add entries before them). The caller looks again shortly then.
pub async fn after<C: ConnectionTrait>(
    db: &C,
    cursor: FeedPosition,
    limit: u64,
) -> Result<(Vec<FeedEntry>, bool), DbErr> {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        let rows = search_outbox::Entity::find()
            .filter(search_outbox::Column::Id.gt(cursor.id))
            .order_by_asc(search_outbox::Column::Id)
            .limit(limit)
            .all(db)
            .await?;
        let entries = rows
            .into_iter()
            .map(|r| FeedEntry {
                position: FeedPosition { txid: 0, id: r.id },
                entity: r.entity,
                entity_id: r.entity_id,
            })
            .collect();
        return Ok((entries, false));
    }
    let rows = db
        .query_all(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            format!(
                "WITH {SETTLED_BOUND} \
                 SELECT id, entity, entity_id, txid::text::bigint AS txid, \
                        txid < (SELECT b FROM bound) AS settled \
                 FROM search_outbox \
                 WHERE (txid, id) > ($1::text::xid8, $2) \
                 ORDER BY txid, id LIMIT $3"
            ),
            [
                cursor.txid.to_string().into(),
                cursor.id.into(),
                (limit as i64).into(),
            ],
        ))
        .await?;
    let mut entries = Vec::with_capacity(rows.len());
    for row in rows {
        // Unsettled entries sort after every settled one (by transaction): stop at the first.
        if !row.try_get::<bool>("", "settled")? {
            return Ok((entries, true));
        }
        entries.push(FeedEntry {
            position: FeedPosition {
                txid: row.try_get("", "txid")?,
                id: row.try_get("", "id")?,
            },
            entity: row.try_get("", "entity")?,
            entity_id: row.try_get("", "entity_id")?,
        });
    }
    Ok((entries, false))
}

/// The horizon and the newest entry kept.
pub async fn state<C: ConnectionTrait>(db: &C) -> Result<FeedState, DbErr> {
    let horizon = horizon(db).await?;
    let newest_sql = match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            "SELECT txid::text::bigint AS txid, id FROM search_outbox \
             ORDER BY txid DESC, id DESC LIMIT 1"
        }
        _ => "SELECT 0 AS txid, id FROM search_outbox ORDER BY id DESC LIMIT 1",
    };
    let newest = position(db, newest_sql).await?;
    Ok(FeedState { horizon, newest })
}

/// The position a rebuild starting now covers: every entry up to it has its change in the
/// data the rebuild reads next. Entries after it are applied afterwards (applying one twice is
/// harmless: the indexer re-reads the record).
pub async fn settled_head<C: ConnectionTrait>(db: &C) -> Result<FeedPosition, DbErr> {
    let sql = match db.get_database_backend() {
        DatabaseBackend::Postgres => format!(
            "WITH {SETTLED_BOUND} \
             SELECT txid::text::bigint AS txid, id FROM search_outbox \
             WHERE txid < (SELECT b FROM bound) \
             ORDER BY txid DESC, id DESC LIMIT 1"
        ),
        _ => "SELECT 0 AS txid, id FROM search_outbox ORDER BY id DESC LIMIT 1".to_owned(),
    };
    let head = position(db, &sql).await?;
    Ok(head.unwrap_or_default().max(horizon(db).await?))
}

async fn horizon<C: ConnectionTrait>(db: &C) -> Result<FeedPosition, DbErr> {
    Ok(position(
        db,
        "SELECT txid, feed_id AS id FROM search_feed_horizon WHERE id = 1",
    )
    .await?
    .unwrap_or_default())
}

async fn position<C: ConnectionTrait>(db: &C, sql: &str) -> Result<Option<FeedPosition>, DbErr> {
    let Some(row) = db
        .query_one(Statement::from_string(db.get_database_backend(), sql))
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(FeedPosition {
        txid: row.try_get("", "txid")?,
        id: row.try_get("", "id")?,
    }))
}

/// Deletes the entries written before `cutoff` and moves the horizon to the newest of them, in
/// one transaction; returns how many were deleted. Any instance may prune, several at once.
pub async fn prune<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    cutoff: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    let (count, newest) = if backend == DatabaseBackend::Postgres {
        // The deleted rows themselves say how far the horizon moves (a second query could see
        // a different set).
        let rows = txn
            .query_all(Statement::from_sql_and_values(
                backend,
                format!(
                    "WITH {SETTLED_BOUND}, gone AS ( \
                       DELETE FROM search_outbox \
                       WHERE created_at < $1 AND txid < (SELECT b FROM bound) \
                       RETURNING txid::text::bigint AS txid, id) \
                     SELECT (SELECT count(*) FROM gone) AS n, txid, id FROM gone \
                     ORDER BY txid DESC, id DESC LIMIT 1"
                ),
                [cutoff.into()],
            ))
            .await?;
        let row = rows.first();
        let count = row.map_or(Ok(0), |r| r.try_get::<i64>("", "n"))?;
        let newest = match row {
            Some(r) if count > 0 => Some(FeedPosition {
                txid: r.try_get("", "txid")?,
                id: r.try_get("", "id")?,
            }),
            _ => None,
        };
        (count as u64, newest)
    } else {
        let newest: Option<i64> = search_outbox::Entity::find()
            .select_only()
            .column_as(search_outbox::Column::Id.max(), "max_id")
            .filter(search_outbox::Column::CreatedAt.lt(cutoff))
            .into_tuple::<Option<i64>>()
            .one(&txn)
            .await?
            .flatten();
        match newest {
            Some(max) => {
                let deleted = search_outbox::Entity::delete_many()
                    .filter(search_outbox::Column::Id.lte(max))
                    .exec(&txn)
                    .await?;
                (
                    deleted.rows_affected,
                    Some(FeedPosition { txid: 0, id: max }),
                )
            }
            None => (0, None),
        }
    };
    if let Some(newest) = newest {
        let sql = match backend {
            DatabaseBackend::Postgres => {
                "UPDATE search_feed_horizon SET txid = $1, feed_id = $2 \
                 WHERE id = 1 AND (txid, feed_id) < ($1, $2)"
            }
            _ => {
                "UPDATE search_feed_horizon SET txid = ?1, feed_id = ?2 \
                 WHERE id = 1 AND (txid < ?1 OR (txid = ?1 AND feed_id < ?2))"
            }
        };
        txn.execute(Statement::from_sql_and_values(
            backend,
            sql,
            [newest.txid.into(), newest.id.into()],
        ))
        .await?;
    }
    txn.commit().await?;
    Ok(count)
}

/// Inside the transaction that wrote feed entries: on PostgreSQL, the other instances are told
/// when it commits (notifications are delivered at commit, never for a rolled-back one).
pub async fn notify_on_commit<C: ConnectionTrait>(conn: &C) -> Result<(), DbErr> {
    if conn.get_database_backend() == DatabaseBackend::Postgres {
        conn.execute(Statement::from_string(
            DatabaseBackend::Postgres,
            format!("SELECT pg_notify('{CHANNEL}', '')"),
        ))
        .await?;
    }
    Ok(())
}
