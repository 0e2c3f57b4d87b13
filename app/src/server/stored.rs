//! Reading slug columns (stages, statuses) back into domain enums. A value the code cannot
//! read means the row is corrupt: it is logged once, here, and reaches the user as an internal
//! error rather than being guessed.

use crate::error::AppError;
use std::str::FromStr;

/// Parses `raw`, stored in `table` row `id`.
pub fn slug<T: FromStr>(raw: &str, table: &'static str, id: i64) -> Result<T, AppError> {
    raw.parse::<T>().map_err(|_| {
        crate::internal_error!(
            table,
            row.id = id,
            value = raw,
            "stored value cannot be read"
        )
    })
}
