//! The search change feed's catch-up rule: from the last feed entry an index has applied (its
//! cursor) and what the feed still holds, whether the index follows the feed from there or must
//! be rebuilt from the database.

use serde::{Deserialize, Serialize};

/// Where an entry stands in the feed. Entries are applied in this order, which never changes
/// once an entry is visible: on PostgreSQL by the writing transaction first (only transactions
/// older than every running one are read, so none can appear before a position already passed),
/// then by id; on SQLite `txid` is always 0 and the id alone orders them (one writer at a time).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct FeedPosition {
    pub txid: i64,
    pub id: i64,
}

impl std::fmt::Display for FeedPosition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.txid == 0 {
            write!(f, "{}", self.id)
        } else {
            write!(f, "{} (transaction {})", self.id, self.txid)
        }
    }
}

/// What the feed holds, as the catch-up rule needs it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FeedState {
    /// The newest position pruned so far (the start position when nothing was pruned).
    pub horizon: FeedPosition,
    /// The newest entry kept, if any.
    pub newest: Option<FeedPosition>,
}

/// What an index does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatchUp {
    /// It follows the feed from its cursor (applying whatever comes after it, maybe nothing).
    Follow,
    /// It cannot follow the feed from where it is and is rebuilt from the database.
    Rebuild(RebuildReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RebuildReason {
    /// The index records no cursor (new, or written before the feed existed).
    NoCursor,
    /// Entries after the cursor have been pruned: the instance was away longer than the
    /// retention window.
    PrunedPastCursor {
        cursor: FeedPosition,
        horizon: FeedPosition,
    },
    /// The index has applied entries this database's feed never held: the database was
    /// restored or replaced under it.
    AheadOfFeed {
        cursor: FeedPosition,
        newest: FeedPosition,
    },
}

impl std::fmt::Display for RebuildReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoCursor => write!(f, "the index records no change-feed position"),
            Self::PrunedPastCursor { cursor, horizon } => write!(
                f,
                "the index stopped at change {cursor}, and changes up to {horizon} have been \
                 pruned from the feed since"
            ),
            Self::AheadOfFeed { cursor, newest } => write!(
                f,
                "the index has applied change {cursor}, but the database's feed ends at {newest} \
                 (the database was restored or replaced)"
            ),
        }
    }
}

/// The catch-up decision for an index at `cursor` over `feed`.
pub fn catch_up(cursor: Option<FeedPosition>, feed: FeedState) -> CatchUp {
    let Some(cursor) = cursor else {
        return CatchUp::Rebuild(RebuildReason::NoCursor);
    };
    if cursor < feed.horizon {
        return CatchUp::Rebuild(RebuildReason::PrunedPastCursor {
            cursor,
            horizon: feed.horizon,
        });
    }
    let newest = feed.newest.unwrap_or(feed.horizon).max(feed.horizon);
    if cursor > newest {
        return CatchUp::Rebuild(RebuildReason::AheadOfFeed { cursor, newest });
    }
    CatchUp::Follow
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(id: i64) -> FeedPosition {
        FeedPosition { txid: 0, id }
    }

    fn feed(horizon: i64, newest: Option<i64>) -> FeedState {
        FeedState {
            horizon: at(horizon),
            newest: newest.map(at),
        }
    }

    #[test]
    fn an_index_without_a_cursor_is_rebuilt() {
        assert_eq!(
            catch_up(None, feed(0, Some(5))),
            CatchUp::Rebuild(RebuildReason::NoCursor)
        );
        assert_eq!(
            catch_up(None, FeedState::default()),
            CatchUp::Rebuild(RebuildReason::NoCursor)
        );
    }

    #[test]
    fn an_index_within_the_feed_follows_it() {
        assert_eq!(catch_up(Some(at(0)), feed(0, None)), CatchUp::Follow);
        assert_eq!(catch_up(Some(at(3)), feed(0, Some(9))), CatchUp::Follow);
        assert_eq!(catch_up(Some(at(9)), feed(0, Some(9))), CatchUp::Follow);
        // Entries up to 4 were pruned and the index applied 4: nothing is missing.
        assert_eq!(catch_up(Some(at(4)), feed(4, Some(9))), CatchUp::Follow);
        // Everything was pruned, the index had applied all of it.
        assert_eq!(catch_up(Some(at(9)), feed(9, None)), CatchUp::Follow);
    }

    #[test]
    fn a_cursor_behind_the_pruned_part_rebuilds() {
        assert_eq!(
            catch_up(Some(at(3)), feed(4, Some(9))),
            CatchUp::Rebuild(RebuildReason::PrunedPastCursor {
                cursor: at(3),
                horizon: at(4)
            })
        );
        assert_eq!(
            catch_up(Some(at(0)), feed(9, None)),
            CatchUp::Rebuild(RebuildReason::PrunedPastCursor {
                cursor: at(0),
                horizon: at(9)
            })
        );
    }

    #[test]
    fn a_cursor_ahead_of_the_feed_means_another_database() {
        let rebuild = catch_up(Some(at(12)), feed(0, Some(9)));
        assert_eq!(
            rebuild,
            CatchUp::Rebuild(RebuildReason::AheadOfFeed {
                cursor: at(12),
                newest: at(9)
            })
        );
        let CatchUp::Rebuild(reason) = rebuild else {
            unreachable!()
        };
        assert!(reason.to_string().contains("restored"), "{reason}");
        // A fresh database under an index that applied something.
        assert!(matches!(
            catch_up(Some(at(1)), FeedState::default()),
            CatchUp::Rebuild(RebuildReason::AheadOfFeed { .. })
        ));
    }

    #[test]
    fn positions_order_by_transaction_then_id() {
        let early_txn_late_id = FeedPosition { txid: 100, id: 12 };
        let late_txn_early_id = FeedPosition { txid: 101, id: 10 };
        assert!(early_txn_late_id < late_txn_early_id);
        assert!(FeedPosition { txid: 100, id: 11 } < early_txn_late_id);
        assert_eq!(at(7).to_string(), "7");
        assert_eq!(early_txn_late_id.to_string(), "12 (transaction 100)");
    }
}
