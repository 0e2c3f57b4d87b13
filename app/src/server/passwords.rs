//! Password hashing with argon2id. Hashing is slow on purpose, so it runs off the async threads.

use crate::error::AppError;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|err| {
        tracing::error!(error = %err, "password hashing task failed");
        AppError::Internal
    })?
    .map_err(|err| {
        tracing::error!(error = %err, "password hashing failed");
        AppError::Internal
    })
}

/// Checks a password against a stored hash. `None` as the hash still does the work of a
/// verification, so that "no such account" takes as long as "wrong password".
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
        match PasswordHash::new(&stored) {
            Ok(parsed) => {
                let ok = Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok();
                ok && stored != DUMMY_HASH
            }
            Err(_) => false,
        }
    })
    .await
    .unwrap_or(false)
}

/// An argon2id hash of a random string nobody knows, with the default parameters.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3lWJd3J7rbdJNhpnH0Yl1ZrN6sZ0hJ9C5lTQmJ4m0yA";
